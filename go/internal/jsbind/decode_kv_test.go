package jsbind

import (
	"reflect"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

func TestDecodeKVAndObjectStoreNameTheField(t *testing.T) {
	kv := func(m map[string]any) error { _, err := decodeKeyValue(m); return err }
	watch := func(m map[string]any) error { _, err := decodeWatch(m); return err }
	obj := func(m map[string]any) error { _, err := decodeObjectStore(m); return err }
	put := func(m map[string]any) error { _, err := decodeObjectPut(m); return err }
	readBack := func(m map[string]any) error { _, err := decodeReadBack(m); return err }
	cases := []struct {
		err   error
		field string
	}{
		{kv(map[string]any{"bucket": "X", "history": int64(100)}), "kvConfig.history: 100 is out of range [0, 64]"},
		{kv(map[string]any{"bucket": "X", "ttl": "forever"}), "kvConfig.ttl: expected milliseconds or a duration"},
		{kv(map[string]any{"bucket": "X", "storage": "disk"}), "kvConfig.storage: \"disk\" is not one of"},
		{kv(map[string]any{"bucket": "X", "compression": "s2"}), "kvConfig.compression: expected a boolean"},
		{kv(map[string]any{"bucket": "X", "histroy": int64(2)}), "kvConfig.histroy: unknown option"},
		{watch(map[string]any{"updatesOnly": "yes"}), "watch.updatesOnly: expected a boolean"},
		{watch(map[string]any{"includeDeletes": true}), "watch.includeDeletes: unknown option"},
		{obj(map[string]any{"bucket": "O", "maxBytes": int64(-2)}), "objectStoreConfig.maxBytes: -2 is out of range"},
		{obj(map[string]any{"bucket": "O", "metadata": map[string]any{"k": int64(1)}}), "objectStoreConfig.metadata.k: expected a string"},
		{put(map[string]any{"description": true}), "objectStore.put.description: expected a string"},
		{put(map[string]any{"name": "x"}), "objectStore.put.name: unknown option"},
		{readBack(map[string]any{"timeout": int64(-1)}), "js.readBack.timeout: must not be negative"},
	}
	for _, tc := range cases {
		wantFieldError(t, tc.field, tc.err, tc.field)
	}
}

func TestDecodeKVAndObjectStoreValues(t *testing.T) {
	kv, err := decodeKeyValue(map[string]any{
		"bucket": "CFG", "description": "d", "maxValueSize": int64(1024), "history": int64(5), "ttl": "1h",
		"maxBytes": int64(-1), "storage": "memory", "replicas": int64(1), "compression": true,
	})
	want := jetstream.KeyValueConfig{Bucket: "CFG", Description: "d", MaxValueSize: 1024, History: 5, TTL: time.Hour,
		MaxBytes: -1, Storage: jetstream.MemoryStorage, Replicas: 1, Compression: true}
	if err != nil || !reflect.DeepEqual(kv, want) {
		t.Fatalf("kv %+v, %v", kv, err)
	}
	w, err := decodeWatch(map[string]any{"includeHistory": true, "ignoreDeletes": true, "updatesOnly": false, "metaOnly": true})
	if err != nil || w != (natsmod.WatchOptions{IncludeHistory: true, IgnoreDeletes: true, MetaOnly: true}) {
		t.Fatalf("watch %+v, %v", w, err)
	}
	obj, err := decodeObjectStore(map[string]any{"bucket": "FILES", "ttl": int64(60_000), "metadata": map[string]any{"k": "v"}})
	if err != nil || obj.Bucket != "FILES" || obj.TTL != time.Minute || obj.Metadata["k"] != "v" || obj.Storage != jetstream.FileStorage {
		t.Fatalf("object store %+v, %v", obj, err)
	}
	put, err := decodeObjectPut(map[string]any{"description": "random", "metadata": map[string]any{"k": "v"}})
	if err != nil || put.Description != "random" || put.Metadata["k"] != "v" {
		t.Fatalf("put %+v, %v", put, err)
	}
	rb, err := decodeReadBack(map[string]any{"timeout": "2m"})
	if err != nil || rb.Timeout != 2*time.Minute {
		t.Fatalf("readBack %+v, %v", rb, err)
	}
}

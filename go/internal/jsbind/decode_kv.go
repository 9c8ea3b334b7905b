package jsbind

import (
	"math"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// decodeKeyValue reads js.createKeyValue(options): bucket, description,
// maxValueSize, history (1-64), ttl, maxBytes, storage, replicas,
// compression.
func decodeKeyValue(m map[string]any) (jetstream.KeyValueConfig, error) {
	r := optread.New("kvConfig", m)
	cfg := jetstream.KeyValueConfig{
		Bucket:       r.Text("bucket"),
		Description:  r.Text("description"),
		MaxValueSize: int32(r.Int("maxValueSize", -1, math.MaxInt32)),
		History:      uint8(r.Int("history", 0, 64)),
		TTL:          r.Duration("ttl"),
		MaxBytes:     r.Int("maxBytes", -1, math.MaxInt64),
		Storage:      optread.Choice(r, "storage", jetstream.FileStorage, natsmod.StorageNames),
		Replicas:     int(r.Int("replicas", 0, 5)),
		Compression:  r.Bool("compression"),
	}
	return cfg, natsmod.ConfigError(r.Done())
}

// decodeWatch reads kv.watch's options: includeHistory, ignoreDeletes,
// updatesOnly, metaOnly.
func decodeWatch(m map[string]any) (natsmod.WatchOptions, error) {
	r := optread.New("watch", m)
	o := natsmod.WatchOptions{IncludeHistory: r.Bool("includeHistory"), IgnoreDeletes: r.Bool("ignoreDeletes")}
	o.UpdatesOnly = r.Bool("updatesOnly")
	o.MetaOnly = r.Bool("metaOnly")
	return o, natsmod.ConfigError(r.Done())
}

// decodeObjectStore reads js.createObjectStore(options): bucket,
// description, ttl, maxBytes, storage, replicas, compression, metadata.
func decodeObjectStore(m map[string]any) (jetstream.ObjectStoreConfig, error) {
	r := optread.New("objectStoreConfig", m)
	cfg := jetstream.ObjectStoreConfig{
		Bucket:      r.Text("bucket"),
		Description: r.Text("description"),
		TTL:         r.Duration("ttl"),
		MaxBytes:    r.Int("maxBytes", -1, math.MaxInt64),
		Storage:     optread.Choice(r, "storage", jetstream.FileStorage, natsmod.StorageNames),
		Replicas:    int(r.Int("replicas", 0, 5)),
		Compression: r.Bool("compression"),
		Metadata:    r.StringMap("metadata"),
	}
	return cfg, natsmod.ConfigError(r.Done())
}

// decodeObjectPut reads store.put's options: description, metadata.
func decodeObjectPut(m map[string]any) (natsmod.ObjectPutOptions, error) {
	r := optread.New("objectStore.put", m)
	o := natsmod.ObjectPutOptions{Description: r.Text("description"), Metadata: r.StringMap("metadata")}
	return o, natsmod.ConfigError(r.Done())
}

// decodeReadBack reads js.readBack(stream, options): timeout.
func decodeReadBack(m map[string]any) (natsmod.ReadBackOptions, error) {
	r := optread.New("js.readBack", m)
	o := natsmod.ReadBackOptions{Timeout: r.Duration("timeout")}
	return o, natsmod.ConfigError(r.Done())
}

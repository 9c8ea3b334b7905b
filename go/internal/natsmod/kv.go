package natsmod

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/safely"
)

// KeyValue is a KV bucket. Its methods run on the VU goroutine; each
// operation's duration goes to nats_kv_duration tagged kv_op.
type KeyValue struct {
	js *JetStream
	kv jetstream.KeyValue
}

// KVEntry is one revision of a key.
type KVEntry struct {
	Bucket    string    `json:"bucket"`
	Key       string    `json:"key"`
	Value     []byte    `json:"-"`
	Revision  uint64    `json:"revision"`
	Created   time.Time `json:"created"`
	Delta     uint64    `json:"delta"`
	Operation string    `json:"operation"` // "put", "delete" or "purge"
}

var kvOperations = map[jetstream.KeyValueOp]string{jetstream.KeyValuePut: "put", jetstream.KeyValueDelete: "delete", jetstream.KeyValuePurge: "purge"}

func kvEntry(e jetstream.KeyValueEntry) *KVEntry {
	return &KVEntry{Bucket: e.Bucket(), Key: e.Key(), Value: e.Value(), Revision: e.Revision(), Created: e.Created(), Delta: e.Delta(), Operation: kvOperations[e.Operation()]}
}

// CreateKeyValue creates a bucket (or returns the existing identical one).
func (j *JetStream) CreateKeyValue(cfg jetstream.KeyValueConfig) (*KeyValue, error) {
	if err := checkBucketName("kvConfig.bucket", cfg.Bucket); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	kv, err := j.js.CreateKeyValue(ctx, cfg)
	if err != nil {
		return nil, j.fail(CodeAddStreamFailed, err, "kv bucket %s", cfg.Bucket)
	}
	return &KeyValue{js: j, kv: kv}, nil
}

func checkBucketName(field, name string) error {
	if name == "" {
		return newError(CodeEmptyStreamName, nil, "%s is required", field)
	}
	if err := validName(name); err != nil {
		return invalidConfig(field, "%v", err)
	}
	return nil
}

// KeyValue opens an existing bucket; a missing one is 1017.
func (j *JetStream) KeyValue(bucket string) (*KeyValue, error) {
	if err := checkBucketName("bucket", bucket); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	kv, err := j.js.KeyValue(ctx, bucket)
	if err != nil {
		return nil, j.fail(CodeStreamInfoFailed, err, "kv bucket %s", bucket)
	}
	return &KeyValue{js: j, kv: kv}, nil
}

// DeleteKeyValue deletes a bucket and all its keys.
func (j *JetStream) DeleteKeyValue(bucket string) error {
	if err := checkBucketName("bucket", bucket); err != nil {
		return err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	if err := j.js.DeleteKeyValue(ctx, bucket); err != nil {
		return j.fail(CodeDeleteStreamFailed, err, "kv bucket %s", bucket)
	}
	return nil
}

// Bucket is the bucket's name.
func (k *KeyValue) Bucket() string { return k.kv.Bucket() }

// op runs one KV operation, timed into nats_kv_duration.
func (k *KeyValue) op(name string, fn func(ctx context.Context) error) error {
	return k.js.timed(k.js.m.KVDuration, "kv_op", name, fn)
}

func (k *KeyValue) fail(code Code, err error, op, key string) error {
	if errors.Is(err, jetstream.ErrKeyExists) {
		return newError(code, err, "kv %s of key %s in bucket %s: revision conflict", op, key, k.Bucket())
	}
	return k.js.fail(code, err, "kv %s of key %s in bucket %s", op, key, k.Bucket())
}

// Put stores value under key and returns the new revision.
func (k *KeyValue) Put(key string, value []byte) (uint64, error) {
	return k.write("put", key, value, func(ctx context.Context) (uint64, error) { return k.kv.Put(ctx, key, value) })
}

// Create stores value only if key has no value; otherwise 1021 conflict.
func (k *KeyValue) Create(key string, value []byte) (uint64, error) {
	return k.write("create", key, value, func(ctx context.Context) (uint64, error) { return k.kv.Create(ctx, key, value) })
}

// Update stores value only if key's latest revision is revision
// (compare-and-set); otherwise 1021 conflict.
func (k *KeyValue) Update(key string, value []byte, revision uint64) (uint64, error) {
	return k.write("update", key, value, func(ctx context.Context) (uint64, error) { return k.kv.Update(ctx, key, value, revision) })
}

// write runs one of put, create and update, whose value counts as sent.
func (k *KeyValue) write(op, key string, value []byte, fn func(ctx context.Context) (uint64, error)) (uint64, error) {
	var rev uint64
	err := k.op(op, func(ctx context.Context) (err error) {
		rev, err = fn(ctx)
		return err
	})
	k.js.sent(len(value), err)
	if err != nil {
		return 0, k.fail(CodeJSPublishFailed, err, op, key)
	}
	return rev, nil
}

// Get returns key's latest value, or nil when it has none.
func (k *KeyValue) Get(key string) (*KVEntry, error) {
	var entry jetstream.KeyValueEntry
	err := k.op("get", func(ctx context.Context) (err error) {
		entry, err = k.kv.Get(ctx, key)
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return nil, nil
	case err != nil:
		return nil, k.fail(CodeFetchFailed, err, "get", key)
	}
	k.js.received(len(entry.Value()))
	return kvEntry(entry), nil
}

// Delete marks key deleted, keeping its history.
func (k *KeyValue) Delete(key string) error {
	err := k.op("delete", func(ctx context.Context) error { return k.kv.Delete(ctx, key) })
	if err != nil {
		return k.fail(CodeDeleteMessageFailed, err, "delete", key)
	}
	return nil
}

// Purge deletes key and its history.
func (k *KeyValue) Purge(key string) error {
	err := k.op("purge", func(ctx context.Context) error { return k.kv.Purge(ctx, key) })
	if err != nil {
		return k.fail(CodeDeleteMessageFailed, err, "purge", key)
	}
	return nil
}

// Keys lists the keys that have a value; none is an empty list.
func (k *KeyValue) Keys() ([]string, error) {
	var keys []string
	err := k.op("keys", func(ctx context.Context) (err error) {
		keys, err = k.kv.Keys(ctx)
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrNoKeysFound):
		return []string{}, nil
	case err != nil:
		return nil, k.js.fail(CodeFetchFailed, err, "kv keys of bucket %s", k.Bucket())
	}
	return keys, nil
}

// History lists key's revisions, oldest first; none is an empty list.
func (k *KeyValue) History(key string) ([]*KVEntry, error) {
	var entries []jetstream.KeyValueEntry
	err := k.op("history", func(ctx context.Context) (err error) {
		entries, err = k.kv.History(ctx, key)
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return []*KVEntry{}, nil
	case err != nil:
		return nil, k.fail(CodeFetchFailed, err, "history", key)
	}
	out := make([]*KVEntry, len(entries))
	for i, e := range entries {
		k.js.received(len(e.Value()))
		out[i] = kvEntry(e)
	}
	return out, nil
}

// KVWatcher delivers a watch's updates to a handler on the VU's loop and
// keeps the loop alive until Stop.
type KVWatcher struct {
	w       jetstream.KeyWatcher
	release func()
	stopped bool
}

// WatchOptions choose what a watch delivers, as nats.go's watch options.
type WatchOptions struct {
	IncludeHistory bool
	IgnoreDeletes  bool
	UpdatesOnly    bool
	MetaOnly       bool
}

// Watch calls handler for every current value matching keys (a key or a
// wildcard pattern), then nil once they are all delivered, then for
// every update.
func (k *KeyValue) Watch(keys string, opts WatchOptions, handler func(*KVEntry)) (*KVWatcher, error) {
	var watchOpts []jetstream.WatchOpt
	for _, o := range []struct {
		set bool
		opt jetstream.WatchOpt
	}{
		{opts.IncludeHistory, jetstream.IncludeHistory()}, {opts.IgnoreDeletes, jetstream.IgnoreDeletes()},
		{opts.UpdatesOnly, jetstream.UpdatesOnly()}, {opts.MetaOnly, jetstream.MetaOnly()},
	} {
		if o.set {
			watchOpts = append(watchOpts, o.opt)
		}
	}
	if keys == "" {
		keys = ">"
	}
	w, err := k.kv.Watch(context.Background(), keys, watchOpts...)
	if err != nil {
		return nil, k.fail(CodeSubscribeFailed, err, "watch", keys)
	}
	kw := &KVWatcher{w: w}
	loop := k.js.host.Loop
	kw.release = loop.Hold(func() { kw.stop() })
	go func() {
		err := safely.Do(func() error {
			for e := range w.Updates() {
				var entry *KVEntry
				if e != nil {
					entry = kvEntry(e)
				}
				loop.Enqueue(func() {
					if kw.stopped {
						return
					}
					if entry != nil {
						k.js.received(len(entry.Value))
					}
					handler(entry)
				})
			}
			return nil
		})
		if err != nil {
			// No handler takes an error: it fails the VU's current call,
			// whose recovery reports it.
			loop.Enqueue(func() { panic(err) })
		}
	}()
	return kw, nil
}

// Stop ends the watch and lets the iteration end.
func (w *KVWatcher) Stop() {
	w.stop()
	w.release()
}

func (w *KVWatcher) stop() {
	if !w.stopped {
		w.stopped = true
		_ = w.w.Stop() // only fails when already stopped
	}
}

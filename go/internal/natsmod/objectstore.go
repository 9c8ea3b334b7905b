package natsmod

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ObjectStore is an Object Store bucket. Its methods run on the VU
// goroutine; each operation's duration goes to nats_obj_duration tagged
// obj_op.
type ObjectStore struct {
	js     *JetStream
	os     jetstream.ObjectStore
	bucket string
}

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Name        string            `json:"name"`
	Bucket      string            `json:"bucket"`
	Description string            `json:"description,omitempty"`
	Size        uint64            `json:"size"`
	Chunks      uint32            `json:"chunks"`
	Modified    time.Time         `json:"modified"`
	Digest      string            `json:"digest"`
	Deleted     bool              `json:"deleted"`
	Metadata    map[string]string `json:"metadata,omitempty"`
}

func objectInfo(i *jetstream.ObjectInfo) *ObjectInfo {
	return &ObjectInfo{
		Name: i.Name, Bucket: i.Bucket, Description: i.Description, Size: i.Size, Chunks: i.Chunks,
		Modified: i.ModTime, Digest: i.Digest, Deleted: i.Deleted, Metadata: i.Metadata,
	}
}

// CreateObjectStore creates a store (or returns the existing identical
// one).
func (j *JetStream) CreateObjectStore(cfg jetstream.ObjectStoreConfig) (*ObjectStore, error) {
	if err := checkBucketName("objectStoreConfig.bucket", cfg.Bucket); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	os, err := j.js.CreateObjectStore(ctx, cfg)
	if err != nil {
		return nil, j.fail(CodeAddStreamFailed, err, "object store %s", cfg.Bucket)
	}
	return &ObjectStore{js: j, os: os, bucket: cfg.Bucket}, nil
}

// ObjectStore opens an existing store; a missing one is 1017.
func (j *JetStream) ObjectStore(bucket string) (*ObjectStore, error) {
	if err := checkBucketName("bucket", bucket); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	os, err := j.js.ObjectStore(ctx, bucket)
	if err != nil {
		return nil, j.fail(CodeStreamInfoFailed, err, "object store %s", bucket)
	}
	return &ObjectStore{js: j, os: os, bucket: bucket}, nil
}

// DeleteObjectStore deletes a store and all its objects.
func (j *JetStream) DeleteObjectStore(bucket string) error {
	if err := checkBucketName("bucket", bucket); err != nil {
		return err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	if err := j.js.DeleteObjectStore(ctx, bucket); err != nil {
		return j.fail(CodeDeleteStreamFailed, err, "object store %s", bucket)
	}
	return nil
}

// Bucket is the store's name.
func (o *ObjectStore) Bucket() string { return o.bucket }

// op runs one operation, timed into nats_obj_duration.
func (o *ObjectStore) op(name string, fn func(ctx context.Context) error) error {
	return o.js.timed(o.js.m.ObjectDuration, "obj_op", name, fn)
}

// ObjectPutOptions describe a stored object.
type ObjectPutOptions struct {
	Description string
	Metadata    map[string]string
}

// Put stores data as object name, replacing any previous version.
func (o *ObjectStore) Put(name string, data []byte, opts ObjectPutOptions) (*ObjectInfo, error) {
	meta := jetstream.ObjectMeta{Name: name, Description: opts.Description, Metadata: opts.Metadata}
	if name == "" {
		return nil, invalidConfig("name", "object name is required")
	}
	var info *jetstream.ObjectInfo
	err := o.op("put", func(ctx context.Context) (err error) {
		info, err = o.os.Put(ctx, meta, bytes.NewReader(data))
		return err
	})
	o.js.sent(len(data), err)
	if err != nil {
		return nil, o.js.fail(CodeJSPublishFailed, err, "put object %s in store %s", name, o.bucket)
	}
	return objectInfo(info), nil
}

// Get returns object name's bytes, or nil when there is no such object.
func (o *ObjectStore) Get(name string) ([]byte, error) {
	var data []byte
	err := o.op("get", func(ctx context.Context) (err error) {
		data, err = o.os.GetBytes(ctx, name)
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrObjectNotFound):
		return nil, nil
	case err != nil:
		return nil, o.js.fail(CodeFetchFailed, err, "get object %s in store %s", name, o.bucket)
	}
	o.js.received(len(data))
	if data == nil {
		data = []byte{} // present but empty, unlike a missing object
	}
	return data, nil
}

// Info describes object name, or nil when there is no such object.
func (o *ObjectStore) Info(name string) (*ObjectInfo, error) {
	var info *jetstream.ObjectInfo
	err := o.op("info", func(ctx context.Context) (err error) {
		info, err = o.os.GetInfo(ctx, name)
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrObjectNotFound):
		return nil, nil
	case err != nil:
		return nil, o.js.fail(CodeStreamInfoFailed, err, "info of object %s in store %s", name, o.bucket)
	}
	return objectInfo(info), nil
}

// Delete removes object name.
func (o *ObjectStore) Delete(name string) error {
	err := o.op("delete", func(ctx context.Context) error { return o.os.Delete(ctx, name) })
	if err != nil {
		return o.js.fail(CodeDeleteMessageFailed, err, "delete object %s in store %s", name, o.bucket)
	}
	return nil
}

// List describes every object; none is an empty list.
func (o *ObjectStore) List() ([]*ObjectInfo, error) {
	var infos []*jetstream.ObjectInfo
	err := o.op("list", func(ctx context.Context) (err error) {
		infos, err = o.os.List(ctx)
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrNoObjectsFound):
		return []*ObjectInfo{}, nil
	case err != nil:
		return nil, o.js.fail(CodeFetchFailed, err, "list objects in store %s", o.bucket)
	}
	out := make([]*ObjectInfo, len(infos))
	for i, info := range infos {
		out[i] = objectInfo(info)
	}
	return out, nil
}

package omb

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// timestampBytes is the head of every payload: the send time, big-endian
// Unix nanoseconds (natsmod's 'payload' timestamp; OMB's NATS driver
// writes milliseconds the same way).
const timestampBytes = 8

// payloads builds the workload's payload pool, as OMB does: with
// useRandomizedPayloads, randomizedPayloadPoolSize payloads of
// randomBytesRatio random bytes followed by zeros (so compression has
// something to find); otherwise payloadFile, which must be messageSize
// bytes (found beside the workload file, in dir, or else as OMB finds it:
// relative to the working directory). Without either, one
// payload of random bytes.
func (w *Workload) payloads(dir string) ([][]byte, error) {
	switch {
	case w.UseRandomizedPayloads:
		n := max(w.RandomizedPayloadPoolSize, 1)
		random := int(float64(w.MessageSize) * w.RandomBytesRatio)
		pool := make([][]byte, n)
		for i := range pool {
			pool[i] = make([]byte, w.MessageSize)
			_, _ = rand.Read(pool[i][:random])
		}
		return pool, nil
	case w.PayloadFile != "":
		path := w.PayloadFile
		if beside := filepath.Join(dir, path); !filepath.IsAbs(path) && fileExists(beside) {
			path = beside
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("payloadFile: %w", err)
		}
		if len(data) != w.MessageSize {
			return nil, fmt.Errorf("payloadFile %s holds %d bytes, messageSize is %d", path, len(data), w.MessageSize)
		}
		return [][]byte{data}, nil
	}
	p := make([]byte, w.MessageSize)
	_, _ = rand.Read(p)
	return [][]byte{p}, nil
}

// stamp writes t into the payload's head.
func stamp(p []byte, t time.Time) {
	binary.BigEndian.PutUint64(p, uint64(t.UnixNano()))
}

// stampedAt reads the send time back from a payload's head; ok is false
// for a payload too short to hold one.
func stampedAt(p []byte) (time.Time, bool) {
	if len(p) < timestampBytes {
		return time.Time{}, false
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(p))), true
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

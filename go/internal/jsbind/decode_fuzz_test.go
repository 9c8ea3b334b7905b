package jsbind

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// The decoders' fuzz tests feed them any JSON object, numbers exported
// as sobek exports them (whole numbers as int64). A decoder must never
// panic, and every failure must be a 1003 (or 1015) error naming a field
// under one of its paths. The committed corpus (testdata/fuzz) runs as
// an ordinary test.

// exported converts decoded JSON into the values sobek's Export gives.
func exported(v any) any {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x)
		}
	case []any:
		for i := range x {
			x[i] = exported(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = exported(x[k])
		}
	}
	return v
}

// fuzzDecoder runs decode on every object the fuzzer makes up.
func fuzzDecoder(f *testing.F, decode func(*testing.T, map[string]any) error, paths []string, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var m map[string]any
		if json.Unmarshal([]byte(src), &m) != nil {
			t.Skip("not a JSON object: a script passes objects")
		}
		// Paths a decoder would stat or read: files outside the test's
		// reach (a device could block) are not the decoder's to guard.
		if strings.Contains(src, "/") {
			t.Skip("names a path the decoder would open")
		}
		exported(m)
		err := decode(t, m)
		if err == nil {
			return
		}
		var e *natsmod.Error
		if !errors.As(err, &e) || (e.Code != natsmod.CodeInvalidConfig && e.Code != natsmod.CodeEmptyStreamName) {
			t.Fatalf("%s: not a 1003 error: %v", src, err)
		}
		for _, p := range paths {
			if strings.HasPrefix(e.Detail, p+".") || strings.HasPrefix(e.Detail, p+":") {
				return
			}
		}
		t.Fatalf("%s: the error names no field under %v: %v", src, paths, err)
	})
}

func FuzzDecodeConnect(f *testing.F) {
	fuzzDecoder(f, func(t *testing.T, m map[string]any) error {
		_, err := decodeConnect(m)
		// A secret never reaches a message, whatever is wrong with it.
		for _, key := range []string{"pass", "token", "nkeySeed"} {
			if s, ok := m[key].(string); ok && len(s) >= 4 && err != nil && strings.Contains(err.Error(), s) {
				t.Fatalf("the error quotes %s: %v", key, err)
			}
		}
		return err
	}, []string{"connect", "tls"},
		`{"urls":["nats://a:4222"],"timeout":2000,"maxReconnects":-1,"reconnectWait":0.5}`,
		`{"user":"u","pass":"s3cr3t","tls":{"insecureSkipVerify":true,"serverName":"x"}}`,
		`{"token":12345678,"metrics":"no","pingInterval":-1}`)
}

func FuzzDecodeStreamConfig(f *testing.F) {
	fuzzDecoder(f, func(_ *testing.T, m map[string]any) error {
		cfg, err := decodeStreamConfig(m)
		if err == nil {
			err = natsmod.CheckStreamConfig(cfg)
		}
		return err
	}, []string{"streamConfig"},
		`{"name":"S","subjects":["s.>"],"maxAge":"1d","duplicateWindow":120000,"storage":"memory"}`,
		`{"name":"S","sources":[{"name":"A"},{}],"republish":{"src":">"}}`,
		`{"name":"S","mirror":{"name":"M","optStartSeq":-1},"consumerLimits":{"maxAckPending":1.5}}`)
}

func FuzzDecodeConsumerConfig(f *testing.F) {
	fuzzDecoder(f, func(_ *testing.T, m map[string]any) error {
		_, cfg, err := decodeConsumerConfig(m)
		if err == nil {
			err = natsmod.CheckConsumerConfig(cfg)
		}
		return err
	}, []string{"consumerConfig"},
		`{"durable":"D","ackPolicy":"explicit","backoff":[1000,"2s"],"filterSubjects":["a","b"]}`,
		`{"deliverPolicy":"byStartTime","optStartTime":"2026-01-02T03:04:05Z","ackWait":"soon"}`,
		`{"name":"a.b","durable":"c","maxDeliver":-2,"metadata":{"k":1}}`)
}

func FuzzDecodeKeyValue(f *testing.F) {
	fuzzDecoder(f, func(_ *testing.T, m map[string]any) error { _, err := decodeKeyValue(m); return err }, []string{"kvConfig"},
		`{"bucket":"CFG","history":5,"ttl":"1h","storage":"memory","compression":true}`,
		`{"bucket":"X","history":100,"maxValueSize":-2}`)
}

func FuzzDecodeObjectStore(f *testing.F) {
	fuzzDecoder(f, func(_ *testing.T, m map[string]any) error { _, err := decodeObjectStore(m); return err }, []string{"objectStoreConfig"},
		`{"bucket":"FILES","ttl":60000,"metadata":{"k":"v"},"replicas":1}`,
		`{"bucket":"O","maxBytes":-2,"storage":"tape","metadata":{"k":true}}`)
}

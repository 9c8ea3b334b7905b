package natsmod

import (
	"math"
	"strings"
	"testing"
	"time"
)

// TestOptionReaderNamesTheField checks that every kind of bad value, at
// any depth, is a 1003 error whose message starts with the field's path.
func TestOptionReaderNamesTheField(t *testing.T) {
	stream := func(opts map[string]any) error { _, err := ParseStreamConfig(opts); return err }
	consumer := func(opts map[string]any) error { _, _, err := ParseConsumerConfig(opts); return err }
	cases := []struct {
		err   error
		field string
	}{
		{stream(map[string]any{"name": "S", "maxAgee": 5}), "streamConfig.maxAgee: unknown option"},
		{stream(map[string]any{"name": "S", "mirror": map[string]any{"name": "M", "nme": "x"}}), "streamConfig.mirror.nme: unknown option"},
		{stream(map[string]any{"name": "S", "sources": []any{map[string]any{"name": "A"}, map[string]any{}}}), "streamConfig.sources[1].name: is required"},
		{stream(map[string]any{"name": "S", "sources": []any{"A"}}), "streamConfig.sources: element 0: expected an object"},
		{stream(map[string]any{"name": "S", "maxMsgs": int64(-2)}), "streamConfig.maxMsgs: -2 is out of range"},
		{stream(map[string]any{"name": "S", "replicas": 1.5}), "streamConfig.replicas: expected a whole number"},
		{stream(map[string]any{"name": "S", "maxAge": "soon"}), "streamConfig.maxAge: expected milliseconds or a duration"},
		{stream(map[string]any{"name": "S", "storage": "tape"}), "streamConfig.storage: \"tape\" is not one of 'file', 'memory'"},
		{stream(map[string]any{"name": "S", "metadata": map[string]any{"k": true}}), "streamConfig.metadata.k: expected a string, got a boolean"},
		{consumer(map[string]any{"durable": "D", "backoff": []any{int64(1), "x"}}), "consumerConfig.backoff: element 1: expected milliseconds"},
		{consumer(map[string]any{"optStartTime": true}), "consumerConfig.optStartTime: expected a Date"},
		{consumer(map[string]any{"filterSubjects": []any{"a", int64(1)}}), "consumerConfig.filterSubjects: element 1: expected a string"},
	}
	for _, tc := range cases {
		if CodeOf(tc.err) != CodeInvalidConfig || !strings.Contains(tc.err.Error(), "(1003): "+tc.field) {
			t.Errorf("want 1003 naming %q, got %v", tc.field, tc.err)
		}
	}
}

// TestOptionReaderAbsentAndZero checks that null is absent.
func TestOptionReaderAbsentAndZero(t *testing.T) {
	cfg, err := ParseStreamConfig(map[string]any{"name": "S", "description": nil, "maxMsgs": int64(-1)})
	if err != nil || cfg.MaxMsgs != -1 || cfg.Description != "" {
		t.Fatalf("config %+v, %v", cfg, err)
	}
}

// NATS options take k6's durations, days included, as setupTimeout does.
func TestStreamConfigTakesK6Durations(t *testing.T) {
	cfg, err := ParseStreamConfig(map[string]any{"name": "S", "maxAge": "1d", "duplicateWindow": "1h30m"})
	if err != nil || cfg.MaxAge != 24*time.Hour || cfg.Duplicates != 90*time.Minute {
		t.Fatalf("maxAge %v, duplicateWindow %v, %v", cfg.MaxAge, cfg.Duplicates, err)
	}
}

// A call's timeout too large to mean anything is accepted as about a
// century, not an overflow that reads as negative.
func TestHugeTimeoutDoesNotOverflow(t *testing.T) {
	if d, err := timeoutArg(math.MaxInt64, time.Second); err != nil || d != maxCallTimeout {
		t.Errorf("timeoutArg(MaxInt64) = %v, %v", d, err)
	}
}

package jsbind

import (
	"testing"
	"time"
)

func TestDecodeJetStreamOptions(t *testing.T) {
	jsPublish := func(m map[string]any) error { _, err := decodeJSPublish(m); return err }
	jetStream := func(m map[string]any) error { _, err := decodeJetStream(m); return err }
	cases := []struct {
		err   error
		field string
	}{
		{jsPublish(map[string]any{"headers": map[string]any{"X": []any{int64(1)}}}), "js.publish.headers.X: element 0: expected a string"},
		{jsPublish(map[string]any{"bogus": true}), "js.publish.bogus: unknown option"},
		{jsPublish(map[string]any{"expectedLastSeq": int64(-1)}), "js.publish.expectedLastSeq: -1 is out of range"},
		{jsPublish(map[string]any{"ttl": "soon"}), "js.publish.ttl: expected milliseconds or a duration"},
		{jsPublish(map[string]any{"timeout": true}), "js.publish.timeout: expected milliseconds or a duration string"},
		{jetStream(map[string]any{"maxPending": int64(-1)}), "jetStream.maxPending: -1 is out of range"},
		{jetStream(map[string]any{"timeout": "5 seconds"}), "jetStream.timeout: expected milliseconds or a duration"},
		{jetStream(map[string]any{"domian": "hub"}), "jetStream.domian: unknown option"},
	}
	for _, tc := range cases {
		wantFieldError(t, tc.field, tc.err, tc.field)
	}
}

// null is absent; an explicit sequence 0 counts ("expect nothing stored").
func TestDecodeJSPublishAbsentAndZero(t *testing.T) {
	o, err := decodeJSPublish(map[string]any{"expectedLastSeq": int64(0), "expectedLastSubjectSeq": nil, "msgId": nil, "ttl": "1m", "timeout": int64(250)})
	if err != nil || o.ExpectedLastSeq == nil || *o.ExpectedLastSeq != 0 || o.ExpectedLastSubjectSeq != nil || o.MsgID != "" ||
		o.TTL != time.Minute || o.Timeout != 250*time.Millisecond {
		t.Fatalf("decoded %+v, %v", o, err)
	}
	js, err := decodeJetStream(map[string]any{"domain": "hub", "timeout": "2s", "maxPending": int64(8)})
	if err != nil || js.Domain != "hub" || js.Timeout != 2*time.Second || js.MaxPending != 8 {
		t.Fatalf("jetStream %+v, %v", js, err)
	}
}

package config

import "testing"

func TestFromEnvReadsSegmentAndPausedVariables(t *testing.T) {
	o, err := FromEnv(map[string]string{
		"K6_EXECUTION_SEGMENT": "1/4:2/4", "K6_EXECUTION_SEGMENT_SEQUENCE": "0,1/4,1/2,3/4,1", "K6_PAUSED": "true",
	})
	if err != nil {
		t.Fatal(err)
	}
	same(t, o, `{"executionSegment": "1/4:2/4", "executionSegmentSequence": "0,1/4,1/2,3/4,1", "paused": true}`)
}

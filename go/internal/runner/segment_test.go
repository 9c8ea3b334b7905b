package runner

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/config"
)

// segmentScript records, per iteration, the k6/execution numbers that
// must be unique across the instances of a segmented test.
const segmentScript = `import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
const seen = new Counter('seen');
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 10 } } };
export default function () {
  const whole = exec.test.options;
  if (whole.scenarios.s.vus !== 3 || whole.scenarios.s.iterations !== 10) throw new Error('exec.test.options is not the whole test: ' + JSON.stringify(whole.scenarios));
  if (!whole.executionSegment || whole.executionSegmentSequence !== '0,1/4,1/2,3/4,1') throw new Error('exec.test.options has no segment');
  seen.add(1, {
    inTest: String(exec.scenario.iterationInTest),
    inInstance: String(exec.scenario.iterationInInstance),
    vuInTest: String(exec.vu.idInTest),
  });
}`

func TestSegmentedRunsShareTheTestWithUniqueNumbers(t *testing.T) {
	sequence := "0,1/4,1/2,3/4,1"
	var inTest []int
	vuIDs := map[string]bool{}
	for i, seg := range []string{"0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1"} {
		out := filepath.Join(t.TempDir(), "points.jsonl")
		cli := config.Object{
			"executionSegment":         json.RawMessage(strconv.Quote(seg)),
			"executionSegmentSequence": json.RawMessage(strconv.Quote(sequence)),
			"tags":                     json.RawMessage(fmt.Sprintf(`{"instance_id": "%d"}`, i)),
		}
		r := runFiles(t, map[string]string{"script.js": segmentScript},
			Config{NoEmbedded: true, JSONOut: out, Options: config.Layers{CLI: cli}})
		r.wantCode(t, ExitOK)
		var local []int
		for _, p := range readPoints(t, out) {
			if p.Data.Tags["instance_id"] != strconv.Itoa(i) {
				t.Errorf("%s: %s sample without instance_id=%d: %v", seg, p.Metric, i, p.Data.Tags)
			}
			if p.Metric != "seen" {
				continue
			}
			n, _ := strconv.Atoi(p.Data.Tags["inTest"])
			inTest = append(inTest, n)
			m, _ := strconv.Atoi(p.Data.Tags["inInstance"])
			local = append(local, m)
			vuIDs[p.Data.Tags["vuInTest"]+"@"+seg] = true
		}
		slices.Sort(local)
		for k, m := range local {
			if m != k {
				t.Errorf("%s: iterationInInstance %v, want 0..%d", seg, local, len(local)-1)
				break
			}
		}
	}
	slices.Sort(inTest)
	if !slices.Equal(inTest, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Errorf("iterationInTest over the 4 segments %v, want 0..9 once each", inTest)
	}
	// 3 VUs over 4 segments: the first three own one VU each, the last
	// one runs its share of the iterations on one VU of its own.
	ids := map[string]bool{}
	for key := range vuIDs {
		id, _, _ := strings.Cut(key, "@")
		if ids[id] {
			t.Errorf("VU id in test %s used by two segments: %v", id, vuIDs)
		}
		ids[id] = true
	}
}

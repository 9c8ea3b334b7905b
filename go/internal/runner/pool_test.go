package runner

import "testing"

// Each of a per-vu-iterations scenario's VUs runs its own iterations: a VU
// that finishes first must not be handed out again to the executor while
// it still acquires the rest (then fewer VUs, and __VU values, would run).
func TestPerVUIterationsRunEveryVUOnce(t *testing.T) {
	const vus = 1000
	r := run(t, `import { Counter } from 'k6/metrics';
const again = new Counter('vu_ran_again');
const ids = new Counter('vu_id_sum');
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 1000, iterations: 1 } } };
let ran = false;
export default function () {
  again.add(ran ? 1 : 0);
  ran = true;
  ids.add(__VU);
}`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "vu_ran_again", "count"); got != 0 {
		t.Errorf("%v iterations ran on a VU that had run already", got)
	}
	if got, want := r.metric(t, "vu_id_sum", "count"), float64(vus*(vus+1)/2); got != want {
		t.Errorf("sum of __VU over the iterations = %v, want %v (every VU 1..%d once)", got, want, vus)
	}
}

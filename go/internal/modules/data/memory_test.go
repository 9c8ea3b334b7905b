package data

import (
	"runtime"
	"testing"
)

// heapMB is the live heap after a full collection.
func heapMB() float64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// TestSharedArrayMemoryIsNotCopiedPerVU builds a ~50 MB SharedArray in one
// VU, opens it in 999 more and reads elements in each, and measures the
// live heap: the data must be held once, not once per VU.
func TestSharedArrayMemoryIsNotCopiedPerVU(t *testing.T) {
	const vus = 1000
	const build = `const users = new data.SharedArray('users', () => {
  const out = [];
  for (let i = 0; i < 100000; i++) out.push({ id: i, name: 'user' + i, pad: 'x'.repeat(480) });
  return out;
});
users[users.length - 1].id + users[12345].name.length`

	var reg Registry
	base := heapMB()
	empty := make([]*vu, 0, vus)
	for range vus {
		empty = append(empty, newVU(t, &reg))
	}
	runtimes := heapMB() - base // what 1000 bare VUs cost, the floor

	first := empty[0]
	first.run(t, build)
	withData := heapMB()
	dataMB := withData - base - runtimes
	for _, v := range empty[1:] {
		if got := v.run(t, build); got != "100008" {
			t.Fatalf("VU read %s", got)
		}
	}
	all := heapMB()
	perVU := (all - withData) / (vus - 1)
	t.Logf("1000 bare VUs: %.1f MB; shared data: %.1f MB; after 999 more VUs opened and read it: +%.1f MB (%.3f MB per VU)",
		runtimes, dataMB, all-withData, perVU)
	runtime.KeepAlive(empty)

	if dataMB < 40 {
		t.Fatalf("the shared data is %.1f MB, want about 50 MB for this test to mean anything", dataMB)
	}
	// A copy per VU would add dataMB per VU; allow a fiftieth of it.
	if perVU > dataMB/50 {
		t.Fatalf("each VU added %.2f MB over %.1f MB of shared data: the data is copied per VU", perVU, dataMB)
	}
}

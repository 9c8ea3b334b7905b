package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runModuleScript runs testdata/k6modules/name, a self-checking k6 script
// whose checks threshold fails the run if any check fails.
func runModuleScript(t *testing.T, name string, files map[string]string) result {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "k6modules", name))
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"script.js": string(src)}
	for k, v := range files {
		all[k] = v
	}
	return runFiles(t, all, Config{NoEmbedded: true})
}

// wantAllChecks asserts a clean exit with n passing checks and none failing.
func (r result) wantAllChecks(t *testing.T, n float64) {
	t.Helper()
	r.wantCode(t, ExitOK)
	if pass, fail := r.metric(t, "checks", "passes"), r.metric(t, "checks", "fails"); pass != n || fail != 0 {
		t.Fatalf("checks passes=%v fails=%v, want %v and 0\n%s", pass, fail, n, r.stderr)
	}
}

func TestK6EncodingModule(t *testing.T) {
	runModuleScript(t, "encoding.js", nil).wantAllChecks(t, 7)
}

func TestK6CryptoModule(t *testing.T) {
	runModuleScript(t, "crypto.js", nil).wantAllChecks(t, 14)
}

func TestGlobalWebCrypto(t *testing.T) {
	runModuleScript(t, "webcrypto.js", nil).wantAllChecks(t, 4*8)
}

// crypto is built on first read; it stays one object and a script may
// still replace it like any global.
func TestGlobalCryptoIsOneObjectAndAssignable(t *testing.T) {
	run(t, `import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  const first = crypto;
  check(null, { 'one object': () => crypto === first && typeof crypto.randomUUID === 'function' });
  globalThis.crypto = 'replaced';
  check(null, { 'assignable': () => crypto === 'replaced' });
}`).wantAllChecks(t, 2)
}

func TestSharedArrayIsBuiltOnceAndReadByEveryVU(t *testing.T) {
	r := runModuleScript(t, "shared-array.js", map[string]string{
		"users.json": `[{"name":"ann","tags":[]},{"name":"bob","tags":["ops"]},{"name":"cy","tags":["admin"]}]`,
	})
	r.wantAllChecks(t, 6*10)
	if n := strings.Count(r.stderr, "loading users.json"); n != 1 {
		t.Fatalf("the SharedArray function ran %d times, want once across 4 VUs:\n%s", n, r.stderr)
	}
}

func TestTopLevelAwaitBeforeOptions(t *testing.T) {
	r := runModuleScript(t, "top-level-await.js", nil)
	r.wantAllChecks(t, 4*3) // options.iterations came from the awaited value
}

func TestTopLevelAwaitRejectionPointsAtItsLine(t *testing.T) {
	r := run(t, `const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
await later(5);

function load() {
  throw new Error('config unavailable');
}
await later(1).then(load);
export default function () {}`)
	r.wantCode(t, ExitScriptException)
	if !strings.Contains(r.stderr, "config unavailable") || !strings.Contains(r.stderr, "script.js:5:") {
		t.Fatalf("stderr does not point at script.js line 5:\n%s", r.stderr)
	}
}

func TestTopLevelAwaitThatNeverSettles(t *testing.T) {
	r := run(t, `await new Promise(() => {});
export default function () {}`)
	r.wantCode(t, ExitScriptException)
	if !strings.Contains(r.stderr, "top-level await never settled") {
		t.Fatalf("stderr does not explain the stuck init:\n%s", r.stderr)
	}
}

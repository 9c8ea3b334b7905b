package runner

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pondigo/natsk6/go/internal/script"
)

// jslib serves a two-file module like jslib.k6.io's k6-utils: index.js
// imports ./lib/uuid.js, which must resolve against index.js's URL.
func jslib(t *testing.T, hits *atomic.Int32) *httptest.Server {
	t.Helper()
	files := map[string]string{
		"/k6-utils/1.4.0/index.js": `export { uuidv4 } from './lib/uuid.js';
export function randomIntBetween(min, max) { return Math.floor(Math.random() * (max - min + 1) + min); }`,
		"/k6-utils/1.4.0/lib/uuid.js": `export function uuidv4() { return crypto.randomUUID(); }`,
		"/fail.js": `export function fail() {
  throw new Error('remote broke');
}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/javascript")
		_, _ = w.Write([]byte(body))
	}))
	return srv
}

func TestRemoteImportIsFetchedCachedAndWorksOffline(t *testing.T) {
	t.Setenv(script.CacheEnv, t.TempDir())
	var hits atomic.Int32
	srv := jslib(t, &hits)
	src, err := os.ReadFile(filepath.Join("testdata", "k6modules", "remote-import.js"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"script.js": strings.ReplaceAll(string(src), "REMOTE", srv.URL)}

	runFiles(t, files, Config{NoEmbedded: true}).wantAllChecks(t, 6)
	if hits.Load() != 2 {
		t.Fatalf("the server saw %d requests, want 2 (index.js and lib/uuid.js)", hits.Load())
	}

	srv.Close() // the second run must come from the cache alone
	runFiles(t, files, Config{NoEmbedded: true}).wantAllChecks(t, 6)
}

func TestRemoteImportFailureExits107NamingTheURL(t *testing.T) {
	t.Setenv(script.CacheEnv, t.TempDir())
	var hits atomic.Int32
	srv := jslib(t, &hits)
	defer srv.Close()
	missing := srv.URL + "/k6-utils/9.9.9/index.js"
	r := runFiles(t, map[string]string{"script.js": `import { x } from '` + missing + `';
export default function () { x(); }`}, Config{NoEmbedded: true})
	r.wantCode(t, ExitScriptException)
	if !strings.Contains(r.stderr, missing) || !strings.Contains(r.stderr, "404") {
		t.Fatalf("stderr does not name the URL and the failure:\n%s", r.stderr)
	}

	srv.Close()
	gone := srv.URL + "/k6-utils/1.4.0/index.js"
	r = runFiles(t, map[string]string{"script.js": `import { uuidv4 } from '` + gone + `';
export default function () { uuidv4(); }`}, Config{NoEmbedded: true})
	r.wantCode(t, ExitScriptException)
	if !strings.Contains(r.stderr, "cannot fetch module "+gone) {
		t.Fatalf("stderr does not name the unreachable URL:\n%s", r.stderr)
	}
}

func TestRemoteModuleStackNamesItsURLAndLine(t *testing.T) {
	t.Setenv(script.CacheEnv, t.TempDir())
	var hits atomic.Int32
	srv := jslib(t, &hits)
	defer srv.Close()
	r := runFiles(t, map[string]string{"script.js": `import { fail } from '` + srv.URL + `/fail.js';
export const options = { iterations: 1 };
export default function () { fail(); }`}, Config{NoEmbedded: true})
	r.wantCode(t, ExitOK) // an iteration's exception is logged, as in k6
	if want := "at fail (" + srv.URL + "/fail.js:2:"; !strings.Contains(r.stderr, want) {
		t.Fatalf("stderr lacks %q:\n%s", want, r.stderr)
	}
}

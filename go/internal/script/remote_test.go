package script

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPlainHTTPImportOnlyFromLoopback(t *testing.T) {
	t.Setenv(CacheEnv, t.TempDir())
	dir := writeFiles(t, map[string]string{"script.js": `import { x } from 'http://example.com/lib.js';
export default function () { x(); }`})
	_, err := Load(filepath.Join(dir, "script.js"), nil)
	if err == nil || !strings.Contains(err.Error(), "http://example.com/lib.js") || !strings.Contains(err.Error(), "only from localhost") {
		t.Fatalf("err = %v, want a refusal naming the URL", err)
	}
}

func TestRemoteModuleMayNotImportBarePackages(t *testing.T) {
	cache := t.TempDir()
	t.Setenv(CacheEnv, cache)
	// Seed the cache so no server is needed.
	const url = "https://jslib.example/lib.js"
	if err := writeAtomic(cache, filepath.Join(cache, hashName(url)), []byte(`import _ from 'lodash'; export const x = _;`)); err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"script.js": `import { x } from '` + url + `';
export default function () { x; }`})
	_, err := Load(filepath.Join(dir, "script.js"), nil)
	if err == nil || !strings.Contains(err.Error(), `imports "lodash"`) {
		t.Fatalf("err = %v, want a bare import refused", err)
	}
}

func TestCacheDirDefaultsUnderTheUserCacheDir(t *testing.T) {
	t.Setenv(CacheEnv, "")
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg-cache")
	dir, err := cacheDir()
	if err != nil || dir != "/tmp/xdg-cache/natsk6/modules" {
		t.Fatalf("cacheDir() = %q, %v", dir, err)
	}
}

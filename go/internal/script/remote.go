package script

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/evanw/esbuild/pkg/api"
)

// CacheEnv names the environment variable that overrides where remote
// modules are cached (default: the user's cache dir, natsk6/modules).
const CacheEnv = "NATSK6_MODULE_CACHE"

// remoteNamespace is esbuild's namespace for modules loaded by URL.
const remoteNamespace = "remote"

// fetchTimeout bounds one module download.
const fetchTimeout = 30 * time.Second

// maxModuleBytes bounds one module's size; jslib modules are far smaller.
const maxModuleBytes = 32 << 20

// remoteModules is the esbuild plugin for `import ... from 'https://...'`:
// the module is fetched at bundle time, as k6 does, and kept in a disk
// cache that later runs use first, so a second run works offline
// (versioned URLs such as jslib.k6.io's do not change). Relative imports
// inside a remote module resolve against its URL (k6 modules are
// resolved by k6Modules first). Plain http:// is served
// only from loopback hosts, for tests.
func remoteModules() api.Plugin {
	return api.Plugin{Name: "natsk6-remote-modules", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^https?://`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			return resolveURL(a.Path)
		})
		b.OnResolve(api.OnResolveOptions{Filter: `.*`, Namespace: remoteNamespace}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if !strings.HasPrefix(a.Path, ".") && !strings.HasPrefix(a.Path, "/") {
				return api.OnResolveResult{}, fmt.Errorf("%s imports %q: a remote module can import only k6 modules, URLs and paths relative to itself", a.Importer, a.Path)
			}
			base, err := url.Parse(a.Importer)
			if err != nil {
				return api.OnResolveResult{}, err
			}
			ref, err := url.Parse(a.Path)
			if err != nil {
				return api.OnResolveResult{}, fmt.Errorf("%s imports %q: %w", a.Importer, a.Path, err)
			}
			return resolveURL(base.ResolveReference(ref).String())
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: remoteNamespace}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			src, err := fetchCached(a.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			loader := api.LoaderJS
			if ext := path.Ext(strings.SplitN(a.Path, "?", 2)[0]); ext == ".ts" {
				loader = api.LoaderTS
			}
			return api.OnLoadResult{Contents: &src, Loader: loader}, nil
		})
	}}
}

// resolveURL checks that raw may be imported and names it in esbuild.
func resolveURL(raw string) (api.OnResolveResult, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return api.OnResolveResult{}, fmt.Errorf("module URL %s: %w", raw, err)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return api.OnResolveResult{}, fmt.Errorf("module URL %s: plain http:// is allowed only from localhost; use https://", raw)
	}
	u.Fragment = ""
	return api.OnResolveResult{Path: u.String(), Namespace: remoteNamespace}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cacheDir is where fetched modules are kept.
func cacheDir() (string, error) {
	if dir := os.Getenv(CacheEnv); dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for remote modules (set %s): %w", CacheEnv, err)
	}
	return filepath.Join(base, "natsk6", "modules"), nil
}

// fetchCached returns the module at rawURL from the cache, or downloads
// and caches it.
func fetchCached(rawURL string) (string, error) {
	dir, err := cacheDir()
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, hashName(rawURL))
	if b, err := os.ReadFile(file); err == nil {
		return string(b), nil
	}
	src, err := fetch(rawURL)
	if err != nil {
		return "", fmt.Errorf("cannot fetch module %s (not cached in %s either): %w", rawURL, dir, err)
	}
	if err := writeAtomic(dir, file, src); err != nil {
		return "", fmt.Errorf("cache module %s in %s: %w", rawURL, dir, err)
	}
	return string(src), nil
}

// hashName is the cache file name of a module URL.
func hashName(rawURL string) string {
	sum := sha256.Sum256([]byte(rawURL))
	return hex.EncodeToString(sum[:]) + ".js"
}

func fetch(rawURL string) ([]byte, error) {
	client := &http.Client{Timeout: fetchTimeout}
	resp, err := client.Get(rawURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxModuleBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxModuleBytes {
		return nil, fmt.Errorf("larger than %d MB", maxModuleBytes>>20)
	}
	return b, nil
}

// writeAtomic writes data to file through a temporary file, so a
// concurrent or interrupted run never reads half a module.
func writeAtomic(dir, file string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".fetch-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// credentialKeys hold what `k6 login` stores in the same file (cloud
// tokens); natsk6 neither applies nor reports them.
var credentialKeys = []string{"collectors"}

// DefaultFilePath is where k6 documents its config file when --config is
// not given: config.json in the k6 folder of the user's configuration
// directory, found from env as os.UserConfigDir does (Unix:
// $XDG_CONFIG_HOME or ~/.config; macOS: ~/Library/Application Support;
// Windows: %AppData%). "" when env names no such directory.
func DefaultFilePath(env map[string]string) string {
	dir := configDir(runtime.GOOS, env)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "k6", "config.json")
}

// configDir is the user's configuration directory on goos, from env.
func configDir(goos string, env map[string]string) string {
	var dir string
	switch goos {
	case "windows":
		dir = env["AppData"]
	case "darwin", "ios":
		if env["HOME"] != "" {
			dir = filepath.Join(env["HOME"], "Library", "Application Support")
		}
	default:
		dir = env["XDG_CONFIG_HOME"]
		if !filepath.IsAbs(dir) && env["HOME"] != "" {
			dir = filepath.Join(env["HOME"], ".config")
		} else if !filepath.IsAbs(dir) {
			dir = ""
		}
	}
	return dir
}

// ReadFile reads the config file layer. explicit is true for a path the
// user named (-c/--config), which must exist; the default path is used
// only when a file is there.
func ReadFile(path string, explicit bool) (Object, error) {
	if path == "" {
		return Object{}, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return Object{}, nil
	}
	if err != nil {
		return nil, &Error{Source: "config file", Err: err}
	}
	o, err := Parse(fmt.Sprintf("config file %s", path), b)
	if err != nil {
		return nil, err
	}
	return o.Without(credentialKeys), nil
}

package main

import (
	"errors"
	"fmt"
	"maps"
	"strings"
)

// resultOutput takes result=FILE, the mergeable result file, out of the
// --out values, or out of K6_OUT when no --out is given (as the outputs
// registry reads it). It returns the rest of the values and the
// environment with the rest of K6_OUT, for the registry.
func resultOutput(outs []string, env map[string]string) (rest []string, restEnv map[string]string, path string, err error) {
	if len(outs) > 0 {
		rest, path, err = takeResult(outs, "--out")
		return rest, env, path, err
	}
	if env["K6_OUT"] == "" {
		return nil, env, "", nil
	}
	// A comma inside another output's argument (csv=file_name=a,save_interval=2s)
	// never starts a part with "result=", so the split keeps those intact.
	parts, path, err := takeResult(strings.Split(env["K6_OUT"], ","), "K6_OUT")
	if err != nil {
		return nil, nil, "", err
	}
	restEnv = maps.Clone(env)
	restEnv["K6_OUT"] = strings.Join(parts, ",")
	return nil, restEnv, path, nil
}

// takeResult removes the result=FILE entry from entries; source names
// where they come from in errors.
func takeResult(entries []string, source string) (rest []string, path string, err error) {
	for _, e := range entries {
		kind, arg, _ := strings.Cut(strings.TrimSpace(e), "=")
		switch {
		case kind != "result":
			rest = append(rest, e)
			continue
		case arg == "":
			return nil, "", fmt.Errorf("%s: the result output needs a file: result=FILE", source)
		case path != "":
			return nil, "", errors.New(source + ": the result output is given twice")
		}
		path = arg
	}
	return rest, path, nil
}

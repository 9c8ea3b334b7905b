package config

import "encoding/json"

// Layers are the option layers known before the script runs; the
// script's own options come between File and Env.
type Layers struct {
	File Object // -c/--config, or k6's default config file
	Env  Object // K6_* environment variables
	CLI  Object // flags the user set
}

// Options consolidates the test options with k6's precedence: config
// file < script options < environment < flags. Run settings are left
// out; a script that sets one is warned about by the option parser.
func (l Layers) Options(script Object) Object {
	return Consolidate(l.File.Without(SettingKeys), script, l.Env.Without(SettingKeys), l.CLI.Without(SettingKeys))
}

// Settings merges the run settings: config file < environment < flags.
func (l Layers) Settings() (Settings, error) {
	return ReadSettings(l.File, l.Env, l.CLI)
}

// Paused reports whether the layers known before the script runs start
// the test paused (the paused option: -P, K6_PAUSED, the config file).
func (l Layers) Paused() bool {
	paused := false
	for _, o := range []Object{l.File, l.Env, l.CLI} {
		if v, ok := o["paused"]; ok {
			_ = json.Unmarshal(v, &paused) // the option parser reports a wrong type
		}
	}
	return paused
}

package runner

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/pondigo/natsk6/go/internal/config"
)

// runOptionsScript runs testdata/k6options/name, a self-checking k6
// script whose thresholds fail the run when an option did not apply.
func runOptionsScript(t *testing.T, name string, cfg Config) result {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "k6options", name))
	if err != nil {
		t.Fatal(err)
	}
	cfg.NoEmbedded = true
	return runFiles(t, map[string]string{"script.js": string(src)}, cfg)
}

func TestK6OptionLayers(t *testing.T) {
	r := runOptionsScript(t, "layers.js", Config{Options: config.Layers{
		File: config.Object{"iterations": json.RawMessage(`9`), "vus": json.RawMessage(`3`)},
		Env:  config.Object{"vus": json.RawMessage(`2`)},
		CLI:  config.Object{"iterations": json.RawMessage(`4`)},
	}})
	r.wantAllChecks(t, 4)
}

func TestK6ArrivalRateLastsItsDuration(t *testing.T) {
	runOptionsScript(t, "arrival-rate-duration.js", Config{}).wantAllChecks(t, 1)
}

package runner

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/config"
)

func TestPausedWithoutRESTAPIFailsInsteadOfWaitingForever(t *testing.T) {
	for _, tc := range []struct {
		name         string
		scriptPaused string
		cli          config.Object
	}{
		{"--paused", "false", config.Object{"paused": json.RawMessage(`true`)}}, // the flag wins over the script
		{"options.paused", "true", nil},
	} {
		script := `export const options = { iterations: 1, paused: ` + tc.scriptPaused + ` };
export default function () { console.log('iteration ran'); }`
		r := runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true, Options: config.Layers{CLI: tc.cli}})
		r.wantCode(t, ExitInvalidConfig)
		if !strings.Contains(r.logs, "nothing could resume it") || strings.Contains(r.logs, "iteration ran") {
			t.Errorf("%s without --address: %s", tc.name, r.logs)
		}
	}
}

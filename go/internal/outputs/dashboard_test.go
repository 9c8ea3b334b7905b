package outputs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The dashboard comes through the registry with the summary hook intact:
// its report embeds the run's summary next to another output.
func TestWebDashboardReportThroughTheRegistryWithCSV(t *testing.T) {
	dir := t.TempDir()
	report, rows := filepath.Join(dir, "report.html"), filepath.Join(dir, "rows.csv")
	r := runWithOutputs(t, []string{"csv=" + rows}, map[string]string{"K6_WEB_DASHBOARD": "true",
		"K6_WEB_DASHBOARD_PORT": "-1", "K6_WEB_DASHBOARD_EXPORT": report})
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if want := "output: csv (" + rows + "), web-dashboard (report " + report + ")"; !strings.Contains(r.stderr, want) {
		t.Fatalf("banner lacks %q:\n%s", want, r.stderr)
	}
	html, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), `"nats_msgs_published"`) || !strings.Contains(string(html), `"summary":{`) {
		t.Fatalf("the report lacks the run's metrics or its summary (%d bytes)", len(html))
	}
}

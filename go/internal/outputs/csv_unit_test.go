package outputs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

func TestCSVRowsSaveEveryIntervalWithExtraTagsAndMetadata(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	out, err := newCSV(Params{Arg: "file_name=" + path + ",save_interval=20ms,time_format=unix_nano"})
	if err != nil {
		t.Fatal(err)
	}
	reg := metrics.NewRegistry()
	m := reg.MustNew("nats_msgs_published", metrics.Counter, metrics.Default)
	tags := reg.Intern(map[string]string{"scenario": "pub", "zone": "b", "group": "::g", "team": "a,1"})
	md := metrics.NewMetadata(map[string]string{"trace_id": "abc", "attempt": "2"})
	out.(metrics.SampleOutput).AddSamples([]metrics.Sample{{Metric: m, Tags: tags, UnixNs: 1595325560123456789, Value: 3, Metadata: md}})
	want := `nats_msgs_published,1595325560123456789,3.000000,,,,,::g,,,,pub,,,,,,"team=a,1&zone=b",attempt=2&trace_id=abc` + "\n"
	// The row reaches the file by the save interval, before Stop.
	testsupport.Eventually(t, 10*time.Second, func() bool {
		b, _ := os.ReadFile(path)
		return strings.HasSuffix(string(b), want)
	}, "the row did not reach %s", path)
	if err := out.Stop(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if want := strings.Join(csvHeader, ",") + "\n" + want; string(b) != want {
		t.Fatalf("file:\n%s\nwant:\n%s", b, want)
	}
}

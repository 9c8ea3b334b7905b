package outputs_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/runner"
)

func TestSeveralJSONOutputsAtOnceOneGzipped(t *testing.T) {
	dir := t.TempDir()
	plain, gz := filepath.Join(dir, "points.json"), filepath.Join(dir, "points.json.gz")
	r := runWithOutputs(t, []string{"json=" + plain, "json=" + gz}, nil)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if want := "output: json (" + plain + "), json (" + gz + ")"; !strings.Contains(r.stderr, want) {
		t.Fatalf("banner lacks %q:\n%s", want, r.stderr)
	}
	f, err := os.Open(gz)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	unzipped, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s is not gzip: %v", gz, err)
	}
	fromGzip := publishedInJSON(t, unzipped)
	p, err := os.Open(plain)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	fromPlain := publishedInJSON(t, p)
	if stored := r.storedMessages(t, uint64(fromPlain)); fromPlain != float64(stored) || fromGzip != fromPlain || stored != 60 {
		t.Fatalf("nats_msgs_published: %v in %s, %v in %s; the server stored %d (want 60)", fromPlain, plain, fromGzip, gz, stored)
	}
}

// publishedInJSON sums the nats_msgs_published points of k6 JSON lines.
func publishedInJSON(t *testing.T, r io.Reader) float64 {
	t.Helper()
	sum := 0.0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var line struct {
			Type, Metric string
			Data         struct{ Value float64 }
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if line.Type == "Point" && line.Metric == "nats_msgs_published" {
			sum += line.Data.Value
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestOutputsThatCannotOpenFailTheRunAsInvalidConfig(t *testing.T) {
	missingDir := filepath.Join(t.TempDir(), "missing", "points.json")
	for arg, want := range map[string]string{"json": "--out json: needs a file", "json=" + missingDir: "--out json: create the output file"} {
		r := runWithOutputs(t, []string{"web-dashboard=port=0", arg}, nil)
		if r.code != runner.ExitInvalidConfig || !strings.Contains(r.stderr, want) {
			t.Errorf("--out %s: exit %d, want 104 with %q:\n%s", arg, r.code, want, r.stderr)
		}
	}
}

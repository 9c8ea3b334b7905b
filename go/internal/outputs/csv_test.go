package outputs_test

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// k6CSVHeader is the header row of k6's CSV output.
var k6CSVHeader = []string{"metric_name", "timestamp", "metric_value", "check", "error", "error_code", "expected_response",
	"group", "method", "name", "proto", "scenario", "service", "status", "subproto", "tls_version", "url", "extra_tags", "metadata"}

func TestCSVOutputCountsWhatTheServerStored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.csv")
	r := runWithOutputs(t, []string{"csv=" + path}, nil)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "output: csv ("+path+")") {
		t.Fatalf("banner lacks the csv output:\n%s", r.stderr)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := readCSV(t, f)
	published := 0.0
	for _, row := range rows {
		if row["metric_name"] != "nats_msgs_published" {
			continue
		}
		published += csvValue(t, row)
		if row["scenario"] != "pub" {
			t.Fatalf("a nats_msgs_published row has scenario %q, want pub: %v", row["scenario"], row)
		}
		if ts, err := strconv.ParseInt(row["timestamp"], 10, 64); err != nil || time.Since(time.Unix(ts, 0)) > time.Hour {
			t.Fatalf("timestamp %q is not a recent unix time", row["timestamp"])
		}
	}
	if stored := r.storedMessages(t, uint64(published)); published != float64(stored) || stored != 60 {
		t.Fatalf("the CSV's nats_msgs_published rows sum to %v; the server stored %d (want 60)", published, stored)
	}
}

func TestCSVOutputGzipWithArgumentOptionsAndEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.csv.gz")
	r := runWithOutputs(t, []string{"csv=file_name=" + path + ",time_format=rfc3339_nano"},
		map[string]string{"K6_CSV_TIME_FORMAT": "unix", "K6_CSV_SAVE_INTERVAL": "100ms"}) // the argument wins
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	unzipped, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s is not gzip: %v", path, err)
	}
	published := 0.0
	for _, row := range readCSV(t, unzipped) {
		if _, err := time.Parse(time.RFC3339Nano, row["timestamp"]); err != nil {
			t.Fatalf("timestamp %q is not rfc3339_nano: %v", row["timestamp"], err)
		}
		if row["metric_name"] == "nats_msgs_published" {
			published += csvValue(t, row)
		}
	}
	if stored := r.storedMessages(t, uint64(published)); published != float64(stored) {
		t.Fatalf("the CSV's nats_msgs_published rows sum to %v; the server stored %d", published, stored)
	}
}

// readCSV reads k6 CSV rows as column name to cell, after checking the header.
func readCSV(t *testing.T, r io.Reader) []map[string]string {
	t.Helper()
	records, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatalf("the output is not CSV: %v", err)
	}
	if len(records) < 2 || !reflect.DeepEqual(records[0], k6CSVHeader) {
		t.Fatalf("header %v (of %d rows), want %v", records[0], len(records), k6CSVHeader)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, cell := range rec {
			row[k6CSVHeader[i]] = cell
		}
		rows = append(rows, row)
	}
	return rows
}

func csvValue(t *testing.T, row map[string]string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row["metric_value"], 64)
	if err != nil {
		t.Fatalf("metric_value %q: %v", row["metric_value"], err)
	}
	return v
}

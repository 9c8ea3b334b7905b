package outputs

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// csvTagColumns are the tags with a column of their own, in k6's order;
// the other tags go to extra_tags.
var csvTagColumns = []string{"check", "error", "error_code", "expected_response", "group", "method", "name",
	"proto", "scenario", "service", "status", "subproto", "tls_version", "url"}

// csvHeader is k6's CSV header row.
var csvHeader = append(append([]string{"metric_name", "timestamp", "metric_value"}, csvTagColumns...), "extra_tags", "metadata")

// csvOutput writes one row per sample in k6's CSV format. AddSamples and
// Stop run on the output's goroutine; a ticker pushes the buffered rows
// to the file every save interval, so the two share mu.
type csvOutput struct {
	desc       string
	timeFormat string
	dst        io.WriteCloser

	mu       sync.Mutex
	w        *csv.Writer
	err      error                        // the first write error; later rows are dropped
	tagCols  map[int][]string             // per tag set ID: the tag columns and extra_tags
	metaCol  map[*metrics.Metadata]string // metadata is immutable, so its pointer keys it
	record   []string
	stopTick chan struct{}
	tickDone chan struct{}
}

// newCSV is --out csv[=FILE | =file_name=F,save_interval=D,time_format=T].
func newCSV(p Params) (metrics.Output, error) {
	opts, err := parseCSVOptions(p.Arg, p.Env)
	if err != nil {
		return nil, err
	}
	dst, err := createFile(opts.fileName)
	if err != nil {
		return nil, err
	}
	o := &csvOutput{desc: "csv (" + opts.fileName + ")", timeFormat: opts.timeFormat, dst: dst, w: csv.NewWriter(dst),
		tagCols: map[int][]string{}, metaCol: map[*metrics.Metadata]string{}, record: make([]string, len(csvHeader)),
		stopTick: make(chan struct{}), tickDone: make(chan struct{})}
	o.err = o.w.Write(csvHeader)
	go o.saveEvery(opts.saveInterval)
	return o, nil
}

func (o *csvOutput) Description() string { return o.desc }

func (o *csvOutput) AddSamples(batch []metrics.Sample) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return
	}
	for _, s := range batch {
		o.record[0] = s.Metric.Name
		o.record[1] = o.timestamp(s.UnixNs)
		o.record[2] = strconv.FormatFloat(s.Value, 'f', 6, 64)
		copy(o.record[3:], o.tagColumns(s.Tags))
		o.record[len(o.record)-1] = o.metadata(s.Metadata)
		if err := o.w.Write(o.record); err != nil {
			o.err = err
			return
		}
	}
}

// saveEvery pushes the buffered rows to the file every interval, so that
// `tail -f` follows the run, until Stop.
func (o *csvOutput) saveEvery(interval time.Duration) {
	defer close(o.tickDone)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-o.stopTick:
			return
		case <-t.C:
			o.mu.Lock()
			o.save()
			o.mu.Unlock()
		}
	}
}

// save writes the buffered rows through to the file (and through gzip's
// buffer for a .gz file). The caller holds mu.
func (o *csvOutput) save() {
	o.w.Flush()
	if err := o.w.Error(); err != nil && o.err == nil {
		o.err = err
	}
	if f, ok := o.dst.(interface{ Flush() error }); ok && o.err == nil {
		o.err = f.Flush()
	}
}

func (o *csvOutput) Stop() error {
	close(o.stopTick)
	<-o.tickDone
	o.mu.Lock()
	defer o.mu.Unlock()
	o.save()
	err := errors.Join(o.err, o.dst.Close())
	if err != nil {
		return fmt.Errorf("writing CSV output: %w", err)
	}
	return nil
}

// timestamp formats a sample's time as time_format asks.
func (o *csvOutput) timestamp(unixNs int64) string {
	switch o.timeFormat {
	case "unix_milli":
		return strconv.FormatInt(unixNs/int64(time.Millisecond), 10)
	case "unix_micro":
		return strconv.FormatInt(unixNs/int64(time.Microsecond), 10)
	case "unix_nano":
		return strconv.FormatInt(unixNs, 10)
	case "rfc3339":
		return time.Unix(0, unixNs).Format(time.RFC3339)
	case "rfc3339_nano":
		return time.Unix(0, unixNs).Format(time.RFC3339Nano)
	}
	return strconv.FormatInt(unixNs/int64(time.Second), 10)
}

// tagColumns is a tag set's cells from check to extra_tags, computed
// once per tag set.
func (o *csvOutput) tagColumns(ts *metrics.TagSet) []string {
	if cols, ok := o.tagCols[ts.ID]; ok {
		return cols
	}
	cols := make([]string, len(csvTagColumns)+1)
	var extra []string
	for _, tag := range ts.Tags { // sorted by key, so extra_tags is too
		if i := columnIndex(tag.Key); i >= 0 {
			cols[i] = tag.Value
		} else {
			extra = append(extra, tag.Key+"="+tag.Value)
		}
	}
	cols[len(cols)-1] = strings.Join(extra, "&")
	o.tagCols[ts.ID] = cols
	return cols
}

func columnIndex(key string) int {
	for i, c := range csvTagColumns {
		if c == key {
			return i
		}
	}
	return -1
}

// metadata is the metadata cell, k=v pairs joined by & as extra_tags.
func (o *csvOutput) metadata(md *metrics.Metadata) string {
	if md == nil {
		return ""
	}
	if cell, ok := o.metaCol[md]; ok {
		return cell
	}
	pairs := md.Map()
	keys := slices.Sorted(maps.Keys(pairs))
	for i, k := range keys {
		keys[i] = k + "=" + pairs[k]
	}
	cell := strings.Join(keys, "&")
	o.metaCol[md] = cell
	return cell
}

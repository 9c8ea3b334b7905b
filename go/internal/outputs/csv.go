package outputs

import (
	"bufio"
	"bytes"
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
//
// A row is the metric's cell, the timestamp, the value and the cells of
// its tag set and metadata. All but timestamp and value (digits, signs,
// dots and colons, which CSV never quotes) are encoded by encoding/csv
// once per metric or (tag set, metadata) and then copied, so a row costs
// two number formats and a few copies.
type csvOutput struct {
	desc       string
	timeFormat string
	dst        io.WriteCloser

	mu       sync.Mutex
	w        *bufio.Writer
	err      error                      // the first write error; later rows are dropped
	names    map[*metrics.Metric][]byte // metric_name cell and its comma
	tails    map[csvTailKey][]byte      // the cells from check to metadata, with the line end
	line     []byte
	stopTick chan struct{}
	tickDone chan struct{}
}

// csvTailKey is what decides a row's last cells; tag sets are interned
// and metadata is immutable, so the pointers key them.
type csvTailKey struct {
	tags     *metrics.TagSet
	metadata *metrics.Metadata
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
	o := &csvOutput{desc: "csv (" + opts.fileName + ")", timeFormat: opts.timeFormat, dst: dst, w: bufio.NewWriterSize(dst, 64<<10),
		names: map[*metrics.Metric][]byte{}, tails: map[csvTailKey][]byte{},
		stopTick: make(chan struct{}), tickDone: make(chan struct{})}
	_, o.err = o.w.Write(csvCells(csvHeader...))
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
	for i := range batch {
		s := &batch[i]
		name, ok := o.names[s.Metric]
		if !ok {
			name = csvCells(s.Metric.Name)
			name[len(name)-1] = ','
			o.names[s.Metric] = name
		}
		o.line = append(o.line[:0], name...)
		o.line = o.appendTimestamp(o.line, s.UnixNs)
		o.line = append(o.line, ',')
		o.line = strconv.AppendFloat(o.line, s.Value, 'f', 6, 64)
		o.line = append(o.line, ',')
		o.line = append(o.line, o.tail(s.Tags, s.Metadata)...)
		if _, err := o.w.Write(o.line); err != nil {
			o.err = err
			return
		}
	}
}

// csvCells is one CSV line of the given cells, as encoding/csv writes it.
func csvCells(cells ...string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(cells) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
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
	if err := o.w.Flush(); err != nil && o.err == nil {
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

// appendTimestamp appends a sample's time as time_format asks.
func (o *csvOutput) appendTimestamp(b []byte, unixNs int64) []byte {
	switch o.timeFormat {
	case "unix_milli":
		return strconv.AppendInt(b, unixNs/int64(time.Millisecond), 10)
	case "unix_micro":
		return strconv.AppendInt(b, unixNs/int64(time.Microsecond), 10)
	case "unix_nano":
		return strconv.AppendInt(b, unixNs, 10)
	case "rfc3339":
		return time.Unix(0, unixNs).AppendFormat(b, time.RFC3339)
	case "rfc3339_nano":
		return time.Unix(0, unixNs).AppendFormat(b, time.RFC3339Nano)
	}
	return strconv.AppendInt(b, unixNs/int64(time.Second), 10)
}

// tail is the encoded cells from check to metadata of a tag set and
// metadata, with the line end, computed once per pair.
func (o *csvOutput) tail(ts *metrics.TagSet, md *metrics.Metadata) []byte {
	key := csvTailKey{ts, md}
	if b, ok := o.tails[key]; ok {
		return b
	}
	cells := make([]string, len(csvTagColumns)+2)
	var extra []string
	for _, tag := range ts.Tags { // sorted by key, so extra_tags is too
		if i := columnIndex(tag.Key); i >= 0 {
			cells[i] = tag.Value
		} else {
			extra = append(extra, tag.Key+"="+tag.Value)
		}
	}
	cells[len(cells)-2] = strings.Join(extra, "&")
	cells[len(cells)-1] = metadataCell(md)
	b := csvCells(cells...)
	o.tails[key] = b
	return b
}

func columnIndex(key string) int {
	for i, c := range csvTagColumns {
		if c == key {
			return i
		}
	}
	return -1
}

// metadataCell is the metadata cell, k=v pairs joined by & as extra_tags.
func metadataCell(md *metrics.Metadata) string {
	if md == nil {
		return ""
	}
	pairs := md.Map()
	keys := slices.Sorted(maps.Keys(pairs))
	for i, k := range keys {
		keys[i] = k + "=" + pairs[k]
	}
	return strings.Join(keys, "&")
}

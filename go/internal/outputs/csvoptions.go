package outputs

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// csvOptions are k6's CSV output options. Each has a K6_CSV_* variable
// and a key of --out csv=file_name=F,save_interval=1s,time_format=unix;
// --out csv=F names the file only.
type csvOptions struct {
	fileName     string        // file_name (K6_CSV_FILENAME), default file.csv; .gz: gzipped
	saveInterval time.Duration // save_interval (K6_CSV_SAVE_INTERVAL), default 1s: how often rows reach the file
	timeFormat   string        // time_format (K6_CSV_TIME_FORMAT), default unix
}

// csvTimeFormats are the timestamp formats k6 documents for the CSV output.
var csvTimeFormats = []string{"unix", "unix_milli", "unix_micro", "unix_nano", "rfc3339", "rfc3339_nano"}

// csvOptionEnv maps each option key to its variable.
var csvOptionEnv = []struct{ key, env string }{
	{"file_name", "K6_CSV_FILENAME"},
	{"save_interval", "K6_CSV_SAVE_INTERVAL"},
	{"time_format", "K6_CSV_TIME_FORMAT"},
}

// parseCSVOptions reads the K6_CSV_* variables of env, then arg, which wins.
func parseCSVOptions(arg string, env map[string]string) (csvOptions, error) {
	o := csvOptions{fileName: "file.csv", saveInterval: time.Second, timeFormat: "unix"}
	for _, opt := range csvOptionEnv {
		if v := env[opt.env]; v != "" {
			if err := o.set(opt.key, v); err != nil {
				return o, fmt.Errorf("%s: %w", opt.env, err)
			}
		}
	}
	if arg == "" {
		return o, nil
	}
	// The key=value form starts with a known key; anything else is a
	// file name, which may itself hold '=' or ','.
	if first, _, _ := strings.Cut(arg, "="); !isCSVKey(first) {
		o.fileName = arg
		return o, nil
	}
	for _, pair := range strings.Split(arg, ",") {
		key, v, ok := strings.Cut(pair, "=")
		if !ok || !isCSVKey(key) {
			return o, fmt.Errorf("%q is not one of file_name=, save_interval=, time_format=", pair)
		}
		if err := o.set(key, v); err != nil {
			return o, fmt.Errorf("%s: %w", key, err)
		}
	}
	return o, nil
}

func isCSVKey(key string) bool {
	for _, opt := range csvOptionEnv {
		if opt.key == key {
			return true
		}
	}
	return false
}

// set applies one option given as text.
func (o *csvOptions) set(key, v string) error {
	switch key {
	case "file_name":
		if v == "" {
			return fmt.Errorf("want a file name")
		}
		o.fileName = v
	case "save_interval":
		d, err := parseSaveInterval(v)
		if err != nil {
			return err
		}
		o.saveInterval = d
	case "time_format":
		for _, f := range csvTimeFormats {
			if v == f {
				o.timeFormat = v
				return nil
			}
		}
		return fmt.Errorf("want one of %s, got %q", strings.Join(csvTimeFormats, ", "), v)
	}
	return nil
}

// parseSaveInterval reads a duration with units ("1m45s") or, as k6
// documents, a number of milliseconds.
func parseSaveInterval(v string) (time.Duration, error) {
	d, err := scheduler.ParseDuration(v)
	if err != nil {
		ms, nerr := strconv.ParseFloat(v, 64)
		if nerr != nil {
			return 0, fmt.Errorf("want a duration such as 1s or a number of milliseconds, got %q", v)
		}
		d = time.Duration(ms * float64(time.Millisecond))
	}
	if d <= 0 {
		return 0, fmt.Errorf("want a positive interval, got %q", v)
	}
	return d, nil
}

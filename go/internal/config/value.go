package config

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// Kind is how a flag or environment variable's text becomes an option's
// JSON value.
type Kind int

const (
	Int      Kind = iota // 10
	Duration             // a k6 duration: 30s, 1m30s, 1d
	Bool                 // true, false, 1, 0
	String               // as given
	List                 // comma-separated: avg,p(95) → ["avg","p(95)"]
	Stages               // 30s:10,1m:0 → [{"duration":"30s","target":10},...]
)

// Encode turns text into the option's JSON value, checking it as it goes.
func Encode(kind Kind, text string) (json.RawMessage, error) {
	var v any
	switch kind {
	case Int:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", text)
		}
		v = n
	case Duration:
		if _, err := optread.ParseDuration(text); err != nil {
			return nil, err
		}
		v = strings.TrimSpace(text)
	case Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", text)
		}
		v = b
	case String:
		v = text
	case List:
		v = splitList(text)
	case Stages:
		stages, err := ParseStages(text)
		if err != nil {
			return nil, err
		}
		v = stages
	}
	return json.Marshal(v)
}

// splitList reads a comma-separated list, dropping empty items.
func splitList(text string) []string {
	items := []string{}
	for _, item := range strings.Split(text, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// Stage is one `--stage DURATION:TARGET` step, as the options' stages
// array holds it.
type Stage struct {
	Duration string `json:"duration"`
	Target   int64  `json:"target"`
}

// ParseStages reads k6's stage syntax: comma-separated DURATION:TARGET
// steps, e.g. 30s:10,1m:0.
func ParseStages(text string) ([]Stage, error) {
	var stages []Stage
	for _, step := range strings.Split(text, ",") {
		step = strings.TrimSpace(step)
		if step == "" {
			continue
		}
		d, target, _ := strings.Cut(step, ":")
		if _, err := optread.ParseDuration(d); err != nil {
			return nil, fmt.Errorf("stage %q: %w", step, err)
		}
		n, err := strconv.ParseInt(strings.TrimSpace(target), 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("stage %q: want DURATION:TARGET with a target >= 0, e.g. 30s:10", step)
		}
		stages = append(stages, Stage{Duration: strings.TrimSpace(d), Target: n})
	}
	if len(stages) == 0 {
		return nil, fmt.Errorf("no stage in %q: want DURATION:TARGET, e.g. 30s:10", text)
	}
	return stages, nil
}

package natsmod

import (
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// PayloadTemplate is a payload with per-message fields, compiled once
// from text such as {"seq":{{seq}},"ts":{{ts}},"id":"{{uuid}}"} into
// literal bytes and fields, and rendered per message by appending to a
// buffer: no parsing and, into a reused buffer, no allocation.
type PayloadTemplate struct {
	segments []templateSegment
	maxLen   int // the longest rendering: literals plus each field's widest
}

// templateSegment is a literal followed by a field (fieldEnd after the
// last literal).
type templateSegment struct {
	literal []byte
	field   templateField
}

type templateField int

const (
	fieldEnd  templateField = iota
	fieldSeq                // the message's number in the run, from 1
	fieldTS                 // the send time, Unix milliseconds (as Date.now())
	fieldUUID               // a random (version 4) UUID, 36 characters
)

// templateFields are the names between {{ and }}, with their widest
// rendering in bytes.
var templateFields = map[string]struct {
	field templateField
	width int
}{
	"seq":  {fieldSeq, 20},
	"ts":   {fieldTS, 20},
	"uuid": {fieldUUID, 36},
}

// CompilePayloadTemplate compiles src: every {{ opens a field, closed by
// the next }}, named seq, ts or uuid; the rest is copied as it is.
func CompilePayloadTemplate(src string) (*PayloadTemplate, error) {
	t := &PayloadTemplate{}
	rest := src
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			t.add([]byte(rest), fieldEnd, 0)
			return t, nil
		}
		end := strings.Index(rest[open+2:], "}}")
		if end < 0 {
			return nil, fmt.Errorf("the {{ at byte %d is never closed by }}", len(src)-len(rest)+open)
		}
		name := strings.TrimSpace(rest[open+2 : open+2+end])
		f, ok := templateFields[name]
		if !ok {
			return nil, fmt.Errorf("unknown field {{%s}}: the fields are {{seq}}, {{ts}} and {{uuid}}", name)
		}
		t.add([]byte(rest[:open]), f.field, f.width)
		rest = rest[open+2+end+2:]
	}
}

func (t *PayloadTemplate) add(literal []byte, f templateField, width int) {
	t.segments = append(t.segments, templateSegment{literal: literal, field: f})
	t.maxLen += len(literal) + width
}

// MaxLen is the longest payload the template renders: a buffer of this
// capacity never grows.
func (t *PayloadTemplate) MaxLen() int { return t.maxLen }

// Render appends the payload of message seq, sent at now, to dst; rng
// draws the UUIDs (the caller's own: a source is not safe for
// concurrent use).
func (t *PayloadTemplate) Render(dst []byte, seq uint64, now time.Time, rng *mrand.ChaCha8) []byte {
	for i := range t.segments {
		s := &t.segments[i]
		dst = append(dst, s.literal...)
		switch s.field {
		case fieldSeq:
			dst = strconv.AppendUint(dst, seq, 10)
		case fieldTS:
			dst = strconv.AppendInt(dst, now.UnixMilli(), 10)
		case fieldUUID:
			dst = appendUUID(dst, rng)
		}
	}
	return dst
}

// newTemplateRand is a UUID source seeded from the system's randomness:
// fast, unpredictable enough for test traffic, not for secrets.
func newTemplateRand() *mrand.ChaCha8 {
	var seed [32]byte
	_, _ = rand.Read(seed[:])
	return mrand.NewChaCha8(seed)
}

const hexDigits = "0123456789abcdef"

// appendUUID appends a version 4 UUID in its 8-4-4-4-12 text form.
func appendUUID(dst []byte, rng *mrand.ChaCha8) []byte {
	var u [16]byte
	hi, lo := rng.Uint64(), rng.Uint64()
	for i := range 8 {
		u[i], u[8+i] = byte(hi>>(56-8*i)), byte(lo>>(56-8*i))
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexDigits[b>>4], hexDigits[b&0x0f])
	}
	return dst
}

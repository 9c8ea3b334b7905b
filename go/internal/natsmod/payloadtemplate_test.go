package natsmod

import (
	"encoding/json"
	mrand "math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestPayloadTemplateRendersItsFields(t *testing.T) {
	tpl, err := CompilePayloadTemplate(`{"seq":{{seq}},"ts":{{ ts }},"id":"{{uuid}}","s":"{{seq}}"}`)
	if err != nil {
		t.Fatal(err)
	}
	rng := mrand.NewChaCha8([32]byte{1})
	now := time.UnixMilli(1_764_806_400_123)
	got := string(tpl.Render(nil, 42, now, rng))
	id := got[strings.Index(got, `"id":"`)+6:][:36]
	if want := `{"seq":42,"ts":1764806400123,"id":"` + id + `","s":"42"}`; got != want {
		t.Fatalf("rendered %s, want %s", got, want)
	}
	if !uuidV4.MatchString(id) {
		t.Fatalf("%q is not a version 4 UUID", id)
	}
	if again := string(tpl.Render(nil, 42, now, rng)); again == got {
		t.Fatal("two renderings drew the same UUID")
	}
	if len(got) > tpl.MaxLen() {
		t.Fatalf("rendered %d bytes, MaxLen says at most %d", len(got), tpl.MaxLen())
	}
}

func TestPayloadTemplateWithoutFieldsIsItsText(t *testing.T) {
	for _, src := range []string{"", "plain", `{"a":{"b":1}}`, "}}"} {
		tpl, err := CompilePayloadTemplate(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(tpl.Render(nil, 1, time.Now(), nil)); got != src {
			t.Fatalf("%q rendered %q", src, got)
		}
	}
}

func TestPayloadTemplateRejectsBadFields(t *testing.T) {
	for src, want := range map[string]string{
		`{"a":{{sequence}}}`: "unknown field {{sequence}}",
		`{"a":{{seq}`:        "the {{ at byte 5 is never closed",
		`{{}}`:               "unknown field {{}}",
	} {
		if _, err := CompilePayloadTemplate(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", src, err, want)
		}
	}
}

// The goal: 0 allocs/op rendering into a reused buffer.
func BenchmarkPayloadTemplateRender(b *testing.B) {
	tpl, err := CompilePayloadTemplate(`{"seq":{{seq}},"ts":{{ts}},"id":"{{uuid}}","pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`)
	if err != nil {
		b.Fatal(err)
	}
	rng := newTemplateRand()
	buf := make([]byte, 0, tpl.MaxLen())
	now := time.Now()
	b.ReportAllocs()
	for i := range b.N {
		buf = tpl.Render(buf[:0], uint64(i), now, rng)
	}
	b.SetBytes(int64(len(buf)))
}

type templated struct {
	Seq uint64 `json:"seq"`
	TS  int64  `json:"ts"`
	ID  string `json:"id"`
}

// decodeTemplated checks each payload is the template's JSON and that
// the sequence numbers are 1..n, the times within [from, to] and the
// UUIDs distinct.
func decodeTemplated(t *testing.T, payloads [][]byte, from, to time.Time) {
	t.Helper()
	seen, ids := make([]bool, len(payloads)+1), map[string]bool{}
	for _, p := range payloads {
		var m templated
		if err := json.Unmarshal(p, &m); err != nil {
			t.Fatalf("payload %q: %v", p, err)
		}
		if m.Seq < 1 || m.Seq > uint64(len(payloads)) || seen[m.Seq] {
			t.Fatalf("seq %d: not one of 1..%d once", m.Seq, len(payloads))
		}
		seen[m.Seq] = true
		if m.TS < from.UnixMilli() || m.TS > to.UnixMilli() || !uuidV4.MatchString(m.ID) || ids[m.ID] {
			t.Fatalf("payload %s: ts outside [%d, %d], or a UUID not v4 or seen before", p, from.UnixMilli(), to.UnixMilli())
		}
		ids[m.ID] = true
	}
}

const testTemplate = `{"seq":{{seq}},"ts":{{ts}},"id":"{{uuid}}"}`

func TestPublishRateRendersTheTemplatePerMessage(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	nc := testsupport.Connect(t, s.ClientURL())
	var mu sync.Mutex
	var payloads [][]byte
	if _, err := nc.Subscribe("tpl", func(m *nats.Msg) { mu.Lock(); payloads = append(payloads, m.Data); mu.Unlock() }); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	tpl, err := CompilePayloadTemplate(testTemplate)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Now()
	res, err := rateOutcome(t, e, e.connect(t, ConnectOptions{}), PublishRateOptions{
		Subject: "tpl", Rate: 2000, Duration: 500 * time.Millisecond, Template: tpl, Connections: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	to := time.Now()
	testsupport.Eventually(t, 10*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return int64(len(payloads)) == res.Sent },
		"the subscriber never got the %d messages sent", res.Sent)
	mu.Lock()
	defer mu.Unlock()
	decodeTemplated(t, payloads, from, to)
	var size int
	for _, p := range payloads {
		size += len(p)
	}
	if got := e.stats("nats_bytes_published").Sum; got != float64(size) {
		t.Fatalf("nats_bytes_published %v, the payloads hold %d", got, size)
	}
}

func TestPublishRateJetStreamStoresTheRenderedTemplate(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "TPL", Subjects: []string{"tpl.js"}, Storage: jetstream.MemoryStorage})
	tpl, err := CompilePayloadTemplate(testTemplate)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Now()
	res, err := rateOutcome(t, e, js.conn, PublishRateOptions{
		Subject: "tpl.js", Rate: 1000, Duration: 500 * time.Millisecond, Template: tpl, Mode: PublishJetStream,
	})
	if err != nil {
		t.Fatal(err)
	}
	to := time.Now()
	if res.Completed != 500 {
		t.Fatalf("result %+v", *res)
	}
	// Each message has its own payload: none is overwritten by the next
	// one while nats.go holds it for its ack.
	reader, err := jetstream.New(testsupport.Connect(t, js.conn.nc.ConnectedUrl()))
	if err != nil {
		t.Fatal(err)
	}
	stream, err := reader.Stream(t.Context(), "TPL")
	if err != nil {
		t.Fatal(err)
	}
	var payloads [][]byte
	for seq := uint64(1); seq <= 500; seq++ {
		m, err := stream.GetMsg(t.Context(), seq)
		if err != nil {
			t.Fatal(err)
		}
		payloads = append(payloads, m.Data)
	}
	decodeTemplated(t, payloads, from, to)
}

func TestPublishRateTemplateTakesTheWholePayload(t *testing.T) {
	e := newCoreEnv(t, testsupport.StartServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	tpl, err := CompilePayloadTemplate(testTemplate)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []PublishRateOptions{
		{Subject: "x", Rate: 1, Duration: time.Second, Template: tpl, Payload: []byte("x")},
		{Subject: "x", Rate: 1, Duration: time.Second, Template: tpl, Timestamp: TimestampPayload},
	} {
		if err := c.PublishRate(o, func(*PublishRateResult, error) { t.Error("started") }); CodeOf(err) != CodeInvalidConfig {
			t.Errorf("got %v, want 1003", err)
		}
	}
}

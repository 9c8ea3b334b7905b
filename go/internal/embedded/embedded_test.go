package embedded

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

func TestServerRoundTripAndJetStream(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	shutdown := true
	defer func() {
		if shutdown {
			s.Shutdown()
		}
	}()
	if !strings.HasPrefix(s.URL(), "nats://127.0.0.1:") || strings.HasSuffix(s.URL(), ":4222") {
		t.Fatalf("URL %q: want a random loopback port", s.URL())
	}

	nc := testsupport.Connect(t, s.URL())
	sub, err := nc.SubscribeSync("ping")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish("ping", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	msg, err := sub.NextMsg(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if string(msg.Data) != "hello" {
		t.Fatalf("got %q", msg.Data)
	}

	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "EMBEDDED", Subjects: []string{"emb.>"}})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := js.Publish(ctx, "emb.x", []byte("m")); err != nil {
			t.Fatal(err)
		}
	}
	info, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 3 {
		t.Fatalf("stream holds %d messages, want 3", info.State.Msgs)
	}

	store := s.storeDir
	if _, err := os.Stat(store); err != nil {
		t.Fatalf("store dir while running: %v", err)
	}
	nc.Close()
	shutdown = false
	s.Shutdown()
	if _, err := os.Stat(store); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("store dir %s still there after Shutdown: %v", store, err)
	}
	if _, err := nats.Connect(s.URL(), nats.Timeout(time.Second)); err == nil {
		t.Fatal("server still accepts connections after Shutdown")
	}
}

func TestServersAreIndependent(t *testing.T) {
	a, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown()
	b, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Shutdown()
	if a.URL() == b.URL() || a.storeDir == b.storeDir {
		t.Fatalf("two servers share %s / %s", a.URL(), a.storeDir)
	}
}

package natsmod

import (
	"os"
	"testing"

	"github.com/pondigo/natsk6/go/internal/benchserver"
)

func TestMain(m *testing.M) {
	benchserver.ServeIfChild()
	os.Exit(m.Run())
}

// startServerProcess runs a nats-server in a child process (see package
// benchserver) and returns its URL.
func startServerProcess(b *testing.B) string {
	return benchserver.Start(b)
}

package runner

import (
	"errors"
	"fmt"

	"github.com/pondigo/natsk6/go/internal/embedded"
	"github.com/pondigo/natsk6/go/internal/modules/cluster"
)

// serveCluster starts the --embedded-cluster and points NATS_URL at all
// its nodes; stop shuts it down. It excludes the other ways to name a
// server, since the fault API would act on a cluster the script does
// not talk to.
func (t *testRun) serveCluster() (stop func(), err error) {
	if t.natsURL != "" {
		return nil, errors.New("--embedded-cluster: NATS_URL is set too; unset it, or drop --embedded-cluster to test that server")
	}
	if t.cfg.NoEmbedded {
		return nil, errors.New("--embedded-cluster and --no-embedded contradict each other")
	}
	c, err := embedded.StartCluster(t.cfg.EmbeddedCluster)
	if err != nil {
		return nil, fmt.Errorf("start the embedded cluster: %w", err)
	}
	t.cluster, t.natsURL, t.embedded = c, c.URL(), true
	t.monitorURLs = c.MonitorURLs()
	t.env["NATS_URL"] = t.natsURL
	return c.Shutdown, nil
}

// faults is what k6/x/nats/cluster acts on: nil (every call throws)
// without the embedded cluster.
func (t *testRun) faults() cluster.Faults {
	if t.cluster == nil {
		return nil
	}
	return t.cluster
}

package omb

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

func runWorkload(t *testing.T, text string) *TestResult {
	t.Helper()
	srv := testsupport.StartServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Run(ctx, writeWorkload(t, text), Config{URL: srv.ClientURL(), Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCoreModeQueueGroupsGetEveryMessageOncePerSubscription(t *testing.T) {
	res := runWorkload(t, `
name: core
topics: 1
partitionsPerTopic: 2
messageSize: 100
subscriptionsPerTopic: 2
consumerPerSubscription: 2
producersPerTopic: 1
producerRate: 2000
testDurationMinutes: 1
natsk6: {mode: core, testDurationSeconds: 3, warmupDurationSeconds: 1, windowSeconds: 1}
`)
	if res.Driver != "NATS (natsk6)" || len(res.NATS.Streams) != 0 {
		t.Errorf("driver %q, streams %v: want core NATS and no stream", res.Driver, res.NATS.Streams)
	}
	// At least 4 s at 2,000 msgs/s (late windows run longer), each
	// message to both subscriptions.
	if p := res.NATS.Published; p < 7_600 {
		t.Errorf("published %d, want 8,000 or more", p)
	}
	if res.NATS.Consumed != 2*res.NATS.Published {
		t.Errorf("consumed %d, want twice the %d published (two subscriptions)", res.NATS.Consumed, res.NATS.Published)
	}
}

func TestBacklogBuildsWhileConsumersPauseThenDrains(t *testing.T) {
	res := runWorkload(t, `
name: backlog
topics: 1
partitionsPerTopic: 1
messageSize: 1024
subscriptionsPerTopic: 1
consumerPerSubscription: 1
producersPerTopic: 1
producerRate: 1000
consumerBacklogSizeGB: 0.0015
backlogDrainRatio: 1.0
testDurationMinutes: 1
natsk6: {testDurationSeconds: 1, warmupDurationSeconds: 0, windowSeconds: 0.5, storage: memory}
`)
	// 0.0015 GiB is 1,573 messages of 1 KiB: over 1.5 s of the schedule
	// at 1,000 msgs/s. The windows sample it on its way up. (A gentle
	// rate: under the race detector on a busy machine the consumer must
	// still outrun the producer to drain.)
	if peak := slices.Max(res.Backlog); peak < 1000 {
		t.Errorf("backlog series %v never passed 1,000 messages", res.Backlog)
	}
	if res.NATS.BacklogBuildSeconds < 1.5 || res.NATS.BacklogDrainSeconds <= 0 {
		t.Errorf("backlog built in %v s, drained in %v s: want over 1.5 s to build, and a drain", res.NATS.BacklogBuildSeconds, res.NATS.BacklogDrainSeconds)
	}
	if last := res.Backlog[len(res.Backlog)-1]; last > minDrainedBacklog {
		t.Errorf("backlog series %v ends above %d", res.Backlog, minDrainedBacklog)
	}
	if res.NATS.Consumed != res.NATS.Published {
		t.Errorf("consumed %d of %d published", res.NATS.Consumed, res.NATS.Published)
	}
}

func TestProducerRateZeroSearchesTheRate(t *testing.T) {
	res := runWorkload(t, `
name: max-rate
topics: 1
partitionsPerTopic: 1
messageSize: 100
subscriptionsPerTopic: 1
consumerPerSubscription: 1
producersPerTopic: 1
producerRate: 0
testDurationMinutes: 1
natsk6: {testDurationSeconds: 4, warmupDurationSeconds: 0, windowSeconds: 1, storage: memory}
`)
	if !res.NATS.MaxRateSearched || res.NATS.TargetRate == searchStartRate {
		t.Errorf("searched %v, target %v: want the search to have moved the rate from %d",
			res.NATS.MaxRateSearched, res.NATS.TargetRate, searchStartRate)
	}
	t.Logf("rate found: %.0f msgs/s; publishRate %v", res.NATS.TargetRate, res.PublishRate)
	if res.NATS.Consumed != res.NATS.Published {
		t.Errorf("consumed %d of %d published", res.NATS.Consumed, res.NATS.Published)
	}
}

// testLog shows a run's progress lines in the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

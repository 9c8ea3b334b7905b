// Package omb runs OpenMessaging Benchmark (OMB) workload files against
// NATS and writes OMB's result JSON, so NATS results chart beside Kafka's
// with OMB's own bin/create_charts.py.
//
// Everything runs in plain Go with nats.go (no script, no VU): topics are
// JetStream streams (or core NATS subjects), each partition a subject
// token <topic>.<partition>, producers open-loop publishers, each
// subscription a durable pull consumer (a queue group in core mode)
// shared by its consumers. Messages carry their send time in the first 8
// payload bytes (big-endian Unix ns), as OMB's drivers carry theirs.
package omb

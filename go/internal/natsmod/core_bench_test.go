package natsmod

import "testing"

// BenchmarkPublish measures the publish hot path including metrics
// emission; without options it should not allocate.
func BenchmarkPublish(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts ConnectOptions
	}{
		{"plain", ConnectOptions{}},
		{"tagSubject", ConnectOptions{TagSubject: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := newCoreEnv(b, startServerProcess(b))
			c, err := e.module.Connect(tc.opts)
			if err != nil {
				b.Fatal(err)
			}
			payload := make([]byte, 16)
			b.ReportAllocs()
			for b.Loop() {
				if err := c.Publish("bench.pub", payload, PublishOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPublishBulk measures publishBulk, the throughput path.
func BenchmarkPublishBulk(b *testing.B) {
	e := newCoreEnv(b, startServerProcess(b))
	c, err := e.module.Connect(ConnectOptions{})
	if err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 16)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.PublishBulk("bench.bulk", payload, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

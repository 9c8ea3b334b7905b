package metrics

// Builtin holds k6's built-in metrics, registered on every run.
type Builtin struct {
	Iterations, IterationDuration, VUs, VUsMax, Checks, GroupDuration,
	DroppedIterations, DataSent, DataReceived *Metric
}

// RegisterBuiltin registers k6's built-in metrics on r.
func RegisterBuiltin(r *Registry) *Builtin {
	return &Builtin{
		Iterations:        r.MustNew("iterations", Counter, Default),
		IterationDuration: r.MustNew("iteration_duration", Trend, Time),
		VUs:               r.MustNew("vus", Gauge, Default),
		VUsMax:            r.MustNew("vus_max", Gauge, Default),
		Checks:            r.MustNew("checks", Rate, Default),
		GroupDuration:     r.MustNew("group_duration", Trend, Time),
		DroppedIterations: r.MustNew("dropped_iterations", Counter, Default),
		DataSent:          r.MustNew("data_sent", Counter, Data),
		DataReceived:      r.MustNew("data_received", Counter, Data),
	}
}

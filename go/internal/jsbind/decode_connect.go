package jsbind

import (
	"math"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// decodeConnect reads nats.connect(options): timeouts in milliseconds,
// reconnectWait in seconds (as in the xk6-nats design's example), tls as
// nats.tlsOptions(...) or a plain object.
func decodeConnect(m map[string]any) (natsmod.ConnectOptions, error) {
	r := optread.New("connect", m)
	o := natsmod.ConnectOptions{
		URLs:      r.Strings("urls"),
		Name:      r.String("name"),
		User:      r.String("user"),
		Pass:      r.String("pass"),
		Token:     r.String("token"),
		NkeySeed:  r.String("nkeySeed"),
		NkeyFile:  r.File("nkeyFile"),
		CredsFile: r.File("credsFile"),
		Timeout:   r.Millis("timeout"),
		NoEcho:    r.Bool("noEcho"),
		Timestamp: r.Bool("timestamp"),
	}
	o.Accounting = r.Bool("accounting")
	o.TagSubject = r.Bool("tagSubject")
	o.NoMetrics = r.Has("metrics") && !r.Bool("metrics")
	o.PingInterval = r.Millis("pingInterval")
	if secs, ok := r.Number("reconnectWait"); ok {
		o.ReconnectWait = optread.Millis(secs * 1000)
	}
	if r.Has("maxReconnects") {
		n := int(r.Int("maxReconnects", -1, math.MaxInt32))
		o.MaxReconnects = &n
	}
	if v, ok := r.Take("tls"); ok {
		o.TLS = tlsValue(r, v)
	}
	return o, natsmod.ConfigError(r.Done())
}

// tlsValue reads connect's tls: a loaded nats.tlsOptions(...) or an
// object of its options.
func tlsValue(r *optread.Reader, v any) *natsmod.TLSConfig {
	switch x := v.(type) {
	case *natsmod.TLSConfig:
		return x
	case map[string]any:
		cfg, err := loadTLS(x)
		r.Adopt(err)
		return cfg
	}
	r.Fail("tls", "expected nats.tlsOptions(...) or an object, got %s", optread.TypeName(v))
	return nil
}

// loadTLS reads nats.tlsOptions({ caFile, certFile, keyFile,
// insecureSkipVerify, serverName }) and loads the files it names.
func loadTLS(m map[string]any) (*natsmod.TLSConfig, error) {
	r := optread.New("tls", m)
	o := natsmod.TLSOptions{
		CAFile:             r.File("caFile"),
		CertFile:           r.File("certFile"),
		KeyFile:            r.File("keyFile"),
		InsecureSkipVerify: r.Bool("insecureSkipVerify"),
		ServerName:         r.String("serverName"),
	}
	if err := natsmod.ConfigError(r.Done()); err != nil {
		return nil, err
	}
	return natsmod.LoadTLS(o)
}

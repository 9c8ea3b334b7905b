package natsmod

import (
	"crypto/tls"
	"crypto/x509"
	"math"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// Defaults for call arguments given as 0 or left out (milliseconds).
const (
	DefaultRequestTimeout = 5 * time.Second
	DefaultNextTimeout    = 5 * time.Second
	DefaultFlushTimeout   = 10 * time.Second
)

// connOptions are validated connect() options.
type connOptions struct {
	urls                      []string
	name                      string
	user, pass, token         string
	nkeySeed, nkeyFile, creds string
	tls                       *TLSConfig
	timeout, reconnectWait    time.Duration
	pingInterval              time.Duration
	maxReconnects             int
	maxReconnectsSet          bool
	noEcho                    bool
	tagSubject, timestamp     bool
	metrics                   bool // emit nats_* samples (data_sent/data_received always)
	accounting                bool // stamp publishes and track deliveries (accounting.go)
}

func parseConnectOptions(m map[string]any, defaultURL string) (*connOptions, error) {
	r := optread.New("connect", m)
	o := &connOptions{
		urls:      r.Strings("urls"),
		name:      r.String("name"),
		user:      r.String("user"),
		pass:      r.String("pass"),
		token:     r.String("token"),
		nkeySeed:  r.String("nkeySeed"),
		nkeyFile:  r.File("nkeyFile"),
		creds:     r.File("credsFile"),
		timeout:   r.Millis("timeout"),
		noEcho:    r.Bool("noEcho"),
		timestamp: r.Bool("timestamp"),
	}
	o.accounting = r.Bool("accounting")
	o.tagSubject = r.Bool("tagSubject")
	o.metrics = !r.Has("metrics") || r.Bool("metrics")
	o.pingInterval = r.Millis("pingInterval")
	// reconnectWait is in seconds, as in the seed's example (reconnectWait: 2).
	if secs, ok := r.Number("reconnectWait"); ok {
		o.reconnectWait = time.Duration(secs * float64(time.Second))
	}
	// -1 is nats.go's "reconnect forever".
	if r.Has("maxReconnects") {
		o.maxReconnects, o.maxReconnectsSet = int(r.Int("maxReconnects", -1, math.MaxInt32)), true
	}
	if v, ok := r.Take("tls"); ok {
		o.tls = tlsValue(r, v)
	}
	if err := configError(r.Done()); err != nil {
		return nil, err
	}
	if len(o.urls) == 0 {
		if defaultURL == "" {
			return nil, invalidConfig("connect.urls", "no server given and no default NATS_URL")
		}
		o.urls = []string{defaultURL}
	}
	if (o.user == "") != (o.pass == "") {
		return nil, invalidConfig("connect.user", "user and pass must be given together")
	}
	auth := 0
	for _, s := range []string{o.nkeySeed, o.nkeyFile, o.creds} {
		if s != "" {
			auth++
		}
	}
	if auth > 1 {
		return nil, invalidConfig("connect.nkeySeed", "give only one of nkeySeed, nkeyFile and credsFile")
	}
	return o, nil
}

func tlsValue(r *optread.Reader, v any) *TLSConfig {
	switch x := v.(type) {
	case *TLSConfig:
		return x
	case map[string]any:
		cfg, err := parseTLSOptions(x)
		r.Adopt(err)
		return cfg
	}
	r.Fail("tls", "expected nats.tlsOptions(...) or an object, got %s", optread.TypeName(v))
	return nil
}

// natsOptions turns validated options into nats.go options.
func (o *connOptions) natsOptions() ([]nats.Option, error) {
	opts := []nats.Option{}
	if o.name != "" {
		opts = append(opts, nats.Name(o.name))
	}
	if o.user != "" {
		opts = append(opts, nats.UserInfo(o.user, o.pass))
	}
	if o.token != "" {
		opts = append(opts, nats.Token(o.token))
	}
	switch {
	case o.nkeySeed != "":
		opt, err := nkeySeedOption(o.nkeySeed)
		if err != nil {
			return nil, err
		}
		opts = append(opts, opt)
	case o.nkeyFile != "":
		opt, err := nats.NkeyOptionFromSeed(o.nkeyFile)
		if err != nil {
			// The cause may quote the file; name only the field.
			return nil, invalidConfig("connect.nkeyFile", "file %s holds no valid nkey seed", o.nkeyFile)
		}
		opts = append(opts, opt)
	case o.creds != "":
		opts = append(opts, nats.UserCredentials(o.creds))
	}
	if o.tls != nil {
		opts = append(opts, nats.Secure(o.tls.config))
	}
	if o.timeout > 0 {
		opts = append(opts, nats.Timeout(o.timeout))
	}
	if o.reconnectWait > 0 {
		opts = append(opts, nats.ReconnectWait(o.reconnectWait))
	}
	if o.maxReconnectsSet {
		opts = append(opts, nats.MaxReconnects(o.maxReconnects))
	}
	if o.pingInterval > 0 {
		opts = append(opts, nats.PingInterval(o.pingInterval))
	}
	if o.noEcho {
		opts = append(opts, nats.NoEcho())
	}
	return opts, nil
}

// dialTimeout bounds one dial: the connect timeout, or nats.go's
// default (2s), shared among the servers as nats.go shares it.
func (o *connOptions) dialTimeout() time.Duration {
	timeout := nats.GetDefaultOptions().Timeout
	if o.timeout > 0 {
		timeout = o.timeout
	}
	return timeout / time.Duration(len(o.urls))
}

// redactedURLs lists the server URLs without user info, for messages.
func (o *connOptions) redactedURLs() string {
	out := make([]string, len(o.urls))
	for i, raw := range o.urls {
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			if strings.Contains(raw, "@") {
				out[i] = "(a URL with credentials)"
			} else {
				out[i] = raw
			}
			continue
		}
		u.User = nil
		out[i] = u.String()
	}
	return strings.Join(out, ", ")
}

// TLSConfig is the validated result of nats.tlsOptions(...), with the
// certificates already loaded.
type TLSConfig struct {
	CAFile             string `json:"caFile,omitempty"`
	CertFile           string `json:"certFile,omitempty"`
	KeyFile            string `json:"keyFile,omitempty"`
	InsecureSkipVerify bool   `json:"insecureSkipVerify"`
	ServerName         string `json:"serverName,omitempty"`

	config *tls.Config
}

// TLSOptions validates nats.tlsOptions({ caFile, certFile, keyFile,
// insecureSkipVerify, serverName }) and loads the files it names.
func (m *Module) TLSOptions(opts map[string]any) (*TLSConfig, error) {
	return parseTLSOptions(opts)
}

func parseTLSOptions(m map[string]any) (*TLSConfig, error) {
	r := optread.New("tls", m)
	t := &TLSConfig{
		CAFile:             r.File("caFile"),
		CertFile:           r.File("certFile"),
		KeyFile:            r.File("keyFile"),
		InsecureSkipVerify: r.Bool("insecureSkipVerify"),
		ServerName:         r.String("serverName"),
	}
	if err := configError(r.Done()); err != nil {
		return nil, err
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		return nil, invalidConfig("tls.certFile", "certFile and keyFile must be given together")
	}
	t.config = &tls.Config{
		MinVersion:         tls.VersionTLS12,
		ServerName:         t.ServerName,
		InsecureSkipVerify: t.InsecureSkipVerify, //nolint:gosec // the user asked for it
	}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, invalidConfig("tls.caFile", "cannot read %s: %v", t.CAFile, optread.UnwrapPathError(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, invalidConfig("tls.caFile", "%s holds no PEM certificate", t.CAFile)
		}
		t.config.RootCAs = pool
	}
	if t.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, invalidConfig("tls.certFile", "cannot load the key pair %s and %s: %v", t.CertFile, t.KeyFile, err)
		}
		t.config.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}

// publishOptions are the options of publish(subject, data, options).
type publishOptions struct {
	header    nats.Header
	reply     string
	timestamp bool
}

func parsePublishOptions(what string, m map[string]any, allowReply bool) (publishOptions, error) {
	r := optread.New(what, m)
	var o publishOptions
	o.header = nats.Header(r.Headers("headers"))
	if allowReply {
		o.reply = r.String("reply")
	}
	o.timestamp = r.Bool("timestamp")
	return o, configError(r.Done())
}

// timeoutArg converts a call's timeout in milliseconds; 0 means def.
// Beyond maxCallTimeout it is maxCallTimeout: accepted, never an overflow.
func timeoutArg(ms int64, def time.Duration) (time.Duration, error) {
	switch {
	case ms < 0:
		return 0, invalidConfig("timeout", "must not be negative")
	case ms == 0:
		return def, nil
	case ms > int64(maxCallTimeout/time.Millisecond):
		return maxCallTimeout, nil
	}
	return time.Duration(ms) * time.Millisecond, nil
}

package natsmod

import (
	"crypto/tls"
	"crypto/x509"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// Defaults for call timeouts given as 0.
const (
	DefaultRequestTimeout = 5 * time.Second
	DefaultNextTimeout    = 5 * time.Second
	DefaultFlushTimeout   = 10 * time.Second
)

// ConnectOptions configure Connect, as nats.connect(options) does.
// Zero values are nats.go's defaults.
type ConnectOptions struct {
	URLs          []string // empty: the host's DefaultURL
	Name          string
	User, Pass    string // given together or not at all
	Token         string
	NkeySeed      string // at most one of NkeySeed, NkeyFile and CredsFile
	NkeyFile      string
	CredsFile     string
	TLS           *TLSConfig // from LoadTLS
	Timeout       time.Duration
	ReconnectWait time.Duration
	PingInterval  time.Duration
	// MaxReconnects is nats.go's reconnect limit: nil keeps its default,
	// -1 reconnects forever and 0 never.
	MaxReconnects *int
	NoEcho        bool
	TagSubject    bool // tag core metrics with the subject
	Timestamp     bool // stamp every publish for nats_e2e_latency
	NoMetrics     bool // emit no nats_* samples (data_sent/data_received always count)
	Accounting    bool // stamp publishes and track deliveries (accounting.go)
}

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

// newConnOptions checks what no single field shows: a server to connect
// to, user with pass, one kind of key.
func newConnOptions(in ConnectOptions, defaultURL string) (*connOptions, error) {
	o := &connOptions{
		urls: in.URLs, name: in.Name, user: in.User, pass: in.Pass, token: in.Token,
		nkeySeed: in.NkeySeed, nkeyFile: in.NkeyFile, creds: in.CredsFile, tls: in.TLS,
		timeout: in.Timeout, reconnectWait: in.ReconnectWait, pingInterval: in.PingInterval,
		noEcho: in.NoEcho, tagSubject: in.TagSubject, timestamp: in.Timestamp,
		metrics: !in.NoMetrics, accounting: in.Accounting,
	}
	if in.MaxReconnects != nil {
		o.maxReconnects, o.maxReconnectsSet = *in.MaxReconnects, true
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

// TLSOptions are nats.tlsOptions(...)'s fields: files to load and how
// to check the server.
type TLSOptions struct {
	CAFile             string
	CertFile           string // given with KeyFile or not at all
	KeyFile            string
	InsecureSkipVerify bool
	ServerName         string
}

// TLSConfig is loaded TLS options: the certificates are read.
type TLSConfig struct {
	TLSOptions
	config *tls.Config
}

// LoadTLS checks TLS options and loads the files they name.
func LoadTLS(o TLSOptions) (*TLSConfig, error) {
	t := &TLSConfig{TLSOptions: o}
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

// PublishOptions are publish(subject, data, options)'s options.
type PublishOptions struct {
	Headers   nats.Header
	Reply     string
	Timestamp bool // add the header nats_e2e_latency measures from
}

// RequestOptions are request(subject, data, timeout, options)'s options.
type RequestOptions struct {
	Timeout   time.Duration // 0: DefaultRequestTimeout
	Headers   nats.Header
	Timestamp bool
}

// SubscribeOptions are nats.go's pending limits of one subscription:
// 0 keeps natsk6's default, -1 is unlimited.
type SubscribeOptions struct {
	PendingMsgs  int
	PendingBytes int
	// PayloadTimestamp reads a send time from each payload's first 8
	// bytes for nats_e2e_latency (publishRate's timestamp: 'payload').
	PayloadTimestamp bool
}

// callTimeout is a call's own timeout: def for 0, and at most
// maxCallTimeout, so a huge one is accepted, never an overflow.
func callTimeout(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return min(d, maxCallTimeout)
}

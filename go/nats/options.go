package nats

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"math"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// Defaults for call arguments given as 0 or left out (milliseconds).
const (
	DefaultRequestTimeout = 5 * time.Second
	DefaultNextTimeout    = 5 * time.Second
	DefaultFlushTimeout   = 10 * time.Second
)

// optionReader reads one options object strictly: every read removes the
// key, so keys left over at the end are unknown options.
type optionReader struct {
	what string // prefix for field names in messages, e.g. "connect"
	m    map[string]any
	err  error
}

func newOptionReader(what string, m map[string]any) *optionReader {
	rest := make(map[string]any, len(m))
	for k, v := range m {
		rest[k] = v
	}
	return &optionReader{what: what, m: rest}
}

func (r *optionReader) field(key string) string {
	if r.what == "" {
		return key
	}
	return r.what + "." + key
}

// take returns the value of key, treating undefined and null as absent.
func (r *optionReader) take(key string) (any, bool) {
	v, ok := r.m[key]
	delete(r.m, key)
	if r.err != nil || !ok || v == nil {
		return nil, false
	}
	return v, true
}

func (r *optionReader) fail(key, format string, args ...any) {
	if r.err == nil {
		r.err = invalidConfig(r.field(key), format, args...)
	}
}

// String reads a non-empty string. Values are never quoted in messages,
// since some fields hold secrets.
func (r *optionReader) String(key string) string {
	v, ok := r.take(key)
	if !ok {
		return ""
	}
	s, isString := v.(string)
	switch {
	case !isString:
		r.fail(key, "expected a string, got %s", goTypeName(v))
	case s == "":
		r.fail(key, "must not be empty")
	}
	return s
}

// Bool reads a boolean.
func (r *optionReader) Bool(key string) bool {
	v, ok := r.take(key)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		r.fail(key, "expected a boolean, got %s", goTypeName(v))
	}
	return b
}

// Number reads a finite, non-negative number; set reports whether it was given.
func (r *optionReader) Number(key string) (n float64, set bool) {
	v, ok := r.take(key)
	if !ok {
		return 0, false
	}
	n, isNumber := toFloat(v)
	switch {
	case !isNumber:
		r.fail(key, "expected a number, got %s", goTypeName(v))
	case math.IsNaN(n) || math.IsInf(n, 0):
		r.fail(key, "must be a finite number")
	case n < 0:
		r.fail(key, "must not be negative")
	}
	return n, true
}

// Millis reads a non-negative duration in milliseconds.
func (r *optionReader) Millis(key string) time.Duration {
	n, _ := r.Number(key)
	return time.Duration(n * float64(time.Millisecond))
}

// Strings reads a string or a non-empty list of non-empty strings.
func (r *optionReader) Strings(key string) []string {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case string:
		if x == "" {
			r.fail(key, "must not be empty")
		}
		return []string{x}
	case []string:
		return r.checkStrings(key, x)
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, isString := e.(string)
			if !isString {
				r.fail(key, "element %d: expected a string, got %s", i, goTypeName(e))
				return nil
			}
			out[i] = s
		}
		return r.checkStrings(key, out)
	}
	r.fail(key, "expected a string or an array of strings, got %s", goTypeName(v))
	return nil
}

func (r *optionReader) checkStrings(key string, list []string) []string {
	if len(list) == 0 {
		r.fail(key, "must not be empty")
	}
	for i, s := range list {
		if s == "" {
			r.fail(key, "element %d must not be empty", i)
		}
	}
	return list
}

// File reads the path of a file that must exist.
func (r *optionReader) File(key string) string {
	path := r.String(key)
	if path == "" || r.err != nil {
		return path
	}
	if _, err := os.Stat(path); err != nil {
		r.fail(key, "cannot read file %s: %v", path, unwrapPathError(err))
	}
	return path
}

// Done reports the first error, or an unknown key.
func (r *optionReader) Done() error {
	if r.err != nil {
		return r.err
	}
	if len(r.m) > 0 {
		keys := make([]string, 0, len(r.m))
		for k := range r.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return invalidConfig(r.field(keys[0]), "unknown option")
	}
	return nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func goTypeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, int32, int64, float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
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
}

func parseConnectOptions(m map[string]any, defaultURL string) (*connOptions, error) {
	r := newOptionReader("connect", m)
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
	o.tagSubject = r.Bool("tagSubject")
	o.pingInterval = r.Millis("pingInterval")
	// reconnectWait is in seconds, as in the seed's example (reconnectWait: 2).
	if secs, ok := r.Number("reconnectWait"); ok {
		o.reconnectWait = time.Duration(secs * float64(time.Second))
	}
	if n, ok := r.Number("maxReconnects"); ok {
		if n != math.Trunc(n) {
			r.fail("maxReconnects", "must be a whole number")
		}
		o.maxReconnects, o.maxReconnectsSet = int(n), true
	}
	if v, ok := r.take("tls"); ok {
		o.tls = r.tlsValue(v)
	}
	if err := r.Done(); err != nil {
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

func (r *optionReader) tlsValue(v any) *TLSConfig {
	switch x := v.(type) {
	case *TLSConfig:
		return x
	case map[string]any:
		cfg, err := parseTLSOptions(x)
		if err != nil && r.err == nil {
			r.err = err
		}
		return cfg
	}
	r.fail("tls", "expected nats.tlsOptions(...) or an object, got %s", goTypeName(v))
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
	r := newOptionReader("tls", m)
	t := &TLSConfig{
		CAFile:             r.File("caFile"),
		CertFile:           r.File("certFile"),
		KeyFile:            r.File("keyFile"),
		InsecureSkipVerify: r.Bool("insecureSkipVerify"),
		ServerName:         r.String("serverName"),
	}
	if err := r.Done(); err != nil {
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
			return nil, invalidConfig("tls.caFile", "cannot read %s: %v", t.CAFile, unwrapPathError(err))
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
	r := newOptionReader(what, m)
	var o publishOptions
	if v, ok := r.take("headers"); ok {
		o.header = r.headers(v)
	}
	if allowReply {
		o.reply = r.String("reply")
	}
	o.timestamp = r.Bool("timestamp")
	return o, r.Done()
}

// headers reads {name: string | string[]}.
func (r *optionReader) headers(v any) nats.Header {
	obj, ok := v.(map[string]any)
	if !ok {
		r.fail("headers", "expected an object of strings or string arrays, got %s", goTypeName(v))
		return nil
	}
	h := make(nats.Header, len(obj))
	for name, val := range obj {
		if name == "" {
			r.fail("headers", "header names must not be empty")
			return nil
		}
		switch x := val.(type) {
		case string:
			h[name] = []string{x}
		case []string:
			h[name] = x
		case []any:
			for _, e := range x {
				s, isString := e.(string)
				if !isString {
					r.fail("headers", "%s: expected strings, got %s", name, goTypeName(e))
					return nil
				}
				h[name] = append(h[name], s)
			}
		default:
			r.fail("headers", "%s: expected a string or an array of strings, got %s", name, goTypeName(val))
			return nil
		}
	}
	return h
}

// timeoutArg converts a call's timeout in milliseconds; 0 means def.
func timeoutArg(ms int64, def time.Duration) (time.Duration, error) {
	switch {
	case ms < 0:
		return 0, invalidConfig("timeout", "must not be negative")
	case ms == 0:
		return def, nil
	}
	return time.Duration(ms) * time.Millisecond, nil
}

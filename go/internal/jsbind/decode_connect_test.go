package jsbind

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// wantFieldError checks that err is a 1003 error whose message names field.
func wantFieldError(t *testing.T, what any, err error, field string) {
	t.Helper()
	var e *natsmod.Error
	if !errors.As(err, &e) || e.Code != natsmod.CodeInvalidConfig || !strings.Contains(err.Error(), "(1003): "+field) {
		t.Errorf("%v: want 1003 naming %q, got %v", what, field, err)
	}
}

func TestDecodeConnectNamesTheField(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	cases := []struct {
		opts  map[string]any
		field string
	}{
		{map[string]any{"bogus": 1}, "connect.bogus: unknown option"},
		{map[string]any{"urls": []any{}}, "connect.urls"},
		{map[string]any{"urls": []any{""}}, "connect.urls"},
		{map[string]any{"urls": int64(3)}, "connect.urls"},
		{map[string]any{"name": ""}, "connect.name"},
		{map[string]any{"name": true}, "connect.name"},
		{map[string]any{"pass": int64(1)}, "connect.pass"},
		{map[string]any{"pass": "", "user": "x"}, "connect.pass: must not be empty"},
		{map[string]any{"token": ""}, "connect.token"},
		{map[string]any{"nkeySeed": "x", "credsFile": missing}, "connect.credsFile"},
		{map[string]any{"nkeyFile": missing}, "connect.nkeyFile"},
		{map[string]any{"credsFile": missing}, "connect.credsFile"},
		{map[string]any{"timeout": int64(-1)}, "connect.timeout"},
		{map[string]any{"timeout": "5s"}, "connect.timeout"},
		{map[string]any{"reconnectWait": int64(-2)}, "connect.reconnectWait"},
		{map[string]any{"maxReconnects": int64(-2)}, "connect.maxReconnects"},
		{map[string]any{"maxReconnects": 1.5}, "connect.maxReconnects"},
		{map[string]any{"pingInterval": -0.5}, "connect.pingInterval"},
		{map[string]any{"noEcho": "yes"}, "connect.noEcho"},
		{map[string]any{"tagSubject": int64(1)}, "connect.tagSubject"},
		{map[string]any{"metrics": "no"}, "connect.metrics"},
		{map[string]any{"tls": "on"}, "connect.tls"},
		{map[string]any{"tls": map[string]any{"caFile": missing}}, "tls.caFile"},
		{map[string]any{"tls": map[string]any{"verify": true}}, "tls.verify: unknown option"},
		{map[string]any{"tls": map[string]any{"insecureSkipVerify": "no"}}, "tls.insecureSkipVerify"},
		{map[string]any{"tls": map[string]any{"serverName": ""}}, "tls.serverName"},
		{map[string]any{"tls": map[string]any{"certFile": missing, "keyFile": missing}}, "tls.certFile"},
	}
	for _, tc := range cases {
		_, err := decodeConnect(tc.opts)
		wantFieldError(t, tc.opts, err, tc.field)
	}
	_, err := loadTLS(map[string]any{"keyFile": missing})
	wantFieldError(t, "tlsOptions", err, "tls.keyFile")
}

// Scripts' units become Go's: timeouts in milliseconds, reconnectWait in
// seconds; metrics is on unless turned off; maxReconnects 0 is kept.
func TestDecodeConnectUnits(t *testing.T) {
	o, err := decodeConnect(map[string]any{
		"urls": "nats://a:4222", "timeout": int64(1500), "reconnectWait": 0.05, "pingInterval": 2.5,
		"maxReconnects": int64(0), "metrics": false, "noEcho": true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.URLs) != 1 || o.Timeout != 1500*time.Millisecond || o.ReconnectWait != 50*time.Millisecond ||
		o.PingInterval != 2500*time.Microsecond || o.MaxReconnects == nil || *o.MaxReconnects != 0 || !o.NoMetrics || !o.NoEcho {
		t.Fatalf("decoded %+v", o)
	}
	if o, err := decodeConnect(nil); err != nil || o.NoMetrics || o.MaxReconnects != nil {
		t.Fatalf("defaults %+v, %v", o, err)
	}
}

// jsonObject is an options object as a script would export it.
func jsonObject(t *testing.T, src string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(src), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

package natsmod

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// roundTrip proves a connection works: a message published on it comes back.
func roundTrip(t *testing.T, c *Connection) {
	t.Helper()
	sub, err := c.Subscribe("auth.check", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Publish("auth.check", []byte("ok"), nil); err != nil {
		t.Fatal(err)
	}
	msg, err := sub.Next(5000)
	if err != nil || string(msg.Data()) != "ok" {
		t.Fatalf("round trip: %v", err)
	}
}

// wantRefused checks that connect fails with 1002 and names no secret.
func wantRefused(t *testing.T, e *coreEnv, opts map[string]any, secrets ...string) {
	t.Helper()
	_, err := e.module.Connect(opts)
	wantCode(t, err, CodeConnectionClosed)
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Fatalf("error message reveals a secret: %v", err)
		}
	}
}

func TestConnectUserPass(t *testing.T) {
	s := startCoreServer(t, &server.Options{Username: "alice", Password: "s3cr3t-pass"})
	e := newCoreEnv(t, s.ClientURL())
	roundTrip(t, e.connect(t, map[string]any{"user": "alice", "pass": "s3cr3t-pass"}))
	wantRefused(t, e, map[string]any{"user": "alice", "pass": "wr0ng-s3cr3t"}, "wr0ng-s3cr3t")
	// Credentials inside the URL never reach the message either.
	u := strings.Replace(s.ClientURL(), "nats://", "nats://alice:wr0ng-s3cr3t@", 1)
	wantRefused(t, e, map[string]any{"urls": []any{u}}, "wr0ng-s3cr3t")
}

func TestConnectToken(t *testing.T) {
	s := startCoreServer(t, &server.Options{Authorization: "t0k3n-secret"})
	e := newCoreEnv(t, s.ClientURL())
	roundTrip(t, e.connect(t, map[string]any{"token": "t0k3n-secret"}))
	wantRefused(t, e, map[string]any{"token": "wr0ng-t0k3n"}, "wr0ng-t0k3n")
}

func TestConnectNkeySeedAndFile(t *testing.T) {
	user, _ := nkeys.CreateUser()
	pub, _ := user.PublicKey()
	seed, _ := user.Seed()
	s := startCoreServer(t, &server.Options{Nkeys: []*server.NkeyUser{{Nkey: pub}}})
	e := newCoreEnv(t, s.ClientURL())

	roundTrip(t, e.connect(t, map[string]any{"nkeySeed": string(seed)}))
	file := filepath.Join(t.TempDir(), "user.nk")
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, map[string]any{"nkeyFile": file}))

	other, _ := nkeys.CreateUser()
	otherSeed, _ := other.Seed()
	wantRefused(t, e, map[string]any{"nkeySeed": string(otherSeed)}, string(otherSeed))

	_, err := e.module.Connect(map[string]any{"nkeySeed": "SUnot-a-seed-value"})
	wantCode(t, err, CodeInvalidConfig)
	if strings.Contains(err.Error(), "SUnot-a-seed-value") {
		t.Fatalf("error message reveals the seed: %v", err)
	}
}

// operatorServer runs a server in operator mode with one account in a
// memory resolver and returns creds file contents for a user of it.
func operatorServer(t *testing.T) (*server.Server, []byte) {
	t.Helper()
	operator, _ := nkeys.CreateOperator()
	opPub, _ := operator.PublicKey()
	opClaims := jwt.NewOperatorClaims(opPub)
	if _, err := opClaims.Encode(operator); err != nil {
		t.Fatal(err)
	}
	account, _ := nkeys.CreateAccount()
	accPub, _ := account.PublicKey()
	accJWT, err := jwt.NewAccountClaims(accPub).Encode(operator)
	if err != nil {
		t.Fatal(err)
	}
	resolver := &server.MemAccResolver{}
	if err := resolver.Store(accPub, accJWT); err != nil {
		t.Fatal(err)
	}
	s := startCoreServer(t, &server.Options{TrustedOperators: []*jwt.OperatorClaims{opClaims}, AccountResolver: resolver})
	return s, userCreds(t, account)
}

func userCreds(t *testing.T, account nkeys.KeyPair) []byte {
	t.Helper()
	user, _ := nkeys.CreateUser()
	userPub, _ := user.PublicKey()
	userJWT, err := jwt.NewUserClaims(userPub).Encode(account)
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := user.Seed()
	creds, err := jwt.FormatUserConfig(userJWT, seed)
	if err != nil {
		t.Fatal(err)
	}
	return creds
}

func TestConnectCreds(t *testing.T) {
	s, creds := operatorServer(t)
	e := newCoreEnv(t, s.ClientURL())
	dir := t.TempDir()
	good := filepath.Join(dir, "good.creds")
	if err := os.WriteFile(good, creds, 0o600); err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, map[string]any{"credsFile": good}))

	// A user of an account the server does not know is refused.
	stranger, _ := nkeys.CreateAccount()
	bad := filepath.Join(dir, "bad.creds")
	badCreds := userCreds(t, stranger)
	if err := os.WriteFile(bad, badCreds, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := e.module.Connect(map[string]any{"credsFile": bad})
	wantCode(t, err, CodeConnectionClosed)
	for _, line := range strings.Split(string(badCreds), "\n") {
		if len(line) > 20 && strings.Contains(err.Error(), strings.TrimSpace(line)) {
			t.Fatalf("error message reveals creds contents: %v", err)
		}
	}
}

func TestConnectTLS(t *testing.T) {
	pki := newTestPKI(t)
	s := startCoreServer(t, &server.Options{TLS: true, TLSConfig: pki.serverTLS(t, false)})
	e := newCoreEnv(t, s.ClientURL())
	cfg, err := e.module.TLSOptions(map[string]any{"caFile": pki.caFile})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, map[string]any{"tls": cfg}))
	// A plain object works as well as nats.tlsOptions(...).
	roundTrip(t, e.connect(t, map[string]any{"tls": map[string]any{"caFile": pki.caFile, "serverName": "localhost"}}))
	// Without the CA the server's certificate is not trusted.
	wantRefused(t, e, map[string]any{"tls": map[string]any{"serverName": "localhost"}})
}

func TestConnectMutualTLS(t *testing.T) {
	pki := newTestPKI(t)
	s := startCoreServer(t, &server.Options{TLS: true, TLSVerify: true, TLSConfig: pki.serverTLS(t, true)})
	e := newCoreEnv(t, s.ClientURL())
	cfg, err := e.module.TLSOptions(map[string]any{"caFile": pki.caFile, "certFile": pki.clientCert, "keyFile": pki.clientKey})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, map[string]any{"tls": cfg}))
	wantRefused(t, e, map[string]any{"tls": map[string]any{"caFile": pki.caFile}})
}

func TestConnectDefaultsToHostURLAndTracksConnections(t *testing.T) {
	s := startCoreServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	c := e.connect(t, nil)
	if !c.IsConnected() {
		t.Fatal("not connected")
	}
	e.module.Close()
	if c.IsConnected() {
		t.Fatal("Module.Close left the connection open")
	}
	if len(e.module.conns) != 0 {
		t.Fatalf("%d connections still tracked", len(e.module.conns))
	}
	c.Close() // twice is harmless
	wantCode(t, c.Publish("x", nil, nil), CodeConnectionClosed)
}

// maxReconnects -1 is nats.go's "reconnect forever"; other negatives fail.
func TestMaxReconnectsForever(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, map[string]any{"maxReconnects": int64(-1)})
	if got := c.nc.Opts.MaxReconnect; got != -1 {
		t.Fatalf("nats.go MaxReconnect %d, want -1", got)
	}
	if got := e.connect(t, map[string]any{"maxReconnects": float64(3)}).nc.Opts.MaxReconnect; got != 3 {
		t.Fatalf("nats.go MaxReconnect %d, want 3", got)
	}
}

func TestConnectRefusedServer(t *testing.T) {
	s := startCoreServer(t, nil)
	url := s.ClientURL()
	s.Shutdown()
	e := newCoreEnv(t, url)
	_, err := e.module.Connect(map[string]any{"timeout": 500, "maxReconnects": 0})
	wantCode(t, err, CodeConnectionClosed)
}

func TestOptionValidation(t *testing.T) {
	e := newCoreEnv(t, "nats://127.0.0.1:1")
	missing := filepath.Join(t.TempDir(), "missing")
	cases := []struct {
		opts  map[string]any
		field string
	}{
		{map[string]any{"bogus": 1}, "connect.bogus"},
		{map[string]any{"urls": []any{}}, "connect.urls"},
		{map[string]any{"urls": []any{""}}, "connect.urls"},
		{map[string]any{"urls": int64(3)}, "connect.urls"},
		{map[string]any{"name": ""}, "connect.name"},
		{map[string]any{"name": true}, "connect.name"},
		{map[string]any{"user": "a"}, "connect.user"},
		{map[string]any{"pass": int64(1)}, "connect.pass"},
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
		{map[string]any{"tls": "on"}, "connect.tls"},
		{map[string]any{"tls": map[string]any{"caFile": missing}}, "tls.caFile"},
		{map[string]any{"tls": map[string]any{"verify": true}}, "tls.verify"},
		{map[string]any{"tls": map[string]any{"insecureSkipVerify": "no"}}, "tls.insecureSkipVerify"},
		{map[string]any{"tls": map[string]any{"serverName": ""}}, "tls.serverName"},
	}
	for _, tc := range cases {
		_, err := e.module.Connect(tc.opts)
		wantCode(t, err, CodeInvalidConfig)
		if !strings.Contains(err.Error(), tc.field+":") {
			t.Errorf("%v: message does not name %s: %v", tc.opts, tc.field, err)
		}
	}
	// nats.tlsOptions validates the same way.
	_, err := e.module.TLSOptions(map[string]any{"certFile": missing, "keyFile": missing})
	wantCode(t, err, CodeInvalidConfig)
	pki := newTestPKI(t)
	_, err = e.module.TLSOptions(map[string]any{"certFile": pki.clientCert})
	wantCode(t, err, CodeInvalidConfig)
	// A secret of the wrong shape is not echoed.
	_, err = e.module.Connect(map[string]any{"pass": "", "user": "x"})
	wantCode(t, err, CodeInvalidConfig)
}

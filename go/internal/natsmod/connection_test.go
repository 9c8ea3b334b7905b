package natsmod

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// roundTrip proves a connection works: a message published on it comes back.
func roundTrip(t *testing.T, c *Connection) {
	t.Helper()
	sub, err := c.Subscribe("auth.check", "", nil, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Publish("auth.check", []byte("ok"), PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	msg, err := sub.Next(5 * time.Second)
	if err != nil || string(msg.Data()) != "ok" {
		t.Fatalf("round trip: %v", err)
	}
}

// wantRefused checks that connect fails with 1002 and names no secret.
func wantRefused(t *testing.T, e *coreEnv, opts ConnectOptions, secrets ...string) {
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
	s := testsupport.StartServer(t, &server.Options{Username: "alice", Password: "s3cr3t-pass"})
	e := newCoreEnv(t, s.ClientURL())
	roundTrip(t, e.connect(t, ConnectOptions{User: "alice", Pass: "s3cr3t-pass"}))
	wantRefused(t, e, ConnectOptions{User: "alice", Pass: "wr0ng-s3cr3t"}, "wr0ng-s3cr3t")
	// Credentials inside the URL never reach the message either.
	u := strings.Replace(s.ClientURL(), "nats://", "nats://alice:wr0ng-s3cr3t@", 1)
	wantRefused(t, e, ConnectOptions{URLs: []string{u}}, "wr0ng-s3cr3t")
}

func TestConnectToken(t *testing.T) {
	s := testsupport.StartServer(t, &server.Options{Authorization: "t0k3n-secret"})
	e := newCoreEnv(t, s.ClientURL())
	roundTrip(t, e.connect(t, ConnectOptions{Token: "t0k3n-secret"}))
	wantRefused(t, e, ConnectOptions{Token: "wr0ng-t0k3n"}, "wr0ng-t0k3n")
}

func TestConnectNkeySeedAndFile(t *testing.T) {
	user, _ := nkeys.CreateUser()
	pub, _ := user.PublicKey()
	seed, _ := user.Seed()
	s := testsupport.StartServer(t, &server.Options{Nkeys: []*server.NkeyUser{{Nkey: pub}}})
	e := newCoreEnv(t, s.ClientURL())

	roundTrip(t, e.connect(t, ConnectOptions{NkeySeed: string(seed)}))
	file := filepath.Join(t.TempDir(), "user.nk")
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, ConnectOptions{NkeyFile: file}))

	other, _ := nkeys.CreateUser()
	otherSeed, _ := other.Seed()
	wantRefused(t, e, ConnectOptions{NkeySeed: string(otherSeed)}, string(otherSeed))

	_, err := e.module.Connect(ConnectOptions{NkeySeed: "SUnot-a-seed-value"})
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
	s := testsupport.StartServer(t, &server.Options{TrustedOperators: []*jwt.OperatorClaims{opClaims}, AccountResolver: resolver})
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
	roundTrip(t, e.connect(t, ConnectOptions{CredsFile: good}))

	// A user of an account the server does not know is refused.
	stranger, _ := nkeys.CreateAccount()
	bad := filepath.Join(dir, "bad.creds")
	badCreds := userCreds(t, stranger)
	if err := os.WriteFile(bad, badCreds, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := e.module.Connect(ConnectOptions{CredsFile: bad})
	wantCode(t, err, CodeConnectionClosed)
	for _, line := range strings.Split(string(badCreds), "\n") {
		if len(line) > 20 && strings.Contains(err.Error(), strings.TrimSpace(line)) {
			t.Fatalf("error message reveals creds contents: %v", err)
		}
	}
}

func TestConnectTLS(t *testing.T) {
	pki := newTestPKI(t)
	s := testsupport.StartServer(t, &server.Options{TLS: true, TLSConfig: pki.serverTLS(t, false)})
	e := newCoreEnv(t, s.ClientURL())
	cfg, err := LoadTLS(TLSOptions{CAFile: pki.caFile})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, ConnectOptions{TLS: cfg}))
	named, err := LoadTLS(TLSOptions{CAFile: pki.caFile, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, ConnectOptions{TLS: named}))
	// Without the CA the server's certificate is not trusted.
	untrusted, err := LoadTLS(TLSOptions{ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	wantRefused(t, e, ConnectOptions{TLS: untrusted})
}

func TestConnectMutualTLS(t *testing.T) {
	pki := newTestPKI(t)
	s := testsupport.StartServer(t, &server.Options{TLS: true, TLSVerify: true, TLSConfig: pki.serverTLS(t, true)})
	e := newCoreEnv(t, s.ClientURL())
	cfg, err := LoadTLS(TLSOptions{CAFile: pki.caFile, CertFile: pki.clientCert, KeyFile: pki.clientKey})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, e.connect(t, ConnectOptions{TLS: cfg}))
	caOnly, err := LoadTLS(TLSOptions{CAFile: pki.caFile})
	if err != nil {
		t.Fatal(err)
	}
	wantRefused(t, e, ConnectOptions{TLS: caOnly})
}

func TestConnectDefaultsToHostURLAndTracksConnections(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	c := e.connect(t, ConnectOptions{})
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
	wantCode(t, c.Publish("x", nil, PublishOptions{}), CodeConnectionClosed)
}

// maxReconnects -1 is nats.go's "reconnect forever"; other negatives fail.
func TestMaxReconnectsForever(t *testing.T) {
	e := newCoreEnv(t, testsupport.StartServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{MaxReconnects: reconnects(-1)})
	if got := c.nc.Opts.MaxReconnect; got != -1 {
		t.Fatalf("nats.go MaxReconnect %d, want -1", got)
	}
	if got := e.connect(t, ConnectOptions{MaxReconnects: reconnects(3)}).nc.Opts.MaxReconnect; got != 3 {
		t.Fatalf("nats.go MaxReconnect %d, want 3", got)
	}
}

func TestConnectRefusedServer(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	url := s.ClientURL()
	s.Shutdown()
	e := newCoreEnv(t, url)
	_, err := e.module.Connect(ConnectOptions{Timeout: 500 * time.Millisecond, MaxReconnects: reconnects(0)})
	wantCode(t, err, CodeConnectionClosed)
}

// TestConnectOptionsChecked covers what no single field shows; jsbind's
// decoder tests cover the fields one by one.
func TestConnectOptionsChecked(t *testing.T) {
	e := newCoreEnv(t, "nats://127.0.0.1:1")
	missing := filepath.Join(t.TempDir(), "missing")
	cases := []struct {
		opts  ConnectOptions
		field string
	}{
		{ConnectOptions{User: "a"}, "connect.user"},
		{ConnectOptions{Pass: "s3cr3t"}, "connect.user"},
		{ConnectOptions{NkeySeed: "x", CredsFile: missing}, "connect.nkeySeed"},
		{ConnectOptions{NkeyFile: missing}, "connect.nkeyFile"},
	}
	for _, tc := range cases {
		_, err := e.module.Connect(tc.opts)
		wantCode(t, err, CodeInvalidConfig)
		if !strings.Contains(err.Error(), tc.field+":") || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%+v: message does not name %s, or names the secret: %v", tc.opts, tc.field, err)
		}
	}
	if _, err := newCoreEnv(t, "").module.Connect(ConnectOptions{}); CodeOf(err) != CodeInvalidConfig || !strings.Contains(err.Error(), "connect.urls:") {
		t.Errorf("no URL and no default: %v", err)
	}
	// TLS files load or fail naming the field.
	_, err := LoadTLS(TLSOptions{CertFile: missing, KeyFile: missing})
	wantCode(t, err, CodeInvalidConfig)
	_, err = LoadTLS(TLSOptions{CAFile: missing})
	wantCode(t, err, CodeInvalidConfig)
	pki := newTestPKI(t)
	_, err = LoadTLS(TLSOptions{CertFile: pki.clientCert})
	wantCode(t, err, CodeInvalidConfig)
	if !strings.Contains(err.Error(), "tls.certFile:") {
		t.Errorf("certFile without keyFile: %v", err)
	}
}

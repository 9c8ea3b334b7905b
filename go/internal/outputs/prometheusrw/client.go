package prometheusrw

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/klauspost/compress/snappy"
	"github.com/prometheus/prometheus/prompb"
)

// requestTimeout bounds one push, so a dead endpoint costs the run's end
// at most this long.
const requestTimeout = 10 * time.Second

// client sends remote-write 1.0 requests: a snappy-compressed protobuf
// WriteRequest POSTed with the protocol's headers.
type client struct {
	cfg         *config
	http        *http.Client
	redactedURL string // the URL without a password, for messages
}

func newClient(cfg *config) *client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = cfg.tls
	return &client{
		cfg:         cfg,
		http:        &http.Client{Transport: transport, Timeout: requestTimeout},
		redactedURL: cfg.serverURL.Redacted(),
	}
}

// write sends one request. Errors name the redacted URL and what the
// endpoint answered, never a credential.
func (c *client) write(wr *prompb.WriteRequest) error {
	raw, err := wr.Marshal()
	if err != nil {
		return fmt.Errorf("encode the write request: %w", err)
	}
	req, err := http.NewRequest(http.MethodPost, c.cfg.serverURL.String(), bytes.NewReader(snappy.Encode(nil, raw)))
	if err != nil {
		return fmt.Errorf("POST %s: %w", c.redactedURL, err)
	}
	req.Header.Set("Content-Encoding", "snappy")
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("User-Agent", "natsk6")
	req.Header.Set("X-Prometheus-Remote-Write-Version", "0.1.0")
	for name, values := range c.cfg.headers {
		req.Header[name] = values
	}
	switch {
	case c.cfg.bearerToken != "":
		req.Header.Set("Authorization", "Bearer "+c.cfg.bearerToken)
	case c.cfg.username != "":
		req.SetBasicAuth(c.cfg.username, c.cfg.password)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// url.Error repeats the full URL, which may hold a password.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("POST %s: %w", c.redactedURL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s: %s", c.redactedURL, resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

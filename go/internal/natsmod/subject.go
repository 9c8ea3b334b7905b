package natsmod

import (
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
)

// nats.go refuses whitespace and empty tokens in a subscription's
// subject, and whitespace in a published one. What it lets through is
// worse than an error: nats-server silently drops a message published to
// a subject with an empty token (a..b, .a, a.), delivers one published to
// a wildcard (a.*, a.>) to matching subscribers as if the wildcard were a
// name, and closes the whole connection over a control line longer than
// its max_control_line. The checks here refuse those up front, with the
// call's own error code, and keep headers to what a header can carry.

// maxControlLine is nats-server's default max_control_line: the longest
// PUB, HPUB or SUB line it reads before closing the connection.
const maxControlLine = 4096

// controlLineOverhead is what a control line holds besides its subjects:
// "HPUB ", three separators, two sizes of up to ten digits and CRLF.
const controlLineOverhead = 5 + 3 + 2*10 + 2

// checkPublish refuses a message the server would drop, misdeliver or
// close the connection over: code is the failing call's (1009 for
// publish, 1011 for request, 1021/1022 for JetStream). A bad header is
// a 1003 naming it.
func checkPublish(code Code, msg *nats.Msg) error {
	if problem := publishSubjectProblem(msg.Subject); problem != "" {
		return newError(code, nil, "publish to %s: %s", quoteSubject(msg.Subject), problem)
	}
	if msg.Reply != "" {
		if problem := publishSubjectProblem(msg.Reply); problem != "" {
			return invalidConfig("reply", "%s: %s", quoteSubject(msg.Reply), problem)
		}
	}
	if long := controlLine(msg.Subject, msg.Reply); long != "" {
		return newError(code, nil, "publish to %s: %s", quoteSubject(msg.Subject), long)
	}
	return checkHeaders(msg.Header)
}

// checkPlainPublish is checkPublish for a core publish, which a script
// loop repeats to one subject: a subject that passed is not scanned again
// while messages carry no reply or headers (the scan was a fifth of a
// 16 B publish's cost in BenchmarkScriptPublish).
func (c *Connection) checkPlainPublish(msg *nats.Msg) error {
	plain := msg.Reply == "" && msg.Header == nil
	if plain && msg.Subject == c.checkedSubject {
		return nil
	}
	if err := checkPublish(CodePublishFailed, msg); err != nil {
		return err
	}
	if plain {
		c.checkedSubject = msg.Subject
	}
	return nil
}

// checkSubscribe refuses a subscription whose SUB line the server would
// close the connection over (nats.go checks the rest).
func checkSubscribe(subject, queue string) error {
	if long := controlLine(subject, queue); long != "" {
		return newError(CodeSubscribeFailed, nil, "subscribe to %s: %s", quoteSubject(subject), long)
	}
	return nil
}

// publishSubjectProblem says what makes subject unfit to publish to, or
// "" when it is fine. Empty subjects have their own code (1008), checked
// by each call first.
func publishSubjectProblem(subject string) string {
	for i := 0; i < len(subject); i++ {
		if b := subject[i]; b <= ' ' || b == 0x7f {
			return fmt.Sprintf("byte %d is %s: subjects hold no whitespace or control characters", i, byteName(b))
		}
	}
	// Token by token without allocating: this runs on every publish.
	for n, rest := 1, subject; ; n++ {
		token, after, more := strings.Cut(rest, ".")
		switch token {
		case "":
			return fmt.Sprintf("token %d is empty: the server would drop the message", n)
		case "*", ">":
			return fmt.Sprintf("token %d is the wildcard %q: a message is published to one subject", n, token)
		}
		if !more {
			return ""
		}
		rest = after
	}
}

// controlLine says why subjects (subject and reply, or subject and
// queue) make too long a control line, or "" when they fit.
func controlLine(subjects ...string) string {
	n := controlLineOverhead
	for _, s := range subjects {
		n += len(s)
	}
	if n <= maxControlLine {
		return ""
	}
	return fmt.Sprintf("a %d-byte control line is over nats-server's default max_control_line of %d bytes, which closes the connection", n, maxControlLine)
}

// checkHeaders refuses header names a NATS header cannot carry and
// values with control characters (NUL, CR, LF, ...; a tab is fine),
// which nats.go would send as they are or rewrite.
func checkHeaders(h nats.Header) error {
	for name, values := range h {
		field := "headers." + name
		if name == "" {
			return invalidConfig("headers", "a header name is empty")
		}
		for i := 0; i < len(name); i++ {
			if b := name[i]; b <= ' ' || b == ':' || b == 0x7f {
				return invalidConfig(field, "byte %d of the name is %s: names hold no whitespace, colons or control characters", i, byteName(b))
			}
		}
		for _, v := range values {
			for i := 0; i < len(v); i++ {
				if b := v[i]; (b < ' ' && b != '\t') || b == 0x7f {
					return invalidConfig(field, "byte %d of the value is %s: values hold no control characters", i, byteName(b))
				}
			}
		}
	}
	return nil
}

// byteName names a byte for an error: NUL, a space, or its hex code.
func byteName(b byte) string {
	switch b {
	case 0:
		return "NUL"
	case ' ':
		return "a space"
	case ':':
		return "a colon"
	}
	return fmt.Sprintf("0x%02x", b)
}

// quoteSubject quotes a subject for an error, cut to its first 64 bytes
// so a 10 KB subject does not fill the log.
func quoteSubject(s string) string {
	const shown = 64
	if len(s) <= shown {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q... (%d bytes)", s[:shown], len(s))
}

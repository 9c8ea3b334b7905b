package runner

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestConsoleLayouts(t *testing.T) {
	var tty, plain bytes.Buffer
	newConsoleWriter(&tty, true, false).log(levelInfo, "hello", "source=console")
	newConsoleWriter(&plain, false, false).log(levelWarn, `say "hi"`, "source=console")
	if want := "INFO[0000] hello" + strings.Repeat(" ", 39) + " source=console\n"; tty.String() != want {
		t.Errorf("terminal layout\n got %q\nwant %q", tty.String(), want)
	}
	logfmt := regexp.MustCompile(`^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)" level=warning msg="say \\"hi\\"" source=console\n$`)
	if !logfmt.MatchString(plain.String()) {
		t.Errorf("logfmt layout: got %q", plain.String())
	}
	var bare bytes.Buffer
	newConsoleWriter(&bare, false, false).log(levelInfo, "plain-word_1.2", "")
	if !strings.HasSuffix(bare.String(), " level=info msg=plain-word_1.2\n") {
		t.Errorf("a message that needs no quotes is quoted: %q", bare.String())
	}
}

func TestConsoleDebugOnlyWhenVerbose(t *testing.T) {
	script := `export const options = { iterations: 1 };
export default function () { console.debug('debug line'); console.log('a', { b: 1 }, [1]); }`
	quiet := run(t, script)
	quiet.wantCode(t, ExitOK)
	if strings.Contains(quiet.stderr, "debug line") {
		t.Errorf("console.debug printed without -v:\n%s", quiet.stderr)
	}
	if !strings.Contains(quiet.logs, "info: a { b: 1 } [ 1 ] source=console") {
		t.Errorf("console.log arguments not joined as k6 formats them:\n%s", quiet.logs)
	}
	verbose := runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true, Verbose: true})
	verbose.wantCode(t, ExitOK)
	if !strings.Contains(verbose.logs, "debug: debug line source=console") {
		t.Errorf("console.debug did not print with -v:\n%s", verbose.logs)
	}
}

package dashboard

import (
	"os/exec"
	"runtime"
)

// openBrowser opens url in the desktop's browser (K6_WEB_DASHBOARD_OPEN);
// without one (a server, CI) nothing happens, as the address is printed.
func openBrowser(url string) {
	name, args := "xdg-open", []string{url}
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	cmd := exec.Command(name, args...)
	if cmd.Start() == nil {
		go func() { _ = cmd.Wait() }()
	}
}

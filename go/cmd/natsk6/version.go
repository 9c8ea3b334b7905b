package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/pondigo/natsk6/go/internal/embedded"
)

func newVersionCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the natsk6 version, its Go version and the embedded nats-server version",
		Args:  cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			fmt.Fprintln(stdout, versionLine())
		},
	}
}

func versionLine() string {
	return fmt.Sprintf("natsk6 %s (%s, nats-server %s)", releaseVersion(), runtime.Version(), embedded.Version)
}

// releaseVersion is the -ldflags version of a make build, or else the module
// version that `go install github.com/pondigo/natsk6/go/cmd/natsk6@v1.2.3`
// records in the binary.
func releaseVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return version
}

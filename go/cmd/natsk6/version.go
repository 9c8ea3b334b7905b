package main

import (
	"fmt"
	"io"
	"runtime"

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
	return fmt.Sprintf("natsk6 %s (%s, nats-server %s)", version, runtime.Version(), embedded.Version)
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pondigo/natsk6/internal/jsbind"
)

func newInspectCommand(stdout io.Writer) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "inspect --json",
		Short: "Print the NATS module's surface (classes, methods, fields, data shapes) as JSON",
		Long: `Print the surface of the NATS module as scripts see it: every class with its
methods and fields, and every data shape with its fields. The TypeScript
typings test compares this JSON with the .d.ts declarations.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if !asJSON {
				return errors.New("inspect prints JSON only: pass --json")
			}
			out, err := json.MarshalIndent(jsbind.Describe(), "", "  ")
			if err != nil {
				return fmt.Errorf("encode surface: %w", err)
			}
			_, err = fmt.Fprintf(stdout, "%s\n", out)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the surface as indented JSON")
	return cmd
}

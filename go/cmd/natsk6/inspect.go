package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pondigo/natsk6/internal/jsbind"
	"github.com/pondigo/natsk6/nats"
)

// surface is what inspect prints: the binding's classes and shapes, and
// the NatsError code table, so typings can be checked against both.
type surface struct {
	jsbind.Surface
	ErrorCodes map[nats.Code]string `json:"errorCodes"`
}

func newInspectCommand(stdout io.Writer) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "inspect --json",
		Short: "Print the NATS module's surface (classes, methods, fields, data shapes, error codes) as JSON",
		Long: `Print the surface of the NATS module as scripts see it: every class with its
methods and fields, every data shape with its fields, and the NatsError
codes with their descriptions. The TypeScript typings test compares this
JSON with the .d.ts declarations.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if !asJSON {
				return errors.New("inspect prints JSON only: pass --json")
			}
			out, err := json.MarshalIndent(surface{Surface: jsbind.Describe(), ErrorCodes: nats.Descriptions}, "", "  ")
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

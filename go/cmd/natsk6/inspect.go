package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pondigo/natsk6/go/internal/jsbind"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/runner"
)

// surface is what inspect --module prints: the binding's classes and
// shapes, and the NatsError code table, so typings can be checked
// against both.
type surface struct {
	jsbind.Surface
	ErrorCodes map[natsmod.Code]string `json:"errorCodes"`
}

func newInspectCommand(environ []string, stdout, stderr io.Writer, code *int) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "inspect [flags] SCRIPT | inspect --module",
		Short: "Print a script's consolidated options as JSON, or the NATS module's surface",
		Long: `Print the options of SCRIPT as JSON, as k6 inspect does: the script's
options export consolidated with the config file (-c) and the K6_*
environment variables. The script's init code runs once; as in k6 inspect,
__ENV holds only -e values unless --include-system-env-vars is given.

With --module, print the surface of the NATS module as scripts see it:
every class with its methods and fields, every data shape with its fields,
and the NatsError codes with their descriptions. The TypeScript typings
test compares this JSON with the .d.ts declarations.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if module, _ := f.GetBool("module"); module {
				if len(args) > 0 {
					return fmt.Errorf("inspect --module takes no SCRIPT")
				}
				return printSurface(stdout)
			}
			if len(args) == 0 {
				return fmt.Errorf("inspect needs a SCRIPT (or --module for the NATS module's surface)")
			}
			cfg, err := parseInspectFlags(f, args[0], environ)
			if err != nil {
				return err
			}
			cfg.Stdout, cfg.Stderr = stdout, stderr
			requirements, _ := f.GetBool("execution-requirements")
			out, c, err := runner.Inspect(cmd.Context(), cfg, requirements)
			if err != nil {
				fmt.Fprintln(stderr, "Error:", err)
			}
			if *code = c; c == runner.ExitOK {
				_, err = stdout.Write(out)
				return err
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.SortFlags = false
	f.StringP("config", "c", "", "JSON config `FILE` of options (default: k6's, ~/.config/k6/config.json, when it exists)")
	f.StringArrayP("env", "e", nil, "KEY=VALUE added to __ENV (repeatable)")
	f.Bool("include-system-env-vars", false, "put the process environment in __ENV too")
	f.Bool("execution-requirements", false, "add totalDuration and maxVUs, the test's longest duration and most VUs")
	f.Bool("no-embedded", false, "never start the embedded nats-server for the init code")
	f.Bool("module", false, "print the NATS module's surface instead of a script's options")
	f.Bool("json", false, "print JSON (the only format; kept for scripts that pass it)")
	return cmd
}

// parseInspectFlags builds the runner configuration for inspect: the
// option layers and __ENV (without the system environment by default).
func parseInspectFlags(f *pflag.FlagSet, script string, environ []string) (runner.Config, error) {
	cfg := runner.Config{ScriptPath: script}
	process, _ := environment(environ, nil)
	layers, configFile, err := optionLayers(f, process)
	if err != nil {
		return cfg, err
	}
	cfg.Options, cfg.ConfigFile = layers, configFile
	settings, err := layers.Settings()
	if err != nil {
		return cfg, optionError(err)
	}
	// Off unless the flag or K6_INCLUDE_SYSTEM_ENV_VARS turns it on: k6
	// keeps the system environment out of inspect to avoid leaks.
	include := settings.IncludeSystemEnvVars && (f.Changed("include-system-env-vars") || layers.Env["includeSystemEnvVars"] != nil)
	pairs, _ := f.GetStringArray("env")
	if include {
		cfg.Env, err = environment(environ, pairs)
	} else {
		cfg.Env, err = environment(nil, pairs)
	}
	if err != nil {
		return cfg, &invalidOptionError{flag: "env", err: err}
	}
	cfg.NoEmbedded, _ = f.GetBool("no-embedded")
	return cfg, nil
}

func printSurface(stdout io.Writer) error {
	out, err := json.MarshalIndent(surface{Surface: jsbind.Describe(), ErrorCodes: natsmod.Descriptions}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode surface: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "%s\n", out)
	return err
}

package driver

import (
	"flag"
	"fmt"
	"io"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// format is the -format flag: rejected when parsed if unknown.
type format string

const (
	formatText  format = "text"
	formatJSON  format = "json"
	formatSARIF format = "sarif"
)

func (f *format) String() string { return string(*f) }

func (f *format) Set(s string) error {
	switch format(s) {
	case formatText, formatJSON, formatSARIF:
		*f = format(s)
		return nil
	}
	return fmt.Errorf("unknown format %q: want text, json or sarif", s)
}

// enable is an analyzer's -NAME flag: unset, true or false.
type enable struct {
	set, on bool
}

func (e *enable) String() string {
	if !e.set {
		return ""
	}
	return strconv.FormatBool(e.on)
}

func (e *enable) Set(s string) error {
	on, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	e.set, e.on = true, on
	return nil
}

func (e *enable) IsBoolFlag() bool { return true }

// parseFlags parses args into a config. Analyzer flags are registered as
// -NAME.FLAG on the analyzers' own flag values, as multichecker does, so
// that setting one configures the analyzer that runs.
func parseFlags(args []string, suite []*analysis.Analyzer, stderr io.Writer) (*config, error) {
	cfg := &config{format: formatText, tests: true}
	fs := flag.NewFlagSet("bulklint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(&cfg.format, "format", "output format: text, json or sarif")
	fs.StringVar(&cfg.baseline, "baseline", "", "report only findings not recorded in this `file`; create it with today's findings if it does not exist")
	fs.BoolVar(&cfg.baselineUpdate, "baseline-update", false, "rewrite the -baseline file with this run's findings and report none")
	fs.BoolVar(&cfg.tests, "test", true, "also analyze test packages")
	fs.StringVar(&cfg.srcRoot, "srcroot", "", "`dir` that SARIF and baseline paths are relative to (default: the enclosing git repository, else module)")
	json := fs.Bool("json", false, "same as -format=json")
	enabled := make(map[*analysis.Analyzer]*enable)
	for _, a := range suite {
		e := new(enable)
		enabled[a] = e
		fs.Var(e, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: bulklint -format=text|json|sarif [-baseline=FILE [-baseline-update]] [flags] packages...\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *json {
		if cfg.format != formatText && cfg.format != formatJSON {
			return nil, fmt.Errorf("-json conflicts with -format=%s", cfg.format)
		}
		cfg.format = formatJSON
	}
	if cfg.baselineUpdate && cfg.baseline == "" {
		return nil, fmt.Errorf("-baseline-update needs -baseline=FILE")
	}
	cfg.patterns = fs.Args()
	if len(cfg.patterns) == 0 {
		fs.Usage()
		return nil, fmt.Errorf("no packages given (try ./...)")
	}

	// As multichecker: if any -NAME is true, run only those; else drop
	// the ones set to false.
	anyOn := false
	for _, e := range enabled {
		anyOn = anyOn || e.set && e.on
	}
	for _, a := range suite {
		e := enabled[a]
		if anyOn && e.set && e.on || !anyOn && !(e.set && !e.on) {
			cfg.analyzers = append(cfg.analyzers, a)
		}
	}
	if len(cfg.analyzers) == 0 {
		return nil, fmt.Errorf("every analyzer is disabled")
	}
	return cfg, nil
}

package driver

import (
	"errors"
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
	return errors.New("want text, json or sarif")
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
	fs, enabled := flagSet(cfg, suite, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, reported{err}
	}
	cfg.explicit = formatSet(fs)
	return cfg, cfg.check(fs.Args(), suite, enabled)
}

// flagSet returns the standalone command line's flags, bound to cfg and to
// the analyzers' own flag values, and the -NAME flag of each analyzer.
func flagSet(cfg *config, suite []*analysis.Analyzer, stderr io.Writer) (*flag.FlagSet, map[*analysis.Analyzer]*enable) {
	fs := flag.NewFlagSet("bulklint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(&cfg.format, "format", "output `format` on standard output: text, json or sarif; without it, text goes to standard error")
	fs.StringVar(&cfg.baseline, "baseline", "", "report only findings not recorded in this `file`; create it with today's findings if it does not exist")
	fs.StringVar(&cfg.confirmed, "confirmed", "", "mark nplusone findings that runtime/queryguard saw run as N+1s, and report the N+1s it saw that no finding covers: its observations, a `file` or directory (BULKLINT_GUARD_OUT)")
	fs.BoolVar(&cfg.baselineUpdate, "baseline-update", false, "rewrite the -baseline file with this run's findings and report none")
	fs.BoolVar(&cfg.tests, "test", true, "also analyze test packages")
	fs.StringVar(&cfg.srcRoot, "srcroot", "", "`dir` that SARIF and baseline paths are relative to (default: the enclosing git repository, else module)")
	fs.BoolVar(&cfg.fix, "fix", false, "apply the suggested fixes, say which files changed, and report the findings that remain")
	fs.BoolVar(&cfg.diff, "diff", false, "with -fix: print the fixes as a unified diff on standard output instead of writing files")
	fs.IntVar(&cfg.context, "c", -1, "with text output: show each finding's source lines and `N` lines around them; -1 shows none")
	fs.StringVar(&cfg.tags, "tags", "", "comma-separated build `tags` to load packages with, as go build -tags")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this `file`, as x/tools' checkers do")
	fs.StringVar(&cfg.memProfile, "memprofile", "", "write a heap profile at the end of the run to this `file`")
	fs.StringVar(&cfg.writeIfaces, "write-ifaces", "", "write to this `file` the module's interface methods whose implementations query, for -nplusone.ifaces in go vet, golangci-lint and nogo")
	enabled := make(map[*analysis.Analyzer]*enable)
	for _, a := range suite {
		e := new(enable)
		enabled[a] = e
		fs.Var(e, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	// The flag package prints a parse error itself, then calls Usage: one
	// line that says where the rest is, not every analyzer flag again.
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: bulklint [flags] packages... (run 'bulklint help' for flags and exit statuses)\n")
	}
	fs.BoolVar(&cfg.json, "json", false, "print findings as JSON on standard output (x/tools' -json shape); without -format, exit 0 on findings")
	return fs, enabled
}

// check validates a parsed command line and selects the analyzers to run.
func (cfg *config) check(patterns []string, suite []*analysis.Analyzer, enabled map[*analysis.Analyzer]*enable) error {
	if cfg.json {
		if cfg.format != formatText && cfg.format != formatJSON {
			return fmt.Errorf("-json conflicts with -format=%s", cfg.format)
		}
		cfg.format = formatJSON
	}
	if cfg.diff && !cfg.fix {
		return fmt.Errorf("-diff shows what -fix would change: use -fix -diff")
	}
	if cfg.fix && cfg.baselineUpdate {
		return fmt.Errorf("-fix and -baseline-update do not combine: fix first, then update the baseline")
	}
	if cfg.baselineUpdate && cfg.baseline == "" {
		return fmt.Errorf("-baseline-update needs -baseline=FILE")
	}
	cfg.patterns = patterns
	if len(cfg.patterns) == 0 {
		return fmt.Errorf("no packages given (try ./...; run 'bulklint help' for more)")
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
		return fmt.Errorf("every analyzer is disabled")
	}
	return nil
}

// reported is a command-line error the flag package has already printed.
type reported struct{ error }

func (r reported) Unwrap() error { return r.error }

// formatSet reports whether the command line chose an output on standard
// output (-format or -baseline): without one, text goes to standard error
// and -json exits 0 on findings, as x/tools' multichecker does.
func formatSet(fs *flag.FlagSet) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		set = set || f.Name == "format" || f.Name == "baseline"
	})
	return set
}

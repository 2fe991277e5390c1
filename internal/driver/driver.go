// Package driver is bulklint's standalone checker: every command line of
// cmd/bulklint that is not go vet's, lsp, help or version runs here.
//
// It is written on golang.org/x/tools/go/analysis/checker, the public
// building block multichecker itself uses, because multichecker prints as
// it goes and exits: it has no hook to filter diagnostics against a
// baseline, to print SARIF, to add fingerprints, to pass build tags to the
// loader or to say what -fix changed. What it keeps from multichecker:
// packages loaded by go/packages with tests (-test, true by default), each
// analyzer flag registered as -NAME.FLAG, -NAME=false to drop an analyzer
// (-NAME=true to run only the named ones), text output as file:line:col:
// message on standard error, -json on standard output in multichecker's
// shape (plus a "fingerprint" per diagnostic) with exit 0, and exit codes:
// 0 nothing reported, 1 the run failed (a package did not load or
// type-check: its errors name it; an analyzer failed; no package matched),
// 3 findings reported. A bad command line exits 2, as the flag package
// does.
//
// -format=text|json|sarif and -baseline write to standard output, and
// -format=json and -format=sarif also exit 3 on findings; an error wins
// over findings, so CI can tell a broken run from a dirty one. Text paths
// are relative to the current directory; SARIF and baseline paths are
// relative to the repository root: -srcroot, or the nearest directory
// above the current one that holds .git, or else go.mod, or else the
// current directory.
//
// -fix applies the first suggested fix of each finding, says which files it
// wrote, then analyses again and reports what remains (exit 3 if anything
// does). -fix -diff prints the fixes as a unified diff and writes nothing;
// -diff alone is refused. -tags=a,b is passed to the loader as go build
// -tags.
//
// Interfaces declared in the main module are followed to their
// implementations: a package that calls an interface's method is analysed
// after the module's packages that implement it (wire.go), so that nplusone
// sees through a Store wired in main. -write-ifaces=FILE writes what the
// run found of them, for go vet, golangci-lint and nogo (-nplusone.ifaces).
//
// With -baseline=FILE: when FILE does not exist, the findings of this run
// are written to it and none is reported (exit 0; stderr says how many
// were recorded); when it exists, only findings it does not cover are
// reported (and fixed, with -fix); -baseline-update rewrites it with this
// run's findings. A run with errors never writes a baseline, since it
// would miss findings.
//
// With -confirmed=FILE_OR_DIR, the N+1 queries runtime/queryguard wrote
// there (BULKLINT_GUARD_OUT) confirm the nplusone findings whose call they
// ran through, and those no finding covers are reported as findings of
// their own, category runtime-n-plus-one (see package confirm). Text
// output adds "[confirmed at run time: ...]" to a confirmed finding, JSON
// a "confirmed" object, SARIF the properties runtimeConfirmed,
// runtimeCount and runtimeScopes, and level "error".
package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/internal/baseline"
	"github.com/bulklint/bulklint/internal/confirm"
	"github.com/bulklint/bulklint/internal/findings"
	"github.com/bulklint/bulklint/internal/fingerprint"
	"github.com/bulklint/bulklint/internal/observation"
)

// Exit codes.
const (
	exitClean    = 0
	exitError    = 1
	exitUsage    = 2
	exitFindings = 3
)

// Main runs the analyzers as asked by args and returns the exit code.
func Main(args []string, suite []*analysis.Analyzer) int {
	return run(args, suite, os.Stdout, os.Stderr)
}

// maxFixRounds bounds the rounds of -fix: each applies the fixes that do
// not overlap and analyses the written code again.
const maxFixRounds = 5

// config is a parsed command line.
type config struct {
	format         format
	explicit       bool // -format or -baseline given: output on stdout
	baseline       string
	baselineUpdate bool
	confirmed      string // -confirmed: runtime/queryguard observations, a file or a directory
	json           bool
	fix, diff      bool
	context        int // -c: lines of source around each text finding, -1 for none
	tags           string
	tests          bool
	srcRoot        string
	writeIfaces    string // -write-ifaces: nplusone's interfaces file
	cpuProfile     string // -cpuprofile
	memProfile     string // -memprofile
	analyzers      []*analysis.Analyzer
	patterns       []string
}

func run(args []string, suite []*analysis.Analyzer, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, suite, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		if !errors.As(err, new(reported)) {
			fmt.Fprintf(stderr, "bulklint: %v\n", err)
		}
		return exitUsage
	}
	root, err := repoRoot(cfg.srcRoot)
	if err != nil {
		fmt.Fprintf(stderr, "bulklint: %v\n", err)
		return exitError
	}

	// Read the baseline first: a malformed one should fail before minutes
	// of analysis, not after.
	var base *baseline.Baseline
	if cfg.baseline != "" && !cfg.baselineUpdate {
		base, err = baseline.Read(cfg.baseline)
		if err != nil && !errors.Is(err, baseline.ErrNotExist) {
			fmt.Fprintf(stderr, "bulklint: %v\n", err)
			return exitError
		}
	}

	var observed []observation.File
	if cfg.confirmed != "" {
		if observed, err = observation.Read(cfg.confirmed); err != nil {
			fmt.Fprintf(stderr, "bulklint: -confirmed: %v\n", err)
			return exitError
		}
	}

	stop, err := startProfiles(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "bulklint: %v\n", err)
		return exitError
	}
	all, errs, err := analyse(cfg, root)
	if err == nil {
		err = stop()
	} else {
		stop()
	}
	if err != nil {
		fmt.Fprintf(stderr, "bulklint: %v\n", err)
		return exitError
	}
	// Fixes that overlap one applied before them (two rewrites adding an
	// import to one file) are applied in a later round, computed afresh
	// on the written code, so that two fixes computed apart never meet
	// (two loops of one function each declaring the same fresh name).
	for round := 0; cfg.fix && round < maxFixRounds; round++ {
		fixable := all
		if base != nil {
			fixable = unmatched(base, all)
		}
		written, skipped, err := applyFixes(fixable, cfg.diff, stdout, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "bulklint: %v\n", err)
			return exitError
		}
		// What remains is what a new run finds: fixes move code, and
		// may leave a finding of their own (a checked error whose
		// count is still ignored).
		if !written {
			break
		}
		if all, errs, err = analyse(cfg, root); err != nil {
			fmt.Fprintf(stderr, "bulklint: %v\n", err)
			return exitError
		}
		if skipped == 0 {
			break
		}
		if round == maxFixRounds-1 {
			fmt.Fprintf(stderr, "bulklint: not applied after %d rounds, overlapping applied ones: %s (run again to apply)\n", maxFixRounds, plural(skipped, "fix"))
		}
	}
	if cfg.confirmed != "" {
		all = confirm.Apply(all, observed, root)
	}
	for _, e := range errs {
		fmt.Fprintf(stderr, "bulklint: %v\n", e)
	}

	report := all
	switch {
	case cfg.baseline == "":
	case base != nil:
		report = unmatched(base, all)
		if n := len(all) - len(report); n > 0 {
			fmt.Fprintf(stderr, "bulklint: %d finding(s) covered by baseline %s\n", n, cfg.baseline)
		}
	case len(errs) > 0:
		fmt.Fprintf(stderr, "bulklint: baseline %s not written: the run had errors\n", cfg.baseline)
	default:
		if err := baseline.Write(cfg.baseline, baseline.New(entries(all))); err != nil {
			fmt.Fprintf(stderr, "bulklint: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stderr, "bulklint: recorded %d finding(s) in baseline %s\n", len(all), cfg.baseline)
		report = nil
	}

	out := stdout
	if !cfg.explicit && cfg.format == formatText {
		out = stderr // as multichecker and go vet
	}
	if err := write(out, cfg, report, root, errs); err != nil {
		fmt.Fprintf(stderr, "bulklint: %v\n", err)
		return exitError
	}
	switch {
	case len(errs) > 0:
		return exitError
	case len(report) > 0 && !cfg.explicit && cfg.format == formatJSON:
		return exitClean // multichecker's -json: the findings are in the output
	case len(report) > 0:
		return exitFindings
	}
	return exitClean
}

// analyse loads the packages cfg names and runs its analyzers on them. It
// returns the findings, and the errors of packages and analyzers worth
// showing; err is a failure of the run as a whole.
func analyse(cfg *config, root string) (all []findings.Finding, errs []error, err error) {
	pkgs, err := load(cfg.patterns, cfg.tests, cfg.tags)
	if err != nil {
		return nil, nil, err
	}
	broken := make(map[string]bool) // import paths
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, findings.NewPackageError(root, p.PkgPath, e))
			broken[p.PkgPath] = true
		}
	})
	wire(pkgs)
	graph, err := checker.Analyze(cfg.analyzers, pkgs, nil)
	if err != nil {
		return nil, nil, err
	}
	if cfg.writeIfaces != "" {
		if err := writeIfaces(cfg.writeIfaces, graph, pkgs); err != nil {
			return nil, nil, err
		}
	}
	all, actErrs := findings.Collect(graph, root)
	var prereqs []error
	for _, e := range actErrs {
		ae, ok := e.(*findings.ActionError)
		// "analysis skipped due to errors in package" only repeats the
		// package's own errors, already listed.
		if ok && broken[ae.Package] {
			continue
		}
		// "failed prerequisites: nplusone@p" is an echo of a failure in
		// a dependency, once per analyzer, importer and test variant
		// (one syntax error gave 36 such lines on miniflux). The failure
		// itself is listed, so these are shown only if nothing else is.
		if ok && strings.HasPrefix(ae.Err.Error(), "failed prerequisites") {
			prereqs = append(prereqs, e)
			continue
		}
		errs = append(errs, e)
	}
	if len(errs) == 0 {
		errs = prereqs
	}
	return all, errs, nil
}

// unmatched returns the findings of fs that base does not cover.
func unmatched(base *baseline.Baseline, fs []findings.Finding) []findings.Finding {
	fps := make([]string, len(fs))
	for i, f := range fs {
		fps[i] = f.Fingerprint
	}
	var out []findings.Finding
	for _, i := range base.Unmatched(fps) {
		out = append(out, fs[i])
	}
	return out
}

// entries are the baseline entries of fs.
func entries(fs []findings.Finding) []baseline.Entry {
	out := make([]baseline.Entry, len(fs))
	for i, f := range fs {
		out[i] = baseline.Entry{
			Analyzer:    f.Analyzer,
			Category:    f.Category,
			File:        f.Pos.Path,
			Function:    f.Function,
			Message:     fingerprint.Message(f.Message),
			Fingerprint: f.Fingerprint,
		}
		if out[i].File == "" {
			out[i].File = filepath.ToSlash(f.Pos.Filename)
		}
	}
	return out
}

// load loads the packages matched by patterns with everything the
// analyzers need: syntax and types of every package, since they export
// facts.
func load(patterns []string, tests bool, tags string) ([]*packages.Package, error) {
	conf := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: tests,
	}
	if tags != "" {
		conf.BuildFlags = []string{"-tags=" + tags}
	}
	pkgs, err := packages.Load(conf, patterns...)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return pkgs, nil
}

// repoRoot returns the directory SARIF URIs and baseline paths are
// relative to: dir if set, else the nearest directory at or above the
// current one holding .git, else go.mod, else the current directory.
func repoRoot(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for _, marker := range []string{".git", "go.mod"} {
		for d := cwd; ; {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d, nil
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return cwd, nil
}

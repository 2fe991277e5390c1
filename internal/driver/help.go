package driver

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// usage is the first part of `bulklint help`; the analyzers and the flags
// are listed from the suite and the flag set, so they cannot drift.
const usage = `bulklint reports database access patterns that pass code review and hurt
in production, and names the runtime/bulk call that fixes each one.

Usage:

  bulklint [flags] packages...              standalone: load, analyse, report
  go vet -vettool=$(which bulklint) pkgs    as a vet tool, one package at a time
  bulklint lsp                              language server for editors (stdin/stdout)
  bulklint help [analyzer]                  this text, or an analyzer's documentation
  bulklint version                          version and build information

golangci-lint (v2 module plugin) and rules_go's nogo run the analyzers too:
see docs/golangci-lint.md and docs/bazel.md.
`

// exitStatuses is the last part of `bulklint help`.
const exitStatuses = `Exit status:

  standalone     0 no findings; 3 findings reported; 1 an error: a package
                 that does not load or type-check (named on standard error),
                 a pattern that matches no package (an empty module), an
                 analyzer that failed; 2 a bad command line. An error wins
                 over findings.
  -fix           3 while findings remain after the fixes are written (those
                 without a fix), else 0; with -diff nothing is written, so 3
                 whenever there are findings.
  -json          0 even with findings, as golang.org/x/tools' multichecker:
                 read the output. -format=json exits 3 on findings.
  go vet         go vet's own: 1 when the tool reported findings or failed.
  lsp            0 after the client's shutdown and exit, 1 otherwise.

Documentation: README.md and docs/ in https://github.com/bulklint/bulklint;
the runtime package: go doc -all github.com/bulklint/bulklint/runtime/bulk.
`

// Help writes `bulklint help` for args to w: the command's usage with no
// argument, else each named analyzer's documentation and flags. It returns
// the exit status.
func Help(w, stderr io.Writer, suite []*analysis.Analyzer, args []string) int {
	if len(args) == 0 {
		writeUsage(w, suite)
		return exitClean
	}
	for n, name := range args {
		i := slices.IndexFunc(suite, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			var names []string
			for _, a := range suite {
				names = append(names, a.Name)
			}
			fmt.Fprintf(stderr, "bulklint: no analyzer named %q; analyzers: %s\n", name, strings.Join(names, ", "))
			return exitUsage
		}
		if n > 0 {
			fmt.Fprintln(w)
		}
		writeAnalyzerHelp(w, suite[i])
	}
	return exitClean
}

func writeUsage(w io.Writer, suite []*analysis.Analyzer) {
	fmt.Fprintf(w, "%s\nAnalyzers (all run by default):\n\n", usage)
	for _, a := range suite {
		title, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(w, "  %-16s %s\n", a.Name, title)
	}
	fmt.Fprintf(w, "\nStandalone flags:\n\n")
	fs, _ := flagSet(&config{format: formatText, tests: true}, nil, w)
	fs.PrintDefaults()
	fmt.Fprintf(w, `
Analyzer flags, in standalone and vet mode alike:

  -NAME=false    do not run analyzer NAME
  -NAME          run only the analyzers named this way
  -NAME.FLAG     an analyzer's own flag (-nplusone.tests); 'bulklint help NAME'
                 lists them

%s`, exitStatuses)
}

// writeAnalyzerHelp writes a's documentation with its flags as they are
// passed on the command line (-NAME.FLAG), in place of the doc's own
// "# Flags" section, which lists them as golangci-lint and nogo take them.
func writeAnalyzerHelp(w io.Writer, a *analysis.Analyzer) {
	title, body, _ := strings.Cut(a.Doc, "\n\n")
	fmt.Fprintf(w, "%s: %s\n\n", a.Name, title)
	var kept []string
	inFlags := false
	for _, para := range strings.Split(body, "\n\n") {
		if strings.HasPrefix(para, "# ") {
			inFlags = para == "# Flags"
		}
		if !inFlags {
			kept = append(kept, para)
		}
	}
	fmt.Fprintf(w, "%s\n", strings.Join(kept, "\n\n"))
	var flags []*flag.Flag
	a.Flags.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	if len(flags) == 0 {
		return
	}
	fmt.Fprintf(w, "\n# Flags\n\nStandalone and go vet: -%s.FLAG; golangci-lint: settings.FLAG.\n\n", a.Name)
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(w)
	for _, f := range flags {
		fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
	}
	fs.PrintDefaults()
	if a.URL != "" {
		fmt.Fprintf(w, "\nMore: %s\n", a.URL)
	}
}

// A BuildVersion is what the binary knows of its own build.
type BuildVersion struct {
	Module   string // module version ("v0.3.0", a pseudo-version), "" if unknown
	Go       string // toolchain ("go1.26.8")
	Revision string // VCS revision, "" if not stamped
	Time     string // VCS commit time
	Modified bool   // built from a tree with uncommitted changes
}

// Version returns the build information of the running binary, read from
// runtime/debug.ReadBuildInfo.
func Version() BuildVersion {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return BuildVersion{}
	}
	v := BuildVersion{Go: bi.GoVersion}
	if bi.Main.Version != "(devel)" {
		v.Module = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the line `bulklint version` prints: "bulklint v0.3.0 (go1.26.8)",
// or for a build from a clone "bulklint devel (go1.26.8, revision
// bd178c7a1b2c, 2026-12-06T02:19:00Z, modified)".
func (v BuildVersion) String() string {
	name := v.Module
	if name == "" {
		name = "devel"
	}
	details := []string{v.Go}
	if v.Revision != "" {
		details = append(details, "revision "+v.Revision[:min(12, len(v.Revision))])
	}
	if v.Time != "" {
		details = append(details, v.Time)
	}
	if v.Modified {
		details = append(details, "modified")
	}
	return fmt.Sprintf("bulklint %s (%s)", name, strings.Join(details, ", "))
}

// WriteVetVersion answers go vet's -V=full. The go command keys its cache
// of vet results on this line and accepts two shapes: "NAME version
// devel ... buildID=ID", keyed on ID, and "NAME version VERSION ...",
// keyed on the whole line. bulklint always gives the first, with a hash of
// its executable as ID, so that a rebuilt binary (a replace, a local edit,
// another dependency) never reuses results of the previous one; the words
// between say what it is.
func WriteVetVersion(w io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return err
	}
	v := Version()
	words := strings.TrimSpace(v.Module + " " + v.Go)
	_, err = fmt.Fprintf(w, "bulklint version devel %s buildID=%x\n", words, sha256.Sum256(data))
	return err
}

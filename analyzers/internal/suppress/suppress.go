package suppress

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/srcfile"
)

// Analyzer parses the suppression comments of a package once and hands them
// to the analyzers that require it as an *Index. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "bulklintsuppress",
	Doc:              "collect //nolint and //bulklint:ignore comments for bulklint's analyzers",
	URL:              docURL,
	Run:              run,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[*Index](),
}

const docURL = "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/internal/suppress"

// Categories of the diagnostics a Reporter adds about bulklint:ignore comments.
const (
	CategoryNoReason = "suppress-noreason"
	CategoryUnused   = "suppress-unused"
)

// An Index holds the suppression directives of one package, by file.
// It is read-only once built and may be shared by any number of Reporters.
type Index struct {
	byFile     map[*token.File][]*directive
	files      map[*token.File]*ast.File
	directives []*directive // in source order, for deterministic reports
}

// A directive is one suppression comment and the lines it covers.
type directive struct {
	pos    token.Pos // start of the comment
	end    token.Pos
	ignore bool     // //bulklint:ignore rather than //nolint
	names  []string // lower-case; nil for a nolint that covers every analyzer
	reason string   // after "--" (bulklint:ignore only)

	from, to int // covered lines, inclusive, in the comment's file
}

func (d *directive) covers(line int) bool { return d.from <= line && line <= d.to }

// suppresses reports whether d suppresses the analyzer called name.
func (d *directive) suppresses(name string) bool {
	if !d.ignore && d.names == nil {
		return true
	}
	for _, n := range d.names {
		if n == name || (!d.ignore && n == "bulklint") {
			return true
		}
	}
	return false
}

func (d *directive) form() string {
	if d.ignore {
		return "bulklint:ignore"
	}
	return "nolint"
}

func run(pass *analysis.Pass) (any, error) {
	ix := &Index{
		byFile: make(map[*token.File][]*directive),
		files:  make(map[*token.File]*ast.File),
	}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		ds := fileDirectives(tf, f)
		if len(ds) == 0 {
			continue
		}
		ix.byFile[tf] = ds
		ix.files[tf] = f
		ix.directives = append(ix.directives, ds...)
	}
	return ix, nil
}

// fileDirectives parses the directives of one file and computes their ranges.
func fileDirectives(tf *token.File, f *ast.File) []*directive {
	type group struct {
		ds                 []*directive
		startLine, endLine int
		col                int
		trailing           bool
	}
	var groups []*group
	for _, g := range f.Comments {
		var gr *group
		for _, c := range g.List {
			d := parse(c.Text)
			if d == nil {
				continue
			}
			if gr == nil {
				start := tf.PositionFor(g.Pos(), false)
				gr = &group{startLine: start.Line, endLine: tf.Line(g.End()), col: start.Column}
				groups = append(groups, gr)
			}
			d.pos, d.end = c.Pos(), c.End()
			gr.ds = append(gr.ds, d)
		}
	}
	if len(groups) == 0 {
		return nil
	}

	// One walk finds, for each group, whether code precedes it on its first
	// line (a trailing comment) and the nodes that start below it in its
	// column (golangci-lint's range expansion).
	byStart := make(map[int][]*group) // keyed by the line a covered node would start on
	byLine := make(map[int][]*group)  // keyed by the group's first line
	for _, g := range groups {
		byStart[g.endLine+1] = append(byStart[g.endLine+1], g)
		byLine[g.startLine] = append(byLine[g.startLine], g)
	}
	expand := make(map[*group]int) // group -> last line of the nodes it covers
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.CommentGroup); ok {
			return false
		}
		start := tf.PositionFor(n.Pos(), false)
		if gs := byStart[start.Line]; gs != nil {
			for _, g := range gs {
				if g.col == start.Column {
					expand[g] = max(expand[g], tf.Line(n.End()))
				}
			}
		}
		if gs := byLine[tf.Line(n.End())]; gs != nil {
			endCol := tf.PositionFor(n.End(), false).Column
			for _, g := range gs {
				if endCol <= g.col {
					g.trailing = true
				}
			}
		}
		return true
	})

	var out []*directive
	for _, g := range groups {
		to := g.endLine
		if !g.trailing {
			to = g.endLine + 1
		}
		to = max(to, expand[g])
		for _, d := range g.ds {
			d.from, d.to = g.startLine, to
			out = append(out, d)
		}
	}
	return out
}

// parse returns the directive in the text of one comment, or nil.
func parse(text string) *directive {
	body, ok := strings.CutPrefix(text, "//")
	if !ok {
		return nil // /* */ comments hold no directives
	}
	// Spaces may precede the directive, as golangci-lint allows for nolint,
	// but not more slashes: "//	//nolint" is a doc comment quoting one.
	body = strings.TrimLeft(body, " \t")

	if rest, ok := strings.CutPrefix(body, "bulklint:ignore"); ok {
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return nil // e.g. bulklint:ignored
		}
		list, reason, _ := strings.Cut(rest, "--")
		d := &directive{ignore: true, names: splitNames(list), reason: strings.TrimSpace(reason)}
		// Words after the names without "--" are not a reason: they are
		// more likely a mistyped list of names.
		return d
	}

	rest, ok := strings.CutPrefix(body, "nolint")
	if !ok {
		return nil
	}
	switch {
	case rest == "" || rest[0] == ' ' || rest[0] == '\t':
		return &directive{} // every analyzer
	case rest[0] != ':':
		return nil // e.g. nolintlint
	}
	list, _, _ := strings.Cut(rest[1:], "//")
	names := splitNames(list)
	for _, n := range names {
		if n == "all" {
			return &directive{}
		}
	}
	if len(names) == 0 {
		return nil // "nolint:" names nothing; golangci-lint ignores it too
	}
	return &directive{names: names}
}

func splitNames(list string) []string {
	var names []string
	for _, item := range strings.Split(list, ",") {
		// golangci-lint trims each item; a word after a name is dropped
		// rather than making the name unmatchable.
		if f := strings.Fields(item); len(f) > 0 {
			names = append(names, strings.ToLower(f[0]))
		}
	}
	return names
}

// Options are the settings of one analyzer value that a Reporter follows.
type Options struct {
	// Nolint tells whether //nolint directives suppress diagnostics. The
	// golangci-lint plugin turns it off: golangci-lint applies nolint
	// itself, and its nolintlint would call every directive that the
	// analyzer had already honoured unused.
	Nolint bool
}

// NewOptions returns the defaults: nolint honoured.
func NewOptions() Options { return Options{Nolint: true} }

// RegisterFlags defines -nolint on fs, bound to o.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.Nolint, "nolint", o.Nolint, "honour //nolint directives; golangci-lint turns this off and applies them itself")
}

// Reporter returns a Reporter for pass.Analyzer. Each pass needs its own.
// files says which files the analyzer reports in: directives in the others
// (tests unless asked for, generated files) are never reported as unused.
func (ix *Index) Reporter(pass *analysis.Pass, opts Options, files srcfile.Filter) *Reporter {
	return &Reporter{
		ix:    ix,
		pass:  pass,
		opts:  opts,
		files: files,
		name:  strings.ToLower(pass.Analyzer.Name),
		used:  make(map[*directive]bool),
	}
}

// A Reporter reports one pass's diagnostics, dropping those that a
// suppression comment covers. It is not safe for concurrent use.
type Reporter struct {
	ix    *Index
	pass  *analysis.Pass
	opts  Options
	files srcfile.Filter
	name  string
	used  map[*directive]bool
}

// Report reports d through the pass unless a directive naming the pass's
// analyzer covers the line of d.Pos.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if dir := r.suppressing(d.Pos); dir != nil {
		r.used[dir] = true
		return
	}
	r.pass.Report(d)
}

// suppressing returns the first directive that suppresses this analyzer at
// pos, or nil. When several apply, a bulklint:ignore is preferred so that it
// does not look unused next to a broader nolint.
func (r *Reporter) suppressing(pos token.Pos) *directive {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	ds := r.ix.byFile[tf]
	if ds == nil {
		return nil
	}
	line := tf.PositionFor(pos, false).Line
	var found *directive
	for _, d := range ds {
		if !d.ignore && !r.opts.Nolint {
			continue
		}
		if d.covers(line) && d.suppresses(r.name) {
			if d.ignore {
				return d
			}
			if found == nil {
				found = d
			}
		}
	}
	return found
}

// Finish reports the bulklint:ignore directives that name this analyzer and
// either give no reason or suppressed nothing, and the nolint directives that
// name it and suppressed nothing. Call it once, after the last Report of the
// pass.
func (r *Reporter) Finish() {
	for _, d := range r.ix.directives {
		if !r.judged(d) {
			continue
		}
		if d.ignore && d.reason == "" {
			r.pass.Report(analysis.Diagnostic{
				Pos:      d.pos,
				End:      d.end,
				Category: CategoryNoReason,
				URL:      docURL + "#hdr-Diagnostics_about_suppressions",
				Message: fmt.Sprintf("%s for %s gives no reason; write //bulklint:ignore %s -- why the finding does not apply",
					d.form(), r.name, r.name),
			})
		}
		if !r.used[d] {
			r.pass.Report(analysis.Diagnostic{
				Pos:      d.pos,
				End:      d.end,
				Category: CategoryUnused,
				URL:      docURL + "#hdr-Diagnostics_about_suppressions",
				Message: fmt.Sprintf("%s for %s suppresses nothing: %s reports nothing on the lines it covers; remove %s from it",
					d.form(), r.name, r.name, r.name),
			})
		}
	}
}

// judged reports whether Finish may report d: a directive that names this
// analyzer (a nolint only by its own name, and only while nolint is
// honoured), in a file the analyzer checks.
func (r *Reporter) judged(d *directive) bool {
	if d.ignore {
		if !d.suppresses(r.name) {
			return false
		}
	} else if !r.opts.Nolint || !slices.Contains(d.names, r.name) {
		return false
	}
	tf := r.pass.Fset.File(d.pos)
	f := r.ix.files[tf]
	return f != nil && r.files.Reports(r.pass.Fset, f)
}

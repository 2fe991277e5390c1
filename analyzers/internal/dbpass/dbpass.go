package dbpass

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
	"github.com/bulklint/bulklint/analyzers/internal/srcfile"
	"github.com/bulklint/bulklint/analyzers/internal/suppress"
)

const docURL = "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/internal/dbpass"

// CategoryInternal is the category of the diagnostic that replaces the
// findings of a unit of code an analyzer failed on.
const CategoryInternal = "internal-error"

// Analyzer builds a *Package for each package. It reports nothing.
var Analyzer = newAnalyzer()

// newAnalyzer returns the helper with its own model of the database
// calls, built once, on first use.
func newAnalyzer() *analysis.Analyzer {
	var model dbapi.Lazy
	return &analysis.Analyzer{
		Name:       "bulklintpass",
		Doc:        "build once per package what bulklint's analyzers share: the inspector, the database-call matcher, the chain index and the SQL source",
		URL:        docURL,
		Requires:   []*analysis.Analyzer{suppress.Analyzer},
		ResultType: reflect.TypeFor[*Package](),
		Run: func(pass *analysis.Pass) (any, error) {
			chains := chain.New(pass.Pkg, pass.TypesInfo, pass.Files)
			return &Package{
				Matcher:  model.Get().Matcher(pass.Pkg, pass.TypesInfo),
				Chains:   chains,
				Source:   sqlsource.New(chains),
				files:    pass.Files,
				suppress: pass.ResultOf[suppress.Analyzer].(*suppress.Index),
			}, nil
		},
	}
}

// Package is what the analyzers of one package share. It is read-only
// for them; its parts are safe for concurrent use. Each builds its
// indexes on first need: the analyzers' facts make them visit every
// dependency, most of which (the standard library) they leave at once.
type Package struct {
	// Matcher matches the calls of the built-in table of database calls.
	Matcher *dbapi.Matcher
	Chains  *chain.Index
	Source  *sqlsource.Source

	files     []*ast.File
	inspOnce  sync.Once
	inspector *inspector.Inspector
	suppress  *suppress.Index
}

// Inspector returns the package's AST inspector, built on the first call.
func (p *Package) Inspector() *inspector.Inspector {
	p.inspOnce.Do(func() { p.inspector = inspector.New(p.files) })
	return p.inspector
}

// Config holds what one analyzer value tells its Reporters: where its
// documentation is, and its -tests and -nolint flags.
type Config struct {
	Files    srcfile.Filter   // -tests
	Suppress suppress.Options // -nolint
	url      string
}

// NewConfig returns the defaults for the analyzer documented at url:
// findings in test code not reported, //nolint honoured.
func NewConfig(url string) *Config {
	return &Config{Suppress: suppress.NewOptions(), url: url}
}

// RegisterFlags defines -tests and -nolint on fs, bound to c.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	c.Files.RegisterFlags(fs)
	c.Suppress.RegisterFlags(fs)
}

// Reporter returns the Reporter of pass, for the analyzer configured by
// cfg. Each pass needs its own.
func (p *Package) Reporter(pass *analysis.Pass, cfg *Config) *Reporter {
	return &Reporter{pass: pass, cfg: cfg, sup: p.suppress.Reporter(pass, cfg.Suppress, cfg.Files)}
}

// A Reporter turns the findings of one pass into diagnostics. It is not
// safe for concurrent use.
type Reporter struct {
	pass *analysis.Pass
	cfg  *Config
	sup  *suppress.Reporter
}

// Finding is one finding, before it becomes a diagnostic.
type Finding struct {
	Pos, End token.Pos
	// Category is one of the analyzer's categories, stable once released.
	Category string
	Message  string
	// Related are the secondary positions: the loop, the mutation, the
	// ignored result.
	Related        []analysis.RelatedInformation
	SuggestedFixes []analysis.SuggestedFix
}

// Report reports f, unless a suppression comment covers it, with the URL
// of the analyzer's categories.
func (r *Reporter) Report(f Finding) {
	r.sup.Report(analysis.Diagnostic{
		Pos:            f.Pos,
		End:            f.End,
		Category:       f.Category,
		URL:            r.cfg.url + "#hdr-Categories",
		Message:        f.Message,
		Related:        f.Related,
		SuggestedFixes: f.SuggestedFixes,
	})
}

// Reports reports whether findings in f are reported: test code only
// under -tests, generated files never. Facts are computed in every file.
func (r *Reporter) Reports(f *ast.File) bool {
	return r.cfg.Files.Reports(r.pass.Fset, f)
}

// Finish reports the suppression comments that name the analyzer and
// give no reason or suppress nothing. Call it once, after the last Report.
func (r *Reporter) Finish() { r.sup.Finish() }

// Safely runs f, the analysis of what (a function's name, "package p")
// at pos, and reports whether it ended normally. A panic in f, a bug of
// the analyzer met on user code, becomes one diagnostic at pos, not
// subject to suppression, rather than a failed run (a package without
// files has no position to report it at).
func (r *Reporter) Safely(pos token.Pos, what string, f func()) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			ok = false
			if !pos.IsValid() {
				return
			}
			r.pass.Report(analysis.Diagnostic{
				Pos:      pos,
				Category: CategoryInternal,
				URL:      r.cfg.url + "#hdr-Categories",
				Message:  fmt.Sprintf("internal error: %s failed on %s: %v; please report it with this code", r.pass.Analyzer.Name, what, p),
			})
		}
	}()
	f()
	return true
}

// SafelyPackage is Safely for work on the whole package, reported at its
// first file's package clause.
func (r *Reporter) SafelyPackage(f func()) bool {
	pos := token.NoPos
	if len(r.pass.Files) > 0 {
		pos = r.pass.Files[0].Package
	}
	return r.Safely(pos, "package "+r.pass.Pkg.Path(), f)
}

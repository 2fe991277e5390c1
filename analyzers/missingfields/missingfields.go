package missingfields

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/analyzerdoc"
	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
	"github.com/bulklint/bulklint/analyzers/internal/srcfile"
	"github.com/bulklint/bulklint/analyzers/internal/suppress"
)

//go:embed doc.go
var docFile string

// CategoryMissing is the category of every diagnostic: an update that
// leaves out fields the code changed. It is stable once released:
// configuration and baselines refer to it.
const CategoryMissing = "update-misses-fields"

// CategoryInternal is the category of the diagnostic that replaces a
// panic of the analyzer on one function.
const CategoryInternal = "internal-error"

const docURL = "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/missingfields"

// Analyzer reports updates that write fewer columns than the code changed.
var Analyzer = New()

// New returns a new missingfields analyzer with its own flags, so that
// tests and front ends that configure it share no state.
func New() *analysis.Analyzer {
	cfg := &config{opts: suppress.NewOptions()}
	a := &analysis.Analyzer{
		Name:      "missingfields",
		Doc:       analyzerdoc.Extract(docFile, "missingfields"),
		URL:       docURL,
		Requires:  []*analysis.Analyzer{suppress.Analyzer},
		FactTypes: []analysis.Fact{new(writeFact)},
		Run:       cfg.run,
	}
	cfg.opts.RegisterFlags(&a.Flags)
	return a
}

// config holds the flags of one Analyzer value.
type config struct {
	opts suppress.Options // -tests, -nolint

	model dbapi.Lazy
}

// checker holds the state of one pass.
type checker struct {
	cfg  *config
	pass *analysis.Pass
	mt   *dbapi.Matcher
	src  *sqlsource.Source
	rep  *suppress.Reporter
	// chains follows builder chains, through local variables too.
	chains *chain.Index

	// setters maps the package's methods with a pointer receiver to the
	// field paths they assign through the receiver.
	setters map[*types.Func][][]*types.Var
	// local holds the writeFacts of the package's own functions.
	local map[*types.Func]*writeFact
}

func (cfg *config) run(pass *analysis.Pass) (any, error) {
	chains := chain.New(pass.Pkg, pass.TypesInfo, pass.Files)
	c := &checker{
		cfg:    cfg,
		pass:   pass,
		mt:     cfg.model.Get().Matcher(pass.Pkg, pass.TypesInfo),
		src:    sqlsource.New(chains),
		chains: chains,
		rep:    pass.ResultOf[suppress.Analyzer].(*suppress.Index).Reporter(pass, cfg.opts),
	}
	defer c.rep.Finish()
	if !c.mt.Imports(append(dbapi.RootPaths(), dbapi.PathBulk)...) {
		return nil, nil // no database library in reach: nothing writes
	}
	c.setters = findSetters(pass.TypesInfo, pass.Files)
	c.local = make(map[*types.Func]*writeFact)
	// Helpers first, so that calls of the package's own helpers are
	// writes when the callers are checked. One level: a helper that
	// calls a helper gets no fact.
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Type.Params.NumFields() > 0 {
				c.safely(fd, func() { c.exportFact(fd, c.scan(fd)) })
			}
		}
	}
	for _, f := range pass.Files {
		if srcfile.Skip(c.pass.Fset, f, c.cfg.opts.Tests) {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				c.safely(fd, func() { c.checkFunc(fd) })
			}
		}
	}
	return nil, nil
}

// checkFunc reports the partial updates of fd that leave out fields
// changed before them.
func (c *checker) checkFunc(fd *ast.FuncDecl) {
	fn := c.scan(fd)
	for _, w := range fn.writes {
		c.checkWrite(fn, w)
	}
}

// safely runs f, the work on fd. A panic, a bug of the analyzer, becomes
// one diagnostic at the function rather than a failed run.
func (c *checker) safely(fd *ast.FuncDecl, f func()) {
	defer func() {
		if r := recover(); r != nil {
			c.pass.Report(analysis.Diagnostic{
				Pos:      fd.Pos(),
				Category: CategoryInternal,
				URL:      docURL + "#hdr-Categories",
				Message:  fmt.Sprintf("internal error: missingfields failed on %s: %v; please report it", fd.Name.Name, r),
			})
		}
	}()
	f()
}

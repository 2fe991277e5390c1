package missingfields

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/analyzerdoc"
	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
)

//go:embed doc.go
var docFile string

// CategoryMissing is the category of every diagnostic: an update that
// leaves out fields the code changed. It is stable once released:
// configuration and baselines refer to it.
const CategoryMissing = "update-misses-fields"

// CategoryZero is the category of an update of a struct that writes only
// its non-zero fields (gorm Updates, xorm Update) after a field was set
// to a value that may be zero: the change is silently not saved.
const CategoryZero = "update-skips-zero-values"

// CategoryInternal is the category of the diagnostic that replaces a
// panic of the analyzer on one function.
const CategoryInternal = dbpass.CategoryInternal

const docURL = "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/missingfields"

// Analyzer reports updates that write fewer columns than the code changed.
var Analyzer = New()

// New returns a new missingfields analyzer with its own flags, so that
// tests and front ends that configure it share no state.
func New() *analysis.Analyzer {
	cfg := &config{common: dbpass.NewConfig(docURL)}
	a := &analysis.Analyzer{
		Name:      "missingfields",
		Doc:       analyzerdoc.Extract(docFile, "missingfields"),
		URL:       docURL,
		Requires:  []*analysis.Analyzer{dbpass.Analyzer},
		FactTypes: []analysis.Fact{new(writeFact), new(mutFact)},
		Run:       cfg.run,
	}
	cfg.common.RegisterFlags(&a.Flags)
	return a
}

// config holds the flags of one Analyzer value.
type config struct {
	common *dbpass.Config // -tests, -nolint
}

// checker holds the state of one pass.
type checker struct {
	cfg  *config
	pass *analysis.Pass
	mt   *dbapi.Matcher
	src  *sqlsource.Source
	rep  *dbpass.Reporter
	// chains follows builder chains, through local variables too.
	chains *chain.Index

	// setters maps the package's methods with a pointer receiver to the
	// field paths they assign through the receiver.
	setters map[*types.Func][][]*types.Var
	// local holds the writeFacts of the package's own functions.
	local map[*types.Func]*writeFact
	// localMut holds the mutFacts of the package's own functions; while
	// they are computed, nil (one level deep within the package).
	localMut map[*types.Func]*mutFact
}

func (cfg *config) run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[dbpass.Analyzer].(*dbpass.Package)
	c := &checker{
		cfg:    cfg,
		pass:   pass,
		mt:     p.Matcher,
		src:    p.Source,
		chains: p.Chains,
		rep:    p.Reporter(pass, cfg.common),
	}
	defer c.rep.Finish()
	c.local = make(map[*types.Func]*writeFact)
	// Calls of the package's own mutators are seen from here on: facts
	// go one level deep within the package.
	mut := make(map[*types.Func]*mutFact)
	c.forFuncs(func(fd *ast.FuncDecl) {
		if c.structPointerParam(fd) {
			c.safely(fd, func() { c.exportMutFact(fd, c.scan(fd), mut) })
		}
	})
	c.localMut = mut
	if !c.mt.Imports(append(dbapi.RootPaths(), dbapi.PathBulk, dbapi.PathXorm)...) {
		return nil, nil // no database library in reach: nothing writes
	}
	c.setters = findSetters(pass.TypesInfo, pass.Files)
	c.exportFacts()
	c.checkFuncs()
	return nil, nil
}

// exportFacts records the writeFacts of the package's helpers first, so
// that calls of the package's own helpers are writes when the callers are
// checked. One level: a helper that calls a helper gets no fact.
func (c *checker) exportFacts() {
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Type.Params.NumFields() > 0 {
				c.safely(fd, func() { c.exportFact(fd, c.scan(fd)) })
			}
		}
	}
}

// structPointerParam reports whether fd has a parameter that points to
// a struct: only such functions can get a mutFact, so only they are
// scanned for one.
func (c *checker) structPointerParam(fd *ast.FuncDecl) bool {
	for _, f := range fd.Type.Params.List {
		if t := c.pass.TypesInfo.TypeOf(f.Type); isPointer(t) && isStruct(t) {
			return true
		}
	}
	return false
}

// forFuncs calls f for each function declaration with a body.
func (c *checker) forFuncs(f func(*ast.FuncDecl)) {
	for _, file := range c.pass.Files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				f(fd)
			}
		}
	}
}

// checkFuncs checks the functions of the files the analyzer reports in.
func (c *checker) checkFuncs() {
	for _, f := range c.pass.Files {
		if !c.rep.Reports(f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					c.safely(d, func() { c.checkFunc(d) })
				}
			case *ast.GenDecl:
				for _, fd := range varFuncs(d) {
					c.safely(fd, func() { c.checkFunc(fd) })
				}
			}
		}
	}
}

// varFuncs returns the function literals of a package-level declaration
// (var cmd = &cobra.Command{Run: func(...) {...}}), outermost only, each
// as a declaration named after the variable, to be checked as functions
// are.
func varFuncs(d *ast.GenDecl) []*ast.FuncDecl {
	var out []*ast.FuncDecl
	for _, spec := range d.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok || len(vs.Names) == 0 {
			continue
		}
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				lit, ok := n.(*ast.FuncLit)
				if !ok {
					return true
				}
				out = append(out, &ast.FuncDecl{Name: ast.NewIdent(vs.Names[0].Name), Type: lit.Type, Body: lit.Body})
				return false
			})
		}
	}
	return out
}

// checkFunc reports the partial updates of fd that leave out fields
// changed before them.
func (c *checker) checkFunc(fd *ast.FuncDecl) {
	fn := c.scan(fd)
	for _, w := range fn.writes {
		c.checkWrite(fn, w)
	}
}

// safely runs f, the work on fd, through the one panic policy of
// bulklint's analyzers: a panic becomes one diagnostic at the function.
func (c *checker) safely(fd *ast.FuncDecl, f func()) {
	c.rep.Safely(fd.Pos(), fd.Name.Name, f)
}

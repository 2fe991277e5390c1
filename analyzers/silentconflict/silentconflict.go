package silentconflict

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/analyzerdoc"
	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
	"github.com/bulklint/bulklint/analyzers/internal/lazyssa"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
)

//go:embed doc.go
var docFile string

// Categories of the diagnostics, one per kind of finding. They are stable
// once released: configuration and baselines refer to them.
const (
	CategoryError = "conflict-error-ignored"
	CategoryCount = "conflict-count-ignored"
)

const docURL = "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/silentconflict"

// Analyzer reports ignore-conflict writes whose outcome is ignored.
var Analyzer = New()

// New returns a new silentconflict analyzer with its own flags, so that
// tests and front ends that configure it share no state.
func New() *analysis.Analyzer {
	cfg := &config{common: dbpass.NewConfig(docURL)}
	a := &analysis.Analyzer{
		Name:      "silentconflict",
		Doc:       analyzerdoc.Extract(docFile, "silentconflict"),
		URL:       docURL,
		Requires:  []*analysis.Analyzer{dbpass.Analyzer},
		FactTypes: []analysis.Fact{new(writeFact)},
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

	sites  map[token.Pos]*site        // writes and possible helper calls, by Lparen
	writes map[token.Pos]*write       // the ignore-conflict writes among them
	local  map[*types.Func]*writeFact // facts of this package's helpers
	// localWrite is the call inside each of this package's helpers that
	// runs the write (or the next helper down).
	localWrite map[*types.Func]*ast.CallExpr
	// helperCalls is set when a call of another package's helper with a
	// fact is found.
	helperCalls bool
	// imported caches the facts of other packages' functions, nil for none.
	imported map[*types.Func]*writeFact
}

func (cfg *config) run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[dbpass.Analyzer].(*dbpass.Package)
	c := &checker{
		cfg:        cfg,
		pass:       pass,
		mt:         p.Matcher,
		src:        p.Source,
		chains:     p.Chains,
		rep:        p.Reporter(pass, cfg.common),
		sites:      make(map[token.Pos]*site),
		writes:     make(map[token.Pos]*write),
		local:      make(map[*types.Func]*writeFact),
		imported:   make(map[*types.Func]*writeFact),
		localWrite: make(map[*types.Func]*ast.CallExpr),
	}
	if c.rep.SafelyPackage(c.check) {
		c.rep.Finish()
	}
	return nil, nil
}

// check finds the package's ignore-conflict writes and reports those
// whose outcome is ignored.
func (c *checker) check() {
	if !c.mt.Imports(dbapi.RootPaths()...) {
		return // reaches no database call, not even through a helper
	}
	c.findWrites()
	if len(c.writes) == 0 && !c.helperCalls {
		return // no ignore-conflict write and no call of a helper: no SSA needed
	}
	// SSA is built here, for the few packages that need it, rather than
	// by requiring buildssa.Analyzer, which would build it for every
	// dependency this analyzer's facts make it visit.
	c.checkOutcomes(lazyssa.Build(c.pass))
}

package suppress_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/internal/srcfile"
	"github.com/bulklint/bulklint/analyzers/internal/suppress"
)

// newCalls returns an analyzer "calls" that reports every call expression
// through a suppress.Reporter with opts, in the files a real analyzer with
// those options checks.
func newCalls(opts suppress.Options) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "calls",
		Doc:      "report every call, for testing suppressions",
		Requires: []*analysis.Analyzer{suppress.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			r := pass.ResultOf[suppress.Analyzer].(*suppress.Index).Reporter(pass, opts, srcfile.Filter{})
			defer r.Finish()
			for _, f := range pass.Files {
				if srcfile.Skip(pass.Fset, f, false) {
					continue // as the real analyzers do
				}
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						r.Report(analysis.Diagnostic{
							Pos:     call.Pos(),
							Message: "call of " + types(call.Fun),
						})
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

func types(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "?"
}

func TestSuppress(t *testing.T) {
	calls := newCalls(suppress.Options{Nolint: true})
	analysistest.Run(t, fixturetest.Dir(t), calls, "fixtures/suppress/lines", "fixtures/suppress/file", "fixtures/suppress/tests")
}

// TestNolintOff runs with nolint left to golangci-lint: only bulklint:ignore
// suppresses, and no nolint is reported unused.
func TestNolintOff(t *testing.T) {
	calls := newCalls(suppress.Options{Nolint: false})
	analysistest.Run(t, fixturetest.Dir(t), calls, "fixtures/suppress/nolintoff")
}

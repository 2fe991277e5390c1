package suppress_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/internal/suppress"
)

// calls reports every call expression through a suppress.Reporter.
var calls = &analysis.Analyzer{
	Name:     "calls",
	Doc:      "report every call, for testing suppressions",
	Requires: []*analysis.Analyzer{suppress.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[suppress.Analyzer].(*suppress.Index).Reporter(pass)
		defer r.Finish()
		for _, f := range pass.Files {
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

func types(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "?"
}

func TestSuppress(t *testing.T) {
	analysistest.Run(t, fixturetest.Dir(t), calls, "fixtures/suppress/...")
}

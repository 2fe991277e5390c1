package lazyssa_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/internal/lazyssa"
)

// TestSameFunctions checks that Build yields the functions buildssa yields,
// in the same order, on a fixture package with methods, literals and
// generics.
func TestSameFunctions(t *testing.T) {
	var want, got []string
	a := &analysis.Analyzer{
		Name:     "lazyssatest",
		Doc:      "compares lazyssa.Build with buildssa",
		Requires: []*analysis.Analyzer{buildssa.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
				want = append(want, f.String())
			}
			for _, f := range lazyssa.Build(pass).SrcFuncs {
				got = append(got, f.String())
			}
			return nil, nil
		},
	}
	analysistest.Run(t, fixturetest.Dir(t), a, "fixtures/lazyssa/funcs")
	if len(want) < 8 {
		t.Fatalf("buildssa gave %d functions; the fixture has more", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("Build gave %d functions, buildssa %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("function %d: Build gave %s, buildssa %s", i, got[i], want[i])
		}
	}
}

// Package ssaonly defines an Analyzer that builds SSA and does nothing else:
// the baseline against which bulklint's own cost is measured. Any SSA-based
// driver pays for loading, type checking and buildssa; what bulklint adds on
// top is the difference between a run of the suite and a run of this.
//
// The command in cmd/ssaonly runs it standalone or as a vet tool, like
// cmd/bulklint; analyzers/bench_test.go runs it in process.
package ssaonly

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// Analyzer requires buildssa and reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:     "ssaonly",
	Doc:      "build SSA for every package and report nothing (a performance baseline)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

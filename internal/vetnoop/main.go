// Command vetnoop is a vet tool that does nothing: go vet -vettool=vetnoop
// measures what the go command and unitchecker cost by themselves (export
// data, type checking from source, fact files), without SSA and without any
// analysis. scripts/perf.sh compares bulklint's vet mode against it.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

var noop = &analysis.Analyzer{
	Name: "noop",
	Doc:  "report nothing (a vet-mode performance baseline)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(noop) }

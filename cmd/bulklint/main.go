// Command bulklint reports database access patterns that pass code review and
// hurt in production: queries per loop iteration, ignore-conflict writes whose
// losses nobody sees, and bulk updates that skip mutated fields.
//
// It is at once a standalone checker, a vet tool and a language server:
//
//	bulklint ./...
//	bulklint -format=sarif ./... > bulklint.sarif
//	bulklint -baseline=.bulklint-baseline.json ./...
//	go vet -vettool=$(which bulklint) ./...
//	bulklint lsp
//	bulklint help nplusone
//
// Without -format or -baseline, flags and exit codes are those of
// golang.org/x/tools/go/analysis/multichecker. With them, the run goes
// through package internal/driver; bulklint lsp is package internal/lsp.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/bulklint/bulklint/analyzers"
	"github.com/bulklint/bulklint/internal/driver"
	"github.com/bulklint/bulklint/internal/lsp"
)

func main() {
	suite := analyzers.Suite()
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == "lsp":
		os.Exit(lsp.Main(args[1:], suite))
	case driver.Wants(args):
		os.Exit(driver.Main(args, suite))
	}
	multichecker.Main(suite...)
}

// Command bulklint reports database access patterns that pass code review and
// hurt in production: queries per loop iteration, ignore-conflict writes whose
// losses nobody sees, and bulk updates that skip mutated fields.
//
// It is at once a standalone checker and a vet tool:
//
//	bulklint ./...
//	go vet -vettool=$(which bulklint) ./...
//	bulklint help nplusone
//
// Flags and exit codes are those of golang.org/x/tools/go/analysis/multichecker.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/bulklint/bulklint/analyzers"
)

func main() { multichecker.Main(analyzers.Suite()...) }

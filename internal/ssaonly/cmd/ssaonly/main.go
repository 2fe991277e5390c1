// Command ssaonly is a driver that builds SSA and reports nothing, built the
// same way as cmd/bulklint so that scripts/perf.sh can subtract the cost
// every SSA-based checker pays from bulklint's:
//
//	ssaonly ./...
//	go vet -vettool=$(which ssaonly) ./...
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/bulklint/bulklint/internal/ssaonly"
)

func main() { multichecker.Main(ssaonly.Analyzer) }

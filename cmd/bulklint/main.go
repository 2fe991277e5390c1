// Command bulklint reports database access patterns that pass code review and
// hurt in production: queries per loop iteration, ignore-conflict writes whose
// losses nobody sees, and bulk updates that skip mutated fields.
//
// It is at once a standalone checker, a vet tool and a language server:
//
//	bulklint ./...
//	bulklint -fix ./...
//	bulklint -format=sarif ./... > bulklint.sarif
//	bulklint -baseline=.bulklint-baseline.json ./...
//	bulklint -confirmed=$BULKLINT_GUARD_OUT ./...
//	go vet -vettool=$(which bulklint) ./...
//	bulklint lsp
//	bulklint help nplusone
//	bulklint version
//
// The standalone checker is package internal/driver, the language server
// package internal/lsp. go vet runs the binary through
// golang.org/x/tools/go/analysis/multichecker, which hands its
// per-package configuration file to unitchecker. `bulklint help` lists the
// flags and the exit status of each mode.
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/bulklint/bulklint/analyzers"
	"github.com/bulklint/bulklint/internal/driver"
	"github.com/bulklint/bulklint/internal/lsp"
)

func main() {
	suite := analyzers.Suite()
	args := os.Args[1:]
	first := ""
	if len(args) > 0 {
		first = args[0]
	}
	switch {
	case first == "lsp":
		os.Exit(lsp.Main(args[1:], suite))
	case first == "help" || first == "-h" || first == "-help" || first == "--help":
		os.Exit(driver.Help(os.Stdout, os.Stderr, suite, args[1:]))
	case first == "version" || first == "-version" || first == "--version":
		fmt.Println(driver.Version())
		os.Exit(0)
	case len(args) == 1 && (first == "-V=full" || first == "-V"):
		if err := driver.WriteVetVersion(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "bulklint: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	case vetMode(args):
		multichecker.Main(suite...)
	}
	os.Exit(driver.Main(args, suite))
}

// vetMode reports whether go vet runs the binary: with a vet configuration
// file as the only argument after the flags, or asking for its flags
// (-flags) to know which of its own command line to pass on.
func vetMode(args []string) bool {
	if len(args) == 1 && args[0] == "-flags" {
		return true
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") &&
		!strings.HasPrefix(args[len(args)-1], "-")
}

// Package analyzers holds the one list of bulklint's analyzers. Every front
// end (the bulklint binary, vet mode, plugins, the language server) takes its
// analyzers from Suite, or from NewSuite when it sets flags per instance.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/missingfields"
	"github.com/bulklint/bulklint/analyzers/nplusone"
	"github.com/bulklint/bulklint/analyzers/silentconflict"
)

// Suite returns bulklint's analyzers, in a new slice each call so that no
// caller can change what another sees.
func Suite() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		nplusone.Analyzer,
		silentconflict.Analyzer,
		missingfields.Analyzer,
	}
}

// NewSuite returns new analyzer values, in Suite's order, whose flags are
// their own: a front end that configures several instances side by side (the
// golangci-lint plugin, tests) sets flags on these and never on Suite's
// shared values.
func NewSuite() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		nplusone.New(),
		silentconflict.New(),
		missingfields.New(),
	}
}

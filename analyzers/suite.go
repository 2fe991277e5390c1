// Package analyzers holds the one list of bulklint's analyzers. Every front
// end (the bulklint binary, vet mode, plugins) takes its analyzers from Suite.
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

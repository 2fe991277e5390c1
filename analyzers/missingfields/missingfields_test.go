package missingfields_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/missingfields"
)

// The fixtures of every library are loaded at once: loading the fixture
// module dominates the test's time.
var libraries = []string{
	"fixtures/missingfields/sqlx/...",
	"fixtures/missingfields/databasesql/...",
	"fixtures/missingfields/pgx/...",
	"fixtures/missingfields/gorm/...",
	"fixtures/missingfields/squirrel/...",
	"fixtures/missingfields/bun/...",
	"fixtures/missingfields/setters/...",
	"fixtures/missingfields/layered/...",
}

func TestLibraries(t *testing.T) {
	results := analysistest.Run(t, fixturetest.Dir(t), missingfields.New(), libraries...)
	// Every diagnostic carries its category, its URL and the changes it
	// is about as related positions.
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != missingfields.CategoryMissing || d.URL == "" || len(d.Related) == 0 {
				t.Errorf("%s: %q: category %q, URL %q, %d related positions",
					r.Pass.Fset.Position(d.Pos), d.Message, d.Category, d.URL, len(d.Related))
			}
		}
	}
}

func TestDoc(t *testing.T) {
	a := missingfields.New()
	if title, _, _ := strings.Cut(a.Doc, "\n"); title != "report updates that leave out fields the code changed" {
		t.Errorf("Doc title = %q", title)
	}
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Error(err)
	}
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixturetest.Dir(t), missingfields.New(),
		"fixtures/missingfields/sqlx/fix",
		"fixtures/missingfields/gorm/fix",
		"fixtures/missingfields/squirrel/fix",
		"fixtures/missingfields/bun/fix",
	)
}

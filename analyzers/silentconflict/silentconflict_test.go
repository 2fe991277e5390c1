package silentconflict_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/silentconflict"
)

// The fixtures of every library are loaded at once: loading the fixture
// module dominates the test's time.
var libraries = []string{
	"fixtures/silentconflict/databasesql/...",
	"fixtures/silentconflict/sqlx/...",
	"fixtures/silentconflict/pgx/...",
	"fixtures/silentconflict/gorm/...",
	"fixtures/silentconflict/squirrel/...",
	"fixtures/silentconflict/bun/...",
}

func TestLibraries(t *testing.T) {
	analysistest.Run(t, fixturetest.Dir(t), silentconflict.New(), libraries...)
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixturetest.Dir(t), silentconflict.New(),
		"fixtures/silentconflict/databasesql/fix",
		"fixtures/silentconflict/gorm/fix",
		"fixtures/silentconflict/bun/fix",
	)
}

func TestTestsFlag(t *testing.T) {
	a := silentconflict.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, fixturetest.Dir(t), a, "fixtures/silentconflict/flags/tests")
}

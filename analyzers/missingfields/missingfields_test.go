package missingfields_test

import (
	"testing"

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
}

func TestLibraries(t *testing.T) {
	analysistest.Run(t, fixturetest.Dir(t), missingfields.New(), libraries...)
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixturetest.Dir(t), missingfields.New(), "fixtures/missingfields/fix/...")
}

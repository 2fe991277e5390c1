package silentconflict_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/silentconflict"
)

func TestDatabaseSQL(t *testing.T) {
	dir := fixturetest.Dir(t)
	analysistest.Run(t, dir, silentconflict.New(), "fixtures/silentconflict/databasesql/writes", "fixtures/silentconflict/databasesql/helpers/...")
	analysistest.RunWithSuggestedFixes(t, dir, silentconflict.New(), "fixtures/silentconflict/databasesql/fix")
}

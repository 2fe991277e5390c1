package silentconflict_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/silentconflict"
)

func TestDatabaseSQL(t *testing.T) {
	analysistest.Run(t, fixturetest.Dir(t), silentconflict.New(), "fixtures/silentconflict/databasesql/...")
}

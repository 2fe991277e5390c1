package nplusone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/nplusone"
)

func TestDatabaseSQL(t *testing.T) {
	analysistest.Run(t, fixturetest.Dir(t), nplusone.New(), "fixtures/nplusone/databasesql/...")
}

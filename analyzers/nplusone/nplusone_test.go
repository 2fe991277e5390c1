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

func TestLibraries(t *testing.T) {
	dir := fixturetest.Dir(t)
	for _, lib := range []string{"sqlx", "pgx", "gorm", "squirrel"} {
		t.Run(lib, func(t *testing.T) {
			analysistest.Run(t, dir, nplusone.New(), "fixtures/nplusone/"+lib+"/...")
		})
	}
}

// TestLayered checks helpers and interfaces across packages: an annotated
// interface method, an implementation visible through imports, a helper in
// another package.
func TestLayered(t *testing.T) {
	analysistest.Run(t, fixturetest.Dir(t), nplusone.New(), "fixtures/nplusone/layered/...")
}

// TestXorm checks that queries are found through a library not in the
// table, by facts computed on its own code.
func TestXorm(t *testing.T) {
	analysistest.Run(t, fixturetest.Dir(t), nplusone.New(), "fixtures/nplusone/xorm/...")
}

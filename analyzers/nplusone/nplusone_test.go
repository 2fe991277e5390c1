package nplusone_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	for _, lib := range []string{"sqlx", "pgx", "gorm", "squirrel", "bun"} {
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

// TestFlags checks the analyzer's flags: -funcs names a wrapper the
// analyzer cannot see into, -dynamic reports unresolvable calls, and
// without them the same code is quiet.
func TestFlags(t *testing.T) {
	dir := fixturetest.Dir(t)

	a := nplusone.New()
	if err := a.Flags.Set("funcs", "fixtures/nplusone/flags/runner.Runner.Run,fixtures/nplusone/flags/runner.Users.*"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, a, "fixtures/nplusone/flags/named")

	analysistest.Run(t, dir, nplusone.New(), "fixtures/nplusone/flags/quiet", "fixtures/nplusone/flags/runner")

	d := nplusone.New()
	if err := d.Flags.Set("dynamic", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, d, "fixtures/nplusone/flags/dynamic")
}

// TestFlagErrors checks that bad flag values are rejected when parsed,
// with a message that says what is wanted.
func TestFlagErrors(t *testing.T) {
	for _, bad := range []string{"store", "example.com/store", "example.com/store.Load-It"} {
		err := nplusone.New().Flags.Set("funcs", bad)
		if err == nil || !strings.Contains(err.Error(), "importpath.Func") {
			t.Errorf("-funcs=%s: error %v, want one naming the accepted forms", bad, err)
		}
	}
}

// TestTestsFlag checks that _test.go files are reported under -tests.
func TestTestsFlag(t *testing.T) {
	a := nplusone.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(&quietT{T: t}, fixturetest.Dir(t), a, "fixtures/nplusone/databasesql/loops")
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if strings.HasSuffix(r.Pass.Fset.Position(d.Pos).Filename, "loops_test.go") {
				found = true
			}
		}
	}
	if !found {
		t.Error("-tests=true reported nothing in loops_test.go")
	}
}

// quietT drops analysistest's complaints about the test file's unexpected
// diagnostic, which TestTestsFlag checks itself.
type quietT struct{ *testing.T }

func (q *quietT) Errorf(format string, args ...any) {
	if !strings.Contains(fmt.Sprintf(format, args...), "loops_test.go") {
		q.T.Errorf(format, args...)
	}
}

// TestStartup checks that code that runs once (migrations registered with
// goose, gormigrate or xorm's migrate, AutoMigrate and Sync, seeding
// packages, functions only main calls) is quiet by default, and reported
// with -startup.
func TestStartup(t *testing.T) {
	dir := fixturetest.Dir(t)
	analysistest.Run(t, dir, nplusone.New(), "fixtures/nplusone/startup/quiet/...")

	a := nplusone.New()
	if err := a.Flags.Set("startup", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, a, "fixtures/nplusone/startup/flagged/...")
}

// TestIfacesFlag checks that -ifaces reads interface methods whose
// implementations query from a file, and rejects a malformed one.
func TestIfacesFlag(t *testing.T) {
	dir := fixturetest.Dir(t)
	file := filepath.Join(t.TempDir(), "ifaces")
	data := "# written by bulklint -write-ifaces\nfixtures/nplusone/flags/wired.Store.Save\tsave\t(*pg.Store).Save\t(*sql.DB).ExecContext\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	a := nplusone.New()
	if err := a.Flags.Set("ifaces", file); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, a, "fixtures/nplusone/flags/wired")

	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.WriteFile(bad, []byte("example.com/store.Store.Save save\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := nplusone.New().Flags.Set("ifaces", bad); err == nil || !strings.Contains(err.Error(), "bad:1: want importpath.Interface.Method") {
		t.Errorf("-ifaces with a line without tabs: error %v", err)
	}
}

// TestLoadFix checks the rewrite of a loop of single-row reads into one
// bulk.Load: fix.go's loops get it (fix.go.golden), nofix.go's keep their
// diagnostic with no fix, each for the reason its comment gives.
func TestLoadFix(t *testing.T) {
	dir := fixturetest.Dir(t)
	analysistest.RunWithSuggestedFixes(t, dir, nplusone.New(), "fixtures/nplusone/sqlx/fix", "fixtures/nplusone/sqlx/fix/store")
	// gorm's First and Take, bun's Scan: loaded with the ORM, by
	// bulkgorm.Load and bulkbun.Load.
	analysistest.RunWithSuggestedFixes(t, dir, nplusone.New(), "fixtures/nplusone/gorm/fix", "fixtures/nplusone/bun/fix")
}

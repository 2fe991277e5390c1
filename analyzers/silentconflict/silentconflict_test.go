package silentconflict_test

import (
	"strings"
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
	"fixtures/silentconflict/dotsql/...",
	"fixtures/silentconflict/ent/...",
	"fixtures/silentconflict/xorm/...",
}

func TestLibraries(t *testing.T) {
	results := analysistest.Run(t, fixturetest.Dir(t), silentconflict.New(), libraries...)
	// A bun write built in steps points at the call that set its
	// conflict clause.
	n := 0
	for _, r := range results {
		// A fix that checks only the error is offered where the count
		// does not matter: the fixed code must not be reported again.
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 && !strings.Contains(d.Message, "a skipped row loses nothing here") {
				t.Errorf("%s: %q: a fix where the count matters", r.Pass.Fset.Position(d.Pos), d.Message)
			}
		}
		if r.Pass.Pkg.Path() != "fixtures/silentconflict/bun/steps" {
			continue
		}
		for _, d := range r.Diagnostics {
			if len(d.Related) != 1 || !strings.Contains(d.Related[0].Message, " sets the conflict clause of q here") {
				t.Errorf("%s: %q: related %v, want the call on q", r.Pass.Fset.Position(d.Pos), d.Message, d.Related)
			}
			n++
		}
	}
	if n == 0 {
		t.Error("no diagnostic in fixtures/silentconflict/bun/steps")
	}
}

func TestTestsFlag(t *testing.T) {
	a := silentconflict.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, fixturetest.Dir(t), a, "fixtures/silentconflict/flags/tests")
}

package silentconflict

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

func TestDoc(t *testing.T) {
	a := New()
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	title, rest, _ := strings.Cut(a.Doc, "\n")
	if title != "report ignore-conflict writes whose outcome is ignored" { // `bulklint help` adds the name
		t.Errorf("Doc title = %q", title)
	}
	for _, want := range []string{"# What is reported", "# What is not reported", "bulk.SkipConflicts", CategoryError, CategoryCount, "-tests"} {
		if !strings.Contains(rest, want) {
			t.Errorf("Doc does not mention %q", want)
		}
	}
}

// Facts travel between packages gob-encoded: the encoding must be
// deterministic and small.
func TestFactEncoding(t *testing.T) {
	fixturetest.FactGob(t, 512, &writeFact{What: "INSERT ... ON CONFLICT DO NOTHING into users", Via: "(*sql.DB).ExecContext", Err: 1, Count: 0, Kind: sqlResult})
}

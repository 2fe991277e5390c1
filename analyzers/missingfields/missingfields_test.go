package missingfields_test

import (
	"os"
	"path/filepath"
	"regexp"
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
	"fixtures/missingfields/xorm/...",
}

func TestLibraries(t *testing.T) {
	results := analysistest.Run(t, fixturetest.Dir(t), missingfields.New(), libraries...)
	// Every diagnostic carries its category, its URL and the changes it
	// is about as related positions.
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != missingfields.CategoryMissing && d.Category != missingfields.CategoryZero || d.URL == "" || len(d.Related) == 0 {
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
		"fixtures/missingfields/xorm/fix",
	)
}

// TestFixedIsClean checks that each fixed fixture is its scenario's
// .golden file with the expectations and package clause changed: the
// fixed code, analysed with the other fixtures by TestLibraries, gets no
// diagnostic.
func TestFixedIsClean(t *testing.T) {
	for golden, fixed := range map[string]string{
		"missingfields/xorm/fix/fix.go.golden": "missingfields/xorm/fixed/fixed.go",
	} {
		g, err := os.ReadFile(filepath.Join(fixturetest.Dir(t), golden))
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.ReadFile(filepath.Join(fixturetest.Dir(t), fixed))
		if err != nil {
			t.Fatal(err)
		}
		// Expectations of diagnostics (in the golden file) and of facts
		// (the fixed code's helpers may get one) are left out.
		expect := regexp.MustCompile("(?m) // want (\\w+:)?`.*`$")
		want := expect.ReplaceAllString(string(g), "")
		f = expect.ReplaceAll(f, nil)
		skip := func(s string) string {
			var out []string
			for _, l := range strings.Split(s, "\n") {
				if !strings.HasPrefix(l, "package ") && !strings.HasPrefix(l, "// Package ") {
					out = append(out, l)
				}
			}
			return strings.Join(out, "\n")
		}
		if skip(want) != skip(string(f)) {
			t.Errorf("%s is not %s without its expectations", fixed, golden)
		}
	}
}

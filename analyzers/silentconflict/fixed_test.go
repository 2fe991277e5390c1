package silentconflict_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/silentconflict"
)

// fixes are the scenarios whose suggested fixes TestSuggestedFixes checks.
var fixes = []string{
	"silentconflict/databasesql/fix",
	"silentconflict/gorm/fix",
	"silentconflict/bun/fix",
}

func TestSuggestedFixes(t *testing.T) {
	var pkgs []string
	for _, f := range fixes {
		pkgs = append(pkgs, "fixtures/"+f)
	}
	analysistest.RunWithSuggestedFixes(t, fixturetest.Dir(t), silentconflict.New(), pkgs...)
}

var wantComment = regexp.MustCompile(`\s*// want .*$`)

// TestFixedFilesAreClean analyses each fix scenario again with every file
// replaced by its .golden file, through an overlay: a fix must give code
// the analyzer accepts, so no finding is left in a fixed file (findings
// without a fix stay in the files that have no .golden).
func TestFixedFilesAreClean(t *testing.T) {
	dir := fixturetest.Dir(t)
	overlay := map[string][]byte{}
	fixed := map[string]bool{}
	var patterns []string
	for _, f := range fixes {
		patterns = append(patterns, "fixtures/"+f)
		goldens, err := filepath.Glob(filepath.Join(dir, f, "*.go.golden"))
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range goldens {
			src, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(src), "\n")
			for i, l := range lines {
				lines[i] = wantComment.ReplaceAllString(l, "")
			}
			name := strings.TrimSuffix(g, ".golden")
			overlay[name] = []byte(strings.Join(lines, "\n"))
			fixed[name] = true
		}
	}
	if len(fixed) == 0 {
		t.Fatal("no .golden file")
	}
	cfg := &packages.Config{
		Mode:    packages.LoadAllSyntax,
		Dir:     dir,
		Env:     append(fixturetest.Env(), "GOFLAGS=-mod=mod", "GOPROXY=off"),
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{silentconflict.New()}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			if fixed[pos.Filename] {
				t.Errorf("%s: fixed code reported again: %s", pos, d.Message)
			}
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: fixed code gets a fix again: %s", pos, d.Message)
			}
		}
	}
}

package nplusone_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/nplusone"
)

// TestLoadFixCompiles type-checks the fixed code of the load fix scenario
// and analyses it again. The fixed files import runtime/bulk, which the
// fixture module does not require, so the scenario is copied into a module
// of its own: the fixture module's requirements plus this module by a
// replace, each file replaced by its .golden file. The fixed files must
// build and get no finding; the others keep theirs, without a fix.
func TestLoadFixCompiles(t *testing.T) {
	src := fixturetest.Dir(t)
	root, err := filepath.Abs(filepath.Join(src, "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	read := func(name string) string {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(name, data string) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), read(filepath.Join(src, "go.mod"))+
		"\nrequire github.com/bulklint/bulklint v0.0.0\n\nreplace github.com/bulklint/bulklint => "+root+"\n")
	write(filepath.Join(dir, "go.sum"), read(filepath.Join(src, "go.sum"))+read(filepath.Join(root, "go.sum")))
	scenarios := []string{"nplusone/sqlx/fix", "nplusone/gorm/fix", "nplusone/bun/fix"}
	fixed := map[string]bool{}
	for _, scenario := range scenarios {
		err = filepath.WalkDir(filepath.Join(src, scenario), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			rel, _ := filepath.Rel(src, path)
			target := filepath.Join(dir, rel)
			if _, err := os.Stat(path + ".golden"); err == nil {
				write(target, read(path+".golden"))
				fixed[target] = true
			} else {
				write(target, read(path))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(fixed) < len(scenarios) {
		t.Fatalf("%d .golden files for %d scenarios", len(fixed), len(scenarios))
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(fixturetest.Env(), "GOFLAGS=-mod=mod", "GOPROXY=off"),
	}
	var patterns []string
	for _, scenario := range scenarios {
		patterns = append(patterns, "./"+scenario+"/...")
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{nplusone.New()}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	left := 0
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
				t.Errorf("%s: a fix offered where none should be: %s", pos, d.Message)
			}
			left++
		}
	}
	if left == 0 {
		t.Error("the loops that get no fix are no longer reported")
	}
}

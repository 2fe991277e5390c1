package bunchain_test

import (
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/internal/bunchain"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

// load type-checks testdata/steps.go as a package of the fixture module,
// which requires bun, through an overlay: no file is added to the module.
func load(t *testing.T) *packages.Package {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "steps.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := fixturetest.Dir(t)
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax |
			packages.NeedImports | packages.NeedDeps,
		Dir:     dir,
		Env:     append(fixturetest.Env(), "GOFLAGS=-mod=mod", "GOPROXY=off"),
		Overlay: map[string][]byte{filepath.Join(dir, "bunchaintest", "steps.go"): src},
	}
	pkgs, err := packages.Load(cfg, "fixtures/bunchaintest")
	if err != nil || len(pkgs) != 1 || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
	}
	return pkgs[0]
}

// TestOf checks the chain of every finisher (Exec, Scan) of the fixture
// against the comment on its line.
func TestOf(t *testing.T) {
	pkg := load(t)
	ix := bunchain.New(pkg.TypesInfo, pkg.Syntax)
	f := pkg.Syntax[0]
	want := map[int]string{}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if s, ok := strings.CutPrefix(c.Text, "// chain: "); ok {
				want[pkg.Fset.Position(c.Pos()).Line] = s
			}
		}
	}
	checked := 0
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !isFinisher(pkg.TypesInfo, call) {
			return true
		}
		line := pkg.Fset.Position(call.Pos()).Line
		w, ok := want[line]
		if !ok {
			t.Errorf("line %d: finisher without a chain comment", line)
			return true
		}
		if got := describe(ix.Of(call)); got != w {
			t.Errorf("line %d: chain %q, want %q", line, got, w)
		}
		checked++
		return true
	})
	if checked != len(want) {
		t.Errorf("checked %d finishers, %d comments", checked, len(want))
	}
}

func isFinisher(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == bunchain.Path && (fn.Name() == "Exec" || fn.Name() == "Scan")
}

// describe writes a chain as the fixture's comments do, with the
// variable it was built in.
func describe(ch bunchain.Chain) string {
	if !ch.Started {
		return "-"
	}
	names := make([]string, len(ch.Links))
	for i, l := range ch.Links {
		names[len(names)-1-i] = l.Name()
		if l.Cond {
			names[len(names)-1-i] += "?"
		}
	}
	s := strings.Join(names, " ")
	if ch.Var != nil {
		s += " (" + ch.Var.Name() + ")"
	}
	return s
}

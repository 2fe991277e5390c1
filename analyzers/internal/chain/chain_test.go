package chain_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

// load type-checks testdata/<name> as a package of the fixture module,
// which requires the libraries, through an overlay: no file is added to
// the module.
func load(t *testing.T, name string) *packages.Package {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := fixturetest.Dir(t)
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax |
			packages.NeedImports | packages.NeedDeps,
		Dir:     dir,
		Env:     append(fixturetest.Env(), "GOFLAGS=-mod=mod", "GOPROXY=off"),
		Overlay: map[string][]byte{filepath.Join(dir, "chaintest", name): src},
	}
	pkgs, err := packages.Load(cfg, "fixtures/chaintest")
	if err != nil || len(pkgs) != 1 || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
	}
	return pkgs[0]
}

// TestOf checks the chain of every finisher (Exec, Scan) of the fixture
// against the comment on its line.
func TestOf(t *testing.T) {
	pkg := load(t, "steps.go")
	ix := chain.New(pkg.Types, pkg.TypesInfo, pkg.Syntax)
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
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == chain.Bun.Path() && (fn.Name() == "Exec" || fn.Name() == "Scan")
}

// describe writes a chain as the fixture's comments do, with the
// variable it was built in.
func describe(ch chain.Chain) string {
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

// comments returns the text after prefix of the fixture's comments, by
// line.
func comments(pkg *packages.Package, prefix string) map[int]string {
	want := map[int]string{}
	for _, cg := range pkg.Syntax[0].Comments {
		for _, c := range cg.List {
			if s, ok := strings.CutPrefix(c.Text, prefix); ok {
				want[pkg.Fset.Position(c.Pos()).Line] = s
			}
		}
	}
	return want
}

var libs = map[string]chain.Lib{"Bun": chain.Bun, "Gorm": chain.Gorm, "Squirrel": chain.Squirrel}

// TestBuilderRoot checks each package variable and field of the fixture
// against the comment on its line.
func TestBuilderRoot(t *testing.T) {
	pkg := load(t, "roots.go")
	ix := chain.New(pkg.Types, pkg.TypesInfo, pkg.Syntax)
	want := comments(pkg, "// root: ")
	checked := 0
	for id, obj := range pkg.TypesInfo.Defs {
		v, ok := obj.(*types.Var)
		line := pkg.Fset.Position(id.Pos()).Line
		w, marked := want[line]
		if !ok || !marked || id.Name == "_" {
			continue
		}
		got := "-"
		for name, lib := range libs {
			if chains, ok := ix.BuilderRoot(v, lib); ok {
				got = fmt.Sprintf("%s %d", name, len(chains))
			}
		}
		if got != w {
			t.Errorf("line %d: %s: root %q, want %q", line, v.Name(), got, w)
		}
		checked++
	}
	if checked != len(want) {
		t.Errorf("checked %d variables, %d comments", checked, len(want))
	}
}

// TestFollow checks the chain each call statement marked in the fixture
// ends, followed through local variables.
func TestFollow(t *testing.T) {
	pkg := load(t, "roots.go")
	ix := chain.New(pkg.Types, pkg.TypesInfo, pkg.Syntax)
	want := comments(pkg, "// follow: ")
	checked := 0
	ast.Inspect(pkg.Syntax[0], func(n ast.Node) bool {
		st, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		line := pkg.Fset.Position(st.Pos()).Line
		w, ok := want[line]
		if !ok {
			return true
		}
		name, _, _ := strings.Cut(w, " ")
		links, _, started := ix.Follow(st.X, libs[name])
		got := []string{name}
		if !started {
			got = append(got, "...")
		}
		for i := len(links) - 1; i >= 0; i-- {
			got = append(got, links[i].Name())
		}
		if g := strings.Join(got, " "); g != w {
			t.Errorf("line %d: follow %q, want %q", line, g, w)
		}
		checked++
		return true
	})
	if checked != len(want) {
		t.Errorf("checked %d calls, %d comments", checked, len(want))
	}
}

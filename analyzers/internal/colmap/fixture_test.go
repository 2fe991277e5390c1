package colmap_test

import (
	"go/ast"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

// TestFixtures maps the types of testdata/src/colmap/models, loaded from the
// fixture module as an analyzer would see them, and checks them against the
// "want <library>:" lines of their doc comments.
func TestFixtures(t *testing.T) {
	dir := fixturetest.Dir(t)
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedImports,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "fixtures/colmap/models")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading fixtures: %v", pkgs)
	}
	pkg := pkgs[0]
	libs := map[string]colmap.Library{"sqlx": colmap.SQLX, "gorm": colmap.GORM, "bun": colmap.Bun}
	checked := 0
	for _, f := range pkg.Syntax {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE || gd.Doc == nil {
				continue
			}
			name := gd.Specs[0].(*ast.TypeSpec).Name.Name
			typ := pkg.Types.Scope().Lookup(name).Type()
			for line := range strings.SplitSeq(gd.Doc.Text(), "\n") {
				rest, ok := strings.CutPrefix(line, "want ")
				if !ok {
					continue
				}
				libName, cols, _ := strings.Cut(rest, ":")
				lib, ok := libs[libName]
				if !ok {
					t.Fatalf("%s: unknown library %q", name, libName)
				}
				m, err := colmap.Of(lib, typ)
				if err != nil {
					t.Errorf("%s %v: %v", name, lib, err)
					continue
				}
				var got []string
				for _, c := range m.Columns() {
					s := c.Name
					if c.PrimaryKey {
						s += "(pk)"
					}
					if !c.Updatable {
						s += "(noupdate)"
					}
					got = append(got, s)
				}
				if want := strings.Fields(cols); !slices.Equal(got, want) {
					t.Errorf("%s %v:\n got %q\nwant %q", name, lib, got, want)
				}
				checked++
			}
		}
	}
	if checked < 8 {
		t.Errorf("only %d want lines checked", checked)
	}
}

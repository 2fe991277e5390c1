package sqlsource_test

import (
	"go/ast"
	"go/constant"
	"go/types"
	"os"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// load type-checks the fixture packages matching pattern in the fixture
// module (testdata/src).
func load(t *testing.T, pattern string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedImports | packages.NeedDeps,
		Dir: fixturetest.Dir(t),
		Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, pattern)
	if err != nil {
		t.Fatalf("loading %s: %v", pattern, err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading %s: errors in fixtures", pattern)
	}
	if len(pkgs) == 0 {
		t.Fatalf("no packages match %s", pattern)
	}
	return pkgs
}

// marks calls check for each call of the fixture function named marker
// (want or wantSSA) in pkg, with its first argument and the constant
// display text of its second.
func marks(t *testing.T, pkg *packages.Package, marker string, check func(arg ast.Expr, want string)) int {
	n := 0
	for _, f := range pkg.Syntax {
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || id.Name != marker {
				return true
			}
			if _, ok := pkg.TypesInfo.Uses[id].(*types.Func); !ok {
				return true
			}
			tv := pkg.TypesInfo.Types[call.Args[1]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				t.Errorf("%s: display is not a constant string", pkg.Fset.Position(call.Pos()))
				return true
			}
			n++
			check(call.Args[0], constant.StringVal(tv.Value))
			return true
		})
	}
	return n
}

// TestFixtures loads the fixture packages once and runs every check on
// them: loading the squirrel module dominates the test's time.
func TestFixtures(t *testing.T) {
	pkgs := load(t, "./sqlsource/...")
	byName := map[string]*packages.Package{}
	for _, p := range pkgs {
		byName[p.PkgPath] = p
	}
	plain, squirrel, sqlx := byName["fixtures/sqlsource/plain"], byName["fixtures/sqlsource/squirrel"], byName["fixtures/sqlsource/sqlx"]
	if plain == nil || squirrel == nil || sqlx == nil {
		t.Fatalf("fixture packages missing from %v", byName)
	}
	prog, ssaPkgs := ssautil.Packages(pkgs, ssa.InstantiateGenerics)
	prog.Build()
	ssaOf := func(p *packages.Package) *ssa.Package {
		for i, q := range pkgs {
			if q == p {
				return ssaPkgs[i]
			}
		}
		return nil
	}
	t.Run("Text", func(t *testing.T) { testText(t, pkgs) })
	t.Run("Value", func(t *testing.T) {
		checkSSA(t, prog, plain, ssaOf(plain), func(_ *sqlsource.Source, v ssa.Value) sqltext.Text {
			return sqlsource.Value(v)
		})
	})
	t.Run("SSAText", func(t *testing.T) {
		checkSSA(t, prog, squirrel, ssaOf(squirrel), (*sqlsource.Source).SSAText)
	})
	// sqlx's Rebind and In, through both readers.
	t.Run("ValueSQLX", func(t *testing.T) {
		checkSSA(t, prog, sqlx, ssaOf(sqlx), func(_ *sqlsource.Source, v ssa.Value) sqltext.Text {
			return sqlsource.Value(v)
		})
	})
	t.Run("SSATextSQLX", func(t *testing.T) {
		checkSSA(t, prog, sqlx, ssaOf(sqlx), (*sqlsource.Source).SSAText)
	})
	t.Run("Classify", func(t *testing.T) { testClassify(t, squirrel) })
}

func testText(t *testing.T, pkgs []*packages.Package) {
	for _, pkg := range pkgs {
		src := sqlsource.New(chain.New(pkg.Types, pkg.TypesInfo, pkg.Syntax))
		n := marks(t, pkg, "want", func(arg ast.Expr, want string) {
			var got sqltext.Text
			// run(b.Exec()) marks a call that runs a builder.
			if call, ok := arg.(*ast.CallExpr); ok && isFunc(call.Fun, "run") && len(call.Args) == 1 {
				inner, _ := call.Args[0].(*ast.CallExpr)
				var isRun bool
				if inner != nil {
					got, isRun = src.Squirrel(inner)
				}
				if !isRun {
					t.Errorf("%s: Squirrel does not take the call for a builder run", pkg.Fset.Position(arg.Pos()))
					return
				}
			} else {
				got = src.Text(arg)
			}
			if got.Display() != want {
				t.Errorf("%s: Text\n got: %s\nwant: %s", pkg.Fset.Position(arg.Pos()), got.Display(), want)
			}
		})
		if n == 0 && pkg.Name != "names" {
			t.Errorf("%s: no want marks", pkg.PkgPath)
		}
		marks(t, pkg, "wantUnion", func(arg ast.Expr, want string) {
			if got := src.Union(arg); got.Display() != want {
				t.Errorf("%s: Union\n got: %s\nwant: %s", pkg.Fset.Position(arg.Pos()), got.Display(), want)
			}
		})
	}
}

func isFunc(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// checkSSA compares, for each wantSSA call in the package, the text get
// returns for its first argument with its second.
func checkSSA(t *testing.T, prog *ssa.Program, pkg *packages.Package, ssaPkg *ssa.Package, get func(*sqlsource.Source, ssa.Value) sqltext.Text) {
	src := sqlsource.New(chain.New(pkg.Types, pkg.TypesInfo, pkg.Syntax))
	// Expectations by line of the marked expression.
	want := map[int]string{}
	marks(t, pkg, "wantSSA", func(arg ast.Expr, display string) {
		want[pkg.Fset.Position(arg.Pos()).Line] = display
	})
	if len(want) == 0 {
		t.Fatal("no wantSSA marks")
	}
	seen := 0
	for fn := range ssautil.AllFunctions(prog) {
		if fn.Pkg != ssaPkg || ssaPkg == nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil || callee.Name() != "wantSSA" || len(call.Call.Args) != 2 {
					continue
				}
				arg := call.Call.Args[0]
				if mi, ok := arg.(*ssa.MakeInterface); ok {
					arg = mi.X
				}
				line := prog.Fset.Position(call.Pos()).Line
				seen++
				if got := get(src, arg).Display(); got != want[line] {
					t.Errorf("line %d: got %s\nwant: %s", line, got, want[line])
				}
			}
		}
	}
	if seen != len(want) {
		t.Errorf("checked %d wantSSA calls, want %d", seen, len(want))
	}
}

// testClassify checks that recovered text classifies as the analyzers
// expect, through sqltext.
func testClassify(t *testing.T, pkg *packages.Package) {
	src := sqlsource.New(chain.New(pkg.Types, pkg.TypesInfo, pkg.Syntax))
	var conflicts []sqltext.Conflict
	marks(t, pkg, "want", func(arg ast.Expr, _ string) {
		if call, ok := arg.(*ast.CallExpr); ok && isFunc(call.Fun, "run") {
			return
		}
		st := sqltext.ParseText(src.Text(arg))
		if st.Verb == sqltext.VerbInsert || st.Verb == sqltext.VerbReplace {
			conflicts = append(conflicts, st.Conflict)
		}
	})
	want := []sqltext.Conflict{
		sqltext.ConflictNone, sqltext.ConflictDoNothing, sqltext.ConflictIgnore, sqltext.ConflictReplace,
		sqltext.ConflictNone, sqltext.ConflictNone, sqltext.ConflictNone, sqltext.ConflictNoopUpdate,
		sqltext.ConflictNone, sqltext.ConflictNone, sqltext.ConflictNone, sqltext.ConflictNone,
		sqltext.ConflictDoNothing, sqltext.ConflictNone, sqltext.ConflictNone,
	}
	if len(conflicts) != len(want) {
		t.Fatalf("got %d insert conflicts %v, want %d", len(conflicts), conflicts, len(want))
	}
	for i := range want {
		if conflicts[i] != want[i] {
			t.Errorf("insert %d: conflict %s, want %s", i, conflicts[i], want[i])
		}
	}
}

package sqlsource_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
)

// TestLocals checks which local variables count as written once, on a
// snippet type-checked without the fixture module. Each use(x, "display")
// call is a check.
func TestLocals(t *testing.T) {
	const src = `package p

type query string

func (q *query) add(s string) { *q += query(s) }

func use(q any, display string) {}

func f(cond bool, xs []string) {
	once := "SELECT 1"
	use(once, "SELECT 1")

	var declared string = "SELECT " + "2"
	use(declared, "SELECT 2")

	var zero string
	use(zero, "…")

	twice := "a"
	twice = "b"
	use(twice, "…")

	inClosure := "a"
	func() { inClosure = "b" }()
	use(inClosure, "…")

	for _, ranged := range xs {
		use(ranged, "…")
	}

	n := 1
	n++
	use(n, "…")

	// Calling a pointer method on a variable takes its address.
	var q query = "SELECT 1"
	q.add(" UNION SELECT 2")
	use(q, "…")
	var r query = "SELECT 3"
	use(r, "SELECT 3")

	a, c := "x", "y"
	use(a+c, "xy")

	shadow := "outer"
	if cond {
		shadow := "inner"
		use(shadow, "inner")
	}
	use(shadow, "outer")
}
`
	fset, f, pkg, info := typeCheck(t, src)
	s := sqlsource.New(chain.New(pkg, info, []*ast.File{f}))
	checked := 0
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "use" {
			return true
		}
		checked++
		want := info.Types[call.Args[1]].Value.ExactString()
		want = want[1 : len(want)-1]
		if got := s.Text(call.Args[0]).Display(); got != want {
			t.Errorf("%s: got %s, want %s", fset.Position(call.Pos()), got, want)
		}
		return true
	})
	if checked == 0 {
		t.Fatal("no checks")
	}
}

// TestDoubling checks that text built by doubling variables is read in
// linear time and given up on when it grows too long.
func TestDoubling(t *testing.T) {
	src := "package p\n\nfunc use(q any) {}\n\nfunc f(x string) {\n\tv0 := x + \"ab\"\n"
	const n = 40
	for i := 1; i <= n; i++ {
		src += fmt.Sprintf("\tv%d := v%d + v%d\n", i, i-1, i-1)
	}
	src += fmt.Sprintf("\tuse(v%d)\n}\n", n)
	_, f, pkg, info := typeCheck(t, src)
	var arg ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			arg = c.Args[0]
		}
		return true
	})
	got := sqlsource.New(chain.New(pkg, info, []*ast.File{f})).Text(arg)
	if got.Display() != "…" {
		t.Errorf("got %.40s..., want a hole", got.Display())
	}
}

// typeCheck parses and type-checks src as package p, importing from the
// standard library's source.
func typeCheck(t *testing.T, src string) (*token.FileSet, *ast.File, *types.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f, pkg, info
}

package sqlsource_test

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
)

// TestFrom checks, for the argument of each call of use in the source,
// whether From says its text is built from the parameter p, against the
// comment on the call's line.
func TestFrom(t *testing.T) {
	const src = `package p

import (
	"fmt"
	"strings"
)

func use(q string) {}

func f(p, other string, b []byte) {
	use(p)                          // from
	use(other)                      // not
	use("SELECT " + p)              // from
	use(fmt.Sprintf("%s LIMIT 1", p)) // from
	use(strings.TrimSpace(p))       // from
	q := p + ";"
	use(q) // from
	r := other
	r = p
	use(r)         // not: written twice
	use(string(b)) // not
	use(fmt.Sprint(p)) // not: only Sprintf
}
`
	fset, f, pkg, info := typeCheck(t, src)
	p := pkg.Scope().Lookup("f").(*types.Func).Signature().Params().At(0)
	want := map[int]bool{}
	for _, cg := range f.Comments {
		want[fset.Position(cg.Pos()).Line] = strings.HasPrefix(cg.Text(), "from")
	}
	s := sqlsource.New(chain.New(pkg, info, []*ast.File{f}))
	checked := 0
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "use" {
			return true
		}
		line := fset.Position(call.Pos()).Line
		if got := s.From(call.Args[0], p); got != want[line] {
			t.Errorf("line %d: From = %v, want %v", line, got, want[line])
		}
		checked++
		return true
	})
	if checked != len(want) {
		t.Errorf("checked %d calls, %d comments", checked, len(want))
	}
}

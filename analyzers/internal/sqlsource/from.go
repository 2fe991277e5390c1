package sqlsource

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// maxFromDepth bounds the expressions From goes through.
const maxFromDepth = 8

// From reports whether the text e evaluates to is built from the value of
// p (a parameter holding a statement's text): p itself, a conversion, a
// concatenation, fmt.Sprintf, a function of package strings, sqlx's
// Rebind, or a local variable written once from one of those (rebinding
// in place does not count as a write, as for Text). A value that is only
// an argument of the query (sqlx.In(q, name, ids)) is not its text.
func (s *Source) From(e ast.Expr, p types.Object) bool {
	return s.from(e, p, 0)
}

func (s *Source) from(e ast.Expr, p types.Object, depth int) bool {
	if depth > maxFromDepth {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if s.info.Uses[x] == p {
			return true
		}
		d := s.single(x)
		return d != nil && d.index < 0 && s.from(d.rhs, p, depth+1)
	case *ast.BinaryExpr:
		return x.Op == token.ADD && (s.from(x.X, p, depth+1) || s.from(x.Y, p, depth+1))
	case *ast.CallExpr:
		if tv, ok := s.info.Types[x.Fun]; ok && tv.IsType() {
			return len(x.Args) == 1 && s.from(x.Args[0], p, depth+1)
		}
		fn, _ := typeutil.Callee(s.info, x).(*types.Func)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		switch path := fn.Pkg().Path(); {
		case path == "fmt" && fn.Name() == "Sprintf", path == "strings",
			path == dbapi.PathSQLX && fn.Name() == "Rebind":
		default:
			return false
		}
		for _, a := range x.Args {
			if s.from(a, p, depth+1) {
				return true
			}
		}
	}
	return false
}

package sqlsource

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// rebinder is a sqlx function that returns the text of one of its string
// arguments with only its bind variables rewritten: Rebind turns ? into
// the driver's style, In expands a ? bound to a slice into ?, ?, ?. The
// statement is the same for classification.
type rebinder struct {
	recv string // receiver type name, "" for a package function
	name string
	arg  int // index of the query among the arguments, receiver excluded
}

// rebinders lists them; binder is sqlx's interface behind Ext and
// ExtContext, whose Rebind *DB, *Tx and *Conn implement.
var rebinders = [...]rebinder{
	{"DB", "Rebind", 0},
	{"Tx", "Rebind", 0},
	{"Conn", "Rebind", 0},
	{"binder", "Rebind", 0},
	{"", "Rebind", 1},
	{"", "In", 0}, // (query string, args []any, err error): the first result
}

// rebindArg returns the index of the query argument of a call of fn if fn
// is one of sqlx's rebinders, or -1.
func rebindArg(fn *types.Func) int {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != dbapi.PathSQLX {
		return -1
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		t := r.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return -1
		}
		recv = n.Obj().Name()
	}
	for _, r := range rebinders {
		if r.recv == recv && r.name == fn.Name() {
			return r.arg
		}
	}
	return -1
}

// calleeFunc returns the function or method call calls, interface methods
// included, or nil.
func (s *Source) calleeFunc(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := s.info.Uses[id].(*types.Func)
	return fn
}

// rebound returns the query argument of call if it calls a sqlx rebinder
// (db.Rebind(q), sqlx.In(q, ids)), or nil.
func (s *Source) rebound(call *ast.CallExpr) ast.Expr {
	i := rebindArg(s.calleeFunc(call))
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// selfRebind reports whether the assignment lhs = rhs rebinds a variable
// in place (q = db.Rebind(q)): its text stays what it was, so the
// assignment does not count as a write.
func (s *Source) selfRebind(lhs, rhs ast.Expr) bool {
	l, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return false
	}
	r, ok := ast.Unparen(s.rebound(call)).(*ast.Ident)
	if !ok {
		return false
	}
	v := s.info.Uses[l]
	return v != nil && v == s.info.Uses[r]
}

// reboundValue returns the SSA value of the query argument of a call of a
// sqlx rebinder, or nil.
func reboundValue(c *ssa.CallCommon) ssa.Value {
	var fn *types.Func
	args := c.Args
	if c.IsInvoke() {
		fn = c.Method
	} else if callee := c.StaticCallee(); callee != nil {
		fn, _ = callee.Object().(*types.Func)
		if fn != nil && fn.Signature().Recv() != nil && len(args) > 0 {
			args = args[1:] // the receiver
		}
	}
	i := rebindArg(fn)
	if i < 0 || i >= len(args) {
		return nil
	}
	return args[i]
}

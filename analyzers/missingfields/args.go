package missingfields

import (
	"go/ast"
	"go/types"
)

// argLists tracks local slices built only by appending to them (args =
// append(args, u.ID, u.Name)), from a definition that is empty, a make
// or a literal: the bind arguments of a hand-built statement. A slice
// written any other way is tainted.
type argLists map[*types.Var]*argList

type argList struct {
	values  []ast.Expr // the appended (and literal) values, in order
	tainted bool
}

func (l argLists) get(v *types.Var) *argList {
	a := l[v]
	if a == nil {
		a = &argList{}
		l[v] = a
	}
	return a
}

func (l argLists) taint(v *types.Var) { l.get(v).tainted = true }

// argList records v = rhs for a slice variable v.
func (c *checker) argList(fn *funcInfo, v *types.Var, rhs ast.Expr) {
	if _, ok := v.Type().Underlying().(*types.Slice); !ok {
		return
	}
	a := fn.argLists.get(v)
	switch e := ast.Unparen(rhs).(type) {
	case *ast.CallExpr:
		id, _ := ast.Unparen(e.Fun).(*ast.Ident)
		if id == nil {
			break
		}
		b, _ := c.pass.TypesInfo.Uses[id].(*types.Builtin)
		switch {
		case b != nil && b.Name() == "append" && len(e.Args) > 0 && !e.Ellipsis.IsValid():
			if first, ok := ast.Unparen(e.Args[0]).(*ast.Ident); ok && c.localVar(first) == v {
				a.values = append(a.values, e.Args[1:]...)
				return
			}
		case b != nil && b.Name() == "make":
			return
		}
	case *ast.CompositeLit:
		a.values = append(a.values, e.Elts...)
		return
	case *ast.Ident:
		if e.Name == "nil" {
			return
		}
	}
	a.tainted = true
}

// appended returns the values of the argument list e refers to, or nil
// if e is not a local slice built only by appends, or the slice is given
// whole to a call other than the write.
func (c *checker) appended(fn *funcInfo, write *ast.CallExpr, e ast.Expr) []ast.Expr {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v := c.localVar(id)
	a := fn.argLists[v]
	if v == nil || a == nil || a.tainted || len(a.values) == 0 {
		return nil
	}
	for _, u := range fn.uses {
		if u.v == v && u.call != write {
			return nil // a helper may add to it
		}
	}
	for _, x := range a.values {
		if _, ok := x.(*ast.KeyValueExpr); ok {
			return nil
		}
	}
	return a.values
}

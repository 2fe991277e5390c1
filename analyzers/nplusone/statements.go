package nplusone

import (
	"go/ast"
	"go/types"

	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// A loop that runs a whole statement that varies per iteration (a
// migration runner, a statement per table of a list) runs a different
// statement each time, which no bulk call replaces: variesStatement
// leaves it out for a direct call. The same holds through a helper whose
// statement text comes from one of its parameters (execute(ctx, tx,
// stmt)); its fact names those parameters, and the argument passed for
// one of them is weighed as the direct call's SQL text would be.

// variesHelperStatement reports whether call is a call of a helper whose
// statement comes from a parameter, and the argument passed for it is a
// statement that varies with the iteration of l.
func (c *checker) variesHelperStatement(call *ast.CallExpr, r *reached, l *loop) bool {
	if r.direct || r.stmtParams == 0 {
		return false
	}
	for i := 0; i < 64; i++ {
		if r.stmtParams&(1<<i) == 0 {
			continue
		}
		if a := c.argFor(call, i); a != nil && c.variesStatement(a, l) {
			return true
		}
	}
	return false
}

// argFor returns the argument call passes for parameter i of its callee,
// or nil: past the end, for a variadic parameter, or for a method
// expression (T.M(recv, ...)), whose arguments are shifted by one.
func (c *checker) argFor(call *ast.CallExpr, i int) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return nil
		}
	}
	sig, ok := c.pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok || i >= sig.Params().Len() || sig.Variadic() && i == sig.Params().Len()-1 || i >= len(call.Args) || call.Ellipsis.IsValid() && i == len(call.Args)-1 {
		return nil
	}
	return call.Args[i]
}

// stmtParams returns the parameters of fd (as a mask) that the SQL text
// of every query reached by calls comes from, with no table known; 0 when
// one of them runs a statement of its own.
func (c *checker) stmtParams(fd *ast.FuncDecl, calls []*ast.CallExpr) uint64 {
	params := c.stringParams(fd)
	if len(params) == 0 {
		return 0
	}
	all, reaches := ^uint64(0), false
	for _, call := range calls {
		r := c.reach(call)
		if r == nil {
			continue
		}
		reaches = true
		var sql []ast.Expr
		switch {
		case r.direct && r.call.SQL >= 0 && r.call.SQL < len(call.Args):
			if e := call.Args[r.call.SQL]; !sqltext.ParseText(c.source().Text(e)).Table.Known {
				sql = append(sql, e)
			}
		case !r.direct:
			for i := 0; i < 64; i++ {
				if r.stmtParams&(1<<i) != 0 {
					if a := c.argFor(call, i); a != nil {
						sql = append(sql, a)
					}
				}
			}
		}
		var m uint64
		for i, p := range params {
			for _, e := range sql {
				if p != nil && c.source().From(e, p) {
					m |= 1 << i
				}
			}
		}
		all &= m
	}
	if !reaches {
		return 0
	}
	return all
}

// stringParams returns the first 64 parameters of fd, nil for one that
// cannot hold a statement's text (not a string or []byte, or variadic),
// or nil when none can.
func (c *checker) stringParams(fd *ast.FuncDecl) []types.Object {
	var out []types.Object
	found := false
	for _, f := range fd.Type.Params.List {
		names := f.Names
		if len(names) == 0 {
			names = []*ast.Ident{nil}
		}
		for _, n := range names {
			if len(out) == 64 {
				break
			}
			var obj types.Object
			if n != nil {
				obj = c.pass.TypesInfo.Defs[n]
			}
			if _, variadic := f.Type.(*ast.Ellipsis); obj == nil || variadic || !isText(obj.Type()) {
				out = append(out, nil)
				continue
			}
			out = append(out, obj)
			found = true
		}
	}
	if !found {
		return nil
	}
	return out
}

// isText reports whether t can hold SQL text: a string or []byte.
func isText(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && (b.Kind() == types.Byte || b.Kind() == types.Uint8)
	}
	return false
}

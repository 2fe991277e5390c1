package missingfields

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// columnSlice returns the values of a per-column slice bound as one
// argument of write, as for UPDATE ... FROM (SELECT UNNEST($1::bigint[])
// ...) or WHERE id = ANY($1): a local slice built only by appending field
// selections (ids = append(ids, u.ID) in the loop over users), given
// as is or through a one-argument wrapper (pq.Array(ids)). It returns nil
// for anything else.
func (c *checker) columnSlice(fn *funcInfo, write *ast.CallExpr, arg ast.Expr) []ast.Expr {
	user := write
	e := ast.Unparen(arg)
	if wrap, ok := e.(*ast.CallExpr); ok && len(wrap.Args) == 1 && !wrap.Ellipsis.IsValid() {
		user, e = wrap, ast.Unparen(wrap.Args[0])
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	if _, ok := c.pass.TypesInfo.TypeOf(id).Underlying().(*types.Slice); !ok {
		return nil
	}
	vals := c.appended(fn, user, id)
	for _, v := range vals {
		if _, ok := c.fieldSel(v); !ok {
			return nil
		}
	}
	return vals
}

// addSquirrelValue records a value of a squirrel Set: a field selection,
// or a squirrel expression (sq.Expr("?", u.Name), sq.Case("id").When(
// sq.Expr("?", u.ID), sq.Expr("?", u.Name))) whose arguments are read in
// turn.
func (c *checker) addSquirrelValue(w *write, e ast.Expr) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		w.addValue(c, e)
		return
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != dbapi.PathSquirrel || call.Ellipsis.IsValid() {
		w.addValue(c, e)
		return
	}
	for _, a := range call.Args {
		if _, isConst := c.stringConst(a); isConst {
			continue // SQL text
		}
		c.addSquirrelValue(w, a)
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil {
		c.addSquirrelValue(w, sel.X) // Case(...).When(...): the chain before
	}
}

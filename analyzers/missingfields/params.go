package missingfields

import (
	"go/ast"
	"go/types"
)

// paramList returns the []string parameter of the enclosing function
// that call is given as its only argument (Select(cols), Cols(cols...),
// bulk.Columns(cols...)), or nil.
func (c *checker) paramList(call *ast.CallExpr) *types.Var {
	if len(call.Args) != 1 {
		return nil
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok {
		return nil
	}
	v := c.localVar(id)
	if v == nil || v.Kind() != types.ParamVar {
		return nil
	}
	s, ok := v.Type().Underlying().(*types.Slice)
	if !ok || !isBasic(s.Elem(), types.IsString) {
		return nil
	}
	return v
}

// listArg returns the constant names of a column list given to a helper:
// a []string literal of constants, or a local slice built only by
// appending constants (the names every branch may append). ok is false
// otherwise.
func (c *checker) listArg(fn *funcInfo, call *ast.CallExpr, e ast.Expr) ([]string, bool) {
	var elts []ast.Expr
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		elts = x.Elts
	case *ast.Ident:
		if fn == nil {
			return nil, false
		}
		elts = c.appended(fn, call, x)
	}
	if len(elts) == 0 {
		return nil, false
	}
	var out []string
	for _, el := range elts {
		s, ok := c.stringConst(el)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

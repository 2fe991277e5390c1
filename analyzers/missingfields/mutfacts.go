package missingfields

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// mutFact marks a function that assigns fields of the structs its
// pointer parameters point to, and does nothing else with them: no call
// is given them, no database call mentions them, they are not stored or
// assigned anew. A call of it is then a change of those fields of its
// arguments (applyChanges(&t, req)), across packages.
type mutFact struct {
	Params []mutParam // by index, in order
}

// mutParam is the fields assigned through one parameter (Index -1: the
// receiver), each as the names of the fields selected, outermost first.
type mutParam struct {
	Index int
	Paths [][]string
}

func (*mutFact) AFact() {}

func (f *mutFact) String() string {
	var parts []string
	for _, p := range f.Params {
		var paths []string
		for _, path := range p.Paths {
			paths = append(paths, strings.Join(path, "."))
		}
		parts = append(parts, fmt.Sprintf("param %d: %s", p.Index, strings.Join(paths, ", ")))
	}
	return "assigns(" + strings.Join(parts, "; ") + ")"
}

// exportMutFact exports a mutFact for fd when it assigns fields of a
// pointer parameter (not the receiver: findSetters covers those of the
// package) and does nothing else with it.
func (c *checker) exportMutFact(fd *ast.FuncDecl, fn *funcInfo, into map[*types.Func]*mutFact) {
	obj, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if obj == nil {
		return
	}
	params := obj.Signature().Params()
	var f mutFact
	for i := range params.Len() {
		v := params.At(i)
		if !isPointer(v.Type()) || !isStruct(v.Type()) || len(fn.mutsByVar[v]) == 0 {
			continue
		}
		if !c.onlyAssigned(fn, v) {
			continue
		}
		var paths [][]string
		for _, mu := range fn.mutsByVar[v] {
			if mu.base.elem {
				continue
			}
			for _, p := range mu.paths {
				names := make([]string, len(p))
				for j, fv := range p {
					names[j] = fv.Name()
				}
				if !slices.ContainsFunc(paths, func(q []string) bool { return slices.Equal(q, names) }) {
					paths = append(paths, names)
				}
			}
		}
		if len(paths) > 0 && len(paths) <= maxFactColumns {
			f.Params = append(f.Params, mutParam{Index: i, Paths: paths})
		}
	}
	if len(f.Params) > 0 {
		into[obj] = &f
		c.pass.ExportObjectFact(obj, &f)
	}
}

// onlyAssigned reports whether the function does nothing with the
// parameter v but assign and read its fields.
func (c *checker) onlyAssigned(fn *funcInfo, v *types.Var) bool {
	if len(fn.assigns[v]) > 0 || len(fn.aliasesOf(ref{v: v})) > 0 {
		return false
	}
	for _, u := range fn.uses {
		if u.v == v {
			return false
		}
	}
	rt := root{ref: ref{v: v}, aliases: map[*types.Var]bool{}}
	for _, d := range fn.dbWrites {
		if c.mentions(fn, d.call, rt) {
			return false
		}
	}
	// Any other use of v whole (stored, returned, sent) is not followed.
	whole := false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || whole || c.pass.TypesInfo.Uses[id] != v {
			return !whole
		}
		if sel, ok := fn.parent(id).(*ast.SelectorExpr); ok && sel.X == id {
			return true // v.F
		}
		whole = true
		return false
	})
	return !whole
}

// mutFactOf returns the mutFact of fn: computed for this package, or
// imported.
func (c *checker) mutFactOf(fn *types.Func) *mutFact {
	fn = fn.Origin()
	if fn.Pkg() == c.pass.Pkg {
		return c.localMut[fn]
	}
	var f mutFact
	if c.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// mutatorCall records a call of a function with a mutFact as changes of
// the fields of its arguments, and returns the indices of the arguments
// it covers (they are changed, not given to a call that may save them).
func (c *checker) mutatorCall(fn *funcInfo, call *ast.CallExpr) map[int]bool {
	callee, _ := calleeFunc(c.pass.TypesInfo, call)
	if callee == nil || call.Ellipsis.IsValid() {
		return nil
	}
	f := c.mutFactOf(callee)
	if f == nil {
		return nil
	}
	covered := map[int]bool{}
	for _, p := range f.Params {
		if p.Index < 0 || p.Index >= len(call.Args) {
			continue
		}
		arg := call.Args[p.Index]
		t := c.pass.TypesInfo.TypeOf(arg)
		if !isPointer(t) {
			continue
		}
		var paths [][]*types.Var
		for _, names := range p.Paths {
			if path := fieldPath(t, names); path != nil {
				paths = append(paths, path)
			}
		}
		if len(paths) == 0 {
			continue
		}
		base, prefix := arg, []*types.Var(nil)
		if r, ok := c.fieldSel(stripAddr(arg)); ok {
			base, prefix = r.base, r.path // applyChanges(&o.Settings)
		}
		var full [][]*types.Var
		for _, path := range paths {
			full = append(full, append(slices.Clone(prefix), path...))
		}
		c.addMutation(fn, call, base, full)
		covered[p.Index] = true
	}
	return covered
}

// fieldPath resolves field names from the struct t points to.
func fieldPath(t types.Type, names []string) []*types.Var {
	var out []*types.Var
	for _, n := range names {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, n)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			return nil
		}
		out = append(out, v)
		t = v.Type()
	}
	return out
}

// calleeFunc returns the function or method a call calls statically.
func calleeFunc(info *types.Info, call *ast.CallExpr) (*types.Func, bool) {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		fn, ok := info.Uses[f].(*types.Func)
		return fn, ok
	case *ast.SelectorExpr:
		if s, ok := info.Selections[f]; ok {
			if s.Kind() != types.MethodVal {
				return nil, false
			}
			fn, ok := s.Obj().(*types.Func)
			return fn, ok
		}
		fn, ok := info.Uses[f.Sel].(*types.Func)
		return fn, ok
	}
	return nil, false
}

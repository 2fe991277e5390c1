package nplusone

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/lazyssa"
)

// An interface method call whose receiver is, in the calling function, an
// interface value made from a known concrete type (var r Reader =
// &memReader{}) runs that type's method and no other: whether the call
// queries is that method's fact, not that of some other implementation
// the package can see. The SSA form of the package is built only when such
// a call would otherwise count as a query.

// concreteReach resolves the interface method call call of m (named name)
// through the concrete types its receiver may hold. ok is false when they
// are not all known (a parameter, a field, a call's result); otherwise r
// is the reach of the first of them whose method queries, or nil when
// none does.
func (c *checker) concreteReach(call *ast.CallExpr, m *types.Func, name string) (r *reached, ok bool) {
	if c.unresolvedReceiver(call) {
		return nil, false
	}
	cc := c.ssaCall(call)
	if cc == nil || !cc.IsInvoke() {
		return nil, false
	}
	concrete, ok := concreteTypes(cc.Value, map[ssa.Value]bool{})
	if !ok {
		return nil, false
	}
	for _, t := range concrete {
		sel := types.NewMethodSet(t).Lookup(m.Pkg(), m.Name())
		if sel == nil {
			continue
		}
		fn, _ := sel.Obj().(*types.Func)
		if fn == nil {
			continue
		}
		if f := c.factOf(fn); f != nil {
			impl := dbapi.FuncName(fn)
			return &reached{fact: f.through(impl), name: name, impl: impl, callee: m, startup: f.Startup}, true
		}
	}
	return nil, true
}

// unresolvedReceiver reports whether the receiver of the method call call
// is an expression concreteTypes cannot see through, a field, an element or
// a parameter or a function's result (s.store.Find(...), stores[i].Find(...),
// r.Find(...) with r a parameter), so that the
// package's SSA form need not be built to learn it: in layered applications
// most interface calls go through a field.
func (c *checker) unresolvedReceiver(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		v, _ := c.pass.TypesInfo.Uses[x].(*types.Var)
		return v != nil && c.isParam(v)
	case *ast.SelectorExpr:
		s, ok := c.pass.TypesInfo.Selections[x]
		return ok && s.Kind() == types.FieldVal
	case *ast.IndexExpr:
		return c.pass.TypesInfo.Types[x.X].IsValue() // not an instantiation
	case *ast.CallExpr:
		return !c.pass.TypesInfo.Types[x.Fun].IsType() // a conversion is seen through
	}
	return false
}

// isParam reports whether v is a parameter, a result or a receiver of a
// function of the package that is never assigned; the set is built on
// first use.
func (c *checker) isParam(v *types.Var) bool {
	if c.params == nil {
		c.params = make(map[*types.Var]bool)
		add := func(fl *ast.FieldList) {
			if fl == nil {
				return
			}
			for _, f := range fl.List {
				for _, id := range f.Names {
					if p, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok {
						c.params[p] = true
					}
				}
			}
		}
		var assigned []*types.Var
		inspectFiles(c.pass.Files, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.FuncDecl:
				add(n.Recv)
			case *ast.FuncType:
				add(n.Params)
				add(n.Results)
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
						if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
							assigned = append(assigned, v)
						}
					}
				}
			}
		})
		// A parameter given another value in the body may hold a
		// concrete value made there: SSA sees it.
		for _, v := range assigned {
			c.params[v] = false
		}
	}
	return c.params[v]
}

// inspectFiles calls visit for every node of files.
func inspectFiles(files []*ast.File, visit func(ast.Node)) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if n != nil {
				visit(n)
			}
			return true
		})
	}
}

// ssaCall returns the SSA call of call, or nil; the package's SSA form and
// its index of calls by position are built on first use.
func (c *checker) ssaCall(call *ast.CallExpr) *ssa.CallCommon {
	if c.ssaCalls == nil {
		c.ssaCalls = make(map[token.Pos]*ssa.CallCommon)
		for _, fn := range lazyssa.Build(c.pass).SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common().Pos().IsValid() {
						c.ssaCalls[ci.Common().Pos()] = ci.Common()
					}
				}
			}
		}
	}
	return c.ssaCalls[call.Lparen]
}

// concreteTypes returns the concrete types an interface value may hold,
// following phis, interface conversions and local variables that are only
// stored to and loaded from; ok is false when one of its sources is not a
// conversion of a concrete value made in the function.
func concreteTypes(v ssa.Value, seen map[ssa.Value]bool) (ts []types.Type, ok bool) {
	if seen[v] {
		return nil, true // a cycle of phis adds no type
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return []types.Type{v.X.Type()}, true
	case *ssa.ChangeInterface:
		return concreteTypes(v.X, seen)
	case *ssa.Const:
		return nil, v.IsNil() // a nil interface has no method to run
	case *ssa.Phi:
		for _, e := range v.Edges {
			more, ok := concreteTypes(e, seen)
			if !ok {
				return nil, false
			}
			ts = append(ts, more...)
		}
		return ts, true
	case *ssa.UnOp:
		alloc, isAlloc := v.X.(*ssa.Alloc)
		if v.Op != token.MUL || !isAlloc {
			return nil, false
		}
		// A variable that escapes (captured by a closure, its address
		// passed on) may be written where this function cannot see.
		for _, ref := range *alloc.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Addr != alloc {
					return nil, false
				}
				more, ok := concreteTypes(ref.Val, seen)
				if !ok {
					return nil, false
				}
				ts = append(ts, more...)
			case *ssa.UnOp, *ssa.DebugRef:
			default:
				return nil, false
			}
		}
		return ts, true
	}
	return nil, false
}

package chain

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// variable is what the index knows of a local variable that holds a
// builder changed in place (a bun query).
type variable struct {
	lib  Lib
	fn   ast.Node       // the *ast.FuncDecl or *ast.FuncLit that declares it
	body *ast.BlockStmt // its body
	// bad is set when the variable is declared, written or used in a way
	// that is not followed: it may hold something else, or be changed
	// where the index cannot see.
	bad bool
	// starts counts the assignments from a chain that starts at a
	// handle's New... call; start is the last one, with its calls.
	starts     int
	start      ast.Node
	startLinks []Link
	steps      []step // in source order
}

// step is a chain of builder calls rooted at the variable whose result is
// the builder again, or the builder calls of a chain ending in a
// finisher.
type step struct {
	root  *ast.Ident
	links []Link // last first
}

// builderVar returns the local variable id defines or uses when it is a
// pointer to a builder changed in place, or nil.
func (ix *Index) builderVar(id *ast.Ident) *types.Var {
	obj := ix.info.Uses[id]
	if obj == nil {
		obj = ix.info.Defs[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	if _, ok := types.Unalias(v.Type()).(*types.Pointer); !ok || libOf(v.Type()) == 0 {
		return nil
	}
	return v
}

func (ix *Index) variable(v *types.Var) *variable {
	vr := ix.vars[v]
	if vr == nil {
		vr = &variable{lib: libOf(v.Type())}
		ix.vars[v] = vr
	}
	return vr
}

// indexVars records every builder variable of the package: its
// declaration, its assignments and its uses.
func (ix *Index) indexVars() {
	ix.vars = make(map[*types.Var]*variable)
	for _, f := range ix.files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.AssignStmt:
				ix.assignment(n)
			case *ast.ValueSpec:
				ix.valueSpec(n)
			case *ast.Ident:
				ix.occurrence(n, stack)
			}
			stack = append(stack, n)
			return true
		})
	}
}

// assignment records the assignments of builder variables in as.
func (ix *Index) assignment(as *ast.AssignStmt) {
	for i, l := range as.Lhs {
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok {
			continue
		}
		v := ix.builderVar(id)
		if v == nil {
			continue
		}
		vr := ix.variable(v)
		if as.Tok != token.DEFINE && as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
			vr.bad = true // q, err := build(), q += ...
			continue
		}
		ix.assign(vr, v, as, as.Rhs[i])
	}
}

// valueSpec records var q = db.NewInsert(); a var without a value holds
// nil until it is assigned.
func (ix *Index) valueSpec(vs *ast.ValueSpec) {
	for i, id := range vs.Names {
		v := ix.builderVar(id)
		if v == nil || len(vs.Values) == 0 {
			continue
		}
		vr := ix.variable(v)
		if len(vs.Values) != len(vs.Names) {
			vr.bad = true
			continue
		}
		ix.assign(vr, v, vs, vs.Values[i])
	}
}

// assign records v = rhs in node: a start (a chain from a handle's New...
// call), a chain on v itself (q = q.Ignore(), whose calls are recorded as
// a step where q is used), or anything else, which is not followed.
func (ix *Index) assign(vr *variable, v *types.Var, node ast.Node, rhs ast.Expr) {
	links, root, started := ix.Walk(rhs, vr.lib)
	switch {
	case started:
		vr.starts++
		vr.start, vr.startLinks = node, links
	case len(links) > 0 && isUse(ix.info, root, v):
	default:
		vr.bad = true
	}
}

func isUse(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// occurrence records the declaration or a use of a builder variable; stack
// holds id's ancestors, its parent last.
func (ix *Index) occurrence(id *ast.Ident, stack []ast.Node) {
	v := ix.builderVar(id)
	if v == nil {
		return
	}
	vr := ix.variable(v)
	fn := enclosingFunc(stack)
	if ix.info.Defs[id] == v {
		vr.fn = fn
		if fl, ok := fn.(*ast.FuncLit); ok {
			vr.body = fl.Body
		} else if fd, ok := fn.(*ast.FuncDecl); ok {
			vr.body = fd.Body
		}
		switch stack[len(stack)-1].(type) {
		case *ast.AssignStmt, *ast.ValueSpec:
		default:
			vr.bad = true // a parameter, a result, a range variable
		}
		return
	}
	if fn == nil || fn != vr.fn {
		vr.bad = true // captured by a function literal
		return
	}
	links, top, parent := climb(ix, vr.lib, id, stack)
	switch {
	case len(links) == 0:
		// Only the target of an assignment (read by assignment) is
		// followed: q passed on, returned, compared, addressed is not.
		as, ok := parent.(*ast.AssignStmt)
		if !ok || !slices.Contains(as.Lhs, ast.Expr(id)) {
			vr.bad = true
		}
		return
	case !vr.lib.IsBuilder(ix.info.TypeOf(top)):
		links = links[:len(links)-1] // the finisher's builder calls
	case isStmt(parent):
	case isSelfAssign(ix.info, parent, top, v):
	default:
		vr.bad = true // the builder flows on: passed, stored, aliased
		return
	}
	if len(links) > 0 {
		slices.Reverse(links)
		vr.steps = append(vr.steps, step{root: id, links: links})
	}
}

// climb follows the builder calls of lib made on id upward (q.A().B()):
// it returns them, first first, the outermost expression of the chain and
// that expression's parent.
func climb(ix *Index, lib Lib, id *ast.Ident, stack []ast.Node) (links []Link, top ast.Expr, parent ast.Node) {
	top = id
	i := len(stack) - 1
	for {
		for i >= 0 {
			p, ok := stack[i].(*ast.ParenExpr)
			if !ok {
				break
			}
			top, i = p, i-1
		}
		if i < 1 {
			break
		}
		sel, ok := stack[i].(*ast.SelectorExpr)
		if !ok || sel.X != top {
			break
		}
		call, ok := stack[i-1].(*ast.CallExpr)
		if !ok || call.Fun != sel {
			break // a method value
		}
		fn, _ := ix.call(call, lib)
		if fn == nil || fn.Signature().Recv() == nil || !lib.IsBuilder(fn.Signature().Recv().Type()) {
			break
		}
		links = append(links, Link{Call: call, Func: fn})
		top, i = call, i-2
		if !lib.IsBuilder(ix.info.TypeOf(call)) {
			break // a finisher's result, a string: the builder stays here
		}
	}
	if i >= 0 {
		parent = stack[i]
	}
	return links, top, parent
}

func isStmt(n ast.Node) bool {
	_, ok := n.(*ast.ExprStmt)
	return ok
}

// isSelfAssign reports whether parent is v = top.
func isSelfAssign(info *types.Info, parent ast.Node, top ast.Expr, v *types.Var) bool {
	as, ok := parent.(*ast.AssignStmt)
	return ok && as.Tok == token.ASSIGN && len(as.Lhs) == 1 && len(as.Rhs) == 1 &&
		as.Rhs[0] == top && isUse(info, as.Lhs[0], v)
}

// enclosingFunc returns the innermost function declaration or literal of
// stack, or nil.
func enclosingFunc(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// follow returns the chain of the finisher links rooted at the use root
// of v: the finisher's own calls, then the steps that may run before it,
// latest first, then the start.
func (ix *Index) follow(v *types.Var, vr *variable, links []Link, root *ast.Ident) Chain {
	if vr == nil || vr.bad || vr.starts != 1 || vr.body == nil || vr.start.Pos() >= root.Pos() {
		return Chain{Links: links}
	}
	fl := ix.flow(vr.body)
	start := vr.start.Pos()
	if !fl.reaches(start, root.Pos(), token.NoPos) {
		return Chain{Links: links}
	}
	out := slices.Clone(links)
	for i := len(vr.steps) - 1; i >= 0; i-- {
		s := vr.steps[i]
		at := s.root.Pos()
		if at <= start || at >= root.Pos() || !fl.reaches(at, root.Pos(), start) {
			continue
		}
		cond := fl.reaches(start, root.Pos(), at)
		for _, l := range s.links {
			l.Cond = cond
			out = append(out, l)
		}
	}
	out = append(out, vr.startLinks...)
	return Chain{Links: out, Started: true, Var: v}
}

package nplusone

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// A loop over chunks walks batches, not elements: its iteration value is
// itself a slice, array or map (for _, batch := range chunks(ids, 500)),
// or its counter strides over a slice that the body cuts into pieces
// (for i := 0; i < len(ids); i += n { batch := ids[i:end] }). One
// statement per chunk is the batched form, so what is computed from the
// chunk as a whole (an IN list built from it, its arguments, len(batch))
// is no evidence of a query per element; one element picked out of it
// (batch[0], ids[i], the value of an inner loop over it) still is.

// batchRoots returns the variables of a loop's iteration that stand for a
// whole chunk, or nil for a loop over elements.
func (c *checker) batchRoots(stmt ast.Stmt) map[types.Object]bool {
	info := c.pass.TypesInfo
	roots := map[types.Object]bool{}
	switch s := stmt.(type) {
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if obj := identObj(info, e); obj != nil && isCollection(obj.Type()) {
				roots[obj] = true
			}
		}
		// The index of a slice of chunks counts chunks, not elements;
		// the key of a map of groups names one element (a user, a tenant).
		if obj := identObj(info, s.Key); obj != nil && !roots[obj] {
			if elem, ok := indexedElem(info.TypeOf(s.X)); ok && isCollection(elem) {
				roots[obj] = true
			}
		}
	case *ast.ForStmt:
		if counter := c.strideCounter(s); counter != nil {
			roots[counter] = true
		}
	}
	if len(roots) == 0 {
		return nil
	}
	return roots
}

// identObj returns the variable e declares or names, or nil for _.
func identObj(info *types.Info, e ast.Expr) types.Object {
	id, ok := e.(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	return info.ObjectOf(id)
}

// indexedElem returns the element type of a slice, array or pointer to
// array: what ranging over it by index walks.
func indexedElem(t types.Type) (types.Type, bool) {
	if t == nil {
		return nil, false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem(), true
	case *types.Array:
		return u.Elem(), true
	}
	return nil, false
}

// strideCounter returns the counter of a loop that steps by more than one
// (i += n, or i = i + n) and cuts a slice with it in its body
// (ids[i:end]): the counter is the offset of a chunk. A counter that
// strides without cutting (one time bucket per hour) is an element.
func (c *checker) strideCounter(s *ast.ForStmt) types.Object {
	info := c.pass.TypesInfo
	counter, step := strideStep(info, s.Post)
	if counter == nil {
		return nil
	}
	if tv, ok := info.Types[step]; ok && tv.Value != nil {
		if n, ok := constant.Int64Val(constant.ToInt(tv.Value)); !ok || n <= 1 {
			return nil
		}
	}
	set := map[types.Object]bool{counter: true}
	cut := false
	ast.Inspect(s.Body, func(n ast.Node) bool {
		if se, ok := n.(*ast.SliceExpr); ok && !cut && isCollection(info.TypeOf(se)) {
			for _, b := range []ast.Expr{se.Low, se.High} {
				if b != nil && c.mentions(b, set) {
					cut = true
				}
			}
		}
		return !cut
	})
	if !cut {
		return nil
	}
	return counter
}

// strideStep returns the counter a loop's post statement adds to and the
// step it adds: i += n, i = i + n or i = n + i.
func strideStep(info *types.Info, post ast.Stmt) (types.Object, ast.Expr) {
	as, ok := post.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil, nil
	}
	counter := identObj(info, as.Lhs[0])
	if counter == nil {
		return nil, nil
	}
	switch as.Tok {
	case token.ADD_ASSIGN:
		return counter, as.Rhs[0]
	case token.ASSIGN:
		sum, ok := ast.Unparen(as.Rhs[0]).(*ast.BinaryExpr)
		if !ok || sum.Op != token.ADD {
			return nil, nil
		}
		if identObj(info, sum.X) == counter {
			return counter, sum.Y
		}
		if identObj(info, sum.Y) == counter {
			return counter, sum.X
		}
	}
	return nil, nil
}

// markElements fills l.element for a loop over chunks: the derived
// variables that hold one element rather than the chunk or something
// computed from it as a whole. A variable that is itself a slice or map
// holds many (args = append(args, id) gathers an IN list): it is never an
// element.
func (c *checker) markElements(l *loop, batch map[types.Object]bool) {
	info := c.pass.TypesInfo
	l.element = make(map[types.Object]bool)
	for obj := range l.roots {
		if !batch[obj] {
			l.element[obj] = true
		}
	}
	fs := flows(l.body)
	for changed := true; changed; {
		changed = false
		for _, f := range fs {
			elem := false
			for _, e := range f.from {
				if e != nil && c.carriesElement(e, l) {
					elem = true
				}
			}
			// An inner loop over the chunk takes its elements one by one.
			if f.ranged && c.mentionsAny(f.from, l.derived) {
				elem = true
			}
			if !elem {
				continue
			}
			for _, to := range f.to {
				if to == nil {
					continue
				}
				obj := rootObj(info, to)
				if obj == nil || l.element[obj] || isCollection(obj.Type()) {
					continue
				}
				l.element[obj] = true
				changed = true
			}
		}
	}
}

// carriesElement reports whether e holds one element of the iteration of
// l. In a loop over elements every derived value does; in a loop over
// chunks, a variable marked as an element does, and so does an element
// picked out of a derived collection or by a derived index (batch[0],
// ids[i]).
func (c *checker) carriesElement(e ast.Expr, l *loop) bool {
	if l.element == nil {
		return c.mentions(e, l.derived)
	}
	if c.mentions(e, l.element) {
		return true
	}
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		ix, ok := n.(*ast.IndexExpr)
		if !ok || found {
			return !found
		}
		switch u := info.TypeOf(ix.X).Underlying().(type) {
		case *types.Slice, *types.Array, *types.Map:
		case *types.Pointer:
			if _, ok := u.Elem().Underlying().(*types.Array); !ok {
				return true
			}
		default:
			return true // a string's byte, a generic instantiation
		}
		if !isCollection(info.TypeOf(ix)) && (c.mentions(ix.X, l.derived) || c.mentions(ix.Index, l.derived)) {
			found = true
		}
		return !found
	})
	return found
}

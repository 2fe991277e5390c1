package missingfields

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
)

// root is a value whose mutations reach a write: the written variable
// (or its elements), or, when that is a range value, the collection
// ranged over, for mutations made before the range statement.
type root struct {
	ref
	before  token.Pos
	aliases map[*types.Var]bool
}

// missed is a column a write leaves out, with the mutations that changed it.
type missed struct {
	col  colmap.Column
	muts []*mutation
}

// checkWrite reports w if fields mutated before it are not among the
// columns it writes.
func (c *checker) checkWrite(fn *funcInfo, w *write) {
	if w.skipsZero {
		c.checkZero(fn, w)
		return
	}
	if w.colsFrom != nil {
		return // the columns are the caller's
	}
	r, typ, ok := c.writtenRef(w)
	if !ok {
		return
	}
	m, err := colmap.Of(w.lib, elemStruct(typ))
	if err != nil {
		return
	}
	roots := []root{{ref: r, before: w.call.Pos()}}
	if ro, ok := fn.ranges[r.v]; ok && !r.elem {
		roots = append(roots, root{ref: ro.coll, before: ro.stmt.Pos()})
	}
	for i := range roots {
		roots[i].aliases = fn.aliasesOf(roots[i].ref)
	}
	// sqlx maps a struct field to a column and to its nested columns
	// (home, home.city): the change is reported on the leaves only.
	parents := map[string]bool{}
	for _, col := range m.Columns() {
		if i := strings.LastIndexByte(col.Name, '.'); i > 0 && w.lib == colmap.SQLX {
			parents[col.Name[:i]] = true
		}
	}
	anc := map[ast.Node]bool{}
	for n := ast.Node(w.call); n != nil; n = fn.parent(n) {
		anc[n] = true
	}
	k := &kills{fn: fn, w: w, mentions: map[mention]bool{}, uses: map[*types.Var][]*ast.CallExpr{}}
	var missing []*missed
	byName := map[string]*missed{}
	keys := c.keyReads(fn, w, roots)
	for _, mu := range fn.candidates(roots) {
		rt, ok := matchRoot(mu, roots)
		if !ok || !reaches(fn, mu.node, anc) || c.restored(fn, mu) {
			continue
		}
		for _, path := range mu.paths {
			for _, col := range columnsOf(m, path) {
				if parents[col.Name] || col.PrimaryKey || !col.Updatable || w.writes(col) {
					continue
				}
				if slices.ContainsFunc(keys, func(p []*types.Var) bool { return pathCovers(p, col) }) {
					continue // the change flows into the statement (its WHERE)
				}
				if c.killed(k, mu, col, rt) {
					continue
				}
				ms := byName[col.Name]
				if ms == nil {
					ms = &missed{col: col}
					byName[col.Name] = ms
					missing = append(missing, ms)
				}
				if len(ms.muts) == 0 || ms.muts[len(ms.muts)-1] != mu {
					ms.muts = append(ms.muts, mu)
				}
			}
		}
	}
	if len(missing) > 0 {
		c.report(w, missing)
	}
}

// writtenRef returns the variable whose value w writes and the type of
// the written value; for writes of field selections, their common base.
func (c *checker) writtenRef(w *write) (ref, types.Type, bool) {
	if w.value != nil {
		r, ok := c.refOf(w.value)
		return r, c.pass.TypesInfo.TypeOf(w.value), ok
	}
	for _, e := range w.others {
		if c.mentionsLocal(e) {
			return ref{}, nil, false // it may carry a changed field's value
		}
	}
	var (
		r   ref
		typ types.Type
	)
	for i, rd := range w.reads {
		ri, ok := c.refOf(rd.base)
		if !ok || i > 0 && ri != r {
			return ref{}, nil, false
		}
		r, typ = ri, c.pass.TypesInfo.TypeOf(rd.base)
	}
	return r, typ, typ != nil
}

// elemStruct strips pointers and collections down to the element type.
func elemStruct(t types.Type) types.Type {
	for range 4 {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		default:
			return t
		}
	}
	return t
}

// aliasesOf returns the variables that refer to what r refers to (its
// elements when r is a collection).
func (fn *funcInfo) aliasesOf(r ref) map[*types.Var]bool {
	set := map[*types.Var]bool{}
	coll := !r.elem && isCollection(r.v.Type())
	for changed := true; changed; {
		changed = false
		for _, a := range fn.aliases {
			if set[a.dst] {
				continue
			}
			direct := a.src.v == r.v && (coll && a.src.elem || !coll && !r.elem && !a.src.elem ||
				r.elem && a.src.elem && a.src.idx == r.idx)
			if direct || set[a.src.v] && !a.src.elem {
				set[a.dst] = true
				changed = true
			}
		}
	}
	return set
}

// matchRoot reports whether mu changes the value of one of the roots.
func matchRoot(mu *mutation, roots []root) (root, bool) {
	for _, rt := range roots {
		if mu.node.Pos() >= rt.before {
			continue
		}
		b := mu.base
		if rt.aliases[b.v] && !b.elem {
			return rt, true
		}
		if b.v != rt.v {
			continue
		}
		coll := !rt.elem && isCollection(rt.v.Type())
		switch {
		case coll && b.elem,
			!coll && !rt.elem && !b.elem,
			rt.elem && b.elem && b.idx == rt.idx:
			return rt, true
		}
	}
	return root{}, false
}

// columnsOf returns the columns below the last field of path whose own
// path goes through every field of path, in order.
func columnsOf(m *colmap.Mapping, path []*types.Var) []colmap.Column {
	var out []colmap.Column
	for _, col := range m.Within(path[len(path)-1]) {
		i := 0
		for _, s := range col.Path {
			if i < len(path) && (s.Field == path[i] || s.Field.Origin() == path[i].Origin()) {
				i++
			}
		}
		if i == len(path) {
			out = append(out, col)
		}
	}
	return out
}

// writes reports whether w writes col.
func (w *write) writes(col colmap.Column) bool {
	named := func(names []string) bool {
		for _, n := range names {
			if strings.EqualFold(n, col.Name) || n == col.Field().Name() || n == col.FieldPath() {
				return true
			}
		}
		return false
	}
	if w.skipsZero || w.colsFrom != nil {
		return true // it may: the value or the caller decides
	}
	if w.lib == colmap.XORM {
		named = func(names []string) bool {
			for _, n := range names {
				if colmap.SameXormName(n, col.Name) || n == col.Field().Name() {
					return true
				}
			}
			return false
		}
		if col.AutoUpdated && !w.noAutoTime {
			return true // xorm sets it on every update
		}
	}
	if w.omit {
		return !named(w.cols)
	}
	if w.lib == colmap.GORM && col.Name == "updated_at" && col.Field().Name() == "UpdatedAt" && !w.upsert {
		return true // gorm sets it on every update, selected or not
	}
	if named(w.cols) || named(w.names) {
		return true
	}
	if w.upsert {
		return false // the values read are inserted, not updated
	}
	for _, n := range w.names {
		// sqltext cuts a placeholder name at a dot (:home.city gives
		// home): take every column below that prefix as bound.
		if strings.HasPrefix(col.Name, n+".") {
			return true
		}
	}
	for _, rd := range w.reads {
		if pathCovers(rd.path, col) {
			return true
		}
	}
	return false
}

// pathCovers reports whether reading the fields of path reads col: col's
// path goes through every field of path, in order (a read of a struct
// field reads every column below it).
func pathCovers(path []*types.Var, col colmap.Column) bool {
	i := 0
	for _, s := range col.Path {
		if i < len(path) && (s.Field == path[i] || s.Field.Origin() == path[i].Origin()) {
			i++
		}
	}
	return i == len(path)
}

// reaches reports whether the mutation node, written before the write
// call, is on a path to it: not in another branch of an if or a switch,
// not in a function literal that does not hold the call, and not followed
// by a return in its own block. anc holds the call and its ancestors.
func reaches(fn *funcInfo, mut ast.Node, anc map[ast.Node]bool) bool {
	child := mut
	for p := fn.parent(mut); p != nil; child, p = p, fn.parent(p) {
		if anc[p] {
			switch p := p.(type) {
			case *ast.IfStmt:
				// The call is in the other branch, unless the
				// mutation is in the condition.
				return child == p.Init || child == p.Cond
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				return true
			case *ast.BlockStmt:
				if _, isCase := child.(*ast.CaseClause); isCase {
					return false
				}
				if _, isComm := child.(*ast.CommClause); isComm {
					return false
				}
			}
			return true
		}
		switch p := p.(type) {
		case *ast.FuncLit:
			return false // runs when called, if at all
		case *ast.BlockStmt:
			if returnsAfter(p.List, child) {
				return false
			}
		case *ast.CaseClause:
			if returnsAfter(p.Body, child) {
				return false
			}
		}
	}
	return false
}

// returnsAfter reports whether a return statement follows child in list.
func returnsAfter(list []ast.Stmt, child ast.Node) bool {
	after := false
	for _, st := range list {
		if st == child {
			after = true
			continue
		}
		if _, ok := st.(*ast.ReturnStmt); ok && after {
			return true
		}
	}
	return false
}

// kills answers, for one write, which other writes save a change first
// (or after it).
type kills struct {
	fn       *funcInfo
	w        *write
	mentions map[mention]bool
	uses     map[*types.Var][]*ast.CallExpr // the calls given a root's value, by root
}

// mention is a database write (by index in funcInfo.dbWrites) and a root
// variable it may mention.
type mention struct {
	write int
	root  *types.Var
}

// killed reports whether the change of col by mu is overwritten or saved
// by another statement: the root variable is assigned anew between the
// change and the write, or another database write that mentions the
// value writes col (or may write anything) after the change and before
// or after the write.
func (c *checker) killed(k *kills, mu *mutation, col colmap.Column, rt root) bool {
	from, to := mu.node.End(), k.w.call.Pos()
	if mu.base.v == rt.v {
		for _, p := range k.fn.assigns[rt.v] {
			if from <= p && p < to {
				return true
			}
		}
	}
	uses, ok := k.uses[rt.v]
	if !ok {
		for _, u := range k.fn.uses {
			if k.fn.related(u.v, rt) {
				uses = append(uses, u.call)
			}
		}
		k.uses[rt.v] = uses
	}
	for _, call := range uses {
		if from <= call.Pos() && call.End() <= to && !slices.Contains(k.w.built, call) {
			return true // given to a call that may save it
		}
	}
	for i, d := range k.fn.dbWrites {
		if d.call == k.w.call || d.call.Pos() < from {
			continue
		}
		m, ok := k.mentions[mention{i, rt.v}]
		if !ok {
			m = c.mentions(k.fn, d.call, rt)
			k.mentions[mention{i, rt.v}] = m
		}
		if m && (d.w == nil || d.w.writes(col)) {
			return true
		}
	}
	return false
}

// mentions reports whether the call (its arguments or its receiver
// chain) refers to the root's variable or one of its aliases, to a range
// value over it, or to the collection it is a range value of.
func (c *checker) mentions(fn *funcInfo, call *ast.CallExpr, rt root) bool {
	return c.mentionsIn(fn, call, rt, map[*types.Var]bool{})
}

// mentionsIn is mentions for any node; an argument list built with
// append (args = append(args, u.Name)) mentions what its values do.
func (c *checker) mentionsIn(fn *funcInfo, n ast.Node, rt root, seen map[*types.Var]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			v := c.localVar(id)
			if v != nil && fn.related(v, rt) {
				found = true
			}
			if a := fn.argLists[v]; v != nil && a != nil && !seen[v] {
				seen[v] = true
				for _, x := range a.values {
					if c.mentionsIn(fn, x, rt, seen) {
						found = true
						break
					}
				}
			}
		}
		return !found
	})
	return found
}

// related reports whether v refers to the root's value: the root's
// variable, an alias, a range value over it, or the collection it is a
// range value of.
func (fn *funcInfo) related(v *types.Var, rt root) bool {
	if v == rt.v || rt.aliases[v] {
		return true
	}
	if ro, ok := fn.ranges[v]; ok && (ro.coll.v == rt.v || rt.aliases[ro.coll.v]) {
		return true
	}
	ro, ok := fn.ranges[rt.v]
	return ok && ro.coll.v == v
}

// mentionsLocal reports whether e refers to a local variable.
func (c *checker) mentionsLocal(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found && c.localVar(id) != nil {
			found = true
		}
		return !found
	})
	return found
}

// candidates returns the mutations of the roots' variables and their
// aliases, in source order.
func (fn *funcInfo) candidates(roots []root) []*mutation {
	seen := map[*types.Var]bool{}
	var out []*mutation
	add := func(v *types.Var) {
		if !seen[v] {
			seen[v] = true
			out = append(out, fn.mutsByVar[v]...)
		}
	}
	for _, rt := range roots {
		add(rt.v)
		for v := range rt.aliases {
			add(v)
		}
	}
	slices.SortStableFunc(out, func(a, b *mutation) int { return cmp.Compare(a.node.Pos(), b.node.Pos()) })
	return slices.CompactFunc(out, func(a, b *mutation) bool { return a == b })
}

// keyReads returns the field paths of the roots that a write of a whole
// value reads in its call: in the conditions of a chain
// (xorm's Where("user_id = ?", lu.UserID), gorm's Where), where a changed
// field selects the rows rather than being lost.
func (c *checker) keyReads(fn *funcInfo, w *write, roots []root) [][]*types.Var {
	if w.value == nil || w.upsert {
		return nil // the field selections are the values written
	}
	var out [][]*types.Var
	ast.Inspect(w.call, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		r, ok := c.fieldSel(e)
		if !ok {
			return true
		}
		base, ok := c.refOf(r.base)
		if !ok {
			return true
		}
		for _, rt := range roots {
			if base.v == rt.v || rt.aliases[base.v] || fn.related(base.v, rt) {
				out = append(out, r.path)
				return false
			}
		}
		return true
	})
	return out
}

// restored reports whether mu sets a field of the function's parameter
// or receiver back to the same field of a value the function loaded
// (sf.OwnerID = orig.OwnerID, orig from a call): it protects the stored
// value from what the caller sent, and changes nothing in the row.
func (c *checker) restored(fn *funcInfo, mu *mutation) bool {
	if mu.rhs == nil || mu.tok != token.ASSIGN || len(mu.paths) != 1 || mu.base.elem {
		return false
	}
	if k := mu.base.v.Kind(); k != types.ParamVar && k != types.RecvVar {
		return false
	}
	src, ok := c.fieldSel(mu.rhs)
	if !ok {
		return false
	}
	dst := mu.paths[0]
	if len(src.path) != len(dst) || src.path[len(dst)-1].Origin() != dst[len(dst)-1].Origin() {
		return false
	}
	id, ok := ast.Unparen(src.base).(*ast.Ident)
	if !ok {
		return false
	}
	v := c.localVar(id)
	if v == nil || v.Kind() != types.LocalVar {
		return false
	}
	wr, ok := c.chains.Writes(v).Once()
	if !ok {
		return false
	}
	_, isCall := ast.Unparen(wr.Rhs).(*ast.CallExpr)
	return isCall
}

package nplusone

import (
	"go/ast"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// loop is what the analyzer knows of one for or range statement.
type loop struct {
	node  ast.Stmt // *ast.ForStmt or *ast.RangeStmt
	body  *ast.BlockStmt
	label string // the loop's label, if any
	what  string // what one iteration stands for: "element of ids"

	fixed   bool // iterates over a small set written in the code
	steps   bool // each iteration runs code taken from the element: a migration runner
	batched bool // a loop over elements whose body rewrites queries per chunk (sqlx.In)

	// derived holds the variables whose values come from the iteration:
	// the range key and value, the loop counter, the columns scanned from
	// rows.Next, and what is computed from them in the body.
	derived map[types.Object]bool
	roots   map[types.Object]bool // the variables derived holds before the body is read
	// element holds, for a loop over chunks (see chunks.go), the derived
	// variables that stand for one element; nil for a loop over elements,
	// where every derived variable does.
	element map[types.Object]bool

	// outer is the query whose rows the loop walks, for the per-row
	// category; nil for other loops.
	outer    *reached
	outerPos token.Pos
}

// loopOf builds (once) the loop information of a for or range statement.
func (c *checker) loopOf(stmt ast.Stmt, label string, fnBody *ast.BlockStmt) *loop {
	if l, ok := c.loops[stmt]; ok {
		return l
	}
	l := &loop{node: stmt, label: label, derived: make(map[types.Object]bool)}
	info := c.pass.TypesInfo
	switch s := stmt.(type) {
	case *ast.RangeStmt:
		l.body = s.Body
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
				if obj := info.ObjectOf(id); obj != nil {
					l.derived[obj] = true
				}
			}
		}
		l.what = c.rangeWhat(s)
		l.fixed = c.fixedRange(s)
		l.outer, l.outerPos = c.outerQuery(s.X, s.Pos(), fnBody)
	case *ast.ForStmt:
		l.body = s.Body
		if rows, ok := c.nextLoopRows(s.Cond); ok {
			// for rows.Next(): a row per iteration. The rows variable
			// stands for the current row: what is scanned from it
			// (rows.Scan(&id)) or computed from it derives from the row.
			l.what = "row of " + rows.Name()
			l.derived[rows] = true
			l.outer, l.outerPos = c.outerQuery(&ast.Ident{Name: rows.Name(), NamePos: rows.Pos()}, s.Pos(), fnBody, rows)
		} else if s.Cond != nil && s.Post != nil {
			// A counted loop: the variables the post statement steps.
			ast.Inspect(s.Post, func(n ast.Node) bool {
				switch p := n.(type) {
				case *ast.IncDecStmt:
					addRoot(info, p.X, l.derived)
				case *ast.AssignStmt:
					for _, lhs := range p.Lhs {
						addRoot(info, lhs, l.derived)
					}
				}
				return true
			})
			l.what = "iteration"
			l.fixed = c.fixedCount(s)
		}
		// Other loops (for {}, for cond {}) are polls, retries and
		// paginations: nothing derives from an iteration of theirs.
	}
	l.roots = make(map[types.Object]bool, len(l.derived))
	for obj := range l.derived {
		l.roots[obj] = true
	}
	c.propagate(l)
	if batch := c.batchRoots(stmt); batch != nil {
		c.markElements(l, batch)
	}
	// In a loop over chunks, sqlx.In's output is weighed like any value
	// built from the chunk; in a loop over elements it marks the loop.
	l.batched = l.element == nil && c.hasBatchedCall(l.body)
	l.steps = c.runsSteps(l)
	c.loops[stmt] = l
	return l
}

// flow is an assignment of the loop body: the variables of to are
// computed from the expressions of from. ranged marks a range statement:
// its key and value are taken out of from, one per inner iteration.
type flow struct {
	from   []ast.Expr
	to     []ast.Expr
	ranged bool
}

// flows returns the assignments of body, in source order.
func flows(body ast.Node) []flow {
	var out []flow
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					out = append(out, flow{from: []ast.Expr{n.Rhs[i]}, to: []ast.Expr{n.Lhs[i]}})
				}
			} else {
				out = append(out, flow{from: n.Rhs, to: n.Lhs})
			}
		case *ast.ValueSpec:
			var to []ast.Expr
			for _, id := range n.Names {
				to = append(to, id)
			}
			out = append(out, flow{from: n.Values, to: to})
		case *ast.RangeStmt:
			out = append(out, flow{from: []ast.Expr{n.X}, to: []ast.Expr{n.Key, n.Value}, ranged: true})
		case *ast.CallExpr:
			// f(x, &y): y is computed from x.
			var outs []ast.Expr
			for _, a := range n.Args {
				if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
					outs = append(outs, u.X)
				}
			}
			if len(outs) > 0 {
				out = append(out, flow{from: append([]ast.Expr{n.Fun}, n.Args...), to: outs})
			}
			// Arguments of a literal called on the spot flow into its
			// parameters: go func(id int) { ... }(id).
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				params := paramIdents(lit)
				for i, a := range n.Args {
					if i < len(params) {
						out = append(out, flow{from: []ast.Expr{a}, to: []ast.Expr{params[i]}})
					}
				}
			}
		}
		return true
	})
	return out
}

// propagate adds to l.derived every variable of the loop body assigned
// from an expression that mentions a derived variable, to a fixed point.
func (c *checker) propagate(l *loop) {
	fs := flows(l.body)
	for changed := true; changed; {
		changed = false
		for _, f := range fs {
			if !c.mentionsAny(f.from, l.derived) {
				continue
			}
			for _, to := range f.to {
				if to == nil {
					continue
				}
				if obj := rootObj(c.pass.TypesInfo, to); obj != nil && !l.derived[obj] {
					l.derived[obj] = true
					changed = true
				}
			}
		}
	}
}

func paramIdents(lit *ast.FuncLit) []ast.Expr {
	var ids []ast.Expr
	for _, f := range lit.Type.Params.List {
		for _, n := range f.Names {
			ids = append(ids, n)
		}
		if len(f.Names) == 0 {
			ids = append(ids, nil)
		}
	}
	return ids
}

func (c *checker) mentionsAny(exprs []ast.Expr, set map[types.Object]bool) bool {
	for _, e := range exprs {
		if e != nil && c.mentions(e, set) {
			return true
		}
	}
	return false
}

// mentions reports whether e refers to a variable of set.
func (c *checker) mentions(e ast.Node, set map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && set[c.pass.TypesInfo.Uses[id]] {
			found = true
		}
		return true
	})
	return found
}

// rootObj is the variable an assignment target writes: x in x, x.f, x[i], *x.
func rootObj(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if x.Name == "_" {
				return nil
			}
			return info.ObjectOf(x)
		case *ast.SelectorExpr:
			if _, ok := info.Selections[x]; !ok {
				return nil // a qualified identifier: another package's variable
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

func addRoot(info *types.Info, e ast.Expr, set map[types.Object]bool) {
	if obj := rootObj(info, e); obj != nil {
		set[obj] = true
	}
}

// nextLoopRows recognises the condition of a row loop, rows.Next(): a
// method Next() bool called on a local variable.
func (c *checker) nextLoopRows(cond ast.Expr) (*types.Var, bool) {
	call, ok := ast.Unparen(cond).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil, false
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Name() != "Next" {
		return nil, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.Bool]) {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v, ok
}

// hasBatchedCall reports whether body builds a batched query (sqlx.In):
// the loop then walks chunks, not elements.
func (c *checker) hasBatchedCall(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if dc, ok := c.mt.MatchCall(call); ok && dc.Entry.Kind.String() == "batched" {
				found = true
			}
		}
		return !found
	})
	return found
}

// fixedRange reports whether a range statement walks a small set written
// in the code: a literal, a variable initialised with one and never
// assigned again, an array of small constant length, a small constant.
func (c *checker) fixedRange(s *ast.RangeStmt) bool {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[s.X]; ok && tv.Value != nil {
		if n, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
			return n <= int64(c.cfg.fixedSet)
		}
		return false
	}
	if t, ok := info.TypeOf(s.X).Underlying().(*types.Array); ok {
		return t.Len() <= int64(c.cfg.fixedSet)
	}
	if p, ok := info.TypeOf(s.X).Underlying().(*types.Pointer); ok {
		if t, ok := p.Elem().Underlying().(*types.Array); ok {
			return t.Len() <= int64(c.cfg.fixedSet)
		}
	}
	lit := c.literalOf(s.X)
	return lit != nil && len(lit.Elts) <= c.cfg.fixedSet
}

// literalOf returns the composite literal e is, or that the variable e
// names (a local or a package variable) was initialised with, never
// written again nor addressed, or nil.
func (c *checker) literalOf(e ast.Expr) *ast.CompositeLit {
	var v *types.Var
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return x
	case *ast.Ident:
		v, _ = c.pass.TypesInfo.Uses[x].(*types.Var)
	case *ast.SelectorExpr:
		v, _ = c.pass.TypesInfo.Uses[x.Sel].(*types.Var)
		if v == nil || v.Pkg() != c.pass.Pkg || v.Parent() != v.Pkg().Scope() {
			return nil // another package's variable, a field
		}
	}
	w, ok := c.chains.Writes(v).Once()
	if !ok || w.Index >= 0 {
		return nil
	}
	lit, _ := ast.Unparen(w.Rhs).(*ast.CompositeLit)
	return lit
}

// fixedCount reports whether a counted loop has a small constant bound:
// for i := 0; i < 3; i++.
func (c *checker) fixedCount(s *ast.ForStmt) bool {
	be, ok := ast.Unparen(s.Cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[be.Y]
	if !ok || tv.Value == nil {
		return false
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return ok && n <= int64(c.cfg.fixedSet)
}

// rangeWhat names one iteration of a range loop for messages.
func (c *checker) rangeWhat(s *ast.RangeStmt) string {
	x := shortExpr(s.X)
	switch t := c.pass.TypesInfo.TypeOf(s.X).Underlying().(type) {
	case *types.Map:
		return "entry of " + x
	case *types.Chan:
		return "value received from " + x
	case *types.Basic:
		if t.Info()&types.IsInteger != 0 {
			return "value below " + x
		}
	case *types.Signature:
		return "value yielded by " + x
	}
	return "element of " + x
}

// shortExpr formats e for a message, shortened when long.
func shortExpr(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// outerQuery finds the query whose results the loop walks: x is the
// range expression (or the rows variable of a rows.Next loop), and the
// query is the call that produced it before the loop: a call returning it,
// or a call filling it through its address (Select(&users, ...)).
func (c *checker) outerQuery(x ast.Expr, loopPos token.Pos, fnBody *ast.BlockStmt, known ...*types.Var) (*reached, token.Pos) {
	info := c.pass.TypesInfo
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok {
		if r := c.reach(call); returnsRows(r) {
			return r, call.Pos()
		}
		return nil, token.NoPos
	}
	var v types.Object
	if len(known) > 0 {
		v = known[0]
	} else if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		v = info.Uses[id]
	}
	if v == nil || fnBody == nil {
		return nil, token.NoPos
	}
	var best *reached
	var bestPos token.Pos
	ast.Inspect(fnBody, func(n ast.Node) bool {
		if n == nil || n.Pos() >= loopPos {
			return n != nil && n.Pos() < loopPos
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 {
				return true
			}
			call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && info.ObjectOf(id) == v {
					if r := c.reach(call); returnsRows(r) {
						best, bestPos = r, call.Pos()
					} else if r, p := c.collectedRows(call, fnBody); r != nil {
						best, bestPos = r, p // pgx.CollectRows(rows, ...)
					}
				}
			}
		case *ast.CallExpr:
			args := n.Args
			if r := c.reach(n); r != nil && r.direct {
				// db.NewSelect().Model(&users).Scan(ctx): bun fills
				// the model of its chain.
				if chain, ok := c.bunChain(n, r); ok {
					args = append(chain, args...)
				}
			}
			for _, a := range args {
				if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
					if id, ok := ast.Unparen(u.X).(*ast.Ident); ok && info.Uses[id] == v {
						if r := c.reach(n); returnsRows(r) {
							best, bestPos = r, n.Pos()
						}
					}
				}
			}
		}
		return true
	})
	return best, bestPos
}

// collectedRows handles a call that collects the rows of a query made
// earlier in the same function: users, err := pgx.CollectRows(rows, ...).
func (c *checker) collectedRows(call *ast.CallExpr, fnBody *ast.BlockStmt) (*reached, token.Pos) {
	if len(call.Args) == 0 {
		return nil, token.NoPos
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok {
		return nil, token.NoPos
	}
	if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); !ok || !isRows(v.Type()) {
		return nil, token.NoPos
	}
	return c.outerQuery(id, call.Pos(), fnBody)
}

// isRows reports whether t has a method Next() bool: a row cursor.
func isRows(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Next")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.Bool])
}

// returnsRows reports whether a call reaches a query that returns rows: a
// function that only looks up one row or writes, then returns a list it
// computed, is not an outer query.
func returnsRows(r *reached) bool {
	return r != nil && r.fact.Kind == dbapi.Query
}

// runsSteps reports whether the loop's body calls a function value taken
// from the iteration (m.up(tx), migrations[i](tx)): the loop walks steps
// of code, such as a migration runner, and a statement run along each step
// (recording its version) belongs to the step, not to an element of data.
func (c *checker) runsSteps(l *loop) bool {
	found := false
	ast.Inspect(l.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if _, isFunc := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); isFunc {
			return true
		}
		if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
			return true
		}
		if tv, ok := c.pass.TypesInfo.Types[call.Fun]; ok && !tv.IsType() && !tv.IsBuiltin() && c.mentions(call.Fun, l.derived) {
			found = true
		}
		return !found
	})
	return found
}

package missingfields

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// ref names a local variable, or an element of one (xs[i]).
type ref struct {
	v    *types.Var
	elem bool
	idx  string // the index expression of an element, as written
}

// mutation is a change of fields of a value: an assignment (=, op=) or
// an increment of base.F, or a call of a setter on base.
type mutation struct {
	node  ast.Node
	base  ref
	paths [][]*types.Var // the fields changed, outermost selection first
	// tok and rhs are the operator and the value of an assignment of one
	// field (tok is token.INC or token.DEC for an increment); rhs is nil
	// when the value is not known (a setter, a tuple assignment).
	tok token.Token
	rhs ast.Expr
}

// alias records x := &xs[i], x := xs[i] (pointer elements), x := &v,
// x := p (pointers) and range values over pointer elements: dst refers to
// what src refers to.
type alias struct {
	dst *types.Var
	src ref
}

// funcInfo is what one function declaration holds for the checks: its
// mutations, aliases, writes and the parent of every node.
type funcInfo struct {
	body *ast.BlockStmt
	// parents holds the parent of every node of body, built on the
	// first call of parent: most functions write nothing and change no
	// field, and never ask.
	parents map[ast.Node]ast.Node
	// mutsByVar holds the mutations by the variable of their base.
	mutsByVar map[*types.Var][]*mutation
	aliases   []alias
	ranges    map[*types.Var]rangeOf // range values, by variable
	assigns   map[*types.Var][]token.Pos
	writes    []*write
	dbWrites  []dbWrite
	uses      []use
	argLists  argLists
	prepared  map[*types.Var]prepared // statements prepared from SQL text
}

// prepared is a statement prepared from SQL text.
type prepared struct {
	sql   ast.Expr
	named bool // sqlx PrepareNamed: binds a struct by name
}

// prepare records stmt := db.Prepare(q) (and its sqlx forms) from
// database/sql and sqlx.
func (c *checker) prepare(fn *funcInfo, id *ast.Ident, rhs ast.Expr) {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return
	}
	v := c.localVar(id)
	m, ok := c.mt.MatchCall(call)
	if v == nil || !ok || m.Entry.Kind != dbapi.Prepare || m.SQL < 0 || m.SQL >= len(call.Args) {
		return
	}
	switch m.Entry.Pkg {
	case dbapi.PathSQL, dbapi.PathSQLX:
		fn.prepared[v] = prepared{sql: call.Args[m.SQL], named: strings.HasPrefix(m.Entry.Name, "PrepareNamed")}
	}
}

// use is a call given a variable whole.
type use struct {
	call *ast.CallExpr
	v    *types.Var
}

// rangeOf is the collection whose elements a range value variable holds
// (copies of them, or pointers).
type rangeOf struct {
	coll ref
	stmt *ast.RangeStmt
}

// scan collects, in one walk over fd, what checkFunc needs.
// parent returns the node that encloses n in the function's body, or nil.
func (fn *funcInfo) parent(n ast.Node) ast.Node {
	if fn.parents == nil {
		fn.parents = make(map[ast.Node]ast.Node)
		var stack []ast.Node
		ast.Inspect(fn.body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				fn.parents[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			return true
		})
	}
	return fn.parents[n]
}

func (c *checker) scan(fd *ast.FuncDecl) *funcInfo {
	fn := &funcInfo{
		body:      fd.Body,
		argLists:  argLists{},
		prepared:  make(map[*types.Var]prepared),
		mutsByVar: make(map[*types.Var][]*mutation),
		ranges:    make(map[*types.Var]rangeOf),
		assigns:   make(map[*types.Var][]token.Pos),
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			c.assignment(fn, n)
		case *ast.IncDecStmt:
			if r, ok := c.fieldSel(n.X); ok {
				c.addMutation(fn, n, r.base, [][]*types.Var{r.path})
				if mu := c.lastMutation(fn, r.base); mu != nil && mu.node == n {
					mu.tok = n.Tok
				}
			}
		case *ast.RangeStmt:
			c.rangeAlias(fn, n)
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, name := range n.Names {
					c.maybeAlias(fn, name, n.Values[i])
					if v := c.localVar(name); v != nil {
						c.argList(fn, v, n.Values[i])
					}
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v := c.localVar(id); v != nil {
					fn.argLists.taint(v)
				}
			}
		case *ast.CallExpr:
			if !c.setterCall(fn, n) {
				c.callUses(fn, n, c.mutatorCall(fn, n))
			}
			if w, ok := c.writeOf(fn, n); ok {
				fn.dbWrites = append(fn.dbWrites, dbWrite{call: n, w: w})
				if w != nil {
					fn.writes = append(fn.writes, w)
				}
			}
		}
		return true
	})
	return fn
}

func (c *checker) assignment(fn *funcInfo, as *ast.AssignStmt) {
	for i, lhs := range as.Lhs {
		if r, ok := c.fieldSel(lhs); ok {
			c.addMutation(fn, as, r.base, [][]*types.Var{r.path})
			if mu := c.lastMutation(fn, r.base); mu != nil && mu.node == as {
				mu.tok = as.Tok
				if len(as.Lhs) == len(as.Rhs) {
					mu.rhs = as.Rhs[i]
				}
			}
			continue
		}
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
				if r, ok := c.refOf(ix.X); ok {
					fn.argLists.taint(r.v) // args[i] = x
				}
			}
			continue
		}
		v := c.localVar(id)
		if v == nil {
			continue
		}
		fn.assigns[v] = append(fn.assigns[v], as.Pos())
		if len(as.Lhs) != len(as.Rhs) || as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
			fn.argLists.taint(v)
			continue
		}
		c.maybeAlias(fn, id, as.Rhs[i])
		c.argList(fn, v, as.Rhs[i])
	}
	if len(as.Rhs) == 1 && len(as.Lhs) >= 1 {
		if id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident); ok {
			c.prepare(fn, id, as.Rhs[0])
		}
	}
}

// maybeAlias records id = rhs when it makes id refer to what rhs refers to.
func (c *checker) maybeAlias(fn *funcInfo, id *ast.Ident, rhs ast.Expr) {
	v := c.localVar(id)
	if v == nil || !isPointer(v.Type()) {
		return
	}
	e := ast.Unparen(rhs)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if r, ok := c.refOf(u.X); ok {
			fn.aliases = append(fn.aliases, alias{dst: v, src: r})
		}
		return
	}
	if r, ok := c.refOf(e); ok && isPointer(c.pass.TypesInfo.TypeOf(e)) {
		fn.aliases = append(fn.aliases, alias{dst: v, src: r})
	}
}

// rangeAlias records the value variable of a range over a local slice,
// array or map: an alias of the elements if they are pointers, a copy
// otherwise.
func (c *checker) rangeAlias(fn *funcInfo, rs *ast.RangeStmt) {
	id, ok := rs.Value.(*ast.Ident)
	if !ok || rs.Tok != token.DEFINE {
		return
	}
	v, _ := c.pass.TypesInfo.Defs[id].(*types.Var)
	if v == nil {
		return
	}
	coll, ok := c.refOf(rs.X)
	if !ok || coll.elem {
		return
	}
	if isPointer(v.Type()) {
		fn.aliases = append(fn.aliases, alias{dst: v, src: ref{v: coll.v, elem: true}})
	}
	fn.ranges[v] = rangeOf{coll: coll, stmt: rs}
}

// setterCall records a call of a setter (a method of the package that
// assigns fields of its pointer receiver) as a mutation of its receiver,
// and reports whether call is one.
func (c *checker) setterCall(fn *funcInfo, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s, ok := c.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return false
	}
	m, _ := s.Obj().(*types.Func)
	paths := c.setters[m]
	if m == nil || len(paths) == 0 {
		return false
	}
	base, prefix := sel.X, []*types.Var(nil)
	if r, ok := c.fieldSel(sel.X); ok {
		base, prefix = r.base, r.path
	}
	var full [][]*types.Var
	for _, p := range paths {
		full = append(full, append(append([]*types.Var(nil), prefix...), p...))
	}
	c.addMutation(fn, call, base, full)
	return true
}

// callUses records the variables a call is given whole, as an argument
// or as the receiver of a method: v, &v, xs, xs[i], p. The callee may
// save them (a helper that writes the row), so a change made before such
// a call is not reported at a later partial write. Builtins and
// conversions are not calls that could.
func (c *checker) callUses(fn *funcInfo, call *ast.CallExpr, changed map[int]bool) {
	if tv, ok := c.pass.TypesInfo.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return
	}
	var exprs []ast.Expr
	for i, a := range call.Args {
		if !changed[i] {
			exprs = append(exprs, a)
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal {
			exprs = append([]ast.Expr{sel.X}, exprs...)
		}
	}
	for _, e := range exprs {
		if r, ok := c.refOf(e); ok {
			fn.uses = append(fn.uses, use{call: call, v: r.v})
		}
	}
}

func (c *checker) addMutation(fn *funcInfo, n ast.Node, base ast.Expr, paths [][]*types.Var) {
	r, ok := c.refOf(base)
	if !ok {
		return
	}
	mu := &mutation{node: n, base: r, paths: paths}
	fn.mutsByVar[r.v] = append(fn.mutsByVar[r.v], mu)
}

// lastMutation returns the mutation addMutation recorded last for base,
// or nil.
func (c *checker) lastMutation(fn *funcInfo, base ast.Expr) *mutation {
	r, ok := c.refOf(base)
	if !ok || len(fn.mutsByVar[r.v]) == 0 {
		return nil
	}
	ms := fn.mutsByVar[r.v]
	return ms[len(ms)-1]
}

// refOf resolves e to a local variable or an element of one, looking
// through parentheses, & and *.
func (c *checker) refOf(e ast.Expr) (ref, bool) {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return ref{}, false
			}
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.Ident:
			v := c.localVar(x)
			return ref{v: v}, v != nil
		case *ast.IndexExpr:
			r, ok := c.refOf(x.X)
			if !ok || r.elem || !isCollection(c.pass.TypesInfo.TypeOf(x.X)) {
				return ref{}, false
			}
			return ref{v: r.v, elem: true, idx: types.ExprString(x.Index)}, true
		}
		return ref{}, false
	}
}

// localVar returns the local variable id uses or defines, or nil.
func (c *checker) localVar(id *ast.Ident) *types.Var {
	obj := c.pass.TypesInfo.Uses[id]
	if obj == nil {
		obj = c.pass.TypesInfo.Defs[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return nil
	}
	return v
}

func isPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// isCollection reports whether t (or what it points to) is a slice, an
// array or a map.
func isCollection(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		return true
	}
	return false
}

// findSetters returns, for each method of the package with a pointer
// receiver, the field paths its body assigns through the receiver
// (r.F = x, r.F += x, r.F++), outside function literals.
func findSetters(info *types.Info, files []*ast.File) map[*types.Func][][]*types.Var {
	out := make(map[*types.Func][][]*types.Var)
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
				continue
			}
			m, _ := info.Defs[fd.Name].(*types.Func)
			recv, _ := info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
			if m == nil || recv == nil || !isPointer(recv.Type()) {
				continue
			}
			record := func(lhs ast.Expr) {
				var path []*types.Var
				e := ast.Unparen(lhs)
				for {
					sel, ok := e.(*ast.SelectorExpr)
					if !ok {
						break
					}
					s, ok := info.Selections[sel]
					if !ok || s.Kind() != types.FieldVal {
						return
					}
					path = append([]*types.Var{s.Obj().(*types.Var)}, path...)
					e = ast.Unparen(sel.X)
				}
				if st, ok := e.(*ast.StarExpr); ok {
					e = ast.Unparen(st.X)
				}
				if id, ok := e.(*ast.Ident); ok && len(path) > 0 && info.Uses[id] == recv {
					out[m] = append(out[m], path)
				}
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.AssignStmt:
					for _, l := range n.Lhs {
						record(l)
					}
				case *ast.IncDecStmt:
					record(n.X)
				}
				return true
			})
		}
	}
	return out
}

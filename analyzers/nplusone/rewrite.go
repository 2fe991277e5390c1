package nplusone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// The rewrite of a loop of single-row reads into one bulk.Load.
//
// A range over a slice or map whose body reads one row by a key taken from
// the element, with sqlx's Get or GetContext or through a helper whose fact
// says it does only that (rowLoad), becomes: the keys collected before the
// loop, one bulk.Load of them, its error returned as the loop returned the
// read's, and in the loop a map lookup that gives sql.ErrNoRows for a key
// no row has, as the read did. The fix is offered only where that keeps
// behaviour; each check below says what it guards against. The reads it
// knows are in rowload.go, the edits it makes in rewrite_edit.go.

// isNilCheck reports whether cond is `v != nil` (op NEQ) for the object v.
func (c *checker) isNilCheck(cond ast.Expr, v types.Object, op token.Token) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	return ok && b.Op == op && isIdentOf(c.pass.TypesInfo, b.X, v) && isNil(c.pass.TypesInfo, b.Y)
}

// isNotFound reports whether cond tests v for sql.ErrNoRows (or gorm's
// ErrRecordNotFound): errors.Is(v, sql.ErrNoRows) or v == sql.ErrNoRows.
func (c *checker) isNotFound(cond ast.Expr, v types.Object) bool {
	info := c.pass.TypesInfo
	isErrNoRows := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		obj, ok := info.Uses[sel.Sel].(*types.Var)
		return ok && obj.Pkg() != nil && (obj.Pkg().Path() == dbapi.PathSQL && obj.Name() == "ErrNoRows" ||
			obj.Pkg().Path() == dbapi.PathGorm && obj.Name() == "ErrRecordNotFound")
	}
	switch x := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		return x.Op == token.EQL && isIdentOf(info, x.X, v) && isErrNoRows(x.Y)
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, x).(*types.Func)
		return ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" && fn.Name() == "Is" &&
			len(x.Args) == 2 && isIdentOf(info, x.Args[0], v) && isErrNoRows(x.Args[1])
	}
	return false
}

// site is what the rewrite of one loop needs.
type site struct {
	rs     *ast.RangeStmt
	start  ast.Stmt // the loop, or its label
	stmt   *ast.AssignStmt
	ifStmt *ast.IfStmt // the if whose init stmt is, if any
	get    *keyedGet   // a direct read with sqlx
	orm    *ormRead    // a direct read with gorm or bun
	lib    string      // who reads: "" for sqlx, "gorm" or "bun" (rowLoad.Lib)
	getter *types.Func // the helper's handle comes from this getter
	// deliver: the loop does not return the read's error; the load's is
	// given to every element as its read's.
	deliver bool
	decl    ast.Stmt // var c T of a direct read's row
	unused  bool     // the row is used by nothing but the read
	load    *rowLoad // a read through a helper
	call    *ast.CallExpr
	key     ast.Expr
	ctx     ast.Expr // nil: context.Background()
	handle  string   // the handle, as source text
	row     *types.Named
	table   string
	col     string
	errObj  types.Object // the loop's error variable
	ret     *ast.ReturnStmt
}

// reads reports whether e is what the loop's statement assigns from the
// read: the call, or for gorm the call's .Error.
func (s *site) reads(e ast.Expr) bool {
	e = ast.Unparen(e)
	if s.orm != nil && s.orm.lib == colmap.GORM {
		sel, ok := e.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Error" && ast.Unparen(sel.X) == ast.Expr(s.call)
	}
	return e == ast.Expr(s.call)
}

// dest is the variable a direct read scans into; nil for a helper.
func (s *site) dest() *ast.Ident {
	switch {
	case s.get != nil:
		return s.get.dest
	case s.orm != nil:
		return s.orm.dest
	}
	return nil
}

// loadFix returns the fix that loads every row of the loop l at once
// instead of call's read per element, or nil and why none is offered.
func (c *checker) loadFix(call *ast.CallExpr, r *reached, l *loop) (*analysis.SuggestedFix, string) {
	s, why := c.loadSite(call, r, l)
	if s == nil {
		return nil, why
	}
	return c.buildFix(s)
}

func (c *checker) loadSite(call *ast.CallExpr, r *reached, l *loop) (*site, string) {
	info := c.pass.TypesInfo
	rs, ok := l.node.(*ast.RangeStmt)
	if !ok || rs.Tok != token.DEFINE {
		return nil, "the loop is not a range statement that declares its variables"
	}
	switch types.Unalias(info.TypeOf(rs.X)).Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		// A map's order is random in the loop as in the collection of
		// its keys: the first error or missing key the loop meets is one
		// of the same set either way.
	default:
		return nil, "the loop does not range over a slice or a map"
	}
	s := &site{rs: rs, start: rs, call: call}
	// The read: a keyed Get, or a helper that does only that.
	if r.direct {
		if o, why := c.ormReadOf(call); o != nil {
			if o.ptr {
				return nil, "the row is scanned through a pointer"
			}
			s.orm, s.key, s.ctx, s.row, s.col = o, o.key, o.ctx, o.row, o.col
			s.lib = "bun"
			if o.lib == colmap.GORM {
				s.lib = "gorm"
			}
			s.table = ormRows(o.row)
			s.handle = c.handleText(o)
		} else if why != "" {
			return nil, why
		} else {
			g, why := c.keyedGet(call)
			if g == nil {
				return nil, why
			}
			s.get, s.key, s.ctx, s.row, s.table, s.col = g, g.key, g.ctx, g.row, g.read.Table.Name, g.read.Key
			s.handle = c.text(g.handle)
		}
	} else {
		if r.callee == nil || isInterfaceMethod(r.callee) || r.impl != "" {
			return nil, "the callee is not a function whose reads are known"
		}
		f := c.factOf(r.callee)
		if f == nil || decodeRowLoad(f.Load) == nil {
			return nil, "the callee does more than load one row by one key"
		}
		s.load = decodeRowLoad(f.Load)
		if s.load.KeyParam >= len(call.Args) || s.load.CtxParam >= len(call.Args) || s.load.Handle >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil, "the callee does more than load one row by one key"
		}
		s.key = call.Args[s.load.KeyParam]
		if s.load.CtxParam >= 0 {
			s.ctx = call.Args[s.load.CtxParam]
		}
		var h ast.Expr
		switch {
		case s.load.Handle == handleFromGetter:
			// The callee calls a getter for its handle: the loop's
			// load calls it once (buildFix writes the call).
			if s.getter = c.getterOf(r.callee.Pkg(), s.load.HandleFunc); s.getter == nil {
				return nil, "the handle's getter is not known here"
			}
			if !s.getter.Exported() && s.getter.Pkg() != c.pass.Pkg {
				return nil, "the handle's getter is unexported"
			}
		case s.load.Handle < 0:
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil, "the callee's receiver is not known"
			}
			h = sel.X
		default:
			h = call.Args[s.load.Handle]
		}
		if s.getter == nil {
			if !c.pure(h) {
				return nil, "the handle is not a variable or a field"
			}
			s.handle = c.text(h)
			for _, f := range s.load.HandleField {
				if !token.IsExported(f) && r.callee.Pkg() != c.pass.Pkg {
					return nil, "the handle is an unexported field of another package"
				}
				s.handle += "." + f
			}
		}
		s.lib = s.load.Lib
		if s.load.Handle >= 0 || len(s.load.HandleField) > 0 {
			if !c.invariant(h, rs) {
				return nil, "the handle changes in the loop"
			}
		}
		// The row type is the callee's first result (what it points to).
		var n *types.Named
		if sig, ok := r.callee.Type().(*types.Signature); ok && sig.Results().Len() == 2 {
			t := sig.Results().At(0).Type()
			if p, ok := types.Unalias(t).(*types.Pointer); ok {
				t = p.Elem()
			}
			n, _ = types.Unalias(t).(*types.Named)
		}
		if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != s.load.TypePkg || n.Obj().Name() != s.load.TypeName {
			return nil, "the row type is not the callee's result"
		}
		s.row, s.table, s.col = n, s.load.Table, s.load.Key
	}
	if s.ctx != nil && (!c.pure(s.ctx) || !c.invariant(s.ctx, rs)) {
		return nil, "the context changes in the loop"
	}
	if s.get != nil && !c.invariant(s.get.handle, rs) || s.orm != nil && !c.chainInvariant(s.orm, rs) {
		return nil, "the handle changes in the loop"
	}
	if why := c.elementKey(s.key, rs); why != "" {
		return nil, why
	}
	// The statement that reads, at the top level of the body.
	var idx int
	unchecked := false
	for i, st := range rs.Body.List {
		if as, ok := st.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && s.reads(as.Rhs[0]) {
			s.stmt, idx = as, i
		}
		// if err := db.GetContext(...); err != nil { ... }: the lookup
		// goes before the if, its error variable into the loop body.
		if is, ok := st.(*ast.IfStmt); ok {
			if as, ok := is.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Rhs) == 1 && s.reads(as.Rhs[0]) {
				s.stmt, s.ifStmt, idx = as, is, i
			}
		}
		if es, ok := st.(*ast.ExprStmt); ok && (ast.Unparen(es.X) == call || s.reads(es.X)) {
			unchecked = true
		}
	}
	if s.stmt == nil && unchecked {
		return nil, "the loop does not check the read's error"
	}
	if s.stmt == nil {
		return nil, "the read is not a statement of the loop body"
	}
	if s.ifStmt != nil {
		// Moved out of the if, the variables it declares must not meet
		// others of their names in the body.
		for _, l := range s.stmt.Lhs {
			id := identOf(l)
			if id.Name == "_" {
				continue
			}
			obj := info.Defs[id]
			clash := obj == nil
			ast.Inspect(rs.Body, func(n ast.Node) bool {
				if x, ok := n.(*ast.Ident); ok && x.Name == id.Name && info.ObjectOf(x) != obj {
					clash = true
				}
				return !clash
			})
			if clash {
				return nil, "the read's " + id.Name + " has another of its name in the loop"
			}
		}
	}
	want := 1
	if s.load != nil {
		want = 2
	}
	if len(s.stmt.Lhs) != want {
		return nil, "the read's results are not assigned as they come"
	}
	errID, ok := s.stmt.Lhs[want-1].(*ast.Ident)
	if !ok || errID.Name == "_" {
		return nil, "the loop does not check the read's error"
	}
	s.errObj = info.ObjectOf(errID)
	// The value read, which the map lookup gives: declared in the body
	// (a fresh zero row per element, as the read scans into). A lookup
	// gives a copy of the row; when the row holds slices, maps or
	// pointers, copies for two elements with one key share them, so the
	// loop must not change it.
	var value types.Object
	if dest := s.dest(); dest != nil {
		value = info.Uses[dest]
		for _, st := range rs.Body.List[:idx] {
			if id := varDecl(st); id != nil && info.Defs[id] == value {
				s.decl = st
			}
		}
		if s.decl == nil {
			return nil, "the row is not scanned into a variable declared in the loop body"
		}
		// A row only read into, never used, is not needed: the lookup
		// only says whether the key was found.
		s.unused = true
		ast.Inspect(rs.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id != dest && info.Uses[id] == value {
				s.unused = false
			}
			return s.unused
		})
	} else if id, ok := s.stmt.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
		value = info.ObjectOf(id)
	} else if !ok {
		return nil, "the read's results are not assigned as they come"
	}
	if value != nil && hasRefs(s.row, 0) && c.changed(value, rs.Body, s.stmt, true) {
		return nil, "the loaded value is changed in the loop"
	}
	// No other statement in the loop that writes: a write before the read
	// of a later element would be missed by a load made before the loop.
	var write *ast.CallExpr
	for _, other := range callsIn(rs.Body) {
		if other == call || write != nil {
			continue
		}
		if or := c.reach(other); or != nil && (or.fact.Verb != dbapi.VerbSelect || or.fact.Writes) {
			write = other
		}
	}
	if write != nil {
		return nil, fmt.Sprintf("the loop runs another statement that may write (line %d)", c.line(write.Pos()))
	}
	// The error: returned by the first check after the read (past checks
	// for sql.ErrNoRows), with values that are the same before the loop.
	after := rs.Body.List[idx+1:]
	if s.ifStmt != nil {
		after = append([]ast.Stmt{&ast.IfStmt{Cond: s.ifStmt.Cond, Body: s.ifStmt.Body, Else: s.ifStmt.Else}}, after...)
	}
	// Where the loop returns the read's error, the load's is returned
	// before the loop; where it handles it otherwise (continue, a log, a
	// default), every element gets the load's error as its read's.
	if s.ret = c.errReturn(after, s.errObj); s.ret == nil {
		s.deliver = true
		return s, ""
	}
	if why := c.returnsBeforeLoop(s.ret, s.errObj, rs); why != "" {
		return nil, why
	}
	return s, ""
}

// errReturn returns the return statement that the first error check in
// list makes: if err != nil { [not-found checks;] return ..., err }, past
// ifs that only test for sql.ErrNoRows.
func (c *checker) errReturn(list []ast.Stmt, errObj types.Object) *ast.ReturnStmt {
	for _, st := range list {
		is, ok := st.(*ast.IfStmt)
		if !ok || is.Init != nil {
			return nil
		}
		if c.isNotFound(is.Cond, errObj) {
			continue
		}
		if !c.isNilCheck(is.Cond, errObj, token.NEQ) || is.Else != nil || len(is.Body.List) == 0 {
			return nil
		}
		body := is.Body.List
		for _, b := range body[:len(body)-1] {
			if bi, ok := b.(*ast.IfStmt); !ok || bi.Init != nil || !c.isNotFound(bi.Cond, errObj) {
				return nil
			}
		}
		ret, ok := body[len(body)-1].(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return nil
		}
		return ret
	}
	return nil
}

// returnsBeforeLoop says why ret, moved before the loop, would not return
// the same values: it names what the loop declares or changes.
func (c *checker) returnsBeforeLoop(ret *ast.ReturnStmt, errObj types.Object, rs *ast.RangeStmt) string {
	why := ""
	ast.Inspect(ret, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || why != "" {
			return why == ""
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || v == errObj || v.IsField() {
			return true
		}
		if rs.Pos() <= v.Pos() && v.Pos() < rs.End() || c.changedIn(v, rs.Body) {
			why = fmt.Sprintf("the error return uses %s, which the loop sets", id.Name)
		}
		return true
	})
	return why
}

// elementKey says why key is not the key of one element, read from it
// alone: the range value or x[i] for the range key, through fields, of a
// basic type, with nothing the loop changes.
func (c *checker) elementKey(key ast.Expr, rs *ast.RangeStmt) string {
	info := c.pass.TypesInfo
	if b, ok := info.TypeOf(key).Underlying().(*types.Basic); !ok || b.Info()&(types.IsInteger|types.IsString) == 0 {
		return "the key is not an integer or a string"
	}
	e := ast.Unparen(key)
	var through []*types.Var // fields read through a pointer
	for {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			break
		}
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			return "the key is not a field of the element"
		}
		if s.Indirect() {
			through = append(through, s.Obj().(*types.Var))
		}
		e = ast.Unparen(sel.X)
	}
	// An element that is a pointer (range over []*Order) is read when the
	// keys are collected, before the loop: the loop must not write the
	// fields the key is read through, nor hand the element to a call.
	if len(through) > 0 {
		written := false
		ast.Inspect(rs.Body, func(n ast.Node) bool {
			var lhs []ast.Expr
			switch x := n.(type) {
			case *ast.AssignStmt:
				lhs = x.Lhs
			case *ast.IncDecStmt:
				lhs = []ast.Expr{x.X}
			case *ast.UnaryExpr:
				if x.Op == token.AND {
					lhs = []ast.Expr{x.X}
				}
			}
			for _, l := range lhs {
				ast.Inspect(l, func(m ast.Node) bool {
					if sel, ok := m.(*ast.SelectorExpr); ok && slices.Contains(through, asVar(info.Uses[sel.Sel])) {
						written = true
					}
					return !written
				})
			}
			return !written
		})
		if written {
			return "the loop writes a field the key is read through"
		}
	}
	var rangeVar ast.Expr = rs.Value
	if ix, ok := e.(*ast.IndexExpr); ok {
		if !c.same(ix.X, rs.X) {
			return "the key is not read from the element"
		}
		e, rangeVar = ast.Unparen(ix.Index), rs.Key
	}
	id, ok := e.(*ast.Ident)
	rv, _ := rangeVar.(*ast.Ident)
	if !ok || rv == nil || info.Uses[id] == nil || info.Uses[id] != info.Defs[rv] {
		return "the key is not read from the element"
	}
	if c.changed(info.Uses[id], rs.Body, nil, len(through) > 0) {
		return "the key depends on an earlier iteration"
	}
	if root, _ := fieldPath(info, rs.X); root == nil || c.changed(info.Uses[root], rs.Body, nil, true) {
		return "the loop changes the slice it ranges over"
	}
	return ""
}

// same reports whether a and b are the same variable or field path.
func (c *checker) same(a, b ast.Expr) bool {
	info := c.pass.TypesInfo
	ra, fa := fieldPath(info, a)
	rb, fb := fieldPath(info, b)
	return ra != nil && rb != nil && info.Uses[ra] != nil && info.Uses[ra] == info.Uses[rb] && slices.Equal(fa, fb)
}

// pure reports whether e is a variable or a path of fields from one.
func (c *checker) pure(e ast.Expr) bool {
	root, _ := fieldPath(c.pass.TypesInfo, e)
	return root != nil
}

// invariant reports whether e, a variable or a path of fields, has the
// same value before the loop and in every iteration: declared before it
// and never changed in it.
func (c *checker) invariant(e ast.Expr, rs *ast.RangeStmt) bool {
	root, _ := fieldPath(c.pass.TypesInfo, e)
	if root == nil {
		return false
	}
	obj := c.pass.TypesInfo.Uses[root]
	return obj != nil && obj.Pos() < rs.Pos() && !c.changedIn(obj, rs.Body)
}

// changedIn reports whether the loop body may assign v: an assignment to
// it or through it, an increment, its address taken, a method with a
// pointer receiver called on it.
func (c *checker) changedIn(v types.Object, body ast.Node) bool {
	return c.changed(v, body, nil, false)
}

// changed reports whether body, skip aside, may assign v (changedIn) or,
// when shared is set, change what v shares: v passed whole to a call when
// it is a slice, map, pointer or interface.
func (c *checker) changed(v types.Object, body ast.Node, skip ast.Stmt, shared bool) bool {
	info := c.pass.TypesInfo
	rooted := func(e ast.Expr) bool {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident:
				return info.ObjectOf(x) == v
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.SliceExpr:
				e = x.X
			default:
				return false
			}
		}
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || skip != nil && n == ast.Node(skip) {
			return false
		}
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if rooted(l) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			found = rooted(x.X)
		case *ast.UnaryExpr:
			found = x.Op == token.AND && rooted(x.X)
		case *ast.RangeStmt:
			found = x.Key != nil && rooted(x.Key) || x.Value != nil && rooted(x.Value)
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal && rooted(sel.X) && !isPointer(info.TypeOf(sel.X)) {
					if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil && isPointer(sig.Recv().Type()) {
						found = true // an implicit &v
					}
				}
			}
			if shared {
				for _, a := range x.Args {
					if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.ObjectOf(id) == v && sharesValues(v.Type()) {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// hasRefs reports whether a value of t holds a slice, map, pointer,
// interface, channel or function, at any depth of its structs and arrays;
// time.Time, whose pointer is never changed through it, does not count.
func hasRefs(t types.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time" {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return false
	case *types.Array:
		return hasRefs(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if hasRefs(u.Field(i).Type(), depth+1) {
				return true
			}
		}
		return false
	}
	return true
}

// sharesValues reports whether a value of t, passed to a call, lets the
// callee change what the caller sees: a slice, map, pointer or interface.
func sharesValues(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Pointer, *types.Interface:
		return true
	}
	return false
}

func asVar(obj types.Object) *types.Var {
	v, _ := obj.(*types.Var)
	return v
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	if id == nil {
		return &ast.Ident{Name: "_"}
	}
	return id
}

// getterOf finds the package-level function path.Name ("path/pkg.GetDB")
// in pkg or a package it imports.
func (c *checker) getterOf(pkg *types.Package, name string) *types.Func {
	if pkg == nil {
		return nil
	}
	i := strings.LastIndex(name, ".")
	if i < 0 {
		return nil
	}
	path, fn := name[:i], name[i+1:]
	for _, p := range append([]*types.Package{pkg}, pkg.Imports()...) {
		if p.Path() == path {
			f, _ := p.Scope().Lookup(fn).(*types.Func)
			return f
		}
	}
	return nil
}

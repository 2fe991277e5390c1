package nplusone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// The rewrite of a loop of single-row reads into one bulk.Load.
//
// A range over a slice whose body reads one row by a key taken from the
// element, with sqlx's Get or GetContext or through a helper whose fact
// says it does only that (rowLoad), becomes: the keys collected before the
// loop, one bulk.Load of them, its error returned as the loop returned the
// read's, and in the loop a map lookup that gives sql.ErrNoRows for a key
// no row has, as the read did. The fix is offered only where that keeps
// behaviour; each check below says what it guards against.

// rowLoad says that a function loads one row of Table into TypeName by the
// key column Key, and nothing else, and which of its parameters hold what
// bulk.Load needs: a caller looping over it can load every row at once.
type rowLoad struct {
	Table    string // the table, as the statement names it
	Key      string // the key column
	TypePkg  string // the row type's package path
	TypeName string // the row type's name
	KeyParam int    // the parameter that holds the key
	CtxParam int    // the parameter that holds the context; -1: none (context.Background)
	// Handle is the parameter whose value, through HandleField, is the
	// sqlx handle the row is read with; -1 for the receiver.
	Handle      int
	HandleField []string
	Pointer     bool // the function returns *TypeName, nil with the error
}

func (l *rowLoad) String() string { return "load(" + l.Table + "." + l.Key + ")" }

// encode writes l as one string, which keeps facts small: a struct field
// would add its type's description to every encoded fact.
func (l *rowLoad) encode() string {
	parts := []string{l.Table, l.Key, l.TypePkg, l.TypeName, strconv.Itoa(l.KeyParam), strconv.Itoa(l.CtxParam), strconv.Itoa(l.Handle), strconv.FormatBool(l.Pointer)}
	return strings.Join(append(parts, l.HandleField...), "\x00")
}

// decodeRowLoad reads what encode wrote; nil for "" or anything else.
func decodeRowLoad(s string) *rowLoad {
	parts := strings.Split(s, "\x00")
	if len(parts) < 8 {
		return nil
	}
	pointer, err := strconv.ParseBool(parts[7])
	if err != nil {
		return nil
	}
	var nums [3]int
	for i := range nums {
		n, err := strconv.Atoi(parts[4+i])
		if err != nil {
			return nil
		}
		nums[i] = n
	}
	return &rowLoad{Table: parts[0], Key: parts[1], TypePkg: parts[2], TypeName: parts[3],
		KeyParam: nums[0], CtxParam: nums[1], Handle: nums[2], Pointer: pointer, HandleField: parts[8:]}
}

// keyedGet is a sqlx Get or GetContext that reads one row by one key into
// a struct variable.
type keyedGet struct {
	handle ast.Expr // *sqlx.DB, *sqlx.Tx or *sqlx.Conn
	ctx    ast.Expr // nil for Get
	dest   *ast.Ident
	key    ast.Expr
	row    *types.Named
	read   sqltext.KeyedRead
}

// keyedGet recognises call as a keyedGet, or says why it is none.
func (c *checker) keyedGet(call *ast.CallExpr) (*keyedGet, string) {
	dc, ok := c.mt.MatchCall(call)
	if !ok || dc.Func.Pkg() == nil || dc.Func.Pkg().Path() != dbapi.PathSQLX ||
		dc.Func.Name() != "Get" && dc.Func.Name() != "GetContext" || dc.Interface {
		return nil, "the query is not a single-row read with sqlx's Get"
	}
	if dc.SQL < 0 {
		return nil, "the statement is prepared: its text is not at the call"
	}
	if dc.Dest < 0 || dc.Args < 0 || call.Ellipsis.IsValid() || len(call.Args) != dc.Args+1 {
		return nil, "the query does not take exactly one argument"
	}
	g := &keyedGet{key: call.Args[dc.Args]}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.pass.TypesInfo.Selections[sel] != nil {
		g.handle = sel.X
	} else if dc.Dest > 0 {
		g.handle = call.Args[dc.Dest-1] // sqlx.GetContext(ctx, q, &dest, ...)
	}
	if g.handle == nil || !isSqlxHandle(c.pass.TypesInfo.TypeOf(g.handle)) {
		return nil, "the handle is not a *sqlx.DB, *sqlx.Tx or *sqlx.Conn"
	}
	if dc.Func.Name() == "GetContext" {
		g.ctx = call.Args[0]
	}
	u, ok := ast.Unparen(call.Args[dc.Dest]).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil, "the row is not scanned into a variable"
	}
	if g.dest, ok = ast.Unparen(u.X).(*ast.Ident); !ok {
		return nil, "the row is not scanned into a variable"
	}
	v, ok := c.pass.TypesInfo.Uses[g.dest].(*types.Var)
	if !ok {
		return nil, "the row is not scanned into a variable"
	}
	if g.row, ok = types.Unalias(v.Type()).(*types.Named); !ok || g.row.TypeParams().Len() > 0 {
		return nil, "the row is not a named struct type"
	}
	if _, ok := g.row.Underlying().(*types.Struct); !ok || g.row.Obj().Pkg() == nil {
		return nil, "the row is not a named struct type"
	}
	text := c.source().Text(call.Args[dc.SQL])
	if !text.IsKnown() {
		return nil, "the statement text is not known"
	}
	if g.read, ok = sqltext.ParseKeyedRead(text.String()); !ok {
		return nil, "the select is more than plain columns by one key column"
	}
	if g.read.Table.Schema != "" {
		return nil, "the table is schema-qualified"
	}
	m, err := colmap.Of(colmap.SQLX, g.row)
	if err != nil {
		return nil, "the row type's columns are not known"
	}
	names := m.Names()
	selected := slices.Clone(g.read.Columns)
	slices.Sort(names)
	slices.Sort(selected)
	if !slices.Equal(names, selected) || slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, ".") }) {
		return nil, fmt.Sprintf("the columns selected are not the mapped fields of %s", g.row.Obj().Name())
	}
	if !slices.Contains(names, g.read.Key) {
		return nil, fmt.Sprintf("the key column is not a mapped field of %s", g.row.Obj().Name())
	}
	return g, ""
}

// isSqlxHandle reports whether t is *sqlx.DB, *sqlx.Tx or *sqlx.Conn, the
// handles bulk.Load takes.
func isSqlxHandle(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != dbapi.PathSQLX {
		return false
	}
	switch n.Obj().Name() {
	case "DB", "Tx", "Conn":
		return true
	}
	return false
}

// rowLoadOf returns what fd loads when its body is exactly a keyed read
// returned as it comes:
//
//	var c Customer
//	err := s.DB.GetContext(ctx, &c, "SELECT ... FROM customers WHERE id = $1", id)
//	return c, err
//
// the read in an if (if err := ...; err != nil { return Customer{}, err }),
// or an error check before the last return; for a *Customer result,
// return nil, err on error and return &c, nil after. On a missing key
// such a function returns the zero row (or nil) and sql.ErrNoRows, which
// the map lookup of the rewrite gives too.
func (c *checker) rowLoadOf(fd *ast.FuncDecl, fn *types.Func) *rowLoad {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 2 || !isError(sig.Results().At(1).Type()) || sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0 {
		return nil
	}
	result := sig.Results().At(0).Type()
	pointer := isPointer(result)
	list := fd.Body.List
	if len(list) < 3 || len(list) > 4 {
		return nil
	}
	decl := varDecl(list[0])
	if decl == nil {
		return nil
	}
	info := c.pass.TypesInfo
	row := info.Defs[decl]
	// The last return gives the row (its address) and no error, or, for
	// the plain form, the read's error as it is.
	isRow := func(e ast.Expr) bool {
		if pointer {
			u, ok := ast.Unparen(e).(*ast.UnaryExpr)
			return ok && u.Op == token.AND && isIdentOf(info, u.X, row)
		}
		return isIdentOf(info, e, row)
	}
	// An error return gives nil or the zero row, and the error as it is.
	isFailure := func(st ast.Stmt, errObj types.Object) bool {
		ret, ok := st.(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 2 || !isIdentOf(info, ret.Results[1], errObj) {
			return false
		}
		if pointer {
			return isNil(info, ret.Results[0])
		}
		return isIdentOf(info, ret.Results[0], row) || isEmptyLit(ret.Results[0])
	}
	read := func(st ast.Stmt) (*ast.CallExpr, types.Object) {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return nil, nil
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		call, _ := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || call == nil {
			return nil, nil
		}
		return call, info.Defs[id]
	}
	// check reports whether st is if err != nil { return <failure> }.
	check := func(st ast.Stmt, errObj types.Object) bool {
		is, ok := st.(*ast.IfStmt)
		return ok && is.Else == nil && len(is.Body.List) == 1 && c.isNilCheck(is.Cond, errObj, token.NEQ) && isFailure(is.Body.List[0], errObj)
	}
	last, ok := list[len(list)-1].(*ast.ReturnStmt)
	if !ok || len(last.Results) != 2 || !isRow(last.Results[0]) {
		return nil
	}
	var call *ast.CallExpr
	var errObj types.Object
	ifInit, _ := list[1].(*ast.IfStmt)
	switch {
	case len(list) == 3 && ifInit != nil && ifInit.Init != nil:
		// if err := get(...); err != nil { return Customer{}, err }; return c, nil
		call, errObj = read(ifInit.Init)
		if call == nil || !check(&ast.IfStmt{Cond: ifInit.Cond, Body: ifInit.Body, Else: ifInit.Else}, errObj) || !isNil(info, last.Results[1]) {
			return nil
		}
	case len(list) == 3 && !pointer: // err := get(...); return c, err
		call, errObj = read(list[1])
		if call == nil || !isIdentOf(info, last.Results[1], errObj) {
			return nil
		}
	case len(list) == 4: // err := get(...); if err != nil { return nil, err }; return &c, nil
		call, errObj = read(list[1])
		if call == nil || !check(list[2], errObj) || !isNil(info, last.Results[1]) {
			return nil
		}
	}
	if call == nil || errObj == nil {
		return nil
	}
	g, _ := c.keyedGet(call)
	if g == nil || info.Uses[g.dest] != row {
		return nil
	}
	if want := types.Type(g.row); pointer && !types.Identical(types.NewPointer(want), result) || !pointer && !types.Identical(want, result) {
		return nil
	}
	params := map[types.Object]int{}
	if sig.Recv() != nil {
		params[sig.Recv()] = -1
	}
	for i := 0; i < sig.Params().Len(); i++ {
		params[sig.Params().At(i)] = i
	}
	ld := &rowLoad{Table: g.read.Table.Name, Key: g.read.Key, TypePkg: g.row.Obj().Pkg().Path(), TypeName: g.row.Obj().Name(), CtxParam: -1, Pointer: pointer}
	key, ok := ast.Unparen(g.key).(*ast.Ident)
	if !ok {
		return nil
	}
	if ld.KeyParam, ok = params[info.Uses[key]]; !ok || ld.KeyParam < 0 {
		return nil
	}
	if g.ctx != nil {
		id, ok := ast.Unparen(g.ctx).(*ast.Ident)
		if !ok {
			return nil
		}
		if ld.CtxParam, ok = params[info.Uses[id]]; !ok || ld.CtxParam < 0 {
			return nil
		}
	}
	root, fields := fieldPath(info, g.handle)
	if root == nil {
		return nil
	}
	if ld.Handle, ok = params[info.Uses[root]]; !ok {
		return nil
	}
	ld.HandleField = fields
	return ld
}

// varDecl returns the name declared by `var v T`, with no value.
func varDecl(s ast.Stmt) *ast.Ident {
	ds, ok := s.(*ast.DeclStmt)
	if !ok {
		return nil
	}
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
		return nil
	}
	vs, ok := gd.Specs[0].(*ast.ValueSpec)
	if !ok || len(vs.Names) != 1 || len(vs.Values) != 0 || vs.Type == nil {
		return nil
	}
	return vs.Names[0]
}

// fieldPath splits x.F.G into x and [F G]; nil when e is anything else.
func fieldPath(info *types.Info, e ast.Expr) (*ast.Ident, []string) {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x, nil
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel == nil || sel.Kind() != types.FieldVal {
			return nil, nil
		}
		root, fields := fieldPath(info, x.X)
		if root == nil {
			return nil, nil
		}
		return root, append(fields, x.Sel.Name)
	}
	return nil, nil
}

func isError(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }

func isIdentOf(info *types.Info, e ast.Expr, obj types.Object) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && obj != nil && info.Uses[id] == obj
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

func isEmptyLit(e ast.Expr) bool {
	cl, ok := ast.Unparen(e).(*ast.CompositeLit)
	return ok && len(cl.Elts) == 0
}

// isNilCheck reports whether cond is `v != nil` (op NEQ) for the object v.
func (c *checker) isNilCheck(cond ast.Expr, v types.Object, op token.Token) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	return ok && b.Op == op && isIdentOf(c.pass.TypesInfo, b.X, v) && isNil(c.pass.TypesInfo, b.Y)
}

// isNotFound reports whether cond tests v for sql.ErrNoRows:
// errors.Is(v, sql.ErrNoRows) or v == sql.ErrNoRows.
func (c *checker) isNotFound(cond ast.Expr, v types.Object) bool {
	info := c.pass.TypesInfo
	isErrNoRows := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		obj, ok := info.Uses[sel.Sel].(*types.Var)
		return ok && obj.Pkg() != nil && obj.Pkg().Path() == dbapi.PathSQL && obj.Name() == "ErrNoRows"
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
	file   *ast.File
	src    []byte
	rs     *ast.RangeStmt
	start  ast.Stmt // the loop, or its label
	stmt   *ast.AssignStmt
	ifStmt *ast.IfStmt // the if whose init stmt is, if any
	get    *keyedGet // a direct read
	load   *rowLoad  // a read through a helper
	call   *ast.CallExpr
	key    ast.Expr
	ctx    ast.Expr // nil: context.Background()
	handle string   // the handle, as source text
	row    *types.Named
	table  string
	col    string
	errObj types.Object // the loop's error variable
	ret    *ast.ReturnStmt
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
		g, why := c.keyedGet(call)
		if g == nil {
			return nil, why
		}
		s.get, s.key, s.ctx, s.row, s.table, s.col = g, g.key, g.ctx, g.row, g.read.Table.Name, g.read.Key
		s.handle = c.text(g.handle)
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
		if s.load.Handle < 0 {
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil, "the callee's receiver is not known"
			}
			h = sel.X
		} else {
			h = call.Args[s.load.Handle]
		}
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
		if s.load.Handle >= 0 || len(s.load.HandleField) > 0 {
			if !c.invariant(h, rs) {
				return nil, "the handle changes in the loop"
			}
		}
		pkg := r.callee.Pkg()
		if pkg == nil || pkg.Path() != s.load.TypePkg {
			return nil, "the row type is not the callee's"
		}
		obj, _ := pkg.Scope().Lookup(s.load.TypeName).(*types.TypeName)
		if obj == nil {
			return nil, "the row type is not the callee's"
		}
		n, _ := types.Unalias(obj.Type()).(*types.Named)
		if n == nil {
			return nil, "the row type is not the callee's"
		}
		s.row, s.table, s.col = n, s.load.Table, s.load.Key
	}
	if s.ctx != nil && (!c.pure(s.ctx) || !c.invariant(s.ctx, rs)) {
		return nil, "the context changes in the loop"
	}
	if s.get != nil && !c.invariant(s.get.handle, rs) {
		return nil, "the handle changes in the loop"
	}
	if why := c.elementKey(s.key, rs); why != "" {
		return nil, why
	}
	// The statement that reads, at the top level of the body.
	var idx int
	for i, st := range rs.Body.List {
		if as, ok := st.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call {
			s.stmt, idx = as, i
		}
		// if err := db.GetContext(...); err != nil { ... }: the lookup
		// goes before the if, its error variable into the loop body.
		if is, ok := st.(*ast.IfStmt); ok && s.get != nil {
			if as, ok := is.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call {
				s.stmt, s.ifStmt, idx = as, is, i
			}
		}
	}
	if s.stmt == nil {
		return nil, "the read is not a statement of the loop body"
	}
	if s.ifStmt != nil {
		// Moved out of the if, the error variable must not meet another
		// of its name in the body.
		errObj := info.Defs[identOf(s.stmt.Lhs[0])]
		clash := errObj == nil
		ast.Inspect(rs.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == identOf(s.stmt.Lhs[0]).Name && info.ObjectOf(id) != errObj {
				clash = true
			}
			return !clash
		})
		if clash {
			return nil, "the read's error variable has another of its name in the loop"
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
	if s.get != nil {
		value = info.Uses[s.get.dest]
		declared := false
		for _, st := range rs.Body.List[:idx] {
			if id := varDecl(st); id != nil && info.Defs[id] == value {
				declared = true
			}
		}
		if !declared {
			return nil, "the row is not scanned into a variable declared in the loop body"
		}
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
	inspectRun(rs.Body, info, func(other *ast.CallExpr) {
		if other == call || write != nil {
			return
		}
		if or := c.reach(other); or != nil && or.fact.Verb != dbapi.VerbSelect {
			write = other
		}
	})
	if write != nil {
		return nil, fmt.Sprintf("the loop runs another statement that may write (line %d)", c.line(write.Pos()))
	}
	// The error: returned by the first check after the read (past checks
	// for sql.ErrNoRows), with values that are the same before the loop.
	after := rs.Body.List[idx+1:]
	if s.ifStmt != nil {
		after = append([]ast.Stmt{&ast.IfStmt{Cond: s.ifStmt.Cond, Body: s.ifStmt.Body, Else: s.ifStmt.Else}}, after...)
	}
	s.ret = c.errReturn(after, s.errObj)
	if s.ret == nil {
		return nil, "the loop does not return the read's error"
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

// text returns the source text of n.
func (c *checker) text(n ast.Node) string {
	f := c.pass.Fset.File(n.Pos())
	if f == nil {
		return ""
	}
	src, err := c.pass.ReadFile(f.Name())
	if err != nil {
		return ""
	}
	start, end := f.Offset(n.Pos()), f.Offset(n.End())
	if start < 0 || end > len(src) || start > end {
		return ""
	}
	return string(src[start:end])
}

// buildFix writes the edits of the rewrite at s.
func (c *checker) buildFix(s *site) (*analysis.SuggestedFix, string) {
	info := c.pass.TypesInfo
	tf := c.pass.Fset.File(s.rs.Pos())
	var file *ast.File
	for _, f := range c.pass.Files {
		if f.FileStart <= s.rs.Pos() && s.rs.Pos() < f.FileEnd {
			file = f
		}
	}
	if tf == nil || file == nil {
		return nil, "the loop's file is not known"
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return nil, "the loop's file cannot be read"
	}
	path, _ := astutil.PathEnclosingInterval(file, s.rs.Pos(), s.rs.End())
	var fnNode ast.Node
	for i, n := range path {
		if i > 0 && path[i-1] == s.rs {
			if ls, ok := n.(*ast.LabeledStmt); ok {
				s.start = ls
			}
		}
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			if fnNode == nil {
				fnNode = n
			}
		}
	}
	if fnNode == nil {
		return nil, "the loop is not in a function"
	}
	im := &imports{c: c, file: file, at: []token.Pos{s.rs.Pos(), s.call.Pos()}}
	bulkName := im.name(dbapi.PathBulk, "bulk")
	sqlName := im.name(dbapi.PathSQL, "sql")
	ctxText := ""
	if s.ctx != nil {
		ctxText = c.text(s.ctx)
	} else if name := im.name("context", "context"); name != "" {
		ctxText = name + ".Background()"
	}
	qual := func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return im.name(p.Path(), p.Name())
	}
	rowType := types.TypeString(s.row, qual)
	keyType := types.TypeString(info.TypeOf(s.key), qual)
	if bulkName == "" || sqlName == "" || ctxText == "" || im.failed {
		return nil, "a package the fix needs is shadowed or its name taken"
	}

	// Fresh names: used nowhere in the function, not declared around it.
	used := map[string]bool{}
	ast.Inspect(fnNode, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			used[id.Name] = true
		}
		return true
	})
	scope := c.scopeAt(file, s.rs.Pos())
	fresh := func(base string) string {
		name := base
		for i := 2; used[name] || scope != nil && lookup(scope, name, s.rs.Pos()) != nil; i++ {
			name = fmt.Sprintf("%s%d", base, i)
		}
		used[name] = true
		return name
	}
	base := lowerCamel(s.table)
	mapName := fresh(base)
	keyName := fresh(strings.TrimSuffix(base, "s") + keySuffix(s.col))
	errName := "err"
	if scope != nil && scope.Lookup("err") != nil && scope.Lookup("err").Pos() > s.rs.Pos() {
		errName = fresh("loadErr") // declared later in the block: := here would clash
	} else if obj := lookup(scope, "err", s.rs.Pos()); obj != nil {
		if v, ok := obj.(*types.Var); !ok || !isError(v.Type()) || c.usedAfter(v, fnNode, s.rs.End()) {
			errName = fresh("loadErr")
		}
	}

	ind := indentOf(src, tf.Offset(s.start.Pos()))
	var b strings.Builder
	// The keys, in the loop's order, with the loop's own variables.
	var rangeHead string
	if _, ok := innerIndex(s.key); ok || s.rs.Value == nil {
		rangeHead = c.text(s.rs.Key)
	} else {
		rangeHead = "_, " + c.text(s.rs.Value)
	}
	fmt.Fprintf(&b, "%s := make([]%s, 0, len(%s))\n", keyName, keyType, c.text(s.rs.X))
	fmt.Fprintf(&b, "%sfor %s := range %s {\n", ind, rangeHead, c.text(s.rs.X))
	fmt.Fprintf(&b, "%s\t%s = append(%s, %s)\n", ind, keyName, keyName, c.text(s.key))
	fmt.Fprintf(&b, "%s}\n", ind)
	opt := ""
	if s.col != "id" {
		opt = fmt.Sprintf(", %s.Key(%q)", bulkName, s.col)
	}
	fmt.Fprintf(&b, "%s%s, %s := %s.Load[%s](%s, %s, %q, %s%s)\n", ind, mapName, errName, bulkName, rowType, ctxText, s.handle, s.table, keyName, opt)
	fmt.Fprintf(&b, "%sif %s != nil {\n", ind, errName)
	fmt.Fprintf(&b, "%s\t%s\n", ind, c.movedReturn(s.ret, s.errObj, errName, src, tf))
	fmt.Fprintf(&b, "%s}\n%s", ind, ind)
	edits := []analysis.TextEdit{{Pos: s.start.Pos(), End: s.start.Pos(), NewText: []byte(b.String())}}

	// The read becomes a lookup that fails as the read did on a key no
	// row has.
	sind := indentOf(src, tf.Offset(s.stmt.Pos()))
	errLHS := c.text(s.stmt.Lhs[len(s.stmt.Lhs)-1])
	key := c.text(s.key)
	avoid := map[string]bool{errLHS: true}
	for _, l := range s.stmt.Lhs {
		avoid[c.text(l)] = true
	}
	local := func(base string) string {
		name := base
		for i := 2; avoid[name] || used[name]; i++ {
			name = fmt.Sprintf("%s%d", base, i)
		}
		avoid[name] = true
		return name
	}
	ok := local("ok")
	b.Reset()
	if s.get != nil {
		row := local("row")
		fmt.Fprintf(&b, "%s %s %s.ErrNoRows\n", errLHS, s.stmt.Tok, sqlName)
		fmt.Fprintf(&b, "%sif %s, %s := %s[%s]; %s {\n", sind, row, ok, mapName, key, ok)
		fmt.Fprintf(&b, "%s\t%s, %s = %s, nil\n", sind, c.text(s.get.dest), errLHS, row)
		fmt.Fprintf(&b, "%s}", sind)
	} else if s.load.Pointer {
		row := local("row")
		fmt.Fprintf(&b, "%s, %s %s (*%s)(nil), %s.ErrNoRows\n", c.text(s.stmt.Lhs[0]), errLHS, s.stmt.Tok, rowType, sqlName)
		fmt.Fprintf(&b, "%sif %s, %s := %s[%s]; %s {\n", sind, row, ok, mapName, key, ok)
		fmt.Fprintf(&b, "%s\t%s, %s = &%s, nil\n", sind, c.text(s.stmt.Lhs[0]), errLHS, row)
		fmt.Fprintf(&b, "%s}", sind)
	} else {
		fmt.Fprintf(&b, "%s, %s %s %s[%s], %s.ErrNoRows\n", c.text(s.stmt.Lhs[0]), errLHS, s.stmt.Tok, mapName, key, sqlName)
		fmt.Fprintf(&b, "%sif _, %s := %s[%s]; %s {\n", sind, ok, mapName, key, ok)
		fmt.Fprintf(&b, "%s\t%s = nil\n", sind, errLHS)
		fmt.Fprintf(&b, "%s}", sind)
	}
	if s.ifStmt != nil {
		// if err := read; cond { becomes the lookup, then if cond {.
		b.WriteString("\n" + sind + "if ")
		edits = append(edits, analysis.TextEdit{Pos: s.ifStmt.Pos(), End: s.ifStmt.Cond.Pos(), NewText: []byte(b.String())})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: s.stmt.Pos(), End: s.stmt.End(), NewText: []byte(b.String())})
	}
	edits = append(edits, im.edits()...)
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("load all %s at once with bulk.Load", s.table),
		TextEdits: edits,
	}, ""
}

// innerIndex returns the index expression x[i] a key is read through.
func innerIndex(key ast.Expr) (*ast.IndexExpr, bool) {
	e := ast.Unparen(key)
	for {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			e = ast.Unparen(x.X)
		case *ast.IndexExpr:
			return x, true
		default:
			return nil, false
		}
	}
}

// movedReturn is the text of ret with the loop's error variable renamed,
// its continuation lines one level less indented.
func (c *checker) movedReturn(ret *ast.ReturnStmt, errObj types.Object, errName string, src []byte, tf *token.File) string {
	start, end := tf.Offset(ret.Pos()), tf.Offset(ret.End())
	var b strings.Builder
	last := start
	ast.Inspect(ret, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == errObj {
			off := tf.Offset(id.Pos())
			b.Write(src[last:off])
			b.WriteString(errName)
			last = tf.Offset(id.End())
		}
		return true
	})
	b.Write(src[last:end])
	return strings.ReplaceAll(b.String(), "\n\t", "\n")
}

// usedAfter reports whether v is mentioned in fn after pos.
func (c *checker) usedAfter(v *types.Var, fn ast.Node, pos token.Pos) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Pos() >= pos && c.pass.TypesInfo.ObjectOf(id) == v {
			found = true
		}
		return !found
	})
	return found
}

// scopeAt returns the innermost scope of file around pos.
func (c *checker) scopeAt(file *ast.File, pos token.Pos) *types.Scope {
	s := c.pass.TypesInfo.Scopes[file]
	if s == nil {
		return nil
	}
	return s.Innermost(pos)
}

func lookup(s *types.Scope, name string, pos token.Pos) types.Object {
	if s == nil {
		return nil
	}
	_, obj := s.LookupParent(name, pos)
	return obj
}

// indentOf returns the white space at the start of the line of off.
func indentOf(src []byte, off int) string {
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// lowerCamel turns a table name into a Go name: order_items, orderItems.
func lowerCamel(table string) string {
	var b strings.Builder
	up := false
	for _, r := range table {
		switch {
		case r == '_' || r == '-' || r == ' ':
			up = b.Len() > 0
		case unicode.IsLetter(r) || unicode.IsDigit(r) && b.Len() > 0:
			if up {
				r = unicode.ToUpper(r)
			} else if b.Len() == 0 {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			up = false
		}
	}
	if b.Len() == 0 || token.Lookup(b.String()).IsKeyword() {
		return "rows"
	}
	return b.String()
}

// keySuffix names the keys by their column: IDs for id, Emails for email.
func keySuffix(col string) string {
	if col == "id" {
		return "IDs"
	}
	k := lowerCamel(col)
	return strings.ToUpper(k[:1]) + k[1:] + "s"
}

// imports finds the name a file uses for a package, and adds the import
// when the file has none and the name is free where it is used.
type imports struct {
	c      *checker
	file   *ast.File
	at     []token.Pos // where the names are used
	add    []string    // paths to add
	failed bool
}

func (im *imports) name(path, def string) string {
	for _, spec := range im.file.Imports {
		if strings.Trim(spec.Path.Value, "`\"") != path {
			continue
		}
		obj := im.c.pass.TypesInfo.Implicits[spec]
		if spec.Name != nil {
			obj = im.c.pass.TypesInfo.Defs[spec.Name]
		}
		pn, ok := obj.(*types.PkgName)
		if !ok || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		if im.free(pn.Name(), pn) {
			return pn.Name()
		}
		im.failed = true
		return ""
	}
	if !im.free(def, nil) {
		im.failed = true
		return ""
	}
	if !slices.Contains(im.add, path) {
		im.add = append(im.add, path)
	}
	return def
}

// free reports whether name resolves to want (nil: to nothing) wherever
// the fix uses it.
func (im *imports) free(name string, want types.Object) bool {
	for _, pos := range im.at {
		if lookup(im.c.scopeAt(im.file, pos), name, pos) != want {
			return false
		}
	}
	return true
}

// edits adds the imports to the file's import declaration: a standard
// library package after the last standard one, another after the last
// other, so that gofmt's sorting keeps the groups.
func (im *imports) edits() []analysis.TextEdit {
	if len(im.add) == 0 {
		return nil
	}
	slices.Sort(im.add)
	std := func(path string) bool { return !strings.Contains(strings.Split(path, "/")[0], ".") }
	var decl *ast.GenDecl
	for _, d := range im.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			decl = gd
			break
		}
	}
	var lines []string
	for _, p := range im.add {
		lines = append(lines, fmt.Sprintf("%q", p))
	}
	if decl == nil {
		return []analysis.TextEdit{{Pos: im.file.Name.End(), End: im.file.Name.End(), NewText: []byte("\n\nimport (\n\t" + strings.Join(lines, "\n\t") + "\n)")}}
	}
	if !decl.Lparen.IsValid() {
		all := append([]string{im.c.text(decl.Specs[0])}, lines...)
		return []analysis.TextEdit{{Pos: decl.Pos(), End: decl.End(), NewText: []byte("import (\n\t" + strings.Join(all, "\n\t") + "\n)")}}
	}
	var edits []analysis.TextEdit
	for _, p := range im.add {
		var after ast.Spec
		for _, spec := range decl.Specs {
			if is, ok := spec.(*ast.ImportSpec); ok && std(strings.Trim(is.Path.Value, "`\"")) == std(p) {
				after = spec
			}
		}
		if after != nil {
			edits = append(edits, analysis.TextEdit{Pos: after.End(), End: after.End(), NewText: []byte(fmt.Sprintf("\n\t%q", p))})
		} else if std(p) {
			edits = append(edits, analysis.TextEdit{Pos: decl.Lparen + 1, End: decl.Lparen + 1, NewText: []byte(fmt.Sprintf("\n\t%q\n", p))})
		} else {
			edits = append(edits, analysis.TextEdit{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte(fmt.Sprintf("\n\t%q\n", p))})
		}
	}
	return edits
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

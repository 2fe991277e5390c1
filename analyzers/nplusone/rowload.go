package nplusone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// The reads the load fix replaces: a sqlx Get of one row by one key
// (keyedGet), and helpers that do only that, whose fact carries a rowLoad.

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
	// HandleFunc is the getter the handle comes from when Handle is
	// handleFromGetter: "path/to/pkg.GetDB".
	HandleFunc string
	// Lib is the library that reads: "" for sqlx, "gorm" or "bun". A
	// gorm helper's context (CtxParam) is the WithContext of its chain.
	Lib string
}

// handleFromGetter is rowLoad.Handle for a handle a package-level getter
// returns (HandleFunc).
const handleFromGetter = -2

func (l *rowLoad) String() string { return "load(" + l.Table + "." + l.Key + ")" }

// encode writes l as one string, which keeps facts small: a struct field
// would add its type's description to every encoded fact.
func (l *rowLoad) encode() string {
	parts := []string{l.Table, l.Key, l.TypePkg, l.TypeName, strconv.Itoa(l.KeyParam), strconv.Itoa(l.CtxParam), strconv.Itoa(l.Handle), strconv.FormatBool(l.Pointer), l.Lib, l.HandleFunc}
	return strings.Join(append(parts, l.HandleField...), "\x00")
}

// decodeRowLoad reads what encode wrote; nil for "" or anything else.
func decodeRowLoad(s string) *rowLoad {
	parts := strings.Split(s, "\x00")
	if len(parts) < 10 {
		return nil
	}
	switch parts[8] {
	case "", "gorm", "bun":
	default:
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
		KeyParam: nums[0], CtxParam: nums[1], Handle: nums[2], Pointer: pointer, Lib: parts[8], HandleFunc: parts[9], HandleField: parts[10:]}
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
// return nil, err on error and return &c, nil after. The row may also be
// a named result, or for a *Customer result a c := &Customer{} (or
// new(Customer)) read into as c; the handle may be a getter's result held
// in a variable first (db := database.GetDB()). On a missing key such a
// function returns the zero row (or nil) and sql.ErrNoRows (gorm's
// ErrRecordNotFound), which the map lookup of the rewrite gives too.
func (c *checker) rowLoadOf(fd *ast.FuncDecl, fn *types.Func) *rowLoad {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 2 || !isError(sig.Results().At(1).Type()) || sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0 {
		return nil
	}
	result := sig.Results().At(0).Type()
	pointer := isPointer(result)
	info := c.pass.TypesInfo
	list := fd.Body.List
	// db := database.GetDB(): the handle, from a getter.
	var getterVar types.Object
	var getter *types.Func
	if len(list) > 0 {
		if as, ok := list[0].(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				if getter = c.handleGetter(as.Rhs[0]); getter != nil {
					getterVar = info.Defs[id]
					list = list[1:]
				}
			}
		}
	}
	// The row: var c T, c := &T{} or new(T) for a *T result, or the
	// named first result.
	var row types.Object
	ptrDest := false
	if len(list) > 0 {
		if decl := varDecl(list[0]); decl != nil {
			row = info.Defs[decl]
			list = list[1:]
		} else if id := newRow(info, list[0]); id != nil && pointer {
			row, ptrDest = info.Defs[id], true
			list = list[1:]
		}
	}
	if row == nil && sig.Results().At(0).Name() != "" && sig.Results().At(0).Name() != "_" {
		row = sig.Results().At(0)
	}
	if row == nil || len(list) < 2 || len(list) > 3 {
		return nil
	}
	// The last return gives the row (its address) and no error, or, for
	// the plain form, the read's error as it is.
	isRow := func(e ast.Expr) bool {
		if pointer && !ptrDest {
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
	// read returns the value a statement assigns to its one error
	// variable: err := read, or err = read for a named error result.
	read := func(st ast.Stmt) (ast.Expr, types.Object) {
		as, ok := st.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return nil, nil
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok {
			return nil, nil
		}
		switch as.Tok {
		case token.DEFINE:
			return as.Rhs[0], info.Defs[id]
		case token.ASSIGN:
			if obj := info.Uses[id]; obj == sig.Results().At(1) {
				return as.Rhs[0], obj
			}
		}
		return nil, nil
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
	var call ast.Expr
	var errObj types.Object
	ifInit, _ := list[0].(*ast.IfStmt)
	switch {
	case len(list) == 2 && ifInit != nil && ifInit.Init != nil:
		// if err := get(...); err != nil { return Customer{}, err }; return c, nil
		call, errObj = read(ifInit.Init)
		if call == nil || !check(&ast.IfStmt{Cond: ifInit.Cond, Body: ifInit.Body, Else: ifInit.Else}, errObj) || !isNil(info, last.Results[1]) {
			return nil
		}
	case len(list) == 2 && !pointer: // err := get(...); return c, err
		call, errObj = read(list[0])
		if call == nil || !isIdentOf(info, last.Results[1], errObj) {
			return nil
		}
	case len(list) == 3: // err := get(...); if err != nil { return nil, err }; return &c, nil
		call, errObj = read(list[0])
		if call == nil || !check(list[1], errObj) || !isNil(info, last.Results[1]) {
			return nil
		}
	}
	if call == nil || errObj == nil {
		return nil
	}
	g := c.keyedRead(call)
	if g == nil || info.Uses[g.dest] != row || g.ptr != ptrDest {
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
	ld := &rowLoad{Table: g.table, Key: g.col, TypePkg: g.row.Obj().Pkg().Path(), TypeName: g.row.Obj().Name(), CtxParam: -1, Pointer: pointer, Lib: g.lib}
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
	// The handle: a parameter or the receiver, through fields; a getter,
	// called in the read or held in a variable first.
	if fn := c.handleGetter(g.handle); fn != nil {
		ld.Handle, ld.HandleFunc = handleFromGetter, fn.Pkg().Path()+"."+fn.Name()
		return ld
	}
	root, fields := fieldPath(info, g.handle)
	if root == nil {
		return nil
	}
	if getterVar != nil && info.Uses[root] == getterVar && len(fields) == 0 {
		ld.Handle, ld.HandleFunc = handleFromGetter, getter.Pkg().Path()+"."+getter.Name()
		return ld
	}
	if ld.Handle, ok = params[info.Uses[root]]; !ok {
		return nil
	}
	ld.HandleField = fields
	return ld
}

// newRow returns p of p := &T{} or p := new(T), T a named type.
func newRow(info *types.Info, st ast.Stmt) *ast.Ident {
	as, ok := st.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	switch x := ast.Unparen(as.Rhs[0]).(type) {
	case *ast.UnaryExpr:
		if x.Op != token.AND || !isEmptyLit(ast.Unparen(x.X)) {
			return nil
		}
	case *ast.CallExpr:
		if b, ok := info.Uses[identOrNil(x.Fun)].(*types.Builtin); !ok || b.Name() != "new" || len(x.Args) != 1 {
			return nil
		}
	default:
		return nil
	}
	return id
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

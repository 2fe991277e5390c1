package nplusone

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// The ORM reads the load fix replaces: a gorm First or Take of one row by
// one key, and a bun select of one row scanned by one key. Their rewrites
// load with the ORM itself (runtime/bulk/bulkgorm, runtime/bulk/bulkbun),
// so what the ORM adds to a read (soft delete, hooks, scopes chained on the
// handle, its column names) still applies.

// Paths of the runtime packages the ORM rewrites call.
const (
	pathBulkGorm = dbapi.PathBulk + "/bulkgorm"
	pathBulkBun  = dbapi.PathBulk + "/bulkbun"
)

// ormRead is a gorm or bun read of one row by one key column into a
// struct variable.
type ormRead struct {
	lib colmap.Library // colmap.GORM or colmap.Bun
	// root is where the handle starts: a variable, a field or a getter's
	// call; links are gorm's calls on it before Where and First
	// (WithContext, Debug, Unscoped, Model), root outward. For bun, root
	// is the handle NewSelect is called on.
	root  ast.Expr
	links []chain.Link
	ctx   ast.Expr // bun: Scan's context
	dest  *ast.Ident
	ptr   bool // dest is a *T variable, not a T whose address is taken
	key   ast.Expr
	row   *types.Named
	col   string
}

// gormRead recognises call, a gorm First or Take, as an ormRead:
//
//	h.First(&c, key)                 (an integer key: the primary key)
//	h.First(&c, "col = ?", key)
//	h.Where("col = ?", key).First(&c)
//
// its error read as First(...).Error, with h a variable, a field or a
// getter's call (handleGetter), optionally with WithContext, Debug,
// Unscoped or Model of the row's own type chained on it. The chain is
// the shared walker's (chain.Index.Walk).
func (c *checker) gormRead(call *ast.CallExpr) (*ormRead, string) {
	links, root, _ := c.chains.Walk(call, chain.Gorm)
	if len(links) == 0 || links[0].Name() != "First" && links[0].Name() != "Take" {
		return nil, "the query is not a single-row read with sqlx's Get, gorm's First or Take, or bun's Scan"
	}
	info := c.pass.TypesInfo
	r := &ormRead{lib: colmap.GORM, root: root}
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return nil, "the read does not name its row"
	}
	rest := links[1:] // from First's receiver back to the root
	var cond ast.Expr // "col = ?"
	switch len(call.Args) {
	case 1:
		// h.Where("col = ?", key).First(&c)
		if len(rest) == 0 || rest[0].Name() != "Where" || len(rest[0].Call.Args) != 2 || rest[0].Call.Ellipsis.IsValid() {
			return nil, "the read selects no key"
		}
		cond, r.key, rest = rest[0].Call.Args[0], rest[0].Call.Args[1], rest[1:]
	case 2:
		// h.First(&c, key): gorm reads an integer as the primary key, and
		// a string as SQL or a key depending on its text.
		r.key = call.Args[1]
		if b, ok := info.TypeOf(r.key).Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return nil, "the key is not an integer given inline, which gorm reads as the primary key"
		}
	case 3:
		cond, r.key = call.Args[1], call.Args[2]
	default:
		return nil, "the read's conditions are more than one key"
	}
	var models []ast.Expr
	for _, l := range rest {
		args := l.Call.Args
		switch {
		case l.Name() == "WithContext" && len(args) == 1 && c.pure(args[0]):
		case (l.Name() == "Debug" || l.Name() == "Unscoped") && len(args) == 0:
		case l.Name() == "Model" && len(args) == 1 && emptyLit(args[0]):
			models = append(models, args[0])
		default:
			return nil, "the read's chain does more than select by one key"
		}
	}
	r.links = slices.Clone(rest)
	slices.Reverse(r.links)
	if !c.pure(root) && c.handleGetter(root) == nil {
		return nil, "the handle is not a variable, a field or a getter"
	}
	if len(rest) == 0 && !isGormDB(info.TypeOf(root)) {
		return nil, "the handle is not a *gorm.DB"
	}
	var why string
	if r.dest, r.row, r.ptr, why = c.rowDest(call.Args[0]); why != "" {
		return nil, why
	}
	// Model(T{}) of the row's own type changes nothing: First reads T.
	for _, m := range models {
		t := info.TypeOf(m)
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if !types.Identical(t, r.row) {
			return nil, "the read's chain names another model"
		}
	}
	m, err := colmap.Of(colmap.GORM, r.row)
	if err != nil {
		return nil, "the row type's columns are not known"
	}
	if cond == nil {
		var pk []string
		for _, col := range m.Columns() {
			if col.PrimaryKey {
				pk = append(pk, col.Name)
			}
		}
		if len(pk) != 1 {
			return nil, "the row type has no single primary key column"
		}
		r.col = pk[0]
	} else if r.col = keyCondition(info, cond); r.col == "" {
		return nil, "the condition is more than `column = ?`"
	}
	if _, ok := m.Column(r.col); !ok {
		return nil, "the key column is not a mapped field of " + r.row.Obj().Name()
	}
	return r, ""
}

// emptyLit reports whether e is T{} or &T{}.
func emptyLit(e ast.Expr) bool {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	return isEmptyLit(ast.Unparen(e))
}

// handleGetter returns the function e calls when e is a call, with no
// arguments, of a package-level function that returns a handle
// (*gorm.DB, a sqlx handle, a bun handle): database.GetDB(). A loop may
// call it once instead of once per element.
func (c *checker) handleGetter(e ast.Expr) *types.Func {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if _, isPkg := c.pass.TypesInfo.Uses[identOrNil(f.X)].(*types.PkgName); !isPkg {
			return nil
		}
		id = f.Sel
	default:
		return nil
	}
	fn, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Parent() != fn.Pkg().Scope() {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 || sig.TypeParams().Len() > 0 {
		return nil
	}
	if t := sig.Results().At(0).Type(); !isGormDB(t) && !isSqlxHandle(t) && !isBunHandle(t) {
		return nil
	}
	return fn
}

func identOrNil(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// handleText is the source text of a read's handle: its root and its
// chained calls but Model, which bulkgorm.Load does not need (the row
// type says the model).
func (c *checker) handleText(o *ormRead) string {
	var b strings.Builder
	b.WriteString(c.text(o.root))
	for _, l := range o.links {
		if l.Name() == "Model" {
			continue
		}
		args := make([]string, len(l.Call.Args))
		for i, a := range l.Call.Args {
			args[i] = c.text(a)
		}
		b.WriteString("." + l.Name() + "(" + strings.Join(args, ", ") + ")")
	}
	return b.String()
}

// bunRead recognises call, a bun select's Scan, as an ormRead:
//
//	h.NewSelect().Model(&c).Where("col = ?", key).Scan(ctx)
//
// with h a variable, a field or a getter's call (a *bun.DB, bun.Tx,
// bun.Conn or bun.IDB). The chain is the shared walker's.
func (c *checker) bunRead(call *ast.CallExpr) (*ormRead, string) {
	links, _, started := c.chains.Walk(call, chain.Bun)
	if len(links) == 0 || links[0].Name() != "Scan" {
		return nil, "the query is not a single-row read with sqlx's Get, gorm's First or Take, or bun's Scan"
	}
	if len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil, "the select scans into more than its model"
	}
	if !started {
		return nil, "the read's chain does more than select by one key" // built in steps, or not on a handle
	}
	r := &ormRead{lib: colmap.Bun, ctx: call.Args[0]}
	var model, cond ast.Expr
	for _, l := range links[1:] {
		args := l.Call.Args
		switch {
		case l.Name() == "Model" && len(args) == 1 && model == nil:
			model = args[0]
		case l.Name() == "Where" && len(args) == 2 && cond == nil && !l.Call.Ellipsis.IsValid():
			cond, r.key = args[0], args[1]
		case l.Name() == "NewSelect" && len(args) == 0:
			r.root = ast.Unparen(l.Call.Fun).(*ast.SelectorExpr).X
		default:
			return nil, "the read's chain does more than select by one key"
		}
	}
	if model == nil || cond == nil || r.root == nil {
		return nil, "the read does not select its row by one key"
	}
	if !c.pure(r.root) && c.handleGetter(r.root) == nil || !isBunHandle(c.pass.TypesInfo.TypeOf(r.root)) {
		return nil, "the handle is not a variable, a field or a getter holding a bun.IDB"
	}
	var why string
	if r.dest, r.row, r.ptr, why = c.rowDest(model); why != "" {
		return nil, why
	}
	m, err := colmap.Of(colmap.Bun, r.row)
	if err != nil {
		return nil, "the row type's columns are not known"
	}
	if r.col = keyCondition(c.pass.TypesInfo, cond); r.col == "" {
		return nil, "the condition is more than `column = ?`"
	}
	if _, ok := m.Column(r.col); !ok {
		return nil, "the key column is not a mapped field of " + r.row.Obj().Name()
	}
	return r, ""
}

// isGormDB reports whether t is *gorm.DB, which bulkgorm.Load takes (a
// type that embeds it is not).
func isGormDB(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == dbapi.PathGorm && n.Obj().Name() == "DB"
}

// isBunHandle reports whether t is a handle bulkbun.Load takes: *bun.DB,
// bun.Tx, bun.Conn or bun.IDB.
func isBunHandle(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == dbapi.PathBun && n.Obj().Name() == "DB"
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != dbapi.PathBun {
		return false
	}
	switch n.Obj().Name() {
	case "Tx", "Conn", "IDB":
		return true
	}
	return false
}

// rowDest returns the variable &v names and its named struct type, or
// the variable p of a pointer to one (ptr set).
func (c *checker) rowDest(e ast.Expr) (id *ast.Ident, row *types.Named, ptr bool, why string) {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		id, _ = ast.Unparen(u.X).(*ast.Ident)
	} else if id, _ = ast.Unparen(e).(*ast.Ident); id != nil {
		ptr = true
	}
	if id == nil {
		return nil, nil, false, "the row is not scanned into a variable"
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return nil, nil, false, "the row is not scanned into a variable"
	}
	t := v.Type()
	if ptr {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return nil, nil, false, "the row is not scanned into a variable"
		}
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.TypeParams().Len() > 0 || n.Obj().Pkg() == nil {
		return nil, nil, false, "the row is not a named struct type"
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil, nil, false, "the row is not a named struct type"
	}
	return id, n, ptr, ""
}

// keyCondition returns col when e is the constant text `col = ?` (the
// column plain or quoted with backquotes or double quotes), else "".
func keyCondition(info *types.Info, e ast.Expr) string {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return ""
	}
	s := strings.TrimSpace(constant.StringVal(tv.Value))
	col, rest, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(rest) != "?" {
		return ""
	}
	col = strings.TrimSpace(col)
	if len(col) > 2 && (col[0] == '`' && col[len(col)-1] == '`' || col[0] == '"' && col[len(col)-1] == '"') {
		col = col[1 : len(col)-1]
	}
	if col == "" {
		return ""
	}
	for i, r := range col {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return ""
		}
	}
	return col
}

// ormReadOf recognises call as a gorm or bun read; nil and "" when call
// is neither library's, nil and why when it is one that is not a keyed
// read.
func (c *checker) ormReadOf(call *ast.CallExpr) (*ormRead, string) {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Signature().Recv() == nil {
		return nil, ""
	}
	switch fn.Pkg().Path() {
	case dbapi.PathGorm:
		return c.gormRead(call)
	case dbapi.PathBun:
		return c.bunRead(call)
	}
	return nil, ""
}

// chainInvariant reports whether a read's handle has the same value
// before the loop and in every iteration: its root (a getter's call
// counts as one), and every argument of its chained calls.
func (c *checker) chainInvariant(o *ormRead, rs *ast.RangeStmt) bool {
	if c.handleGetter(o.root) == nil && !c.invariant(o.root, rs) {
		return false
	}
	for _, l := range o.links {
		for _, a := range l.Call.Args {
			if !emptyLit(a) && !c.invariant(a, rs) {
				return false
			}
		}
	}
	return true
}

// ormRows names the rows of t for the rewrite's variables and message:
// Customer, customers; OrderItem, orderItems.
func ormRows(t *types.Named) string {
	name := t.Obj().Name()
	var b strings.Builder
	var prev rune
	for i, r := range name {
		if i > 0 && 'A' <= r && r <= 'Z' && ('a' <= prev && prev <= 'z' || '0' <= prev && prev <= '9') {
			b.WriteByte('_')
		}
		b.WriteRune(r)
		prev = r
	}
	s := strings.ToLower(b.String())
	if !strings.HasSuffix(s, "s") {
		s += "s"
	}
	return s
}

// keyedRead is a keyed read of one row as a helper's body holds it,
// whichever library reads: the parts a rowLoad records.
type keyedRead struct {
	lib    string // "" for sqlx, "gorm" or "bun", as rowLoad.Lib
	dest   *ast.Ident
	ptr    bool // dest is a *T read into as it is
	key    ast.Expr
	ctx    ast.Expr // nil: none
	handle ast.Expr // a variable or a path of fields
	row    *types.Named
	table  string
	col    string
}

// keyedRead recognises e, the value a helper's statement assigns its
// error from, as a keyed read: sqlx's Get, bun's Scan, or gorm's First or
// Take read through .Error, whose chain holds at most WithContext.
func (c *checker) keyedRead(e ast.Expr) *keyedRead {
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" {
		call, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return nil
		}
		o, _ := c.gormRead(call)
		if o == nil {
			return nil
		}
		r := &keyedRead{lib: "gorm", dest: o.dest, ptr: o.ptr, key: o.key, handle: o.root, row: o.row, table: ormRows(o.row), col: o.col}
		// The chain a rowLoad records: the handle, WithContext of a
		// parameter; Model of the row's type, which changes nothing.
		for _, l := range o.links {
			switch {
			case l.Name() == "WithContext" && r.ctx == nil:
				r.ctx = l.Call.Args[0]
			case l.Name() == "Model":
			default:
				return nil
			}
		}
		return r
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return nil
	}
	if o, why := c.ormReadOf(call); o != nil || why != "" {
		if o == nil || o.lib != colmap.Bun {
			return nil
		}
		return &keyedRead{lib: "bun", dest: o.dest, ptr: o.ptr, key: o.key, ctx: o.ctx, handle: o.root, row: o.row, table: ormRows(o.row), col: o.col}
	}
	g, _ := c.keyedGet(call)
	if g == nil {
		return nil
	}
	return &keyedRead{dest: g.dest, key: g.key, ctx: g.ctx, handle: g.handle, row: g.row, table: g.read.Table.Name, col: g.read.Key}
}

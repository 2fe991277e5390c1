package missingfields

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// write is a database call that writes a known list of columns of a Go
// value (a struct, a pointer to one, or a slice of either).
type write struct {
	call  *ast.CallExpr
	name  string // the callee as diagnostics name it: (*sqlx.DB).NamedExec
	via   string // for a helper with a writeFact, the database call inside
	desc  string // for a helper, what its write says it writes
	table string // the table, when the write names it; else ""
	lib   colmap.Library

	// value is the written Go value for writes that bind a whole struct or
	// slice (sqlx named statements, gorm, bun, bulk.Update). It is nil for
	// writes whose values are field selections (reads): positional
	// arguments of an UPDATE, squirrel's Set.
	value ast.Expr
	reads []fieldRead
	// others are the values of a field-selection write that are not field
	// selections; one that refers to a local variable may carry a changed
	// field's value, so the write is not checked.
	others []ast.Expr

	// cols are the columns the write sets, as written in the SQL text or
	// the field list; with omit set, every column but cols.
	cols []string
	omit bool
	// names are further names that bind fields without being set
	// (placeholders of a named statement, which may appear in WHERE). A
	// field bound by one is taken as written: precision first.
	names []string

	// fix returns the edits that add the missing columns, or nil.
	fix func(missing []colmap.Column) []textEdit

	// skipsZero is set for a write of a struct that the library writes
	// field by field, leaving out the fields whose value is zero: gorm's
	// Updates(&v) without Select, xorm's Update(&v) without Cols. cols
	// are then the columns left out whatever their value (gorm Omit,
	// xorm Omit) and must those written whatever their value (xorm
	// MustCols, UseBool("a")).
	skipsZero bool
	must      []string
	// skipsBool is set for an xorm write without UseBool: it writes no
	// bool field, zero or not.
	skipsBool bool
	// noAutoTime is set for an xorm write with NoAutoTime: the updated
	// column is not set by xorm.
	noAutoTime bool
	// colsFrom is the []string parameter of the enclosing function whose
	// values are the columns written (a helper's Cols(cols...),
	// Select(cols), bulk.Columns(cols...)). The write is then not checked
	// in the helper, which exports a fact: each call that gives a known
	// list is a partial write.
	colsFrom *types.Var
	// upsert is set for an INSERT whose conflict clause updates cols only
	// (ON CONFLICT DO UPDATE SET, ON DUPLICATE KEY UPDATE, gorm's
	// OnConflict DoUpdates, bun's On and Set): the values it is given are
	// inserted, but an existing row gets cols only.
	upsert bool
	// literal is the composite literal a skipsZero write is given
	// (Updates(User{...})): its keyed fields are its changes.
	literal *ast.CompositeLit

	// built are the calls that built a bun update in steps, outside call
	// (q := db.NewUpdate().Model(&rows); q.Column("name")): the value they
	// are given is written by call, not saved by them.
	built []*ast.CallExpr
}

// textEdit is an insertion of text at a position.
type textEdit struct {
	pos  token.Pos
	text string
}

// fieldRead is a field selection base.F.G read as a value of a write.
type fieldRead struct {
	base ast.Expr
	path []*types.Var // the fields selected explicitly, outermost first
}

// dbWrite is a database call that may write rows: a known partial write,
// or a call whose columns are unknown (taken to write everything it is
// given).
type dbWrite struct {
	call *ast.CallExpr
	w    *write // nil when the columns are unknown
}

// writeOf classifies call: a partial write it understands, or (w nil,
// isWrite true) a database call that may write, or neither.
func (c *checker) writeOf(info *funcInfo, call *ast.CallExpr) (w *write, isWrite bool) {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return nil, false
	}
	if f := c.helperFact(fn); f != nil {
		return c.helperWrite(info, call, fn, f), true
	}
	switch fn.Pkg().Path() {
	case dbapi.PathXorm:
		return c.xormWrite(info, call, fn)
	case dbapi.PathSquirrel:
		if w, ok := c.squirrelWrite(call, fn); ok {
			return w, true
		}
	case dbapi.PathBun:
		if isMethodOf(fn, "UpdateQuery") && (fn.Name() == "Exec" || fn.Name() == "Scan") {
			return c.bunWrite(call, fn), true
		}
		if isMethodOf(fn, "InsertQuery") && (fn.Name() == "Exec" || fn.Name() == "Scan") {
			return c.bunUpsertWrite(call, fn), true
		}
		if fn.Name() == "Exec" && fn.Signature().Recv() != nil {
			return nil, true // inserts, deletes, raw queries
		}
		return nil, false
	case dbapi.PathBulk:
		switch fn.Name() {
		case "Update":
			return c.bulkWrite(call, fn), true
		case "Insert", "Upsert", "InsertSeq", "Copy", "Delete":
			return nil, true
		}
		return nil, false
	}
	m, ok := c.mt.Match(fn)
	if !ok || m.Entry.Kind != dbapi.Exec && m.Entry.Kind != dbapi.Copy && m.Entry.Kind != dbapi.BatchSend {
		return nil, false // reads and other calls are calls that use the value (see funcInfo.uses)
	}
	switch {
	case m.Entry.Pkg == dbapi.PathGorm && m.Entry.Verb == dbapi.VerbUpdate:
		return c.gormWrite(call, m), true
	case m.Entry.Pkg == dbapi.PathGorm && (m.Entry.Name == "Create" || m.Entry.Name == "CreateInBatches"):
		return c.gormUpsertWrite(call, m), true
	case m.Entry.Verb == dbapi.VerbFromSQL && m.SQL >= 0 && m.SQL < len(call.Args):
		return c.sqlWrite(info, call, m), true
	case m.Entry.Verb == dbapi.VerbFromSQL && m.SQL < 0:
		return c.preparedWrite(info, call, m), true
	}
	return nil, true
}

func isMethodOf(fn *types.Func, recv string) bool {
	sig := fn.Signature()
	if sig.Recv() == nil {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == recv
}

// sqlWrite reads an UPDATE run as SQL text: a named statement binding a
// struct or slice (sqlx NamedExec), or positional arguments that select
// fields of one value.
func (c *checker) sqlWrite(fn *funcInfo, call *ast.CallExpr, m dbapi.Call) *write {
	named := m.Entry.Pkg == dbapi.PathSQLX && strings.HasPrefix(m.Entry.Name, "Named")
	return c.textWrite(fn, call, m.Name(), call.Args[m.SQL], named, m.Args)
}

// textWrite reads a write of the SQL text sql run by call, whose bind
// arguments start at index args: one struct or slice for a named
// statement, positional arguments otherwise.
func (c *checker) textWrite(fn *funcInfo, call *ast.CallExpr, name string, sql ast.Expr, named bool, args int) *write {
	st := c.statement(sql)
	upsert := st.Verb == sqltext.VerbInsert && st.Conflict == sqltext.ConflictUpdate
	if st.Verb != sqltext.VerbUpdate && !upsert || !st.Set.Known || len(st.Set.Names) == 0 || st.Multiple {
		return nil
	}
	w := &write{call: call, name: name, lib: colmap.SQLX, cols: st.Set.Names, upsert: upsert}
	if st.Table.Known {
		w.table = st.Table.String()
	}
	if args < 0 || args >= len(call.Args) {
		return nil
	}
	if named {
		if args != len(call.Args)-1 || !st.Placeholders.Known {
			return nil
		}
		w.value = call.Args[args]
		if upsert {
			return w // the VALUES list binds every field; only SET updates
		}
		w.names = st.Placeholders.Names
		if lit, ok := ast.Unparen(sql).(*ast.BasicLit); ok {
			w.fix = c.sqlFix(lit)
		}
		return w
	}
	values := call.Args[args:]
	if call.Ellipsis.IsValid() {
		// args... : an argument list built with append, as for a
		// multi-row UPDATE ... FROM (VALUES ...).
		if len(values) != 1 {
			return nil
		}
		values = c.appended(fn, call, values[0])
		if values == nil {
			return nil
		}
	}
	for _, a := range values {
		if elems := c.columnSlice(fn, call, a); elems != nil {
			for _, e := range elems {
				w.addValue(c, e)
			}
			continue
		}
		w.addValue(c, a)
	}
	if len(w.reads) == 0 {
		return nil
	}
	return w
}

// statement classifies the SQL text sql evaluates to. For text built in
// steps (a strings.Builder, a string grown with +=, a joined list of
// assignments) whose SET list has pieces written under a condition or in
// a loop, the SET list (and the placeholders) are those of every piece:
// the columns the statement may assign, which is complete when every
// piece is known. The verb, the table and the conflict clause stay those
// of the text as it runs.
func (c *checker) statement(sql ast.Expr) sqltext.Statement {
	st := sqltext.ParseText(c.src.Text(sql))
	if st.Set.Known || st.Verb != sqltext.VerbUpdate && st.Conflict != sqltext.ConflictUpdate {
		return st
	}
	u := sqltext.ParseText(c.src.Union(sql))
	if u.Verb != st.Verb || u.Conflict != st.Conflict && st.Verb != sqltext.VerbUpdate || !u.Set.Known {
		return st
	}
	st.Set, st.Placeholders, st.Multiple = u.Set, u.Placeholders, u.Multiple
	if !st.Table.Known {
		st.Table = u.Table
	}
	return st
}

// preparedWrite reads the Exec of a statement prepared in the same
// function (stmt, err := db.Prepare(q), db.PrepareNamed(q), Preparex)
// from SQL text, the statement variable assigned only there.
func (c *checker) preparedWrite(fn *funcInfo, call *ast.CallExpr, m dbapi.Call) *write {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	v := c.localVar(id)
	p, ok := fn.prepared[v]
	if !ok || len(fn.assigns[v]) != 1 {
		return nil
	}
	// NamedStmt.Exec(arg), ExecContext(ctx, arg); Stmt.Exec(args...).
	args := m.Args
	if p.named {
		args = len(call.Args) - 1
	}
	return c.textWrite(fn, call, m.Name(), p.sql, p.named, args)
}

// addValue records a value of a field-selection write.
func (w *write) addValue(c *checker, e ast.Expr) {
	if r, ok := c.fieldSel(e); ok {
		w.reads = append(w.reads, r)
	} else {
		w.others = append(w.others, e)
	}
}

// fieldSel splits a field selection into its base and the fields selected.
func (c *checker) fieldSel(e ast.Expr) (fieldRead, bool) {
	var path []*types.Var
	e = ast.Unparen(e)
	for {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			break
		}
		s, ok := c.pass.TypesInfo.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			break
		}
		path = append([]*types.Var{s.Obj().(*types.Var)}, path...)
		e = ast.Unparen(sel.X)
	}
	if len(path) == 0 {
		return fieldRead{}, false
	}
	return fieldRead{base: e, path: path}, true
}

// stringConst returns the value of a constant string expression.
func (c *checker) stringConst(e ast.Expr) (string, bool) {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// stringConsts returns the values of constant string arguments; ok is
// false if one is not constant or the call spreads a slice.
func (c *checker) stringConsts(call *ast.CallExpr, from int) ([]string, bool) {
	if call.Ellipsis.IsValid() {
		return nil, false
	}
	var out []string
	for _, a := range call.Args[from:] {
		s, ok := c.stringConst(a)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

package missingfields

import (
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// squirrelWrite reads an UPDATE built with squirrel and run (Exec,
// ExecContext) or rendered (ToSql, MustSql): the columns are the Set
// (and SetMap) names, the values their field selections. ok is false when
// call is no UpdateBuilder's run or render.
func (c *checker) squirrelWrite(call *ast.CallExpr, fn *types.Func) (*write, bool) {
	switch fn.Name() {
	case "Exec", "ExecContext", "ToSql", "MustSql":
	default:
		return nil, false
	}
	if !isMethodOf(fn, "UpdateBuilder") {
		return nil, false
	}
	w := &write{call: call, name: dbapi.FuncName(fn), lib: colmap.SQLX}
	calls, _, _ := c.chains.Walk(call, chain.Squirrel)
	if len(calls) == 0 {
		return nil, true
	}
	var lastSet *ast.CallExpr
	started := false
	for _, cc := range calls[1:] {
		switch cc.Name() {
		case "Set":
			col, ok := c.stringConst(cc.Call.Args[0])
			if !ok {
				return nil, true
			}
			w.cols = append(w.cols, col)
			c.addSquirrelValue(w, cc.Call.Args[1])
			if lastSet == nil {
				lastSet = cc.Call
			}
		case "SetMap":
			lit, ok := ast.Unparen(cc.Call.Args[0]).(*ast.CompositeLit)
			if !ok {
				return nil, true
			}
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					return nil, true
				}
				col, ok := c.stringConst(kv.Key)
				if !ok {
					return nil, true
				}
				w.cols = append(w.cols, col)
				w.addValue(c, kv.Value)
			}
		case "Update":
			if t, ok := c.stringConst(cc.Call.Args[0]); ok {
				w.table = t
			}
			started = true
		case "Where", "RunWith", "PlaceholderFormat", "Prefix", "Suffix", "OrderBy", "Limit", "Offset":
		default:
			return nil, true
		}
		if started {
			break
		}
	}
	if !started || len(w.cols) == 0 || len(w.reads) == 0 {
		return nil, true
	}
	slices.Reverse(w.cols) // the chain was read from its end
	if lastSet != nil {
		w.fix = c.appendCallFix(lastSet, w)
	}
	return w, true
}

// appendCallFix returns a fix that adds .Set("col", base.Field) after the
// last Set call of a squirrel chain, when every read has the same base.
func (c *checker) appendCallFix(last *ast.CallExpr, w *write) func([]colmap.Column) []textEdit {
	base := types.ExprString(w.reads[0].base)
	for _, r := range w.reads[1:] {
		if types.ExprString(r.base) != base {
			return nil
		}
	}
	return func(missing []colmap.Column) []textEdit {
		var b strings.Builder
		for _, col := range missing {
			if !plainName(col.Name) {
				return nil // a nested sqlx name is no column name
			}
			b.WriteString(".Set(" + strconv.Quote(col.Name) + ", " + base + "." + col.FieldPath() + ")")
		}
		return []textEdit{{pos: last.Rparen + 1, text: b.String()}}
	}
}

// gormWrite reads a gorm update: Select(...).Updates(&v), Omit(...).
// Updates(&v), Model(&v).Update("col", x), Model(&v).Updates(map{...}).
// Updates(&v) without Select or Omit writes the non-zero fields, which is
// not a list: nil.
func (c *checker) gormWrite(call *ast.CallExpr, m dbapi.Call) *write {
	w := &write{call: call, name: m.Name(), lib: colmap.GORM}
	calls, _, _ := c.chains.Walk(call, chain.Gorm)
	if len(calls) == 0 {
		return nil
	}
	var (
		model            ast.Expr
		selects, omits   []string
		selectCall       *ast.CallExpr
		hasSelect, hasOm bool
	)
	for _, cc := range calls[1:] {
		switch cc.Name() {
		case "Model":
			if model == nil {
				model = cc.Call.Args[0]
			}
		case "Select":
			if hasSelect {
				return nil
			}
			names, ok := c.gormNames(cc.Call)
			if !ok {
				if p := c.paramList(cc.Call); p != nil && w.colsFrom == nil {
					hasSelect, w.colsFrom = true, p
					continue
				}
				return nil
			}
			hasSelect, selects, selectCall = true, names, cc.Call
		case "Omit":
			names, ok := c.gormNames(cc.Call)
			if !ok {
				return nil
			}
			hasOm, omits = true, append(omits, names...)
		case "Where", "Table", "WithContext", "Session", "Debug", "Unscoped", "Limit", "Order", "Clauses", "Not", "Or":
		default:
			return nil
		}
	}
	if hasSelect && hasOm {
		return nil
	}
	for _, s := range selects {
		if s == "*" {
			return nil // every column
		}
	}
	switch m.Entry.Name {
	case "Update", "UpdateColumn":
		col, ok := c.stringConst(call.Args[0])
		if !ok || hasSelect || hasOm || model == nil {
			return nil
		}
		w.value, w.cols = model, []string{col}
	case "Updates", "UpdateColumns":
		arg := call.Args[0]
		if lit, ok := ast.Unparen(arg).(*ast.CompositeLit); ok {
			if _, isMap := c.pass.TypesInfo.TypeOf(lit).Underlying().(*types.Map); !isMap {
				if hasSelect || hasOm {
					return nil
				}
				return c.gormZeroWrite(w, arg)
			}
			if hasOm || model == nil {
				return nil
			}
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					return nil
				}
				col, ok := c.stringConst(kv.Key)
				if !ok {
					return nil
				}
				w.cols = append(w.cols, col)
			}
			if hasSelect {
				w.cols = selects
			} else if len(lit.Elts) > 0 {
				w.fix = mapEntriesFix(lit, model)
			}
			w.value = model
			break
		}
		switch {
		case w.colsFrom != nil:
		case hasSelect:
			w.cols = selects
			w.fix = c.appendArgsFix(selectCall)
		case hasOm:
			w.cols, w.omit = omits, true
		default:
			return c.gormZeroWrite(w, arg)
		}
		w.value = arg
	default:
		return nil
	}
	return w
}

// gormNames returns the field or column names of a Select or Omit call
// given as constant strings or a []string literal of constants. A string
// with a comma or a space is an SQL expression, not a list that gorm
// matches to fields: not ok.
func (c *checker) gormNames(call *ast.CallExpr) ([]string, bool) {
	var names []string
	if call.Ellipsis.IsValid() {
		return nil, false
	}
	for _, a := range call.Args {
		if lit, ok := ast.Unparen(a).(*ast.CompositeLit); ok {
			for _, el := range lit.Elts {
				s, ok := c.stringConst(el)
				if !ok {
					return nil, false
				}
				names = append(names, s)
			}
			continue
		}
		s, ok := c.stringConst(a)
		if !ok {
			return nil, false
		}
		names = append(names, s)
	}
	for i, n := range names {
		if n == "" || strings.ContainsAny(n, ", ()?@") {
			return nil, false
		}
		if j := strings.LastIndexByte(n, '.'); j >= 0 {
			names[i] = n[j+1:] // gorm matches users.name to the column name
		}
	}
	return names, len(names) > 0
}

// appendArgsFix returns a fix that adds "col" arguments after the last
// argument of a call whose arguments are string literals.
func (c *checker) appendArgsFix(call *ast.CallExpr) func([]colmap.Column) []textEdit {
	if call == nil || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return nil
	}
	for _, a := range call.Args {
		if _, ok := ast.Unparen(a).(*ast.BasicLit); !ok {
			return nil
		}
	}
	end := call.Args[len(call.Args)-1].End()
	return appendNamesFix(end)
}

// bunWrite reads a bun update, db.NewUpdate().Model(&v).Column(...).
// WherePK().Exec(ctx), with Bulk for a slice, and the columns named by Set
// ("name = _data.name") and SetColumn. It follows what bun renders:
//
//   - a struct without Set writes the Column list, or every column;
//   - a struct with Set writes the Set columns, plus the Column list if
//     there is one;
//   - a slice with Bulk writes the Column list given before Bulk (every
//     column without one), plus the Set columns;
//   - a slice without Bulk writes the Set columns only (the update joins a
//     VALUES list the code wrote itself, With("_data", ...)).
//
// A write of every column, or one whose list is not constant, is nil.
//
// The chain may be built in steps through a local variable (q :=
// db.NewUpdate().Model(&rows); q.Column("name"); q.Bulk().Exec(ctx)), as
// package chain follows it. A call that decides the columns made only on some
// paths (a Column in an if) leaves the list unknown: nil.
func (c *checker) bunWrite(call *ast.CallExpr, fn *types.Func) *write {
	w := &write{call: call, name: dbapi.FuncName(fn), lib: colmap.Bun}
	ch := c.chains.Of(call)
	if !ch.Started || ch.Links[len(ch.Links)-1].Name() != "NewUpdate" {
		return nil
	}
	var columnCall *ast.CallExpr
	var cols, sets []string
	bulk, setCalled := false, false
	for _, l := range ch.Links[1 : len(ch.Links)-1] {
		name := l.Name()
		switch name {
		case "Model", "Column", "ExcludeColumn", "Set", "SetColumn", "Bulk":
			if l.Cond {
				return nil
			}
		}
		if l.Call.Pos() < call.Pos() || l.Call.End() > call.End() {
			w.built = append(w.built, l.Call)
		}
		switch name {
		case "Model":
			if w.value == nil {
				w.value = l.Call.Args[0]
			}
		case "Column", "ExcludeColumn":
			names, ok := c.stringConsts(l.Call, 0)
			if !ok {
				return nil
			}
			exclude := name == "ExcludeColumn"
			if len(cols) > 0 && w.omit != exclude {
				return nil
			}
			cols, w.omit = append(cols, names...), exclude
			if !exclude && columnCall == nil {
				columnCall = l.Call
			}
		case "Set":
			name, ok := c.stringConst(l.Call.Args[0])
			if !ok {
				return nil
			}
			names, ok := bunSetColumns(name)
			if !ok {
				return nil
			}
			sets, setCalled = append(sets, names...), true
		case "SetColumn":
			name, ok := c.stringConst(l.Call.Args[0])
			if !ok || !plainName(name) {
				return nil
			}
			sets, setCalled = append(sets, name), true
		case "Bulk":
			if len(cols) > 0 {
				return nil // read backwards: a Column after Bulk is not in Bulk's SET
			}
			bulk = true
		case "Where", "WhereOr", "WherePK", "WhereGroup", "WhereDeleted", "WhereAllWithDeleted",
			"Table", "TableExpr", "ModelTableExpr", "With", "Returning", "Comment", "Limit", "Order":
		default:
			return nil // Value, OmitZero, Apply...: not a plain column list
		}
	}
	if w.value == nil {
		return nil
	}
	slice := isSliceValue(c.pass.TypesInfo.TypeOf(w.value))
	switch {
	case w.omit && setCalled:
		return nil
	case slice && !bulk:
		w.cols, columnCall = sets, nil // bun ignores Column here
	case slice && len(cols) == 0:
		return nil // Bulk writes every column
	case !slice && bulk:
		return nil // bun fails: Bulk needs a slice
	default:
		w.cols = append(cols, sets...)
	}
	if len(w.cols) == 0 {
		return nil
	}
	for _, col := range w.cols {
		if col == "*" {
			return nil
		}
	}
	if !w.omit {
		w.fix = c.appendArgsFix(columnCall)
	}
	return w
}

// bunSetColumns returns the columns a bun Set expression assigns:
// "name = _data.name, tier = ?" gives name and tier. A target written as
// a qualified, quoted or placeholder name ("?TableAlias.name") is read by
// its last part; anything else that is not a plain assignment gives false.
func bunSetColumns(expr string) ([]string, bool) {
	var names []string
	depth, start := 0, 0
	var parts []string
	for i := 0; i < len(expr); i++ {
		switch expr[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '\'', '"', '`':
			j := strings.IndexByte(expr[i+1:], expr[i])
			if j < 0 {
				return nil, false
			}
			i += j + 1
		case ',':
			if depth == 0 {
				parts, start = append(parts, expr[start:i]), i+1
			}
		}
	}
	parts = append(parts, expr[start:])
	for _, p := range parts {
		lhs, _, ok := strings.Cut(p, "=")
		if !ok {
			return nil, false
		}
		lhs = strings.TrimSpace(lhs)
		if i := strings.LastIndexByte(lhs, '.'); i >= 0 {
			lhs = lhs[i+1:]
		}
		lhs = strings.Trim(lhs, "\"`")
		if !plainName(lhs) {
			return nil, false
		}
		names = append(names, lhs)
	}
	return names, true
}

// isSliceValue reports whether the value a bun Model is given is a slice
// (or a pointer to one).
func isSliceValue(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// bulkWrite reads bulk.Update(ctx, q, table, rows, bulk.Columns(...)).
// Without Columns every mapped column is written: nil.
func (c *checker) bulkWrite(call *ast.CallExpr, fn *types.Func) *write {
	if len(call.Args) < 4 || call.Ellipsis.IsValid() {
		return nil
	}
	w := &write{call: call, name: "bulk.Update", lib: colmap.SQLX, value: call.Args[3]}
	if t, ok := c.stringConst(call.Args[2]); ok {
		w.table = t
	}
	var columns *ast.CallExpr
	for _, opt := range call.Args[4:] {
		oc, ok := ast.Unparen(opt).(*ast.CallExpr)
		if !ok {
			return nil // an option value of unknown content
		}
		ofn, _ := typeutil.Callee(c.pass.TypesInfo, oc).(*types.Func)
		if ofn == nil || ofn.Pkg() == nil || ofn.Pkg().Path() != dbapi.PathBulk {
			return nil
		}
		if ofn.Name() == "Columns" {
			names, ok := c.stringConsts(oc, 0)
			if columns != nil {
				return nil
			}
			if !ok {
				if w.colsFrom = c.paramList(oc); w.colsFrom == nil {
					return nil
				}
				return w
			}
			w.cols, columns = names, oc
		}
	}
	if columns == nil || len(w.cols) == 0 {
		return nil
	}
	w.fix = c.appendArgsFix(columns)
	return w
}

// mapEntriesFix returns a fix that adds "col": model.Field entries to the
// map literal of a gorm Updates, writing the fields' current values.
func mapEntriesFix(lit *ast.CompositeLit, model ast.Expr) func([]colmap.Column) []textEdit {
	base := types.ExprString(stripAddr(model))
	end := lit.Elts[len(lit.Elts)-1].End()
	return func(missing []colmap.Column) []textEdit {
		var b strings.Builder
		for _, col := range missing {
			b.WriteString(", " + strconv.Quote(col.Name) + ": " + base + "." + col.FieldPath())
		}
		return []textEdit{{pos: end, text: b.String()}}
	}
}

package sqlsource

import (
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
	"golang.org/x/tools/go/types/typeutil"
)

type sqKind uint8

const (
	sqStatement sqKind = iota // StatementBuilderType
	sqInsert
	sqReplace
	sqUpdate
	sqDelete
	sqSelect
)

// receiverKind maps squirrel's builder type names to the kind of builder.
var receiverKind = map[string]sqKind{
	"StatementBuilderType": sqStatement,
	"InsertBuilder":        sqInsert,
	"UpdateBuilder":        sqUpdate,
	"DeleteBuilder":        sqDelete,
	"SelectBuilder":        sqSelect,
}

// runMethods are the builder methods that render or run the statement.
var runMethods = map[string]bool{
	"ToSql": true, "MustSql": true, "Exec": true, "ExecContext": true,
	"Query": true, "QueryContext": true, "QueryRow": true, "QueryRowContext": true,
	"Scan": true, "ScanContext": true,
}

type sqFormat uint8

const (
	fmtQuestion sqFormat = iota
	fmtDollar
	fmtColon
	fmtAtP
	fmtUnknown
)

// sqBuilder is what a squirrel builder value is known to hold. Builders are
// immutable values, so each method returns a new sqBuilder; slices are
// clipped before appending so that no two builders share an array tail.
type sqBuilder struct {
	pkg      *types.Package // squirrel, for its Sqlizer interface
	kind     sqKind
	format   sqFormat
	prefixes []sqltext.Text
	options  []sqltext.Text
	table    sqltext.Text // Into, Table, From; nil if unset
	columns  []sqltext.Text
	rows     [][]sqltext.Text
	source   sqltext.Text // INSERT ... SELECT; nil if none
	sets     [][2]sqltext.Text
	from     sqltext.Text // UPDATE ... FROM; SELECT's FROM is table
	joins    []sqltext.Text
	where    []sqltext.Text
	groupBy  []sqltext.Text
	having   []sqltext.Text
	orderBy  []sqltext.Text
	limit    sqltext.Text
	offset   sqltext.Text
	suffixes []sqltext.Text
	distinct bool
}

func add[T any](s []T, v ...T) []T { return append(slices.Clip(s), v...) }

// Squirrel reports whether call renders or runs a squirrel builder (ToSql,
// Exec, QueryRow...) and returns the builder's SQL text.
func (s *Source) Squirrel(call *ast.CallExpr) (sqltext.Text, bool) {
	return s.squirrelRun(call, 0)
}

func (s *Source) squirrelRun(call *ast.CallExpr, depth int) (sqltext.Text, bool) {
	fn, recv := squirrelMethod(s.info, call)
	if fn == nil || recv == "" || !runMethods[fn.Name()] {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return sqltext.Unknown(), true
	}
	if b := s.builder(sel.X, depth+1); b != nil && b.kind != sqStatement {
		return b.render(), true
	}
	return sqltext.Unknown(), true
}

// squirrelMethod returns the squirrel function call calls and the name of
// its receiver type ("" for a package function).
func squirrelMethod(info *types.Info, call *ast.CallExpr) (*types.Func, string) {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != dbapi.PathSquirrel {
		return nil, ""
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return fn, ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return fn, n.Obj().Name()
	}
	return nil, ""
}

// squirrelVar returns the name of the squirrel package variable e refers
// to (StatementBuilder, Dollar...), or "".
func (s *Source) squirrelVar(e ast.Expr) string {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return ""
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg().Path() != dbapi.PathSquirrel || v.Parent() != v.Pkg().Scope() {
		return ""
	}
	return v.Name()
}

// builder returns what the squirrel builder value e holds, or nil if e is
// not a builder whose making can be followed: a chain from a function of
// the package or from StatementBuilder, through local variables written
// once.
func (s *Source) builder(e ast.Expr, depth int) *sqBuilder {
	if depth > maxDepth {
		return nil
	}
	links, root, started := s.chains.Follow(e, chain.Squirrel)
	var b *sqBuilder
	switch {
	case started:
		// squirrel.Insert(...) is StatementBuilder.Insert(...).
		first := links[len(links)-1]
		links = links[:len(links)-1]
		b = s.apply(&sqBuilder{pkg: first.Func.Pkg(), kind: sqStatement}, first.Name(), first.Call, depth)
	case s.squirrelVar(root) == "StatementBuilder":
		b = &sqBuilder{pkg: s.squirrelPkg(root), kind: sqStatement}
	default:
		return nil
	}
	for i := len(links) - 1; i >= 0 && b != nil; i-- {
		l := links[i]
		kind, ok := receiverKind[recvName(l.Func)]
		if !ok || b.kind != kind && !(kind == sqInsert && b.kind == sqReplace) {
			return nil
		}
		b = s.apply(b, l.Name(), l.Call, depth)
	}
	return b
}

// recvName returns the name of the type of fn's receiver, or "".
func recvName(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// squirrelPkg returns the package of the squirrel variable e refers to.
func (s *Source) squirrelPkg(e ast.Expr) *types.Package {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return s.info.Uses[e].Pkg()
	case *ast.SelectorExpr:
		return s.info.Uses[e.Sel].Pkg()
	}
	return nil
}

// apply returns the builder that calling method on b with call's arguments
// gives, or nil if the method is not understood.
func (s *Source) apply(b *sqBuilder, method string, call *ast.CallExpr, depth int) *sqBuilder {
	nb := *b
	args := call.Args
	arg := func(i int) sqltext.Text {
		if i < len(args) {
			return s.text(args[i], depth+1)
		}
		return sqltext.Unknown()
	}
	// list returns the texts of variadic string arguments.
	list := func() []sqltext.Text {
		if call.Ellipsis.IsValid() {
			return []sqltext.Text{sqltext.Unknown()}
		}
		var out []sqltext.Text
		for i := range args {
			out = append(out, arg(i))
		}
		return out
	}
	switch method {
	case "PlaceholderFormat":
		nb.format = fmtUnknown
		if len(args) == 1 {
			switch s.squirrelVar(args[0]) {
			case "Question":
				nb.format = fmtQuestion
			case "Dollar":
				nb.format = fmtDollar
			case "Colon":
				nb.format = fmtColon
			case "AtP":
				nb.format = fmtAtP
			}
		}
		return &nb
	case "RunWith":
		return &nb
	case "Prefix":
		nb.prefixes = add(b.prefixes, arg(0))
		return &nb
	case "PrefixExpr":
		nb.prefixes = add(b.prefixes, s.sqlizerText(args, 0, depth))
		return &nb
	case "Suffix":
		nb.suffixes = add(b.suffixes, arg(0))
		return &nb
	case "SuffixExpr":
		nb.suffixes = add(b.suffixes, s.sqlizerText(args, 0, depth))
		return &nb
	case "Where":
		if len(args) > 0 {
			if tv, ok := s.info.Types[args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == "" {
				return &nb // squirrel drops an empty predicate
			}
		}
		nb.where = add(b.where, s.predText(args, depth))
		return &nb
	case "OrderBy":
		nb.orderBy = add(b.orderBy, list()...)
		return &nb
	case "Limit":
		nb.limit = s.intText(args, depth)
		return &nb
	case "Offset":
		nb.offset = s.intText(args, depth)
		return &nb
	}
	switch b.kind {
	case sqStatement:
		switch method {
		case "Insert", "Replace", "Update", "Delete":
			nb.kind = map[string]sqKind{"Insert": sqInsert, "Replace": sqReplace, "Update": sqUpdate, "Delete": sqDelete}[method]
			nb.table = arg(0)
			return &nb
		case "Select":
			nb.kind = sqSelect
			nb.columns = list()
			return &nb
		}
	case sqInsert, sqReplace:
		switch method {
		case "Options":
			nb.options = add(b.options, list()...)
			return &nb
		case "Into":
			nb.table = arg(0)
			return &nb
		case "Columns":
			nb.columns = add(b.columns, list()...)
			return &nb
		case "Values":
			nb.rows = add(b.rows, s.values(args, b.pkg, call.Ellipsis.IsValid(), depth))
			return &nb
		case "SetMap":
			cols, vals := s.setMap(args, b.pkg, depth)
			nb.columns, nb.rows = cols, [][]sqltext.Text{vals}
			return &nb
		case "Select":
			nb.source = s.subselect(args, depth)
			return &nb
		}
	case sqUpdate:
		switch method {
		case "Table":
			nb.table = arg(0)
			return &nb
		case "Set":
			var val sqltext.Text = sqltext.Unknown()
			if len(args) == 2 {
				val = s.valueText(args[1], b.pkg, depth)
			}
			nb.sets = add(b.sets, [2]sqltext.Text{arg(0), val})
			return &nb
		case "SetMap":
			cols, vals := s.setMap(args, b.pkg, depth)
			for i := range cols {
				nb.sets = add(nb.sets, [2]sqltext.Text{cols[i], vals[i]})
			}
			return &nb
		case "From":
			nb.from = arg(0)
			return &nb
		case "FromSelect":
			nb.from = sqltext.Unknown()
			return &nb
		}
	case sqDelete:
		if method == "From" {
			nb.table = arg(0)
			return &nb
		}
	case sqSelect:
		switch method {
		case "Columns":
			nb.columns = add(b.columns, list()...)
			return &nb
		case "Column":
			nb.columns = add(b.columns, s.predText(args, depth))
			return &nb
		case "From":
			nb.table = arg(0)
			return &nb
		case "Distinct":
			nb.distinct = true
			return &nb
		case "Options":
			nb.options = add(b.options, list()...)
			return &nb
		case "Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin":
			kw := map[string]string{"Join": "JOIN ", "LeftJoin": "LEFT JOIN ", "RightJoin": "RIGHT JOIN ",
				"InnerJoin": "INNER JOIN ", "CrossJoin": "CROSS JOIN "}[method]
			nb.joins = add(b.joins, sqltext.Join(sqltext.Known(kw), arg(0)))
			return &nb
		case "GroupBy":
			nb.groupBy = add(b.groupBy, list()...)
			return &nb
		case "Having":
			nb.having = add(b.having, s.predText(args, depth))
			return &nb
		}
	}
	return nil
}

// values returns the value texts of one Values call.
func (s *Source) values(args []ast.Expr, pkg *types.Package, spread bool, depth int) []sqltext.Text {
	if spread {
		return []sqltext.Text{sqltext.Unknown()}
	}
	out := make([]sqltext.Text, len(args))
	for i, a := range args {
		out[i] = s.valueText(a, pkg, depth)
	}
	return out
}

// valueText returns how squirrel renders a value: "?" for a plain
// argument, the SQL of a Sqlizer, a hole when the value may be either.
func (s *Source) valueText(e ast.Expr, pkg *types.Package, depth int) sqltext.Text {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if fn, recv := squirrelMethod(s.info, call); fn != nil && recv == "" && fn.Name() == "Expr" && len(call.Args) > 0 {
			return s.text(call.Args[0], depth+1)
		}
		if b := s.builder(call, depth+1); b != nil && b.kind == sqSelect {
			return sqltext.Join(sqltext.Known("("), b.body(), sqltext.Known(")"))
		}
	}
	t := s.info.TypeOf(e)
	if t == nil {
		return sqltext.Unknown()
	}
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedNil {
		return sqltext.Known("?")
	}
	if types.IsInterface(t) || isSqlizer(pkg, t) {
		return sqltext.Unknown()
	}
	return sqltext.Known("?")
}

func isSqlizer(pkg *types.Package, t types.Type) bool {
	if pkg == nil {
		return false
	}
	obj, ok := pkg.Scope().Lookup("Sqlizer").(*types.TypeName)
	if !ok {
		return false
	}
	iface, ok := obj.Type().Underlying().(*types.Interface)
	if !ok {
		return false
	}
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
}

// sqlizerText returns the SQL of args[i] used as a Sqlizer.
func (s *Source) sqlizerText(args []ast.Expr, i int, depth int) sqltext.Text {
	if i >= len(args) {
		return sqltext.Unknown()
	}
	if call, ok := ast.Unparen(args[i]).(*ast.CallExpr); ok {
		if fn, recv := squirrelMethod(s.info, call); fn != nil && recv == "" && fn.Name() == "Expr" && len(call.Args) > 0 {
			return s.text(call.Args[0], depth+1)
		}
	}
	return sqltext.Unknown()
}

// predText returns the text of a Where, Having or Column predicate: a
// string, or squirrel.Expr; other Sqlizers (Eq, And...) are holes.
func (s *Source) predText(args []ast.Expr, depth int) sqltext.Text {
	if len(args) == 0 {
		return sqltext.Unknown()
	}
	if t := s.info.TypeOf(args[0]); t != nil && isString(t) {
		return s.text(args[0], depth+1)
	}
	return s.sqlizerText(args, 0, depth)
}

func (s *Source) intText(args []ast.Expr, depth int) sqltext.Text {
	if len(args) == 1 {
		if tv, ok := s.info.Types[args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
			return sqltext.Known(tv.Value.ExactString())
		}
	}
	return sqltext.Unknown()
}

// setMap returns the columns, in squirrel's sorted order, and value texts
// of a SetMap argument; a map that is not a literal with constant keys
// gives one unknown column and value.
func (s *Source) setMap(args []ast.Expr, pkg *types.Package, depth int) ([]sqltext.Text, []sqltext.Text) {
	unknown := func() ([]sqltext.Text, []sqltext.Text) {
		return []sqltext.Text{sqltext.Unknown()}, []sqltext.Text{sqltext.Unknown()}
	}
	if len(args) != 1 {
		return unknown()
	}
	lit, ok := ast.Unparen(args[0]).(*ast.CompositeLit)
	if !ok {
		return unknown()
	}
	type kv struct {
		key string
		val ast.Expr
	}
	var kvs []kv
	for _, el := range lit.Elts {
		e, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return unknown()
		}
		tv, ok := s.info.Types[e.Key]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return unknown()
		}
		kvs = append(kvs, kv{constant.StringVal(tv.Value), e.Value})
	}
	sort.SliceStable(kvs, func(i, j int) bool { return kvs[i].key < kvs[j].key })
	cols := make([]sqltext.Text, len(kvs))
	vals := make([]sqltext.Text, len(kvs))
	for i, kv := range kvs {
		cols[i] = sqltext.Known(kv.key)
		vals[i] = s.valueText(kv.val, pkg, depth)
	}
	return cols, vals
}

// subselect returns the SQL of the SelectBuilder argument of
// InsertBuilder.Select, without placeholder formatting (the insert's
// format applies to the whole text).
func (s *Source) subselect(args []ast.Expr, depth int) sqltext.Text {
	if len(args) == 1 {
		if b := s.builder(args[0], depth+1); b != nil && b.kind == sqSelect {
			return b.body()
		}
	}
	return sqltext.Unknown()
}

// render returns the builder's SQL as ToSql would, placeholders included.
func (b *sqBuilder) render() sqltext.Text {
	return formatPlaceholders(b.parts(), b.format)
}

// body returns the builder's SQL with "?" placeholders.
func (b *sqBuilder) body() sqltext.Text {
	return formatPlaceholders(b.parts(), fmtQuestion)
}

// part is a piece of a builder's SQL. A name part (a table or column
// name) is taken to hold no placeholder even where it is unknown, so that
// placeholders after it keep their numbers.
type part struct {
	t    sqltext.Text
	name bool
}

func joinTexts(ts []sqltext.Text, sep string) sqltext.Text {
	var out []sqltext.Text
	for i, t := range ts {
		if i > 0 {
			out = append(out, sqltext.Known(sep))
		}
		out = append(out, t)
	}
	return sqltext.Join(out...)
}

func orUnknown(t sqltext.Text) sqltext.Text {
	if t == nil {
		return sqltext.Unknown()
	}
	return t
}

// parts returns the builder's SQL with "?" placeholders, following the
// ToSql methods of squirrel v1.5.
func (b *sqBuilder) parts() []part {
	var parts []part
	w := func(ts ...sqltext.Text) {
		for _, t := range ts {
			parts = append(parts, part{t: t})
		}
	}
	name := func(t sqltext.Text) { parts = append(parts, part{t: t, name: true}) }
	k := func(s string) { parts = append(parts, part{t: sqltext.Known(s)}) }
	if len(b.prefixes) > 0 {
		w(joinTexts(b.prefixes, " "))
		k(" ")
	}
	switch b.kind {
	case sqInsert, sqReplace:
		if b.kind == sqReplace {
			k("REPLACE ")
		} else {
			k("INSERT ")
		}
		if len(b.options) > 0 {
			w(joinTexts(b.options, " "))
			k(" ")
		}
		k("INTO ")
		name(orUnknown(b.table))
		k(" ")
		if len(b.columns) > 0 {
			k("(")
			name(joinTexts(b.columns, ","))
			k(") ")
		}
		if b.source != nil {
			w(b.source)
		} else {
			k("VALUES ")
			if len(b.rows) == 0 {
				w(sqltext.Unknown())
			}
			for i, row := range b.rows {
				if i > 0 {
					k(",")
				}
				k("(")
				w(joinTexts(row, ","))
				k(")")
			}
		}
	case sqUpdate:
		k("UPDATE ")
		name(orUnknown(b.table))
		k(" SET ")
		if len(b.sets) == 0 {
			w(sqltext.Unknown())
		}
		for i, set := range b.sets {
			if i > 0 {
				k(", ")
			}
			name(set[0])
			k(" = ")
			w(set[1])
		}
		if b.from != nil {
			k(" FROM ")
			w(b.from)
		}
	case sqDelete:
		k("DELETE FROM ")
		name(orUnknown(b.table))
	case sqSelect:
		k("SELECT ")
		if b.distinct {
			k("DISTINCT ")
		}
		if len(b.options) > 0 {
			w(joinTexts(b.options, " "))
			k(" ")
		}
		w(joinTexts(b.columns, ", "))
		if b.table != nil {
			k(" FROM ")
			name(b.table)
		}
		if len(b.joins) > 0 {
			k(" ")
			w(joinTexts(b.joins, " "))
		}
	default:
		return []part{{t: sqltext.Unknown()}}
	}
	if b.kind != sqInsert && b.kind != sqReplace {
		if len(b.where) > 0 {
			k(" WHERE ")
			w(joinTexts(b.where, " AND "))
		}
		if len(b.groupBy) > 0 {
			k(" GROUP BY ")
			w(joinTexts(b.groupBy, ", "))
		}
		if len(b.having) > 0 {
			k(" HAVING ")
			w(joinTexts(b.having, " AND "))
		}
		if len(b.orderBy) > 0 {
			k(" ORDER BY ")
			w(joinTexts(b.orderBy, ", "))
		}
		if b.limit != nil {
			k(" LIMIT ")
			w(b.limit)
		}
		if b.offset != nil {
			k(" OFFSET ")
			w(b.offset)
		}
	}
	if len(b.suffixes) > 0 {
		k(" ")
		w(joinTexts(b.suffixes, " "))
	}
	return parts
}

// formatPlaceholders joins parts, rewriting their "?" placeholders as
// squirrel's PlaceholderFormat would ("??" stands for "?"). Positions after
// a hole that is not a name are unknown, so the numbers there become holes.
func formatPlaceholders(parts []part, f sqFormat) sqltext.Text {
	prefix := map[sqFormat]string{fmtQuestion: "?", fmtDollar: "$", fmtColon: ":", fmtAtP: "@p"}[f]
	var out []sqltext.Text
	n := 0
	counting := true
	for _, p := range parts {
		for _, seg := range p.t {
			if !seg.Known {
				counting = counting && p.name
				out = append(out, sqltext.Unknown())
				continue
			}
			if f == fmtQuestion {
				out = append(out, sqltext.Known(seg.Text))
				continue
			}
			var b strings.Builder
			src := seg.Text
			for i := 0; i < len(src); i++ {
				if src[i] != '?' {
					b.WriteByte(src[i])
					continue
				}
				if i+1 < len(src) && src[i+1] == '?' {
					b.WriteString("?")
					i++
					continue
				}
				n++
				switch {
				case f == fmtUnknown:
					out = append(out, sqltext.Known(b.String()), sqltext.Unknown())
					b.Reset()
				case counting:
					b.WriteString(prefix + strconv.Itoa(n))
				default:
					b.WriteString(prefix)
					out = append(out, sqltext.Known(b.String()), sqltext.Unknown())
					b.Reset()
				}
			}
			out = append(out, sqltext.Known(b.String()))
		}
	}
	return sqltext.Join(out...)
}

package missingfields

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// writeFact marks a function that writes a known list of columns of one
// of its parameters, and nothing else of it: a helper such as
// func (s *Store) SaveName(ctx context.Context, u *User) error that runs
// "UPDATE users SET name = :name WHERE id = :id". A call of the function
// is then a partial write of its argument. It is exported only for such
// functions.
type writeFact struct {
	Param   int      // index of the written parameter
	Lib     uint8    // colmap.Library whose rules name the columns
	Written []string // the columns written, as the mapping names them
	Desc    string   // what the write says it writes: "name, email"
	Table   string   // the table, when the write names it
	Via     string   // the database call inside: (*sqlx.DB).NamedExec
	// ColsParam, when not 0, is 1 + the index of the []string parameter
	// whose values are the columns written (Written is then empty): a
	// helper such as func UpdateCols(db *gorm.DB, v any, cols []string)
	// that runs db.Model(v).Select(cols).Updates(v).
	ColsParam int
	// Upsert is set when the write is an upsert whose conflict clause
	// updates the columns written only.
	Upsert bool
	// Variadic is set when ColsParam is the helper's final ...string
	// parameter: a call lists the columns or spreads a slice.
	Variadic bool
	// Zero is set when the helper writes the non-zero fields of the
	// parameter (gorm Updates, xorm Update without Cols); NoBool when it
	// writes no bool field (xorm without UseBool), Must the columns
	// written whatever their value and Omit those never written.
	Zero   bool
	NoBool bool
	Must   []string
	Omit   []string
}

func (*writeFact) AFact() {}

func (f *writeFact) String() string {
	if f.Zero {
		return fmt.Sprintf("writes(param %d: non-zero fields via %s)", f.Param, f.Via)
	}
	if f.ColsParam > 0 {
		return fmt.Sprintf("writes(param %d: columns of param %d via %s)", f.Param, f.ColsParam-1, f.Via)
	}
	return fmt.Sprintf("writes(param %d: %s via %s)", f.Param, strings.Join(f.Written, ","), f.Via)
}

// maxFactColumns bounds the columns a fact lists, so that facts stay
// small whatever the struct.
const maxFactColumns = 256

// helperFact returns the fact of fn: computed for this package, or
// imported from the package that declares it.
func (c *checker) helperFact(fn *types.Func) *writeFact {
	fn = fn.Origin()
	if fn.Pkg() == c.pass.Pkg {
		return c.local[fn]
	}
	var f writeFact
	if c.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// helperWrite is the partial write made by a call of a function with a
// fact.
func (c *checker) helperWrite(info *funcInfo, call *ast.CallExpr, fn *types.Func, f *writeFact) *write {
	if call.Ellipsis.IsValid() && !f.Variadic || f.Param >= len(call.Args) || len(f.Written) == 0 && f.ColsParam == 0 && !f.Zero || f.ColsParam > len(call.Args) {
		return nil
	}
	if f.Zero {
		if stripAddr(call.Args[f.Param]) != call.Args[f.Param] && isEmptyLit(stripAddr(call.Args[f.Param])) {
			return nil
		}
		w := &write{
			call: call, name: dbapi.FuncName(fn), via: f.Via, lib: colmap.Library(f.Lib),
			value: call.Args[f.Param], skipsZero: true, skipsBool: f.NoBool, must: f.Must, cols: f.Omit,
		}
		if lit, ok := stripAddr(w.value).(*ast.CompositeLit); ok {
			w.literal = lit
		}
		return w
	}
	cols, desc := f.Written, f.Desc
	if f.ColsParam > 0 {
		var names []string
		var ok bool
		if f.Variadic && !call.Ellipsis.IsValid() {
			names, ok = c.stringConsts(call, f.ColsParam-1)
		} else {
			names, ok = c.listArg(info, call, call.Args[f.ColsParam-1])
		}
		if !ok || len(names) == 0 {
			return nil
		}
		cols, desc = names, strings.Join(names, ", ")
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return nil // (*T).M(recv, args...): the arguments are shifted
		}
	}
	return &write{
		call:   call,
		name:   dbapi.FuncName(fn),
		via:    f.Via,
		table:  f.Table,
		lib:    colmap.Library(f.Lib),
		value:  call.Args[f.Param],
		cols:   cols,
		desc:   desc,
		upsert: f.Upsert,
	}
}

// exportFact exports a writeFact for fd if it writes a known list of
// columns of one parameter and does nothing else with it: no other
// write mentions it, no call is given it whole, it is neither changed
// nor assigned anew, and nothing refers to it through a pointer.
func (c *checker) exportFact(fd *ast.FuncDecl, fn *funcInfo) {
	obj, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if obj == nil {
		return
	}
	variadic := obj.Signature().Variadic()
	params := obj.Signature().Params()
	index := make(map[*types.Var]int, params.Len())
	for i := range params.Len() {
		index[params.At(i)] = i
	}
	var (
		found *write
		param *types.Var
		typ   types.Type
	)
	for _, w := range fn.writes {
		r, t, ok := c.writtenRef(w)
		if !ok || r.elem {
			continue
		}
		v := r.v
		if ro, ok := fn.ranges[v]; ok && !ro.coll.elem && len(fn.mutsByVar[v]) == 0 {
			v = ro.coll.v // for _, u := range users { write(u.Name, u.ID) }
		}
		if _, isParam := index[v]; !isParam {
			continue
		}
		if found != nil {
			return // two writes: which one runs is not known
		}
		found, param, typ = w, v, t
	}
	if found == nil || len(fn.assigns[param]) > 0 {
		return
	}
	// A helper that changes fields of the value (fills in defaults,
	// normalizes) and writes a literal list of columns that holds every
	// field it changed is a save of that list; any other helper that
	// changes the value is an operation, checked on its own.
	if muts := fn.mutsByVar[param]; len(muts) > 0 {
		if found.skipsZero || found.colsFrom != nil || found.upsert || !c.writesChanges(found, typ, muts) {
			return
		}
	}
	rt := root{ref: ref{v: param}, aliases: fn.aliasesOf(ref{v: param})}
	if len(rt.aliases) > 0 {
		return
	}
	for _, d := range fn.dbWrites {
		if d.call != found.call && c.mentions(fn, d.call, rt) {
			return
		}
	}
	for _, u := range fn.uses {
		if u.v == param && (u.call.Pos() < found.call.Pos() || u.call.End() > found.call.End()) && !slices.Contains(found.built, u.call) {
			return
		}
	}
	via := found.name
	if found.via != "" {
		via = found.name + " -> " + found.via
	}
	if found.colsFrom != nil {
		p, ok := index[found.colsFrom]
		if !ok || len(fn.assigns[found.colsFrom]) > 0 || p == index[param] || variadic && p != params.Len()-1 {
			return
		}
		f := &writeFact{Param: index[param], Lib: uint8(found.lib), ColsParam: p + 1, Variadic: variadic, Table: found.table, Via: via}
		c.local[obj] = f
		c.pass.ExportObjectFact(obj, f)
		return
	}
	if variadic {
		return
	}
	if found.skipsZero {
		if found.literal != nil || !isStruct(typ) {
			return
		}
		f := &writeFact{Param: index[param], Lib: uint8(found.lib), Zero: true, NoBool: found.skipsBool,
			Must: found.must, Omit: found.cols, Table: found.table, Via: via}
		c.local[obj] = f
		c.pass.ExportObjectFact(obj, f)
		return
	}
	m, err := colmap.Of(found.lib, elemStruct(typ))
	if err != nil {
		return
	}
	var written []string
	for _, col := range m.Columns() {
		if found.writes(col) {
			written = append(written, col.Name)
		}
	}
	if len(written) == 0 || len(written) == m.Len() || len(written) > maxFactColumns {
		return
	}
	f := &writeFact{
		Param:   index[param],
		Lib:     uint8(found.lib),
		Written: written,
		Desc:    writtenList(found),
		Table:   found.table,
		Via:     via,
		Upsert:  found.upsert,
	}
	c.local[obj] = f
	c.pass.ExportObjectFact(obj, f)
}

// writesChanges reports whether w writes every column below the fields
// the mutations change.
func (c *checker) writesChanges(w *write, typ types.Type, muts []*mutation) bool {
	m, err := colmap.Of(w.lib, elemStruct(typ))
	if err != nil {
		return false
	}
	for _, mu := range muts {
		if mu.base.elem {
			return false
		}
		for _, path := range mu.paths {
			cols := columnsOf(m, path)
			if len(cols) == 0 {
				return false
			}
			for _, col := range cols {
				if !w.writes(col) {
					return false
				}
			}
		}
	}
	return true
}

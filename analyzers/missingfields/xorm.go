package missingfields

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// xormWrite classifies a call of an xorm Engine or Session method: an
// Update of a struct it understands (w), or another call that may write
// (isWrite), or neither.
//
// As xorm renders Update(&v): with Cols, the listed columns (less those
// of Omit) whatever their value, plus the updated column; without Cols,
// the non-zero fields but those of Omit, no bool field unless UseBool,
// and the columns of MustCols whatever their value. AllCols writes every
// column: no list. The chain may be written in one expression or built
// in steps on a session variable (package chain); a session from another
// function's result (db.GetEngine(ctx).ID(id)) is taken as fresh, a
// session parameter or field is not followed.
func (c *checker) xormWrite(fn *funcInfo, call *ast.CallExpr, f *types.Func) (*write, bool) {
	if f.Signature().Recv() == nil {
		return nil, false
	}
	switch f.Name() {
	case "Update":
	case "Insert", "InsertOne", "InsertMulti", "Exec", "Delete", "Upsert", "Replace":
		return nil, true
	default:
		return nil, false
	}
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return nil, true
	}
	arg := call.Args[0]
	argType := c.pass.TypesInfo.TypeOf(arg)
	if !isStruct(argType) && !types.IsInterface(argType) {
		return nil, true // a map names its columns
	}
	links, ok := c.xormLinks(call)
	if !ok {
		return nil, true
	}
	w := &write{call: call, name: dbapi.FuncName(f), lib: colmap.XORM, value: arg, skipsBool: true}
	var cols, omits []string
	var colsCall *ast.CallExpr
	nCols := 0
	for _, l := range links {
		switch l.name {
		case "Cols", "Omit", "MustCols", "UseBool", "NoAutoTime", "Incr", "Decr", "SetExpr", "AllCols", "Nullable":
			if l.cond {
				return nil, true
			}
		}
		switch l.name {
		case "Cols", "Omit", "MustCols", "UseBool":
			if p := c.paramList(l.call); p != nil && l.name == "Cols" && w.colsFrom == nil {
				w.colsFrom = p
				continue
			}
			names, ok := c.xormNames(fn, l.call)
			if !ok {
				return nil, true
			}
			switch l.name {
			case "Cols":
				cols, colsCall = append(cols, names...), l.call
				nCols++
			case "Omit":
				omits = append(omits, names...)
			case "MustCols":
				w.must = append(w.must, names...)
			case "UseBool":
				if len(names) == 0 {
					w.skipsBool = false
				}
				w.must = append(w.must, names...)
			}
		case "Incr", "Decr", "SetExpr":
			if len(l.call.Args) == 0 {
				return nil, true
			}
			name, ok := c.stringConst(l.call.Args[0])
			if !ok {
				return nil, true
			}
			w.names = append(w.names, name) // written from an expression
		case "NoAutoTime":
			w.noAutoTime = true
		case "ID", "Id", "Where", "And", "Or", "In", "NotIn", "Table", "Context", "NoCascade", "Cascade",
			"Limit", "OrderBy", "Desc", "Asc", "Unscoped", "NoAutoCondition", "Alias", "NewSession",
			"Begin", "Prepare", "Decr2", "NoCache", "NoVersionCheck", "Distinct":
		default:
			return nil, true // AllCols, Nullable, SQL...: every column, or not a list
		}
	}
	if w.colsFrom != nil {
		if len(cols) > 0 || len(omits) > 0 {
			return nil, true
		}
		return w, true
	}
	if !isStruct(argType) {
		return nil, true
	}
	if len(cols) == 0 {
		w.skipsZero = true
		w.cols = omits
		if lit, ok := stripAddr(arg).(*ast.CompositeLit); ok {
			w.literal = lit
		}
		w.fix = mustColsFix(call)
		return w, true
	}
	for _, col := range cols {
		if col == "*" {
			return nil, true
		}
		if !containsXorm(omits, col) {
			w.cols = append(w.cols, col)
		}
	}
	if nCols == 1 && len(omits) == 0 {
		w.fix = c.appendArgsFix(colsCall)
	}
	return w, true
}

func containsXorm(names []string, n string) bool {
	for _, m := range names {
		if colmap.SameXormName(m, n) {
			return true
		}
	}
	return false
}

// xormLink is one call of an xorm chain, by the name of the method.
type xormLink struct {
	name string
	call *ast.CallExpr
	cond bool
}

// xormLinks returns the calls before call in its xorm chain, whatever
// their order. ok is false when calls may be missing: a session
// variable that cannot be followed, a parameter or a field.
func (c *checker) xormLinks(call *ast.CallExpr) ([]xormLink, bool) {
	ch := c.chains.Of(call)
	var out []xormLink
	for _, l := range ch.Links[1:] {
		out = append(out, xormLink{name: l.Name(), call: l.Call, cond: l.Cond})
	}
	if ch.Started {
		return out, true
	}
	if ch.Var != nil || len(ch.Links) == 0 {
		return nil, false
	}
	_, root, _ := c.chains.Walk(call, chain.Xorm)
	if c.sessionParam(root) {
		// A session parameter (func f(s *xorm.Session, ...)) is
		// followed when the expression lists the columns (Cols): xorm
		// resets a session's statement after each operation, and
		// callers pass one for its transaction, not to add columns.
		// Without Cols the caller may have set them (or MustCols,
		// AllCols): not followed.
		for _, l := range out {
			if l.name == "Cols" && !l.cond {
				return out, true
			}
		}
		return nil, false
	}
	rc, ok := ast.Unparen(root).(*ast.CallExpr)
	if !ok {
		return nil, false // a session variable or field
	}
	// A session from an application's own engine interface, which
	// mirrors xorm's: e.ID(id).Cols("a").Update(&v).
	if sel, ok := ast.Unparen(rc.Fun).(*ast.SelectorExpr); ok && returnsXorm(c.pass.TypesInfo.TypeOf(rc)) {
		switch name := sel.Sel.Name; name {
		case "Cols", "Omit", "MustCols", "UseBool", "NoAutoTime", "AllCols", "Incr", "Decr", "SetExpr", "Nullable":
			out = append(out, xormLink{name: name, call: rc})
		}
	}
	return out, true
}

// sessionParam reports whether e is a parameter of the enclosing
// function of type *xorm.Session that it never assigns.
func (c *checker) sessionParam(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v := c.localVar(id)
	if v == nil || v.Kind() != types.ParamVar || !returnsXorm(v.Type()) {
		return false
	}
	w := c.chains.Writes(v)
	return w == nil || len(w.List) == 0 && !w.Partial
}

// returnsXorm reports whether t is a pointer to xorm's Session.
func returnsXorm(t types.Type) bool {
	return chain.Xorm.IsBuilder(t)
}

// xormNames returns the column names of a Cols, Omit, MustCols or UseBool
// call: constant strings (xorm splits "a, b" at commas), or a local slice
// spread (cols...) built only by appending constants, in which case the
// names are those every branch may add.
func (c *checker) xormNames(fn *funcInfo, call *ast.CallExpr) ([]string, bool) {
	args := call.Args
	if call.Ellipsis.IsValid() {
		if len(args) != 1 {
			return nil, false
		}
		args = c.appended(fn, call, args[0])
		if args == nil {
			return nil, false
		}
	}
	var out []string
	for _, a := range args {
		s, ok := c.stringConst(a)
		if !ok {
			return nil, false
		}
		for _, p := range strings.Split(s, ",") {
			p = strings.Trim(strings.TrimSpace(p), "`\"")
			if p != "" {
				out = append(out, p)
			}
		}
	}
	return out, true
}

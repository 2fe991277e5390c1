package missingfields

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// gormUpsertWrite reads a gorm Create with
// Clauses(clause.OnConflict{DoUpdates: clause.AssignmentColumns([]string{...})}):
// an existing row gets the listed columns only. Without such a clause, or
// with UpdateAll, DoNothing or assignments that are not a constant list,
// it is nil.
func (c *checker) gormUpsertWrite(call *ast.CallExpr, m dbapi.Call) *write {
	if len(call.Args) == 0 {
		return nil
	}
	calls, _, _ := c.chains.Follow(call, chain.Gorm)
	var conflict *ast.CompositeLit
	for _, cc := range calls[1:] {
		switch cc.Name() {
		case "Clauses":
			for _, a := range cc.Call.Args {
				if lit := c.gormClauseLit(a, "OnConflict"); lit != nil {
					if conflict != nil {
						return nil
					}
					conflict = lit
				}
			}
		case "Model", "Table", "WithContext", "Session", "Debug":
		default:
			return nil
		}
	}
	if conflict == nil {
		return nil
	}
	var list *ast.CompositeLit
	for _, el := range conflict.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		id, _ := kv.Key.(*ast.Ident)
		if id == nil {
			return nil
		}
		switch id.Name {
		case "DoNothing", "UpdateAll":
			if v := c.pass.TypesInfo.Types[kv.Value].Value; v == nil || v.Kind() != constant.Bool || constant.BoolVal(v) {
				return nil
			}
		case "DoUpdates":
			ac, ok := ast.Unparen(kv.Value).(*ast.CallExpr)
			if !ok || len(ac.Args) != 1 || ac.Ellipsis.IsValid() {
				return nil
			}
			fn, ok := c.pass.TypesInfo.Uses[selName(ac.Fun)].(*types.Func)
			if !ok || fn.Pkg() == nil || fn.Pkg().Path() != dbapi.PathGormClause || fn.Name() != "AssignmentColumns" {
				return nil
			}
			if list, ok = ast.Unparen(ac.Args[0]).(*ast.CompositeLit); !ok {
				return nil
			}
		}
	}
	if list == nil {
		return nil
	}
	w := &write{call: call, name: m.Name(), lib: colmap.GORM, value: call.Args[0], upsert: true}
	for _, el := range list.Elts {
		s, ok := c.stringConst(el)
		if !ok {
			return nil
		}
		w.cols = append(w.cols, s)
	}
	if len(w.cols) == 0 {
		return nil
	}
	w.fix = eltsFix(list)
	return w
}

// selName returns the identifier a function expression names, or nil.
func selName(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// gormClauseLit returns arg as a composite literal of gorm's clause type
// name (or a pointer to one), or nil.
func (c *checker) gormClauseLit(arg ast.Expr, name string) *ast.CompositeLit {
	lit, ok := stripAddr(arg).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	named, ok := types.Unalias(c.pass.TypesInfo.TypeOf(lit)).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != dbapi.PathGormClause || named.Obj().Name() != name {
		return nil
	}
	return lit
}

// eltsFix returns a fix that adds "col" elements at the end of a []string
// literal of string literals.
func eltsFix(lit *ast.CompositeLit) func([]colmap.Column) []textEdit {
	if len(lit.Elts) == 0 {
		return nil
	}
	for _, el := range lit.Elts {
		if _, ok := el.(*ast.BasicLit); !ok {
			return nil
		}
	}
	end := lit.Elts[len(lit.Elts)-1].End()
	return appendNamesFix(end)
}

// bunUpsertWrite reads a bun insert with On("CONFLICT (...) DO UPDATE")
// (or "DUPLICATE KEY UPDATE") and constant Set calls: an existing row gets
// the Set columns only. Without Set, bun updates every column: nil.
func (c *checker) bunUpsertWrite(call *ast.CallExpr, fn *types.Func) *write {
	ch := c.chains.Of(call)
	if !ch.Started || ch.Links[len(ch.Links)-1].Name() != "NewInsert" {
		return nil
	}
	w := &write{call: call, name: dbapi.FuncName(fn), lib: colmap.Bun, upsert: true}
	update := false
	for _, l := range ch.Links[1 : len(ch.Links)-1] {
		if l.Cond {
			return nil
		}
		if l.Call.Pos() < call.Pos() || l.Call.End() > call.End() {
			w.built = append(w.built, l.Call)
		}
		switch l.Name() {
		case "Model":
			if w.value == nil {
				w.value = l.Call.Args[0]
			}
		case "On":
			s, ok := c.stringConst(l.Call.Args[0])
			if !ok {
				return nil
			}
			up := strings.ToUpper(s)
			if !strings.Contains(up, "DO UPDATE") && !strings.Contains(up, "KEY UPDATE") {
				return nil
			}
			update = true
		case "Set":
			s, ok := c.stringConst(l.Call.Args[0])
			if !ok {
				return nil
			}
			names, ok := bunSetColumns(s)
			if !ok {
				return nil
			}
			w.cols = append(w.cols, names...)
		case "Returning", "Table", "TableExpr", "ModelTableExpr", "Comment", "Column", "ExcludeColumn", "With":
		default:
			return nil
		}
	}
	if !update || w.value == nil || len(w.cols) == 0 {
		return nil
	}
	return w
}

// appendNamesFix returns a fix that adds the missing columns' names, quoted,
// after the last name of a literal list ending at end: a Set or
// AssignmentColumns list. A name that is no plain column name (a nested
// sqlx path) gets no fix.
func appendNamesFix(end token.Pos) func([]colmap.Column) []textEdit {
	return func(missing []colmap.Column) []textEdit {
		var b strings.Builder
		for _, col := range missing {
			if !plainName(col.Name) {
				return nil
			}
			b.WriteString(", " + strconv.Quote(col.Name))
		}
		return []textEdit{{pos: end, text: b.String()}}
	}
}

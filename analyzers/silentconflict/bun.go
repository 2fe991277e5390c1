package silentconflict

import (
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// bunWrite completes w for a bun finisher, or returns nil when the
// statement it runs is not known to skip conflicts silently. An
// InsertQuery skips them with On("CONFLICT DO NOTHING") (or a conflict
// target), with On("... DO UPDATE") or On("DUPLICATE KEY UPDATE") and a Set
// that changes nothing, and with Ignore(), which bun renders as ON CONFLICT
// DO NOTHING on PostgreSQL and SQLite and as INSERT IGNORE on MySQL. A
// RawQuery runs the text given to NewRaw. The chain may be built in steps
// through a local variable (q := db.NewInsert(); q.Ignore(); q.Exec(ctx)),
// as package chain follows it: a call made in a branch counts, since the write
// may then skip conflicts.
func (c *checker) bunWrite(call *ast.CallExpr, m dbapi.Call, w *write) *write {
	ch := c.chains.Of(call)
	if !ch.Started {
		return nil
	}
	links := ch.Links
	first := links[len(links)-1]
	switch dbapi.RecvName(m.Func) {
	case "RawQuery":
		if first.Name() != "NewRaw" || len(first.Call.Args) == 0 {
			return nil
		}
		return c.sqlWrite(w, c.src.Text(first.Call.Args[0]))
	case "InsertQuery":
	default:
		return nil
	}
	if first.Name() != "NewInsert" {
		return nil
	}
	// Walking back from the finisher, the first On or Ignore met is the
	// one bun renders (Ignore is On("CONFLICT DO NOTHING") where the
	// dialect has ON CONFLICT). Set calls add to the update branch.
	var on string
	var sets []sqltext.Text
	table := sqltext.Unknown()
	decided, ignore := false, false
	for _, l := range links[1 : len(links)-1] {
		switch l.Name() {
		case "Model":
			if t, ok := c.bunTable(l.Call.Args[0]); ok {
				table = sqltext.Known(t)
			}
		case "Table", "TableExpr", "ModelTableExpr":
			table = sqltext.Unknown()
		case "On":
			if decided {
				continue
			}
			s, ok := c.constString(l.Call, 0)
			if !ok {
				return nil // a conflict clause built at run time: not guessed
			}
			on, decided = strings.TrimSpace(s), true
			w.related = stepRelated(call, ch, l)
		case "Ignore":
			if decided {
				continue
			}
			w.what = "Ignore() (INSERT ... ON CONFLICT DO NOTHING, or INSERT IGNORE on MySQL)"
			ignore = true
			decided = true
			w.related = stepRelated(call, ch, l)
		case "Set":
			if len(l.Call.Args) == 0 {
				return nil
			}
			sets = append([]sqltext.Text{c.src.Text(l.Call.Args[0])}, sets...)
		case "SetValues", "Replace":
			return nil // the update branch is a VALUES list, or a REPLACE
		}
	}
	if ignore {
		if table.IsKnown() {
			w.what += " into " + table.String()
		}
		return w
	}
	if on == "" {
		return nil
	}
	upper := strings.ToUpper(on)
	if len(sets) == 0 && (strings.HasSuffix(upper, " DO UPDATE") || upper == "DUPLICATE KEY UPDATE") {
		return nil // bun sets every column from the new row
	}
	// The statement bun renders, with the table, columns and values as
	// holes: what matters is the conflict clause.
	parts := []sqltext.Text{sqltext.Known("INSERT INTO "), table, sqltext.Known(" VALUES "), sqltext.Unknown(), sqltext.Known(" ON " + on)}
	for i, s := range sets {
		sep := ", "
		if i == 0 {
			sep = " SET "
			if strings.HasPrefix(upper, "DUPLICATE") {
				sep = " "
			}
		}
		parts = append(parts, sqltext.Known(sep), s)
	}
	if w = c.sqlWrite(w, sqltext.Join(parts...)); w != nil {
		w.what += " (On(" + strconv.Quote(on) + "))"
	}
	return w
}

// stepRelated returns the position of the call that sets the conflict
// clause of a chain built in steps, when it stands outside the finisher's
// own expression (q.Ignore() on a line of its own); nil otherwise.
func stepRelated(finisher *ast.CallExpr, ch chain.Chain, l chain.Link) []analysis.RelatedInformation {
	if ch.Var == nil || finisher.Pos() <= l.Call.Pos() && l.Call.End() <= finisher.End() {
		return nil
	}
	msg := l.Name() + " sets the conflict clause of " + ch.Var.Name() + " here"
	if l.Cond {
		msg += ", on some paths only"
	}
	return []analysis.RelatedInformation{{Pos: l.Call.Pos(), End: l.Call.End(), Message: msg}}
}

// bunTable returns the table a bun Model writes when its struct names it
// with a tag on its embedded bun.BaseModel (bun:"table:users"). bun's
// default name (the plural of the type's name) is not guessed.
func (c *checker) bunTable(model ast.Expr) (string, bool) {
	t := c.pass.TypesInfo.TypeOf(model)
	for i := 0; i < 4 && t != nil; i++ { // *[]*User
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		}
	}
	if t == nil {
		return "", false
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return "", false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		// bun.BaseModel is an alias of schema.BaseModel.
		if !f.Embedded() || !isNamedType(f.Type(), dbapi.PathBunSchema, "BaseModel") {
			continue
		}
		for _, opt := range strings.Split(reflect.StructTag(st.Tag(i)).Get("bun"), ",") {
			if name, ok := strings.CutPrefix(strings.TrimSpace(opt), "table:"); ok && name != "" {
				return name, true
			}
		}
	}
	return "", false
}

func isNamedType(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path && n.Obj().Name() == name
}

// constString returns the constant string value of call's i-th argument.
func (c *checker) constString(call *ast.CallExpr, i int) (string, bool) {
	if i >= len(call.Args) {
		return "", false
	}
	tv, ok := c.pass.TypesInfo.Types[call.Args[i]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

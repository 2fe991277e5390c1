package silentconflict

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// site is a call of this package, with where it stands, for reports and
// suggested fixes.
type site struct {
	call *ast.CallExpr
	// stmt is the statement that discards the call's results whole (an
	// expression statement or an assignment to blanks), or nil.
	stmt ast.Stmt
	fn   *types.Signature // the innermost enclosing function's
	file *ast.File
	// quiet is set in files whose findings are not reported (test files
	// unless -tests, generated files); facts are computed there all the same.
	quiet bool
}

// write is a call that runs an ignore-conflict write: a statement whose
// conflicting rows are skipped without an error.
type write struct {
	name string // the callee as diagnostics name it: (*sql.DB).ExecContext
	// what says what the call runs: "INSERT ... ON CONFLICT DO NOTHING
	// into users", "INSERT IGNORE (clause.Insert{Modifier: "IGNORE"})".
	what string
	// via is the database call inside a helper, "" for the call itself.
	via string
	// row is set for a call that returns one row (QueryRow, Get): its
	// error comes out of Scan.
	row bool
	// related are secondary positions: where the statement was prepared.
	related []analysis.RelatedInformation
	// dataErrors is set for MySQL's INSERT IGNORE and UPDATE IGNORE, which
	// also turn invalid values and NOT NULL violations into warnings.
	dataErrors bool
	// lossless is set when a skipped row loses nothing, so the count need
	// not be looked at: a seed, which binds no value of the program; a
	// copy, INSERT ... SELECT; an insert whose every column is in the key
	// its conflict clause is limited to.
	lossless bool
}

// findWrites records the ignore-conflict writes of the package and the
// calls that may run one through a helper. It walks the files itself: the
// shared inspector (dbpass.Package.Inspector) costs more memory than it
// saves while one analyzer alone uses it (+7% per package in the
// in-process benchmark).
func (c *checker) findWrites() {
	for _, f := range c.pass.Files {
		quiet := !c.rep.Reports(f)
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if call, ok := n.(*ast.CallExpr); ok && call.Lparen.IsValid() {
				w := c.writeOf(call)
				if w != nil || c.mayBeHelper(call) {
					s := &site{call: call, file: f, quiet: quiet}
					s.stmt, s.fn = c.enclosing(call, stack)
					c.sites[call.Lparen] = s
				}
				if w != nil {
					c.writes[call.Lparen] = w
				}
			}
			stack = append(stack, n)
			return true
		})
	}
}

// mayBeHelper reports whether call calls a function of this package (which
// may turn out to return a write's outcome) or one of another package with
// a fact that says it does; the latter means the package needs SSA.
func (c *checker) mayBeHelper(call *ast.CallExpr) bool {
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if fn.Pkg() == c.pass.Pkg {
		return true
	}
	if c.importedFact(fn.Origin()) != nil {
		c.helperCalls = true
		return true
	}
	return false
}

// enclosing returns the statement that discards call's results whole, if
// any, and the signature of the innermost function around call.
func (c *checker) enclosing(call *ast.CallExpr, stack []ast.Node) (ast.Stmt, *types.Signature) {
	var stmt ast.Stmt
	if len(stack) > 0 {
		switch s := stack[len(stack)-1].(type) {
		case *ast.ExprStmt:
			stmt = s
		case *ast.AssignStmt:
			if len(s.Rhs) == 1 && s.Rhs[0] == call && allBlank(s.Lhs) {
				stmt = s
			}
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			sig, _ := c.pass.TypesInfo.TypeOf(n).(*types.Signature)
			return stmt, sig
		case *ast.FuncDecl:
			if fn, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
				return stmt, fn.Signature()
			}
			return stmt, nil
		}
	}
	return stmt, nil
}

func allBlank(exprs []ast.Expr) bool {
	for _, e := range exprs {
		if id, ok := e.(*ast.Ident); !ok || id.Name != "_" {
			return false
		}
	}
	return true
}

// writeOf returns the ignore-conflict write call runs, or nil.
func (c *checker) writeOf(call *ast.CallExpr) *write {
	m, ok := c.mt.MatchCall(call)
	if !ok {
		return nil
	}
	switch m.Entry.Kind {
	case dbapi.Exec:
	case dbapi.Query, dbapi.QueryRow:
		// INSERT ... RETURNING: the rows are the count, the error is still
		// the error. sqlx's Get and Select take their text after dest.
		if m.SQL < 0 && m.Entry.Verb == dbapi.VerbSelect {
			m.SQL = firstString(m.Func.Signature(), m.Dest+1)
		}
	default:
		return nil
	}
	w := &write{name: m.Name(), row: m.Entry.Kind == dbapi.QueryRow}
	pkg := m.Func.Pkg().Path()
	switch {
	case pkg == dbapi.PathGorm && m.Entry.Verb != dbapi.VerbFromSQL:
		if m.Entry.Kind != dbapi.Exec {
			return nil
		}
		if !c.gormConflict(call, w) {
			return nil
		}
		return w
	case pkg == dbapi.PathBun && m.SQL < 0:
		return c.bunWrite(call, m, w)
	case pkg == dbapi.PathSquirrel && m.SQL < 0:
		// A builder's Exec renders the builder; ExecWith(db, s) renders s.
		if t, ok := c.src.Squirrel(call); ok {
			return c.sqlWrite(w, t)
		}
		if len(call.Args) == 2 {
			return c.sqlWrite(w, c.src.Text(call.Args[1]))
		}
		return nil
	case m.SQL >= 0 && m.SQL < len(call.Args):
		return c.sqlWrite(w, c.src.Text(call.Args[m.SQL]))
	case m.SQL < 0:
		if prep := c.prepared(call); prep != nil {
			if w := c.sqlWrite(w, c.src.Text(prep.Args[prep.sql])); w != nil {
				w.what += fmt.Sprintf(" (prepared at line %d)", c.pass.Fset.Position(prep.Pos()).Line)
				w.related = []analysis.RelatedInformation{{Pos: prep.Pos(), End: prep.End(), Message: "statement prepared here"}}
				return w
			}
		}
	}
	return nil
}

// preparedCall is a call that prepares a statement, with the index of its
// SQL text.
type preparedCall struct {
	*ast.CallExpr
	sql int
}

// prepared returns the call that prepared the statement whose method call
// runs (stmt, err := tx.PrepareContext(ctx, q); stmt.ExecContext(ctx, ...)),
// when the statement is a local variable assigned once.
func (c *checker) prepared(call *ast.CallExpr) *preparedCall {
	if prep, sql := c.src.Prepared(call, c.mt.PreparedSQLArg); prep != nil {
		return &preparedCall{prep, sql}
	}
	return nil
}

// firstString returns the index of the first string parameter of sig from
// index from on, or -1.
func firstString(sig *types.Signature, from int) int {
	for i := max(from, 0); i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
			return i
		}
	}
	return -1
}

// sqlWrite completes w from the SQL text it runs, or returns nil if that
// text is not known to skip conflicting rows silently.
func (c *checker) sqlWrite(w *write, t sqltext.Text) *write {
	st := sqltext.ParseText(t)
	if !st.Conflict.Silent() {
		return nil // unknown, failing, updating or replacing on conflict
	}
	// A skip loses nothing when nothing of the program's data is sent (the
	// statement seeds fixed rows, "make sure this setting exists"), when
	// the rows are copied from the database (INSERT ... SELECT), or when
	// the skipped row is the existing one in every column written; only a
	// discarded error is reported then.
	w.lossless = st.Source == sqltext.SourceQuery ||
		t.IsKnown() && st.Placeholders.Known && st.Placeholders.Count == 0 ||
		keyOnly(st)
	words := sqltext.Words(t)
	verb := strings.ToUpper(st.Verb.String())
	var what string
	switch st.Conflict {
	case sqltext.ConflictDoNothing:
		what = verb + " ... ON CONFLICT DO NOTHING"
	case sqltext.ConflictIgnore:
		if follows(words, "OR", "IGNORE") {
			what = verb + " OR IGNORE"
		} else {
			what = verb + " IGNORE"
			w.dataErrors = true
		}
	case sqltext.ConflictNoopUpdate:
		clause := "ON CONFLICT DO UPDATE"
		if slices.Contains(words, "DUPLICATE") {
			clause = "ON DUPLICATE KEY UPDATE"
		}
		what = verb + " ... " + clause
		if len(st.Set.Names) > 0 {
			what += " that changes nothing (" + strings.Join(st.Set.Names, ", ") + ")"
		} else {
			what += " that changes nothing"
		}
	}
	if st.Table.Known {
		if st.Verb == sqltext.VerbUpdate {
			what += " on " + st.Table.String()
		} else {
			what += " into " + st.Table.String()
		}
	}
	w.what = what
	return w
}

// keyOnly reports whether every column an INSERT writes is in the key its
// conflict clause is limited to (INSERT INTO tags (post_id, tag) VALUES
// ($1, $2) ON CONFLICT (post_id, tag) DO NOTHING): a row it skips equals
// the existing one in every column the program wrote. Without a target
// (ON CONFLICT DO NOTHING, IGNORE, ON DUPLICATE KEY UPDATE) a conflict on
// any other key is skipped as well, and the key is not in the text.
func keyOnly(st sqltext.Statement) bool {
	if st.Verb != sqltext.VerbInsert || !st.Arbiter.Known || !st.Columns.Known || len(st.Columns.Names) == 0 {
		return false
	}
	for _, col := range st.Columns.Names {
		if !st.Arbiter.Has(col) {
			return false
		}
	}
	return true
}

// gormConflict reports whether the gorm write call runs with a clause that
// skips conflicting rows, looking along its chain of *gorm.DB calls
// (through local variables written once: tx := db.Clauses(...);
// tx.Create(&rows)), and fills w.what.
func (c *checker) gormConflict(call *ast.CallExpr, w *write) bool {
	links, _, _ := c.chains.Follow(call, chain.Gorm)
	for _, l := range links {
		if l.Name() != "Clauses" || l.Func.Signature().Recv() == nil {
			continue
		}
		for _, arg := range l.Call.Args {
			if c.gormClause(arg, w) {
				return true
			}
		}
	}
	return false
}

// gormClause reports whether arg is a clause.OnConflict{DoNothing: true}
// or a clause.Insert{Modifier: "IGNORE"} (or "OR IGNORE"), and fills
// w.what. A field whose value is not a constant is not guessed.
func (c *checker) gormClause(arg ast.Expr, w *write) bool {
	e := ast.Unparen(arg)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	named, ok := types.Unalias(c.pass.TypesInfo.TypeOf(lit)).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != dbapi.PathGormClause {
		return false
	}
	field := func(name string) constant.Value {
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
					return c.pass.TypesInfo.Types[kv.Value].Value
				}
			}
		}
		return nil
	}
	switch named.Obj().Name() {
	case "OnConflict":
		// gorm writes DO NOTHING whenever DoNothing is set, whatever
		// DoUpdates or UpdateAll say (ON DUPLICATE KEY UPDATE of a column
		// to itself on MySQL).
		if v := field("DoNothing"); v != nil && v.Kind() == constant.Bool && constant.BoolVal(v) {
			w.what = "INSERT ... ON CONFLICT DO NOTHING (clause.OnConflict{DoNothing: true})"
			return true
		}
	case "Insert":
		if v := field("Modifier"); v != nil && v.Kind() == constant.String {
			switch mod := strings.ToUpper(strings.TrimSpace(constant.StringVal(v))); mod {
			case "IGNORE":
				w.what = `INSERT IGNORE (clause.Insert{Modifier: "IGNORE"})`
				w.dataErrors = true
				return true
			case "OR IGNORE":
				w.what = `INSERT OR IGNORE (clause.Insert{Modifier: "OR IGNORE"})`
				return true
			}
		}
	}
	return false
}

// follows reports whether word b comes right after word a in words.
func follows(words []string, a, b string) bool {
	for i := 0; i+1 < len(words); i++ {
		if words[i] == a && words[i+1] == b {
			return true
		}
	}
	return false
}

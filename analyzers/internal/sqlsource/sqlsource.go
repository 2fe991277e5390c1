package sqlsource

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sync"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
	"golang.org/x/tools/go/types/typeutil"
)

// maxDepth bounds the recursion through variables, concatenations and
// builder chains.
const maxDepth = 64

// Source recovers SQL text from the expressions of one type-checked
// package. It reads variables through a chain.Index and indexes the
// package's calls (for SSAText) on first use; it is safe for concurrent
// use: bulklint's analyzers share one per package.
type Source struct {
	info   *types.Info
	files  []*ast.File
	chains *chain.Index // the package's variables and builder chains

	callsOnce sync.Once
	calls     map[token.Pos]*ast.CallExpr // by Lparen; built when SSAText needs it

	mu sync.Mutex
	// texts memoizes the text of variables written once, so that
	// variables built from one another are read once each.
	texts map[*types.Var]sqltext.Text
	// steps memoizes how variables built in steps are built.
	steps map[*types.Var]*steps
}

// maxLen bounds the length of recovered text; longer text (built by
// doubling a variable again and again) is unknown.
const maxLen = 1 << 16

func capped(t sqltext.Text) sqltext.Text {
	n := 0
	for _, seg := range t {
		n += len(seg.Text)
	}
	if n > maxLen {
		return sqltext.Unknown()
	}
	return t
}

// def is the one write of a local variable that Source follows.
type def struct {
	rhs   ast.Expr // the assigned expression
	index int      // index into the results of rhs when it is a tuple, else -1
}

// New returns a Source for the package whose variables and chains ix
// follows (its type information must record Types, Defs, Uses and
// Selections).
func New(ix *chain.Index) *Source {
	return &Source{info: ix.Info(), files: ix.Files(), chains: ix}
}

// Text returns the SQL text e evaluates to; unknown parts are holes. For a
// squirrel builder or a call that runs or renders one, it is the builder's
// SQL.
func (s *Source) Text(e ast.Expr) sqltext.Text {
	return s.text(e, 0)
}

func (s *Source) text(e ast.Expr, depth int) sqltext.Text {
	if e == nil || depth > maxDepth {
		return sqltext.Unknown()
	}
	if tv, ok := s.info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return sqltext.Known(constant.StringVal(tv.Value))
		}
		return sqltext.Unknown()
	}
	if t, _, ok := s.built(e, depth+1); ok {
		return t
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD && isString(s.info.TypeOf(e)) {
			return capped(sqltext.Join(s.text(e.X, depth+1), s.text(e.Y, depth+1)))
		}
	case *ast.Ident:
		if d := s.single(e); d != nil {
			if d.index < 0 {
				v := s.info.Uses[e].(*types.Var) // single checked it
				s.mu.Lock()
				t, ok := s.texts[v]
				s.mu.Unlock()
				if ok {
					return t
				}
				t = s.text(d.rhs, depth+1)
				s.mu.Lock()
				if s.texts == nil {
					s.texts = make(map[*types.Var]sqltext.Text)
				}
				s.texts[v] = t
				s.mu.Unlock()
				return t
			}
			if call, ok := ast.Unparen(d.rhs).(*ast.CallExpr); ok && d.index == 0 {
				if t, ok := s.squirrelRun(call, depth+1); ok {
					return t
				}
				if q := s.rebound(call); q != nil {
					return s.text(q, depth+1) // q, args, err := sqlx.In(q, ids)
				}
			}
		}
	case *ast.CallExpr:
		if fn := typeutil.StaticCallee(s.info, e); fn != nil && fn.Pkg() != nil &&
			fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(e.Args) > 0 {
			return s.sprintf(e, depth+1)
		}
		if t, ok := s.squirrelRun(e, depth+1); ok {
			return t
		}
		if q := s.rebound(e); q != nil {
			return s.text(q, depth+1)
		}
	}
	if b := s.builder(e, depth+1); b != nil {
		return b.render()
	}
	return sqltext.Unknown()
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// Prepared follows the receiver of a prepared statement's method call
// (stmt.ExecContext(ctx, ...)) back to the call that prepared it, when the
// statement is a local variable assigned once from that call (stmt, err :=
// tx.PrepareContext(ctx, q)), and returns that call and the index of its
// SQL text argument. sqlArg says whether a call prepares a statement: the
// index of its SQL text, or -1 (dbapi's Matcher.PreparedSQLArg).
func (s *Source) Prepared(call *ast.CallExpr, sqlArg func(*ast.CallExpr) int) (*ast.CallExpr, int) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, -1
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil, -1
	}
	d := s.single(id)
	if d == nil || d.index > 0 {
		return nil, -1
	}
	prep, ok := ast.Unparen(d.rhs).(*ast.CallExpr)
	if !ok {
		return nil, -1
	}
	if i := sqlArg(prep); i >= 0 && i < len(prep.Args) {
		return prep, i
	}
	return nil, -1
}

// single returns how the local variable id refers to is defined, if it is
// written exactly once and never escapes. Rebinding in place (q =
// db.Rebind(q), q, args, err = sqlx.In(q, args...)) keeps the text and does
// not count as a write.
func (s *Source) single(id *ast.Ident) *def {
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || v.IsField() {
		return nil
	}
	w := s.chains.Writes(v)
	if w == nil || w.Escaped || w.Partial {
		return nil
	}
	var one *chain.Write
	n := 0
	for i := range w.List {
		wr := &w.List[i]
		if wr.Tok == token.ASSIGN && wr.Index <= 0 && s.selfRebind(wr.Lhs, wr.Rhs) {
			continue
		}
		n++
		one = wr
	}
	if n != 1 || one.Rhs == nil {
		return nil
	}
	return &def{rhs: one.Rhs, index: one.Index}
}

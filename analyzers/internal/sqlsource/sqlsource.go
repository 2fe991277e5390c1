package sqlsource

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
	"golang.org/x/tools/go/types/typeutil"
)

// maxDepth bounds the recursion through variables, concatenations and
// builder chains.
const maxDepth = 64

// Source recovers SQL text from the expressions of one type-checked
// package. It indexes the package's local variables (and, for SSAText, its
// calls) on first use; it is not safe for concurrent use.
type Source struct {
	info  *types.Info
	files []*ast.File
	defs  map[*types.Var]*def         // nil until the first variable is looked up
	calls map[token.Pos]*ast.CallExpr // by Lparen; nil until SSAText needs it
	// texts memoizes the text of variables written once, so that
	// variables built from one another are read once each.
	texts map[*types.Var]sqltext.Text
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

// def records how a local variable is written.
type def struct {
	rhs   ast.Expr // the single assigned expression, or nil
	index int      // index into the results of rhs when it is a tuple, else -1
	// writes counts assignments; escaped reports the variable's address
	// being taken or another way of writing it that the index cannot see.
	writes  int
	escaped bool
}

// New returns a Source for the package whose syntax is files and whose type
// information is info (which must record Types, Defs, Uses and Selections).
func New(info *types.Info, files []*ast.File) *Source {
	return &Source{info: info, files: files}
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
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD && isString(s.info.TypeOf(e)) {
			return capped(sqltext.Join(s.text(e.X, depth+1), s.text(e.Y, depth+1)))
		}
	case *ast.Ident:
		if d := s.single(e); d != nil {
			if d.index < 0 {
				v := s.info.Uses[e].(*types.Var) // single checked it
				if t, ok := s.texts[v]; ok {
					return t
				}
				t := s.text(d.rhs, depth+1)
				if s.texts == nil {
					s.texts = make(map[*types.Var]sqltext.Text)
				}
				s.texts[v] = t
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

// Single returns the expression that the local variable id refers to is
// assigned, with the variable's index among the expression's results when
// it has several (-1 otherwise), if the variable is written exactly once
// (by :=, = or var with a value) and its address is never taken. Analyzers
// follow a prepared statement or a builder held in a variable back to the
// call that made it with it.
func (s *Source) Single(id *ast.Ident) (rhs ast.Expr, index int, ok bool) {
	d := s.single(id)
	if d == nil {
		return nil, -1, false
	}
	return d.rhs, d.index, true
}

// Prepared follows the receiver of a prepared statement's method call
// (stmt.ExecContext(ctx, ...)) back to the call that prepared it, when the
// statement is a local variable assigned once from that call (stmt, err :=
// tx.PrepareContext(ctx, q)), and returns that call and the index of its
// SQL text argument. sqlArg says whether a call prepares a statement: the
// index of its SQL text, or -1 (dbapi's Matcher.PrepareSQL).
func (s *Source) Prepared(call *ast.CallExpr, sqlArg func(*ast.CallExpr) int) (*ast.CallExpr, int) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, -1
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil, -1
	}
	rhs, index, ok := s.Single(id)
	prep, isCall := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || !isCall || index > 0 {
		return nil, -1
	}
	if i := sqlArg(prep); i >= 0 && i < len(prep.Args) {
		return prep, i
	}
	return nil, -1
}

// single returns how the local variable id refers to is defined, if it is
// written exactly once and never escapes.
func (s *Source) single(id *ast.Ident) *def {
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || v.IsField() {
		return nil
	}
	if s.defs == nil {
		s.index()
	}
	d := s.defs[v]
	if d == nil || d.writes != 1 || d.escaped || d.rhs == nil {
		return nil
	}
	return d
}

// index records the writes of every local variable of the package.
func (s *Source) index() {
	s.defs = make(map[*types.Var]*def)
	get := func(id *ast.Ident) *def {
		obj := s.info.Defs[id]
		if obj == nil {
			obj = s.info.Uses[id]
		}
		v, ok := obj.(*types.Var)
		if !ok {
			return nil
		}
		d := s.defs[v]
		if d == nil {
			d = &def{index: -1}
			s.defs[v] = d
		}
		return d
	}
	write := func(lhs ast.Expr, rhs ast.Expr, index int) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		if d := get(id); d != nil {
			d.writes++
			d.rhs, d.index = rhs, index
		}
	}
	for _, f := range s.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				switch {
				case n.Tok != token.DEFINE && n.Tok != token.ASSIGN:
					// q += "..." and the like.
					for _, l := range n.Lhs {
						write(l, nil, -1)
						write(l, nil, -1)
					}
				case len(n.Lhs) == len(n.Rhs):
					for i, l := range n.Lhs {
						if n.Tok == token.ASSIGN && s.selfRebind(l, n.Rhs[i]) {
							continue // q = db.Rebind(q) keeps q's text
						}
						write(l, n.Rhs[i], -1)
					}
				case len(n.Rhs) == 1:
					for i, l := range n.Lhs {
						if i == 0 && n.Tok == token.ASSIGN && s.selfRebind(l, n.Rhs[0]) {
							continue // q, args, err = sqlx.In(q, args...)
						}
						write(l, n.Rhs[0], i)
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					switch {
					case len(n.Values) == len(n.Names):
						write(name, n.Values[i], -1)
					case len(n.Values) == 1:
						write(name, n.Values[0], i)
					default:
						write(name, nil, -1) // the zero value
					}
				}
			case *ast.RangeStmt:
				for _, e := range [...]ast.Expr{n.Key, n.Value} {
					if e != nil {
						write(e, nil, -1)
						write(e, nil, -1)
					}
				}
			case *ast.IncDecStmt:
				write(n.X, nil, -1)
				write(n.X, nil, -1)
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
					if d := get(id); d != nil {
						d.escaped = true
					}
				}
			case *ast.SelectorExpr:
				// A method with a pointer receiver called on an
				// addressable variable takes its address implicitly.
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if sel, ok := s.info.Selections[n]; ok && sel.Kind() == types.MethodVal {
						if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
							if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
								if _, isPtr := s.info.TypeOf(id).(*types.Pointer); !isPtr {
									if d := get(id); d != nil {
										d.escaped = true
									}
								}
							}
						}
					}
				}
			}
			return true
		})
	}
}

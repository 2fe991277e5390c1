package sqlsource

import (
	"go/ast"
	"go/constant"
	"go/token"

	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
	"golang.org/x/tools/go/ssa"
)

// Value returns the SQL text the SSA value v evaluates to: string
// constants, concatenations, fmt.Sprintf with every verb a hole, string
// conversions, and phi nodes whose incoming texts are all equal. Anything
// else is a hole.
func Value(v ssa.Value) sqltext.Text {
	return value(v, 0, map[ssa.Value]bool{})
}

// SSAText returns the SQL text of the SSA value v of the package s reads.
// A call, or the first result of a call, whose syntax s finds (by the
// position of its opening parenthesis) is read with the go/ast rules of
// [Source.Text], so that squirrel chains and fmt.Sprintf arguments are
// followed; anything else is read as by [Value].
func (s *Source) SSAText(v ssa.Value) sqltext.Text {
	var call *ssa.Call
	switch v := v.(type) {
	case *ssa.Call:
		call = v
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			call = c
		}
	}
	if call != nil {
		if e := s.callAt(call.Pos()); e != nil {
			if _, ok := v.(*ssa.Extract); ok {
				if t, ok := s.Squirrel(e); ok {
					return t
				}
				if q := s.rebound(e); q != nil {
					return s.Text(q) // q, args, err := sqlx.In(q, ids)
				}
				return sqltext.Unknown()
			}
			return s.Text(e)
		}
	}
	return Value(v)
}

// callAt returns the call expression whose opening parenthesis is at pos.
func (s *Source) callAt(pos token.Pos) *ast.CallExpr {
	if !pos.IsValid() {
		return nil
	}
	s.callsOnce.Do(func() {
		s.calls = make(map[token.Pos]*ast.CallExpr)
		for _, f := range s.files {
			ast.Inspect(f, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					s.calls[c.Lparen] = c
				}
				return true
			})
		}
	})
	return s.calls[pos]
}

func value(v ssa.Value, depth int, seen map[ssa.Value]bool) sqltext.Text {
	if v == nil || depth > maxDepth || seen[v] {
		return sqltext.Unknown()
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return sqltext.Known(constant.StringVal(v.Value))
		}
	case *ssa.BinOp:
		if v.Op == token.ADD && isString(v.Type()) {
			return sqltext.Join(value(v.X, depth+1, seen), value(v.Y, depth+1, seen))
		}
	case *ssa.ChangeType:
		return value(v.X, depth+1, seen)
	case *ssa.Convert:
		if isString(v.Type()) && isString(v.X.Type()) {
			return value(v.X, depth+1, seen)
		}
	case *ssa.Call:
		if q := reboundValue(&v.Call); q != nil {
			return value(q, depth+1, seen)
		}
		fn := v.Call.StaticCallee()
		if fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "fmt" && fn.Name() == "Sprintf" && len(v.Call.Args) > 0 {
			format := value(v.Call.Args[0], depth+1, seen)
			return expand(format, func(int, byte) sqltext.Text { return sqltext.Unknown() })
		}
	case *ssa.Extract:
		// q, args, err := sqlx.In(q, ids)
		if c, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			if q := reboundValue(&c.Call); q != nil {
				return value(q, depth+1, seen)
			}
		}
	case *ssa.Phi:
		seen[v] = true
		defer delete(seen, v)
		var first sqltext.Text
		for i, e := range v.Edges {
			t := value(e, depth+1, seen)
			if i == 0 {
				first = t
				continue
			}
			if !equal(first, t) {
				return sqltext.Unknown()
			}
		}
		if first != nil {
			return first
		}
	}
	return sqltext.Unknown()
}

func equal(a, b sqltext.Text) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Known != b[i].Known || a[i].Known && a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

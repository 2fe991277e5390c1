package chain

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Write is one write of a variable or a field.
type Write struct {
	// Lhs is the expression written (q, s.q), nil for a declaration
	// (var q = ..., a composite literal's field).
	Lhs ast.Expr
	// Rhs is the value written; nil when the write has no one
	// expression for its value (q += "...", q++, a range variable, var q T).
	Rhs ast.Expr
	// Index is the variable's index among the results of Rhs when Rhs
	// has several (q, err := build()); -1 otherwise.
	Index int
	// Tok is the assignment's token: token.DEFINE, token.ASSIGN, an
	// operator assignment; token.VAR for a declaration or a composite
	// literal, token.RANGE for a range variable, token.INC for ++ and --.
	Tok token.Token
}

// Writes is everything an index knows of how one variable or field is
// written.
type Writes struct {
	// List is the writes of the variable as a whole, in source order.
	List []Write
	// Escaped is set when the variable's address (or a part's) is taken,
	// explicitly or by calling a pointer method on it: it may be written
	// where the index cannot see.
	Escaped bool
	// Partial is set when part of it is written (q.f = x, q[i] = x, *q = x).
	Partial bool
}

// Once returns the one write of w when the variable is written exactly
// once, as a whole, with a value, and never otherwise.
func (w *Writes) Once() (Write, bool) {
	if w == nil || len(w.List) != 1 || w.Escaped || w.Partial || w.List[0].Rhs == nil {
		return Write{}, false
	}
	return w.List[0], true
}

// assigns indexes the writes of every variable and field of a package.
type assigns map[*types.Var]*Writes

func (ix *Index) assigns() assigns {
	ix.writesOnce.Do(func() { ix.writes = indexAssigns(ix.info, ix.files) })
	return ix.writes
}

// Writes returns how v, a variable or a field, is written in the
// package; nil when it never is.
func (ix *Index) Writes(v *types.Var) *Writes { return ix.assigns()[v] }

// Local returns the one write of the local variable id refers to, when it
// is written once ([Writes.Once]).
func (ix *Index) Local(id *ast.Ident) (Write, bool) {
	v := localVar(ix.info, id)
	if v == nil {
		return Write{}, false
	}
	return ix.Writes(v).Once()
}

// localVar returns the local variable id refers to, or nil.
func localVar(info *types.Info, id *ast.Ident) *types.Var {
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || v.IsField() {
		return nil
	}
	return v
}

func indexAssigns(info *types.Info, files []*ast.File) assigns {
	ws := make(assigns)
	get := func(v *types.Var) *Writes {
		w := ws[v]
		if w == nil {
			w = &Writes{}
			ws[v] = w
		}
		return w
	}
	// target returns the variable or field lhs writes as a whole, if
	// any, and the variable it writes a part of (x in x.f = 1), if any.
	target := func(lhs ast.Expr) (whole, part *types.Var) {
		switch e := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			obj := info.Defs[e]
			if obj == nil {
				obj = info.Uses[e]
			}
			whole, _ = obj.(*types.Var)
			return whole, nil
		case *ast.SelectorExpr:
			s, ok := info.Selections[e]
			if !ok {
				whole, _ = info.Uses[e.Sel].(*types.Var) // pkg.Var
				return whole, nil
			}
			if s.Kind() == types.FieldVal {
				whole, _ = s.Obj().(*types.Var)
			}
			return whole, rootVar(info, e.X)
		}
		return nil, rootVar(info, lhs)
	}
	write := func(lhs ast.Expr, w Write) {
		whole, part := target(lhs)
		if whole != nil {
			get(whole).List = append(get(whole).List, w)
		}
		if part != nil {
			get(part).Partial = true
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				switch {
				case n.Tok != token.DEFINE && n.Tok != token.ASSIGN:
					for _, l := range n.Lhs {
						write(l, Write{Lhs: l, Index: -1, Tok: n.Tok})
					}
				case len(n.Lhs) == len(n.Rhs):
					for i, l := range n.Lhs {
						write(l, Write{Lhs: l, Rhs: n.Rhs[i], Index: -1, Tok: n.Tok})
					}
				case len(n.Rhs) == 1:
					for i, l := range n.Lhs {
						write(l, Write{Lhs: l, Rhs: n.Rhs[0], Index: i, Tok: n.Tok})
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					switch {
					case len(n.Values) == len(n.Names):
						write(name, Write{Rhs: n.Values[i], Index: -1, Tok: token.VAR})
					case len(n.Values) == 1:
						write(name, Write{Rhs: n.Values[0], Index: i, Tok: token.VAR})
					default:
						write(name, Write{Index: -1, Tok: token.VAR}) // the zero value
					}
				}
			case *ast.RangeStmt:
				for _, e := range [...]ast.Expr{n.Key, n.Value} {
					if e != nil {
						write(e, Write{Lhs: e, Index: -1, Tok: token.RANGE})
					}
				}
			case *ast.IncDecStmt:
				write(n.X, Write{Lhs: n.X, Index: -1, Tok: token.INC})
			case *ast.CompositeLit:
				fieldStores(info, n, func(fv *types.Var, val ast.Expr) {
					get(fv).List = append(get(fv).List, Write{Rhs: val, Index: -1, Tok: token.VAR})
				})
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if whole, part := target(n.X); whole != nil {
						get(whole).Escaped = true
					} else if part != nil {
						get(part).Escaped = true
					}
					if root := rootVar(info, n.X); root != nil {
						get(root).Escaped = true
					}
				}
			case *ast.SelectorExpr:
				// A method with a pointer receiver called on an
				// addressable variable takes its address implicitly.
				if sel, ok := info.Selections[n]; ok && sel.Kind() == types.MethodVal {
					if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
						if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
							if _, isPtr := info.TypeOf(n.X).(*types.Pointer); !isPtr {
								if whole, _ := target(n.X); whole != nil {
									get(whole).Escaped = true
								}
							}
						}
					}
				}
			}
			return true
		})
	}
	return ws
}

// fieldStores calls store for each field a struct literal sets.
func fieldStores(info *types.Info, lit *ast.CompositeLit, store func(*types.Var, ast.Expr)) {
	t := info.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if fv, ok := info.Uses[id].(*types.Var); ok && fv.IsField() {
					store(fv, kv.Value)
				}
			}
			continue
		}
		if i < st.NumFields() {
			store(st.Field(i), el)
		}
	}
}

// rootVar returns the variable an expression is a part of: x in x.f,
// x[i], *x, or nil.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			return v
		case *ast.SelectorExpr:
			if _, ok := info.Selections[x]; !ok {
				v, _ := info.Uses[x.Sel].(*types.Var)
				return v
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

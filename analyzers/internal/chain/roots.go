package chain

import (
	"go/ast"
	"go/types"
)

// Stored returns the values ever stored in v, a package variable or a
// struct field of the package the index reads, when they can all be seen:
// v is unexported (no other package writes it), its address is never
// taken, and every store is one whole value (s.q = db.NewSelect(),
// Store{q: ...}, var q = ...). A field left out of a composite literal
// keeps its zero value, which is not a store.
func (ix *Index) Stored(v *types.Var) ([]ast.Expr, bool) {
	if v == nil || v.Pkg() != ix.pkg || v.Exported() {
		return nil, false
	}
	if !v.IsField() && (v.Parent() == nil || v.Parent() != v.Pkg().Scope()) {
		return nil, false // a local: see Local
	}
	w := ix.Writes(v)
	if w == nil || w.Escaped || len(w.List) == 0 {
		return nil, false
	}
	var out []ast.Expr
	for _, wr := range w.List {
		if wr.Rhs == nil || wr.Index >= 0 {
			return nil, false
		}
		out = append(out, wr.Rhs)
	}
	return out, true
}

// BuilderRoot reports whether v, a package variable or a struct field, is
// a root of lib's builder chains: every value stored in it ([Index.Stored])
// is a chain of lib that starts where the library's chains start, written
// in one expression or through local variables written once (a field set
// in a constructor from db.NewSelect().Model(...), a package variable
// initialised from squirrel.Select(...)). The chains are returned, in
// source order.
func (ix *Index) BuilderRoot(v *types.Var, lib Lib) ([]Chain, bool) {
	stored, ok := ix.Stored(v)
	if !ok || !lib.IsBuilder(v.Type()) {
		return nil, false
	}
	var out []Chain
	for _, e := range stored {
		links, _, started := ix.Follow(e, lib)
		if !started {
			return nil, false
		}
		out = append(out, Chain{Links: links, Started: true})
	}
	return out, true
}

// StoredVar returns the package variable or struct field e reads
// (q, pkg.q, s.q), or nil.
func StoredVar(info *types.Info, e ast.Expr) *types.Var {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.Uses[e].(*types.Var)
		if v != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return v
		}
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok {
			if s.Kind() == types.FieldVal {
				v, _ := s.Obj().(*types.Var)
				return v
			}
			return nil
		}
		v, _ := info.Uses[e.Sel].(*types.Var)
		return v
	}
	return nil
}

package chain

import (
	"go/ast"
	"go/types"
	"sync"
)

// Link is one call of a builder chain.
type Link struct {
	Call *ast.CallExpr
	Func *types.Func
	// Cond is set for a call made on the builder's variable in a statement
	// of its own (q.Ignore() inside an if) that some path from the
	// builder's start to the finisher skips.
	Cond bool
}

// Name returns the name of the function or method called.
func (l Link) Name() string { return l.Func.Name() }

// Chain is the builder chain a call ends.
type Chain struct {
	// Links are the calls, from the call the chain was asked for back to
	// the first.
	Links []Link
	// Started is set when the chain starts where the library's chains
	// start (a handle's New... call for bun, a function of the package
	// for squirrel), the last link.
	Started bool
	// Var is the local variable the builder was built in, for a chain
	// built in steps; nil for a chain written in one expression.
	Var *types.Var
}

// Index follows the builder chains and the variables of one type-checked
// package. It indexes the package on first need, and is safe for
// concurrent use: bulklint's analyzers share one per package.
type Index struct {
	pkg   *types.Package
	info  *types.Info
	files []*ast.File

	writesOnce sync.Once
	writes     assigns // built on the first variable looked up
	varsOnce   sync.Once
	vars       map[*types.Var]*variable // built on the first chain rooted at a builder variable

	mu    sync.Mutex
	flows map[*ast.BlockStmt]*flow
}

// New returns an Index for the package pkg whose syntax is files and whose
// type information is info (which must record Types, Defs, Uses and
// Selections).
func New(pkg *types.Package, info *types.Info, files []*ast.File) *Index {
	return &Index{pkg: pkg, info: info, files: files}
}

// Walk returns the calls of lib's chain that e ends, as written in one
// expression, last first; the expression the chain stops at when it is
// not started (a handle, a variable, another function's result), nil
// when it is.
func (ix *Index) Walk(e ast.Expr, lib Lib) (links []Link, root ast.Expr, started bool) {
	for {
		fn, sel := ix.call(e, lib)
		if fn == nil {
			return links, e, false
		}
		links = append(links, Link{Call: ast.Unparen(e).(*ast.CallExpr), Func: fn})
		if lib.starts(fn) {
			return links, nil, true
		}
		e = sel.X
	}
}

// maxFollow bounds the variables Follow goes through.
const maxFollow = 64

// Follow is Walk continued through the local variables the chain is
// rooted at, when each is written once ([Writes.Once]) from a single
// value: tx := db.Clauses(c); tx.Create(&rows) is Create, Clauses. Calls
// made on such a variable in statements of their own are not seen (see
// [Index.Of] for builders changed in place).
func (ix *Index) Follow(e ast.Expr, lib Lib) (links []Link, root ast.Expr, started bool) {
	for range maxFollow {
		more, r, started := ix.Walk(e, lib)
		links = append(links, more...)
		if started {
			return links, nil, true
		}
		id, ok := ast.Unparen(r).(*ast.Ident)
		if !ok {
			return links, r, false
		}
		w, ok := ix.Local(id)
		if !ok || w.Index >= 0 {
			return links, r, false
		}
		e = w.Rhs
	}
	return links, e, false
}

// call returns the function or method of lib that e calls, with its
// selector, or nil.
func (ix *Index) call(e ast.Expr, lib Lib) (*types.Func, *ast.SelectorExpr) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	fn, ok := ix.info.Uses[sel.Sel].(*types.Func)
	if !ok || !lib.owns(fn.Pkg()) {
		return nil, nil
	}
	if fn.Signature().Recv() == nil && lib.rules().methodsOnly {
		return nil, nil
	}
	return fn, sel
}

// Of returns the chain that call, a call of a library whose builders are
// changed in place (bun, xorm, ent), ends. A chain rooted at a local
// variable is followed back to the variable's start, with the calls made
// on the variable in between, when the variable can be followed (see the
// package doc); otherwise the chain is not started.
func (ix *Index) Of(call *ast.CallExpr) Chain {
	lib := Lib(0)
	if fn := calledFunc(ix.info, call); fn != nil {
		lib = inPlaceLib(func(l Lib) bool { return l.owns(fn.Pkg()) })
	}
	if lib == 0 {
		return Chain{}
	}
	links, root, started := ix.Walk(call, lib)
	if started || len(links) == 0 {
		return Chain{Links: links, Started: started}
	}
	id, ok := ast.Unparen(root).(*ast.Ident)
	if !ok {
		return Chain{Links: links}
	}
	v := ix.builderVar(id)
	if v == nil {
		return Chain{Links: links}
	}
	ix.varsOnce.Do(ix.indexVars)
	return ix.follow(v, ix.vars[v], links, id)
}

// calledFunc returns the function a selector call calls, or nil.
func calledFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	fn, _ := info.Uses[sel.Sel].(*types.Func)
	return fn
}

// Info returns the type information of the package the index reads.
func (ix *Index) Info() *types.Info { return ix.info }

// Files returns the syntax of the package the index reads.
func (ix *Index) Files() []*ast.File { return ix.files }

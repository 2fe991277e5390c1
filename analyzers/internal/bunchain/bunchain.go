package bunchain

import (
	"go/ast"
	"go/types"
	"strings"
)

// Path is bun's import path.
const Path = "github.com/uptrace/bun"

// Link is one method call of a bun builder chain.
type Link struct {
	Call *ast.CallExpr
	Func *types.Func
	// Cond is set for a call made on the builder's variable in a statement
	// of its own (q.Ignore() inside an if) that some path from the
	// builder's start to the finisher skips.
	Cond bool
}

// Name returns the name of the method called.
func (l Link) Name() string { return l.Func.Name() }

// Chain is the bun builder chain a call ends.
type Chain struct {
	// Links are the calls, from the call the chain was asked for back to
	// the first.
	Links []Link
	// Started is set when the chain starts at a handle's New... call
	// (db.NewInsert()), the last link.
	Started bool
	// Var is the local variable the builder was built in, for a chain
	// built in steps; nil for a chain written in one expression.
	Var *types.Var
}

// Index follows the bun builder chains of one type-checked package. It
// indexes the package's builder variables on the first chain rooted at
// one; it is not safe for concurrent use.
type Index struct {
	info  *types.Info
	files []*ast.File
	vars  map[*types.Var]*variable // nil until a chain is rooted at a variable
	flows map[*ast.BlockStmt]*flow
}

// New returns an Index for the package whose syntax is files and whose type
// information is info (which must record Types, Defs and Uses).
func New(info *types.Info, files []*ast.File) *Index {
	return &Index{info: info, files: files}
}

// Of returns the chain that call ends. A chain rooted at a local variable
// is followed back to the variable's start when the variable can be
// followed (see the package doc); otherwise the chain is not started.
func (ix *Index) Of(call *ast.CallExpr) Chain {
	links, root, started := ix.walk(call)
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
	if ix.vars == nil {
		ix.index()
	}
	return ix.follow(v, ix.vars[v], links, id)
}

// walk returns the calls of the chain e ends, last first, the expression
// the chain stops at when it does not start at a handle's New... call, and
// whether it does.
func (ix *Index) walk(e ast.Expr) (links []Link, root ast.Expr, started bool) {
	for {
		fn, sel := ix.method(e)
		if fn == nil {
			return links, e, false
		}
		links = append(links, Link{Call: ast.Unparen(e).(*ast.CallExpr), Func: fn})
		if strings.HasPrefix(fn.Name(), "New") && !isBuilder(fn.Signature().Recv().Type()) {
			return links, nil, true
		}
		e = sel.X
	}
}

// method returns the bun method e calls, with its selector, or nil.
func (ix *Index) method(e ast.Expr) (*types.Func, *ast.SelectorExpr) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	fn, ok := ix.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != Path || fn.Signature().Recv() == nil {
		return nil, nil
	}
	return fn, sel
}

// isBuilder reports whether t is one of bun's query builders
// (*InsertQuery, ...), as opposed to a handle (DB, Tx, Conn, IDB).
func isBuilder(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == Path && strings.HasSuffix(n.Obj().Name(), "Query")
}

package chain

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// flow is the control-flow graph of one function body, for asking which
// calls on a builder variable may run before a finisher.
type flow struct {
	g *cfg.CFG
}

func (ix *Index) flow(body *ast.BlockStmt) *flow {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if fl, ok := ix.flows[body]; ok {
		return fl
	}
	if ix.flows == nil {
		ix.flows = make(map[*ast.BlockStmt]*flow)
	}
	fl := &flow{g: cfg.New(body, ix.mayReturn)}
	ix.flows[body] = fl
	return fl
}

// mayReturn reports whether call may return: a call of the builtin panic
// does not.
func (ix *Index) mayReturn(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return true
	}
	b, ok := ix.info.Uses[id].(*types.Builtin)
	return !ok || b.Name() != "panic"
}

// locate returns the block that holds the innermost node around pos, and
// the node's index in it; nil for none.
func (fl *flow) locate(pos token.Pos) (*cfg.Block, int) {
	if !pos.IsValid() {
		return nil, -1
	}
	var (
		best *cfg.Block
		at   = -1
		span token.Pos
	)
	for _, b := range fl.g.Blocks {
		for i, n := range b.Nodes {
			if n.Pos() <= pos && pos < n.End() && (best == nil || n.End()-n.Pos() < span) {
				best, at, span = b, i, n.End()-n.Pos()
			}
		}
	}
	return best, at
}

// reaches reports whether a path leads from the node around from to the
// node around to without going through the node around kill (none when
// kill is token.NoPos).
func (fl *flow) reaches(from, to, kill token.Pos) bool {
	fb, fi := fl.locate(from)
	tb, ti := fl.locate(to)
	if fb == nil || tb == nil {
		return false
	}
	kb, ki := fl.locate(kill)
	killedBefore := func(b *cfg.Block, i int) bool { return kb == b && ki < i }
	if fb == tb && fi < ti && !(killedBefore(tb, ti) && ki > fi) {
		return true // further down the same block
	}
	if kb == fb && ki > fi {
		return false // every way out of the block goes through kill
	}
	seen := map[*cfg.Block]bool{}
	work := append([]*cfg.Block(nil), fb.Succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if b == tb && !killedBefore(tb, ti) {
			return true
		}
		if b == kb {
			continue
		}
		work = append(work, b.Succs...)
	}
	return false
}

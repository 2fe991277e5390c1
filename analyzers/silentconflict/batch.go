package silentconflict

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
)

// This file reports pgx batches that queue ignore-conflict writes and
// never read their results: b.Queue(q, ...) in a local pgx.Batch, sent
// with SendBatch, whose BatchResults are only closed (or dropped). The
// command tag of each statement, its count, is read from BatchResults.Exec
// in queue order; Close alone reads none.

// checkBatch reports send, when it calls SendBatch, with its syntax
// ancestors in stack, when its batch queues an ignore-conflict write whose count
// matters and its results are only closed.
func (c *checker) checkBatch(send *ast.CallExpr, stack []ast.Node) {
	m, ok := c.mt.MatchCall(send)
	if !ok || m.Entry.Kind != dbapi.BatchSend || len(send.Args) != 2 || isMigration(c.pass.Pkg.Path()) || !c.resultsOnlyClosed(send, stack) {
		return
	}
	id, ok := ast.Unparen(send.Args[1]).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return
	}
	queued, ok := c.queued(v, send)
	if !ok {
		return
	}
	for _, q := range queued {
		w := c.sqlWrite(&write{}, c.src.Text(q.Args[0]))
		if w == nil || w.lossless {
			continue
		}
		consequence := "rows that conflict vanish without a trace"
		if w.dataErrors {
			consequence += ", and IGNORE also turns invalid values and NOT NULL violations into warnings"
		}
		line := c.pass.Fset.Position(q.Pos()).Line
		c.rep.Report(dbpass.Finding{
			Pos: send.Pos(), End: send.End(), Category: CategoryCount,
			Message: fmt.Sprintf("uncounted conflict: %s sends a batch that queues %s (line %d) and its results are only closed; %s; read each statement's command tag with Exec on the results, or %s",
				m.Name(), w.what, line, consequence, fixAdvice),
			Related: []analysis.RelatedInformation{{Pos: q.Pos(), End: q.End(), Message: "queued here"}},
		})
		return // one finding per batch
	}
}

// queued returns the Queue calls made on the batch v, when every use of v
// can be seen: it is declared in the function, each use other than send's
// argument is the receiver of a Queue call whose result is dropped (no
// per-statement callback reads it), and its address goes nowhere else.
func (c *checker) queued(v *types.Var, send *ast.CallExpr) ([]*ast.CallExpr, bool) {
	if w := c.chains.Writes(v); w == nil || w.Escaped || w.Partial || len(w.List) != 1 {
		return nil, false
	}
	var calls []*ast.CallExpr
	ok := true
	for _, f := range c.pass.Files {
		if f.FileStart > send.Pos() || send.Pos() > f.FileEnd {
			continue
		}
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if id, isID := n.(*ast.Ident); isID && c.pass.TypesInfo.Uses[id] == v {
				if id != send.Args[1] && !c.queueUse(id, stack, &calls) {
					ok = false
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	return calls, ok && len(calls) > 0
}

// queueUse reports whether the use id of a batch, with its ancestors in
// stack, is the receiver of a Queue call in a statement of its own, and
// adds that call to calls.
func (c *checker) queueUse(id *ast.Ident, stack []ast.Node, calls *[]*ast.CallExpr) bool {
	if len(stack) < 3 {
		return false
	}
	sel, ok := stack[len(stack)-1].(*ast.SelectorExpr)
	if !ok || sel.X != id {
		return false
	}
	call, ok := stack[len(stack)-2].(*ast.CallExpr)
	if !ok || call.Fun != sel || len(call.Args) == 0 {
		return false
	}
	if m, ok := c.mt.MatchCall(call); !ok || m.Entry.Kind != dbapi.BatchQueue {
		return false
	}
	if _, ok := stack[len(stack)-3].(*ast.ExprStmt); !ok {
		return false // b.Queue(...).Exec(func(ct pgconn.CommandTag) error {...}) reads it
	}
	*calls = append(*calls, call)
	return true
}

// resultsOnlyClosed reports whether the BatchResults send returns are
// dropped or only closed: conn.SendBatch(ctx, b).Close(), or br :=
// conn.SendBatch(ctx, b) whose every use is br.Close().
func (c *checker) resultsOnlyClosed(send *ast.CallExpr, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.ExprStmt:
		return true
	case *ast.SelectorExpr:
		return p.Sel.Name == "Close"
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 || p.Rhs[0] != send {
			return false
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
		if !ok {
			v, ok = c.pass.TypesInfo.Uses[id].(*types.Var)
		}
		if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
			return false
		}
		if w := c.chains.Writes(v); w == nil || w.Escaped || len(w.List) != 1 {
			return false
		}
		closed := false
		for use, obj := range c.pass.TypesInfo.Uses {
			if obj != v {
				continue
			}
			if !c.closeCall(use) {
				return false
			}
			closed = true
		}
		return closed
	}
	return false
}

// closeCall reports whether the use id is the receiver of a Close call.
func (c *checker) closeCall(id *ast.Ident) bool {
	for _, f := range c.pass.Files {
		if f.FileStart > id.Pos() || id.Pos() > f.FileEnd {
			continue
		}
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.X == id && sel.Sel.Name == "Close" {
				found = true
			}
			return true
		})
		return found
	}
	return false
}

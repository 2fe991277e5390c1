package nplusone

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// A loop that gathers elements and writes them every N items runs its
// statement once per batch, not once per element:
//
//	for i, u := range users {
//		buf = append(buf, u)
//		if len(buf) >= batchSize { flush(buf) }   // or: if i%batchSize == 0
//	}
//
// The call sits in the body of an if statement whose condition says "a
// batch is full": a remainder compared with zero (i%n == 0), or the length
// of a slice or map compared with a size that is not 0 or 1 (len(buf) >=
// n). Either may be one operand of &&.

// flushedEveryN reports whether, between the loop at stack[li] and the
// call at the top of the stack, the call runs in the body of an if
// statement whose condition holds once per batch.
func (c *checker) flushedEveryN(stack []frame, li int) bool {
	for j := li + 1; j+1 < len(stack); j++ {
		if is, ok := stack[j].node.(*ast.IfStmt); ok && stack[j+1].node == is.Body && c.batchFull(is.Cond) {
			return true
		}
	}
	return false
}

// batchFull reports whether cond holds once per batch: i%n == 0,
// len(buf) >= n, n <= len(buf), len(buf) == n, or a conjunction with one
// of those.
func (c *checker) batchFull(cond ast.Expr) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch be.Op {
	case token.LAND:
		return c.batchFull(be.X) || c.batchFull(be.Y)
	case token.EQL:
		if c.isRemainder(be.X) && c.isConst(be.Y, 0) || c.isRemainder(be.Y) && c.isConst(be.X, 0) {
			return true
		}
		return c.isLen(be.X) && c.isSize(be.Y) || c.isLen(be.Y) && c.isSize(be.X)
	case token.GEQ, token.GTR:
		return c.isLen(be.X) && c.isSize(be.Y)
	case token.LEQ, token.LSS:
		return c.isLen(be.Y) && c.isSize(be.X)
	}
	return false
}

// isRemainder reports whether e is x % n with n not the constant 1.
func (c *checker) isRemainder(e ast.Expr) bool {
	be, ok := ast.Unparen(e).(*ast.BinaryExpr)
	return ok && be.Op == token.REM && !c.isConst(be.Y, 1)
}

// isLen reports whether e is the builtin len of a slice or map.
func (c *checker) isLen(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if _, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin); !builtin || id.Name != "len" {
		return false
	}
	return isCollection(c.pass.TypesInfo.TypeOf(call.Args[0]))
}

// isSize reports whether e can be a batch size: not a constant below 2.
func (c *checker) isSize(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil {
		return true
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return !ok || n > 1
}

// isConst reports whether e is the integer constant n.
func (c *checker) isConst(e ast.Expr, n int64) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	v, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return ok && v == n
}

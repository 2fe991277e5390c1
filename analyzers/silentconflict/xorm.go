package silentconflict

import (
	"go/ast"
	"go/types"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// xormWrite returns the ignore-conflict write a call of xorm's Exec runs
// (engine.Exec(q, args...), sess.Exec(q, args...)): its first argument,
// when a string, is the statement's text, the rest its arguments. Exec
// returns an sql.Result and an error, checked as database/sql's are.
func (c *checker) xormWrite(call *ast.CallExpr) *write {
	fn := calleeFunc(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != dbapi.PathXorm || fn.Name() != "Exec" ||
		fn.Signature().Recv() == nil || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return nil
	}
	if t := c.pass.TypesInfo.TypeOf(call.Args[0]); t == nil || !isString(t) {
		return nil // a builder or a slice of the text and its arguments
	}
	return c.sqlWrite(&write{name: dbapi.FuncName(fn)}, c.src.Text(call.Args[0]))
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

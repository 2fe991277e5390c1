package silentconflict

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
)

// pathEntSQL is the import path of ent's SQL builder, whose ConflictOption
// values OnConflict takes.
const pathEntSQL = "entgo.io/ent/dialect/sql"

// entWrite returns the ignore-conflict write a call of Exec or ExecX on an
// ent upsert builder (UserUpsertOne, UserUpsertBulk) runs: the latest
// conflict resolution of its chain, in one expression or built in steps,
// is DoNothing() or Ignore() (or OnConflict(sql.DoNothing()),
// OnConflict(sql.ResolveWithIgnore())). Exec returns only an error and
// ExecX nothing: no caller can count the rows skipped, except for one row
// skipped by DO NOTHING, which PostgreSQL makes an error.
func (c *checker) entWrite(call *ast.CallExpr) *write {
	fn := calleeFunc(c.pass.TypesInfo, call)
	if fn == nil || (fn.Name() != "Exec" && fn.Name() != "ExecX") {
		return nil
	}
	recv := fn.Signature().Recv()
	if recv == nil || !chain.Ent.IsBuilder(recv.Type()) || !isUpsert(recv.Type()) {
		return nil
	}
	ch := c.chains.Of(call)
	if !ch.Started || len(ch.Links) < 2 {
		return nil
	}
	for _, l := range ch.Links[1:] { // the latest call first
		what, silent, resolves := c.entResolution(l)
		if !resolves {
			continue
		}
		if !silent {
			return nil // updates on conflict, or unknown
		}
		w := &write{name: entName(recv.Type(), fn.Name()), what: what, dropped: true}
		if strings.Contains(what, "DO NOTHING") && !isBulk(recv.Type()) {
			// One row inserted with RETURNING: on PostgreSQL a skipped
			// row is an error, sql.ErrNoRows (ent issue 1821), which
			// ExecX panics with. Only a discarded error is silent, and
			// checking it is no fix: the skip would then fail the caller.
			if fn.Name() == "ExecX" {
				return nil
			}
			w.dropped, w.skipErr = false, true
			return w
		}
		if fn.Name() == "ExecX" {
			w.noCount = "returns nothing, ent's ExecX gives no count"
		} else {
			w.noCount = "returns only its error, ent's Exec gives no count"
		}
		return w
	}
	return nil
}

// entName names an ent method as diagnostics do: (*ent.UserUpsertOne).Exec.
func entName(t types.Type, method string) string {
	ptr := ""
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		ptr, t = "*", p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return method
	}
	return "(" + ptr + n.Obj().Pkg().Name() + "." + n.Obj().Name() + ")." + method
}

func isBulk(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && strings.HasSuffix(n.Obj().Name(), "UpsertBulk")
}

func isUpsert(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && (strings.HasSuffix(n.Obj().Name(), "UpsertOne") || strings.HasSuffix(n.Obj().Name(), "UpsertBulk"))
}

// entResolution says whether link l sets the conflict resolution of an
// ent upsert (resolves), and whether that resolution skips conflicting
// rows silently, with what names it in a diagnostic.
func (c *checker) entResolution(l chain.Link) (what string, silent, resolves bool) {
	switch name := l.Name(); {
	case name == "DoNothing":
		return "INSERT ... ON CONFLICT DO NOTHING (DoNothing())", true, true
	case name == "Ignore":
		return "INSERT ... ON CONFLICT DO UPDATE that changes nothing (Ignore())", true, true
	case name == "UpdateNewValues" || strings.HasPrefix(name, "Update") || strings.HasPrefix(name, "Set") && isUpsert(l.Func.Signature().Recv().Type()):
		return "", false, true
	case name == "OnConflict":
		// Options apply in order: the last resolution wins.
		for i := len(l.Call.Args) - 1; i >= 0; i-- {
			opt, ok := ast.Unparen(l.Call.Args[i]).(*ast.CallExpr)
			if !ok {
				return "", false, true // unknown
			}
			fn := typeFunc(c.pass.TypesInfo, opt)
			if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pathEntSQL {
				return "", false, true
			}
			switch fn.Name() {
			case "DoNothing":
				return "INSERT ... ON CONFLICT DO NOTHING (sql.DoNothing())", true, true
			case "ResolveWithIgnore":
				return "INSERT ... ON CONFLICT DO UPDATE that changes nothing (sql.ResolveWithIgnore())", true, true
			case "ConflictColumns", "ConflictConstraint", "ConflictWhere":
				continue // the target, not the resolution
			default:
				return "", false, true // ResolveWithNewValues, ResolveWith, UpdateWhere...
			}
		}
	}
	return "", false, false
}

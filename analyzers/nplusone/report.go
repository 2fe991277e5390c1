package nplusone

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
)

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// report emits the diagnostic for a round trip made per iteration of l.
func (c *checker) report(call *ast.CallExpr, r *reached, l *loop, goroutine, recursive bool) {
	if c.reported[call.Pos()] {
		return
	}
	c.reported[call.Pos()] = true

	what := c.callDescription(r)
	loopLine := c.line(l.node.Pos())
	related := []analysis.RelatedInformation{{Pos: l.node.Pos(), End: l.node.Pos() + token.Pos(len("for")), Message: "loop"}}
	var category, msg string
	switch {
	case l.outer != nil:
		category = CategoryRow
		msg = fmt.Sprintf("query per row: %s once per row of %s at line %d (loop at line %d)",
			what, l.outer.name, c.line(l.outerPos), loopLine)
		related = append(related, analysis.RelatedInformation{Pos: l.outerPos, Message: "outer query " + l.outer.name})
	case goroutine:
		category = CategoryGoroutine
		msg = fmt.Sprintf("query per goroutine: %s in a goroutine started once per %s (loop at line %d)", what, l.what, loopLine)
	case recursive:
		category = CategoryNode
		msg = fmt.Sprintf("query per node: %s, calling itself once per %s (loop at line %d)", what, l.what, loopLine)
	default:
		category = CategoryLoop
		msg = fmt.Sprintf("query in loop: %s once per %s (loop at line %d)", what, l.what, loopLine)
	}
	var fixes []analysis.SuggestedFix
	if fix(r.fact) == loadFix {
		var why string
		if goroutine || recursive {
			why = "the reads run in goroutines or recursive calls"
		} else {
			var fx *analysis.SuggestedFix
			if fx, why = c.loadFix(call, r, l); fx != nil {
				fixes = append(fixes, *fx)
			}
		}
		if why != "" && c.cfg.whyNoFix {
			related = append(related, analysis.RelatedInformation{Pos: call.Pos(), Message: "no fix: " + why})
		}
	}
	c.rep.Report(dbpass.Finding{
		Pos:            call.Pos(),
		End:            call.End(),
		Category:       category,
		Message:        msg + "; " + advice(r),
		Related:        related,
		SuggestedFixes: fixes,
	})
}

const loadFix = "load them at once with bulk.Load"

// advice is fix(r.fact), with the load named by the library that reads:
// rows gorm or bun read are loaded with the ORM, by bulkgorm.Load or
// bulkbun.Load, so that what it adds to a read still applies.
func advice(r *reached) string {
	f := fix(r.fact)
	if f != loadFix {
		return f
	}
	last := r.name
	if v := r.fact.Via; len(v) > 0 {
		last = v[len(v)-1]
	}
	switch {
	case strings.HasPrefix(last, "(*gorm.DB)."):
		return "load them at once with bulkgorm.Load"
	case strings.HasPrefix(last, "(*bun.SelectQuery)."):
		return "load them at once with bulkbun.Load"
	}
	return f
}

// reportRecursion reports a recursive call, outside any loop, of a
// function that queries: one query per node of the structure it walks.
func (c *checker) reportRecursion(call *ast.CallExpr, r *reached, fd *ast.FuncDecl) {
	if c.reported[call.Pos()] {
		return
	}
	c.reported[call.Pos()] = true
	related := []analysis.RelatedInformation{{Pos: fd.Name.Pos(), Message: "recursive function " + fd.Name.Name}}
	if c.cfg.whyNoFix && fix(r.fact) == loadFix {
		related = append(related, analysis.RelatedInformation{Pos: call.Pos(), Message: "no fix: a recursive walk, not a loop"})
	}
	c.rep.Report(dbpass.Finding{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: CategoryNode,
		Message: fmt.Sprintf("query per node: %s queries via %s and calls itself here once per node it walks; %s",
			r.name, c.path(r), strings.Replace(advice(r), " them at once", " each level of the tree at once", 1)),
		Related: related,
	})
}

// callDescription says what runs: "(*sqlx.DB).GetContext runs" or
// "(*store.Store).User runs a query via (*sql.DB).QueryRowContext".
func (c *checker) callDescription(r *reached) string {
	if r.direct {
		return r.name + " runs"
	}
	via := r.via()
	path := c.path(r)
	if r.impl != "" {
		return fmt.Sprintf("%s (implemented by %s) runs a query via %s", r.name, r.impl, path)
	}
	if len(via) == 1 && via[0] == "//bulklint:query" {
		return r.name + " (marked //bulklint:query) runs a query"
	}
	return fmt.Sprintf("%s runs a query via %s", r.name, path)
}

// fix names the runtime/bulk call that replaces the loop: by what the
// statement does when that is known (an INSERT ... RETURNING run with
// QueryRow is an insert, a DELETE deletes), else by the kind of call.
func fix(f *queryFact) string {
	if f.Verb == dbapi.VerbSelect && f.Writes {
		// The chain names a read; another path writes.
		return "load and write them at once (bulk.Load, then bulk.Insert, bulk.Upsert, bulk.Update or bulk.Delete)"
	}
	switch f.Verb {
	case dbapi.VerbInsert:
		return "insert them at once with bulk.Insert"
	case dbapi.VerbUpdate:
		return "update them at once with bulk.Update"
	case dbapi.VerbSave:
		return "write them at once with bulk.Upsert"
	case dbapi.VerbDelete:
		return "delete them at once with bulk.Delete"
	case dbapi.VerbSelect:
		return loadFix
	}
	switch f.Kind {
	case dbapi.Query, dbapi.QueryRow:
		return loadFix
	}
	return "write them at once with bulk.Insert, bulk.Upsert or bulk.Update"
}

// path is the chain below the callee, for messages, saying when it is
// one of several.
func (c *checker) path(r *reached) string {
	p := strings.Join(r.via(), " -> ")
	if r.fact.Several {
		p += " (one of several paths)"
	}
	return p
}

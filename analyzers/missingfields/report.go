package missingfields

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// report emits the diagnostic for w, which leaves out the missing columns.
func (c *checker) report(w *write, missing []*missed) {
	var fields []string
	var lines []int
	var related []analysis.RelatedInformation
	seen := map[ast.Node]bool{}
	for _, ms := range missing {
		fields = append(fields, fmt.Sprintf("%s (%s)", ms.col.FieldPath(), ms.col.Name))
		for _, mu := range ms.muts {
			if !seen[mu.node] {
				seen[mu.node] = true
				related = append(related, analysis.RelatedInformation{
					Pos: mu.node.Pos(), End: mu.node.End(),
					Message: "changed here: " + types.ExprString(exprOf(mu.node)),
				})
			}
		}
		if l := c.line(ms.muts[0].node.Pos()); !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	where := w.table
	if where == "" {
		where = describe(w)
	}
	was, col := "was", "column"
	if len(missing) > 1 {
		was, col = "were", "columns"
	}
	at := "line " + strconv.Itoa(lines[0])
	if len(lines) > 1 {
		strs := make([]string, len(lines))
		for i, l := range lines {
			strs[i] = strconv.Itoa(l)
		}
		at = "lines " + andList(strs)
	}
	via := ""
	if w.via != "" {
		via = " (through " + w.via + ")"
	}
	msg := fmt.Sprintf("update skips mutated fields: %s writes %s of %s%s but %s %s changed at %s and %s not written; add the %s, or write changed columns with bulk.Update and bulk.Track",
		w.name, writtenList(w), where, via, andList(fields), was, at, map[bool]string{false: "is", true: "are"}[len(missing) > 1], col)
	if w.upsert {
		msg = fmt.Sprintf("upsert skips mutated fields: %s updates only %s of existing rows of %s%s but %s %s changed at %s and %s lost for every row that exists; add the %s to the update list, or write them with bulk.Upsert (every column but the key by default)",
			w.name, writtenList(w), where, via, andList(fields), was, at, map[bool]string{false: "is", true: "are"}[len(missing) > 1], col)
	}
	d := dbpass.Finding{
		Pos:      w.call.Pos(),
		End:      w.call.End(),
		Category: CategoryMissing,
		Message:  msg,
		Related:  related,
	}
	if w.fix != nil {
		cols := make([]colmap.Column, len(missing))
		names := make([]string, len(missing))
		for i, ms := range missing {
			cols[i], names[i] = ms.col, ms.col.Name
		}
		if edits := w.fix(cols); len(edits) > 0 {
			var tes []analysis.TextEdit
			for _, e := range edits {
				tes = append(tes, analysis.TextEdit{Pos: e.pos, End: e.pos, NewText: []byte(e.text)})
			}
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "write " + andList(names) + " too",
				TextEdits: tes,
			}}
		}
	}
	c.rep.Report(d)
}

// exprOf returns the expression a mutation changes, for messages.
func exprOf(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case *ast.AssignStmt:
		return n.Lhs[0]
	case *ast.IncDecStmt:
		return n.X
	case *ast.CallExpr:
		return n.Fun
	case *ast.KeyValueExpr:
		return n.Key
	}
	return &ast.BadExpr{}
}

// writtenList names what w writes: "name, bio", or "all columns but email".
func writtenList(w *write) string {
	if w.desc != "" {
		return w.desc
	}
	if w.omit {
		return "every column but " + strings.Join(w.cols, ", ")
	}
	return strings.Join(w.cols, ", ")
}

// describe names the written value when the write names no table.
func describe(w *write) string {
	if w.value != nil {
		return types.ExprString(stripAddr(w.value))
	}
	return types.ExprString(w.reads[0].base)
}

func stripAddr(e ast.Expr) ast.Expr {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		return u.X
	}
	return e
}

// andList joins "a", "a and b", "a, b and c".
func andList(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// sqlFix returns a fix that adds ", col = :col" at the end of the SET
// list of an UPDATE written as one string literal, for a named statement.
// It offers nothing when the literal has escapes (offsets would not map)
// or comments, or when a column name is not a plain identifier.
func (c *checker) sqlFix(lit *ast.BasicLit) func([]colmap.Column) []textEdit {
	if lit.Kind != token.STRING {
		return nil
	}
	val, err := strconv.Unquote(lit.Value)
	if err != nil || val != lit.Value[1:len(lit.Value)-1] {
		return nil
	}
	off, ok := sqltext.SetListEnd(val)
	if !ok {
		return nil
	}
	pos := lit.Pos() + 1 + token.Pos(off)
	return func(missing []colmap.Column) []textEdit {
		var b strings.Builder
		for _, col := range missing {
			if !plainName(col.Name) {
				return nil
			}
			b.WriteString(", " + col.Name + " = :" + col.Name)
		}
		return []textEdit{{pos: pos, text: b.String()}}
	}
}

func plainName(s string) bool {
	for i, r := range s {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

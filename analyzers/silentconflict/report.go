package silentconflict

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
)

const fixAdvice = "use bulk.Insert with bulk.SkipConflicts to get the skipped rows back"

// report emits the diagnostic for a write whose outcome is ignored, if it
// is: a discarded error first, else a count never looked at.
func (c *checker) report(s *site, w *write, sh shape, out outcome) {
	if s.quiet {
		return
	}
	what := w.what
	if w.via != "" {
		what += " (through " + w.via + ")"
	}
	consequence, advice := "rows that conflict vanish without a trace", fixAdvice
	if w.lossless {
		// A skipped row loses nothing here (a seed, a copy, a key-only
		// row): what goes unseen is a write that fails.
		consequence, advice = "a failed write goes unnoticed, though a skipped row loses nothing here", "check the error"
	}
	if w.dataErrors {
		consequence += ", and IGNORE also turns invalid values and NOT NULL violations into warnings"
	}
	var d dbpass.Finding
	switch {
	case !out.errRead:
		d = dbpass.Finding{
			Category: CategoryError,
			Message: fmt.Sprintf("ignored conflict: %s runs %s and %s; %s; %s",
				w.name, what, errFact(sh.kind), consequence, advice),
		}
		if fix, ok := c.checkErrorFix(s, sh); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	case out.count < countRead && !w.lossless:
		d = dbpass.Finding{
			Category: CategoryCount,
			Message: fmt.Sprintf("uncounted conflict: %s runs %s and %s; %s; %s",
				w.name, what, countFact(sh.kind, out.count), consequence, fixAdvice),
		}
	default:
		return
	}
	d.Pos, d.End = s.call.Pos(), s.call.End()
	d.Related = w.related
	c.rep.Report(d)
}

// errFact says how the error is ignored.
func errFact(kind countKind) string {
	if kind == rowScan {
		return "the error of its Scan is discarded"
	}
	return "its error is discarded"
}

// countFact says how the count of rows written is ignored.
func countFact(kind countKind, use countUse) string {
	switch kind {
	case gormDB:
		if use == countUnread {
			return "the value of its RowsAffected is never used"
		}
		return "its RowsAffected is never read"
	case commandTag:
		switch use {
		case countDropped:
			return "its pgconn.CommandTag is dropped"
		case countNoCall:
			return "RowsAffected is never called on its pgconn.CommandTag"
		}
	default:
		switch use {
		case countDropped:
			return "its sql.Result is dropped"
		case countNoCall:
			return "RowsAffected is never called on its sql.Result"
		}
	}
	return "the count RowsAffected returns is never used"
}

// checkErrorFix returns a fix that keeps the error of a write whose
// results are discarded whole, and returns it from the enclosing function
// when that function returns an error last and zero values for the rest:
//
//	db.ExecContext(ctx, q)   =>   if _, err := db.ExecContext(ctx, q); err != nil {
//	                                  return 0, err
//	                              }
//
// Rows written stay written; only a failure, which went unnoticed, now
// stops the function.
func (c *checker) checkErrorFix(s *site, sh shape) (analysis.SuggestedFix, bool) {
	if s.stmt == nil || s.fn == nil || sh.err < 0 || sh.kind == rowScan {
		return analysis.SuggestedFix{}, false
	}
	sig := s.fn
	if sig.Results().Len() == 0 {
		return analysis.SuggestedFix{}, false
	}
	res := sig.Results()
	if !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return analysis.SuggestedFix{}, false
	}
	ret := make([]string, 0, res.Len())
	for i := 0; i < res.Len()-1; i++ {
		z, ok := c.zero(res.At(i).Type(), s.file)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		ret = append(ret, z)
	}
	ret = append(ret, "err")

	var head, tail string
	if sh.kind == gormDB {
		head, tail = "if err := ", ".Error; err != nil {"
	} else {
		n := c.pass.TypesInfo.TypeOf(s.call)
		lhs := []string{"err"}
		if tup, ok := n.(*types.Tuple); ok {
			lhs = make([]string, tup.Len())
			for i := range lhs {
				lhs[i] = "_"
			}
			lhs[sh.err] = "err"
		}
		head, tail = "if "+strings.Join(lhs, ", ")+" := ", "; err != nil {"
	}
	indent, ok := c.indent(s.stmt.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	tail += "\n" + indent + "\treturn " + strings.Join(ret, ", ") + "\n" + indent + "}"
	return analysis.SuggestedFix{
		Message: "check the error and return it",
		TextEdits: []analysis.TextEdit{
			{Pos: s.stmt.Pos(), End: s.call.Pos(), NewText: []byte(head)},
			{Pos: s.call.End(), End: s.stmt.End(), NewText: []byte(tail)},
		},
	}, true
}

// indent returns the white space that starts the line of pos, which the
// lines the fix adds repeat: columns count bytes, so a comment or non-ASCII
// text before the statement must not turn into tabs.
func (c *checker) indent(pos token.Pos) (string, bool) {
	tf := c.pass.Fset.File(pos)
	if tf == nil || c.pass.ReadFile == nil {
		return "", false
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return "", false
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end]), true
}

// zero returns the zero value of t as written in file f.
func (c *checker) zero(t types.Type, f *ast.File) (string, bool) {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return "", false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	case *types.Struct, *types.Array:
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.TypeArgs().Len() > 0 {
			return "", false
		}
		pkg := n.Obj().Pkg()
		if pkg == c.pass.Pkg {
			return n.Obj().Name() + "{}", true
		}
		if name, ok := c.importName(f, pkg); ok {
			return name + "." + n.Obj().Name() + "{}", true
		}
	}
	return "", false
}

// importName returns the name file f refers to pkg by, if it imports it.
func (c *checker) importName(f *ast.File, pkg *types.Package) (string, bool) {
	for _, spec := range f.Imports {
		var obj types.Object
		if spec.Name != nil {
			obj = c.pass.TypesInfo.Defs[spec.Name]
		} else {
			obj = c.pass.TypesInfo.Implicits[spec]
		}
		if pn, ok := obj.(*types.PkgName); ok && pn.Imported() == pkg && pn.Name() != "_" && pn.Name() != "." {
			return pn.Name(), true
		}
	}
	return "", false
}

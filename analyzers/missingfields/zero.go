package missingfields

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
)

// gormZeroWrite completes w, a gorm Updates given a struct without
// Select or Omit: gorm writes its non-zero fields only.
func (c *checker) gormZeroWrite(w *write, arg ast.Expr) *write {
	if !isStruct(c.pass.TypesInfo.TypeOf(arg)) {
		return nil
	}
	w.skipsZero = true
	w.value = arg
	if lit, ok := stripAddr(arg).(*ast.CompositeLit); ok {
		w.literal = lit
	}
	return w
}

// isStruct reports whether t is a struct or a pointer to one.
func isStruct(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// lostChange is a column whose last change before a skipsZero write is
// not saved, and why.
type lostChange struct {
	col    colmap.Column
	mu     *mutation
	reason string // "set to false", "decreased", ...
}

// checkZero reports w, a write of the non-zero fields of a struct, when
// the last change of a field before it may leave the field zero, or when
// it changes a field the write leaves out whatever its value.
func (c *checker) checkZero(fn *funcInfo, w *write) {
	m, err := colmap.Of(w.lib, c.pass.TypesInfo.TypeOf(w.value))
	if err != nil {
		return
	}
	var muts []*mutation
	var k *kills
	var rt root
	if w.literal != nil {
		muts = c.literalChanges(w.literal)
	} else {
		r, ok := c.refOf(w.value)
		if !ok || r.elem && r.idx == "" {
			return
		}
		rt = root{ref: r, before: w.call.Pos()}
		rt.aliases = fn.aliasesOf(r)
		anc := map[ast.Node]bool{}
		for n := ast.Node(w.call); n != nil; n = fn.parent(n) {
			anc[n] = true
		}
		if lit := c.definedBy(r, w.call); lit != nil && reaches(fn, lit, anc) {
			muts = c.literalChanges(lit) // v := T{...}: its keyed fields
		}
		for _, mu := range fn.candidates([]root{rt}) {
			if _, ok := matchRoot(mu, []root{rt}); ok && reaches(fn, mu.node, anc) {
				muts = append(muts, mu)
			}
		}
		k = &kills{fn: fn, w: w, mentions: map[mention]bool{}, uses: map[*types.Var][]*ast.CallExpr{}}
	}
	// The last change of each column before the write decides.
	last := map[string]*mutation{}
	var order []colmap.Column
	for _, mu := range muts {
		for _, path := range mu.paths {
			for _, col := range columnsOf(m, path) {
				if _, seen := last[col.Name]; !seen {
					order = append(order, col)
				}
				last[col.Name] = mu
			}
		}
	}
	var lost []lostChange
	for _, col := range order {
		mu := last[col.Name]
		reason, ok := c.lost(w, col, mu)
		if !ok || k != nil && c.killed(k, mu, col, rt) {
			continue
		}
		lost = append(lost, lostChange{col: col, mu: mu, reason: reason})
	}
	if len(lost) > 0 {
		c.reportZero(w, lost)
	}
}

// definedBy returns the struct literal the local variable of r is given
// in its one whole write (v := T{...}, v := &T{...}, var v = T{...}),
// before call, or nil.
func (c *checker) definedBy(r ref, call *ast.CallExpr) *ast.CompositeLit {
	if r.elem {
		return nil
	}
	ws := c.chains.Writes(r.v)
	if ws == nil || len(ws.List) != 1 || ws.List[0].Rhs == nil || ws.List[0].Rhs.Pos() >= call.Pos() {
		return nil
	}
	lit, ok := stripAddr(ws.List[0].Rhs).(*ast.CompositeLit)
	if !ok || !isStruct(c.pass.TypesInfo.TypeOf(lit)) {
		return nil
	}
	return lit
}

// literalChanges returns the keyed fields of a struct literal as changes.
func (c *checker) literalChanges(lit *ast.CompositeLit) []*mutation {
	var out []*mutation
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			return nil
		}
		f, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || !f.IsField() {
			return nil
		}
		out = append(out, &mutation{node: kv, paths: [][]*types.Var{{f}}, tok: token.ASSIGN, rhs: kv.Value})
	}
	return out
}

// lost reports whether the change mu of col is not saved by w, a write of
// the non-zero fields, and why. The line is drawn so that a finding is
// sure or close to it: a field the write leaves out whatever its value
// (omitted; an xorm bool without UseBool), a zero constant (false, 0, "",
// nil, T{}), a bool set from a value (it may be false), and a number
// decreased with -=. A number or string set from a variable is not
// reported: its zero is rarely an ordinary value.
func (c *checker) lost(w *write, col colmap.Column, mu *mutation) (string, bool) {
	if col.PrimaryKey || !col.Updatable || col.AutoUpdated && !w.noAutoTime {
		return "", false
	}
	if w.lib == colmap.GORM && col.Name == "updated_at" && col.Field().Name() == "UpdatedAt" {
		return "", false
	}
	if w.namedIn(w.must, col) {
		return "", false
	}
	if w.namedIn(w.cols, col) {
		return "changed but omitted", true
	}
	t := col.Field().Type()
	isBool := isBasic(t, types.IsBoolean)
	leaf := len(mu.paths) == 1 && mu.paths[0][len(mu.paths[0])-1] == col.Field()
	if w.skipsBool && isBool {
		return "changed (xorm writes no bool field without UseBool)", true
	}
	if !leaf || mu.rhs == nil {
		if lit, ok := ast.Unparen(mu.rhs).(*ast.CompositeLit); ok && len(lit.Elts) == 0 && mu.tok == token.ASSIGN {
			return "set to the zero value", true
		}
		if mu.tok == token.SUB_ASSIGN && leaf && isBasic(t, types.IsNumeric) {
			return "decreased (it may reach 0)", true
		}
		return "", false
	}
	switch mu.tok {
	case token.SUB_ASSIGN:
		if isBasic(t, types.IsNumeric) {
			return "decreased (it may reach 0)", true
		}
	case token.ASSIGN:
		tv := c.pass.TypesInfo.Types[mu.rhs]
		switch {
		case tv.IsNil():
			return "set to nil", true
		case tv.Value != nil:
			if isZeroConst(tv.Value) {
				return "set to " + zeroText(tv.Value), true
			}
		case isEmptyLit(mu.rhs):
			return "set to the zero value", true
		case isBool:
			return "set to a bool that may be false", true
		}
	}
	return "", false
}

// namedIn reports whether names names col, by the write's library rules.
func (w *write) namedIn(names []string, col colmap.Column) bool {
	for _, n := range names {
		if strings.EqualFold(n, col.Name) || n == col.Field().Name() ||
			w.lib == colmap.XORM && colmap.SameXormName(n, col.Name) {
			return true
		}
	}
	return false
}

func isBasic(t types.Type, info types.BasicInfo) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&info != 0
}

func isEmptyLit(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	return ok && len(lit.Elts) == 0
}

func isZeroConst(v constant.Value) bool {
	switch v.Kind() {
	case constant.Bool:
		return !constant.BoolVal(v)
	case constant.String:
		return constant.StringVal(v) == ""
	case constant.Int, constant.Float:
		return constant.Sign(v) == 0
	}
	return false
}

func zeroText(v constant.Value) string {
	switch v.Kind() {
	case constant.Bool:
		return "false"
	case constant.String:
		return `""`
	}
	return "0"
}

// reportZero emits the diagnostic for w, a write of the non-zero fields
// that does not save the changes in lost.
func (c *checker) reportZero(w *write, lost []lostChange) {
	slices.SortStableFunc(lost, func(a, b lostChange) int { return cmp.Compare(a.mu.node.Pos(), b.mu.node.Pos()) })
	var parts, names []string
	var related []analysis.RelatedInformation
	cols := make([]colmap.Column, len(lost))
	for i, l := range lost {
		parts = append(parts, fmt.Sprintf("%s (%s) %s at line %d", l.col.FieldPath(), l.col.Name, l.reason, c.line(l.mu.node.Pos())))
		names = append(names, l.col.Name)
		cols[i] = l.col
		related = append(related, analysis.RelatedInformation{
			Pos: l.mu.node.Pos(), End: l.mu.node.End(),
			Message: "changed here: " + types.ExprString(exprOf(l.mu.node)),
		})
	}
	what := "only the non-zero fields"
	if w.skipsBool {
		what += " and no bool field"
	}
	where := "of " + types.ExprString(stripAddr(w.value))
	if w.literal != nil {
		where = "of its " + types.ExprString(w.literal.Type) + " literal"
	}
	fix := "name the column with Select"
	if w.lib == colmap.XORM {
		fix = "name the column with MustCols or Cols"
	}
	change, them := "the change is", "it"
	if len(lost) > 1 {
		change, them = "the changes are", "them"
		fix = strings.Replace(fix, "column", "columns", 1)
	}
	name := w.name
	if w.via != "" {
		name += " (through " + w.via + ")"
	}
	msg := fmt.Sprintf("update skips zero values: %s writes %s %s, so %s not saved: %s; %s, or write %s with bulk.Update and bulk.Columns",
		name, what, where, change, andList(parts), fix, them)
	d := dbpass.Finding{
		Pos:      w.call.Pos(),
		End:      w.call.End(),
		Category: CategoryZero,
		Message:  msg,
		Related:  related,
	}
	if w.fix != nil {
		if edits := w.fix(cols); len(edits) > 0 {
			var tes []analysis.TextEdit
			for _, e := range edits {
				tes = append(tes, analysis.TextEdit{Pos: e.pos, End: e.pos, NewText: []byte(e.text)})
			}
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "write " + andList(names) + " whatever its value", TextEdits: tes}}
		}
	}
	c.rep.Report(d)
}

// mustColsFix returns a fix that inserts MustCols("col", ...) before the
// xorm Update that call runs: xorm then writes those columns whatever
// their value, and the rest as before. It offers nothing when a column's
// name could differ under xorm's mappers (initialisms).
func mustColsFix(call *ast.CallExpr) func([]colmap.Column) []textEdit {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	return func(missing []colmap.Column) []textEdit {
		var quoted []string
		for _, col := range missing {
			if !plainName(col.Name) || snakeName(col.Field().Name()) != col.Name {
				return nil
			}
			quoted = append(quoted, strconv.Quote(col.Name))
		}
		return []textEdit{{pos: sel.Sel.Pos(), text: "MustCols(" + strings.Join(quoted, ", ") + ")."}}
	}
}

// snakeName is xorm's SnakeMapper: an underscore before every upper-case
// letter but the first, all lower case.
func snakeName(s string) string {
	var b strings.Builder
	for i, r := range s {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

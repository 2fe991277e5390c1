package silentconflict

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// writeFact is exported for a function that returns the count of an
// ignore-conflict write it runs (its sql.Result, pgconn.CommandTag or
// *gorm.DB), and maybe its error: a helper that hands the outcome to its
// caller. The caller is then checked as if it ran the write itself.
type writeFact struct {
	What       string // what the write runs, as in write.what
	Via        string // the database call inside: (*sql.DB).ExecContext
	DataErrors bool
	Lossless   bool // a skipped row loses nothing: the count need not be read
	Err        int  // index of the result that returns the error, -1 if none
	Count      int  // index of the result that returns the count, -1 if none
	Kind       countKind
	// Dropped is set for a generated function that drops the count of
	// the write it runs and returns only its error (sqlc's :exec); Count
	// is then -1 and Query names the sqlc query, if it is one.
	Dropped bool
	Query   string
}

func (*writeFact) AFact() {}

func (f *writeFact) String() string {
	s := fmt.Sprintf("silentconflict(%s via %s; err %d, count %d", f.What, f.Via, f.Err, f.Count)
	if f.Lossless {
		s += "; lossless"
	}
	if f.Dropped {
		s += "; count dropped"
		if f.Query != "" {
			s += " by " + f.Query
		}
	}
	return s + ")"
}

// ssaCall is a call of this package that runs an ignore-conflict write or
// a helper that returns the outcome of one.
type ssaCall struct {
	fn   *ssa.Function
	call *ssa.Call
}

// checkOutcomes follows the outcome of each write and helper call, exports
// facts for the helpers, and reports the writes whose outcome is ignored.
func (c *checker) checkOutcomes(res *buildssa.SSA) {
	var calls []ssaCall
	for _, fn := range res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok && c.sites[call.Pos()] != nil {
					calls = append(calls, ssaCall{fn, call})
				}
			}
		}
	}
	// A helper may return the outcome of another helper of this package:
	// repeat until no new helper is found.
	for changed := true; changed; {
		changed = false
		for _, sc := range calls {
			w, sh := c.resolve(sc.call)
			if w == nil {
				continue
			}
			out := outcomeOf(sc.call, sh)
			if c.addHelper(sc.fn, sc.call, w, sh, out) {
				changed = true
			}
		}
	}
	for obj, f := range c.local {
		c.pass.ExportObjectFact(obj, f)
	}
	for _, sc := range calls {
		if w, sh := c.resolve(sc.call); w != nil {
			c.report(c.sites[sc.call.Pos()], w, sh, outcomeOf(sc.call, sh))
		}
	}
}

// resolve returns the write call runs, directly or through a helper, and
// where its results carry the error and the count.
func (c *checker) resolve(call *ssa.Call) (*write, shape) {
	if w := c.writes[call.Pos()]; w != nil {
		sh := shapeOf(call.Call.Signature())
		if w.row && sh.err < 0 {
			sh = shape{err: 0, count: -1, kind: rowScan}
		}
		return w, sh
	}
	callee := call.Call.StaticCallee()
	if callee == nil {
		return nil, shape{}
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return nil, shape{}
	}
	obj = obj.Origin()
	f := c.local[obj]
	if f == nil {
		f = c.importedFact(obj)
	}
	if f == nil {
		return nil, shape{}
	}
	w := &write{name: dbapi.FuncName(obj), what: f.What, via: f.Via, dataErrors: f.DataErrors, lossless: f.Lossless,
		dropped: f.Dropped, query: f.Query}
	if inner := c.localWrite[obj]; inner != nil {
		w.related = []analysis.RelatedInformation{{Pos: inner.Pos(), End: inner.End(), Message: "the write inside " + obj.Name()}}
	}
	return w, shape{err: f.Err, count: f.Count, kind: f.Kind}
}

// importedFact returns the fact of a function of another package, or nil.
func (c *checker) importedFact(obj *types.Func) *writeFact {
	if obj.Pkg() == c.pass.Pkg {
		return nil
	}
	f, ok := c.imported[obj]
	if !ok {
		f = new(writeFact)
		if !c.pass.ImportObjectFact(obj, f) {
			f = nil
		}
		c.imported[obj] = f
	}
	return f
}

// addHelper records a fact for fn if it returns the outcome of w, and
// reports whether the fact is new.
func (c *checker) addHelper(fn *ssa.Function, call *ssa.Call, w *write, sh shape, out outcome) bool {
	dropped := c.dropsCount(call, w, sh, out)
	if !dropped && (out.retCount < 0 || sh.count < 0) {
		return false // the count stays inside: the write is checked there
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || c.local[obj] != nil {
		return false // function literals are not called by name
	}
	via := w.via
	if via == "" {
		via = w.name
	}
	f := &writeFact{What: w.what, Via: via, DataErrors: w.dataErrors, Lossless: w.lossless, Err: out.retErr, Count: out.retCount, Kind: sh.kind}
	if dropped {
		f.Count, f.Kind, f.Dropped, f.Query = -1, noCount, true, w.query
	}
	c.local[obj] = f
	// The write inside, for the reports at calls of this helper.
	if inner := c.sites[call.Pos()]; inner != nil {
		c.localWrite[obj] = inner.call
	}
	return true
}

// dropsCount reports whether call, a write in a generated file, drops
// the count of a write whose count matters and hands only its error to
// the caller of its function (sqlc's :exec): the caller is then told, at
// its call, that it cannot count what was skipped.
func (c *checker) dropsCount(call *ssa.Call, w *write, sh shape, out outcome) bool {
	s := c.sites[call.Pos()]
	return s != nil && s.generated && c.writes[call.Pos()] == w && !w.lossless &&
		sh.count >= 0 && out.retCount < 0 && out.count < countRead && out.retErr >= 0
}

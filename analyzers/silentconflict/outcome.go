package silentconflict

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// This file follows the results of a write through SSA: is its error read,
// is the count of rows it wrote looked at, or do they flow somewhere the
// analyzer cannot follow. "Read" means the value influences something: a
// branch, a call, a return, a store, a send. A value only combined into
// other values that are themselves never used (n, _ := res.RowsAffected();
// _ = n) influences nothing. Each walk visits a value at most once.

// countKind is the type of the result that carries a write's row count.
type countKind uint8

const (
	noCount    countKind = iota
	sqlResult            // database/sql.Result: RowsAffected() (int64, error)
	commandTag           // pgconn.CommandTag: RowsAffected() int64, String()
	gormDB               // *gorm.DB: the Error and RowsAffected fields
	rowScan              // one row (*sql.Row, pgx.Row): the error comes out of Scan
)

// shape says which results of a call carry the error and the count.
type shape struct {
	err, count int // result indices, -1 if absent
	kind       countKind
}

// shapeOf finds the error and the count among the results of sig.
func shapeOf(sig *types.Signature) shape {
	sh := shape{err: -1, count: -1}
	res := sig.Results()
	for i := 0; i < res.Len(); i++ {
		t := res.At(i).Type()
		switch {
		case types.Identical(t, types.Universe.Lookup("error").Type()):
			sh.err = i
		case isNamed(t, dbapi.PathSQL, "Result"):
			sh.count, sh.kind = i, sqlResult
		case isNamed(t, dbapi.PathPGConn, "CommandTag"):
			sh.count, sh.kind = i, commandTag
		case isPointerTo(t, dbapi.PathGorm, "DB"):
			sh.err, sh.count, sh.kind = i, i, gormDB
		}
	}
	return sh
}

func isNamed(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path && n.Obj().Name() == name
}

func isPointerTo(t types.Type, path, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(p.Elem(), path, name)
}

// countUse says how far a write's count is looked at, from least to most.
type countUse uint8

const (
	countDropped countUse = iota // the value that carries it is not used
	countNoCall                  // that value is used, its count never asked for
	countUnread                  // the count is asked for, its value unused
	countRead                    // the count influences something
	countEscapes                 // the value flows where the analyzer cannot follow
)

// outcome is what becomes of a write's results.
type outcome struct {
	errRead bool // the error is read, or there is none (MustExec panics)
	count   countUse
	// retErr and retCount are the indices of the results of the function
	// running the write that return its error and its count, -1 if none.
	retErr, retCount int
}

// outcomeOf follows the results of call, whose results have shape sh.
func outcomeOf(call *ssa.Call, sh shape) outcome {
	out := outcome{errRead: sh.err < 0, count: countEscapes, retErr: -1, retCount: -1}
	if sh.count >= 0 {
		out.count = countDropped
	}
	if sh.kind == rowScan {
		out.errRead = rowErrRead(call)
		return out
	}
	for _, v := range results(call, sh.err) {
		if sh.kind != gormDB && influences(v) {
			out.errRead = true
		}
		if i := returnIndex(v); i >= 0 {
			out.retErr = i
		}
	}
	for _, v := range results(call, sh.count) {
		var use countUse
		switch sh.kind {
		case gormDB:
			var errRead bool
			errRead, use = gormUse(v)
			out.errRead = out.errRead || errRead
		default:
			use = resultUse(v, sh.kind)
		}
		out.count = max(out.count, use)
		if i := returnIndex(v); i >= 0 {
			out.retCount = i
		}
	}
	if sh.kind == gormDB && out.retCount >= 0 {
		out.retErr = out.retCount
	}
	return out
}

// results returns the values of the i-th result of call: the call itself
// for a single result, else the extractions of that index.
func results(call *ssa.Call, i int) []ssa.Value {
	if i < 0 {
		return nil
	}
	if call.Call.Signature().Results().Len() == 1 {
		return []ssa.Value{call}
	}
	var vs []ssa.Value
	for _, r := range referrers(call) {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == i {
			vs = append(vs, ex)
		}
	}
	return vs
}

func referrers(v ssa.Value) []ssa.Instruction {
	if refs := v.Referrers(); refs != nil {
		return *refs
	}
	return nil
}

// influences reports whether v influences anything: whether, through
// instructions that only compute values, it reaches one with an effect.
func influences(v ssa.Value) bool {
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Phi, *ssa.BinOp, *ssa.UnOp, *ssa.Convert, *ssa.ChangeType, *ssa.ChangeInterface,
				*ssa.MakeInterface, *ssa.Extract, *ssa.Field, *ssa.Index, *ssa.Slice, *ssa.TypeAssert,
				*ssa.MultiConvert, *ssa.SliceToArrayPointer:
				if val := r.(ssa.Value); !seen[val] {
					seen[val] = true
					work = append(work, val)
				}
			default:
				return true
			}
		}
	}
	return false
}

// resultUse follows an sql.Result or a pgconn.CommandTag.
func resultUse(v ssa.Value, kind countKind) countUse {
	use := countDropped
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Phi, *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.TypeAssert:
				if val := r.(ssa.Value); !seen[val] {
					seen[val] = true
					work = append(work, val)
				}
			case *ssa.BinOp:
				use = max(use, countNoCall) // res != nil says nothing of the count
			case *ssa.Call:
				method, onV := methodOn(r.Common(), v)
				if !onV {
					return countEscapes // passed on
				}
				if !countMethod(kind, method) {
					use = max(use, countNoCall) // LastInsertId, Insert()...
					continue
				}
				idx := -1
				if r.Call.Signature().Results().Len() > 1 {
					idx = 0
				}
				if valueInfluences(r, idx) {
					return countRead
				}
				use = max(use, countUnread)
			default:
				return countEscapes // returned, stored, sent, captured
			}
		}
	}
	return use
}

// countMethod reports whether method tells the count of rows written.
func countMethod(kind countKind, method string) bool {
	switch kind {
	case sqlResult:
		return method == "RowsAffected"
	case commandTag:
		return method == "RowsAffected" || method == "String"
	}
	return false
}

// methodOn returns the name of the method that common calls on v, and
// whether v is its receiver.
func methodOn(common *ssa.CallCommon, v ssa.Value) (string, bool) {
	if common.IsInvoke() {
		return common.Method.Name(), common.Value == v
	}
	if fn := common.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(common.Args) > 0 && common.Args[0] == v {
		for _, a := range common.Args[1:] {
			if a == v {
				return "", false
			}
		}
		return fn.Name(), true
	}
	return "", false
}

// valueInfluences reports whether result idx of call (or the call's value
// when idx < 0) influences anything.
func valueInfluences(call *ssa.Call, idx int) bool {
	if idx < 0 {
		return influences(call)
	}
	for _, v := range results(call, idx) {
		if influences(v) {
			return true
		}
	}
	return false
}

// gormUse follows the *gorm.DB a gorm finisher returns: its Error and
// RowsAffected fields are the error and the count.
func gormUse(v ssa.Value) (errRead bool, use countUse) {
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Phi, *ssa.ChangeType, *ssa.MakeInterface:
				if val := r.(ssa.Value); !seen[val] {
					seen[val] = true
					work = append(work, val)
				}
			case *ssa.FieldAddr:
				read := false
				for _, l := range referrers(r) {
					if load, ok := l.(*ssa.UnOp); ok && influences(load) {
						read = true
					}
				}
				switch fieldName(r) {
				case "Error":
					errRead = errRead || read
				case "RowsAffected":
					if read {
						use = max(use, countRead)
					} else {
						use = max(use, countUnread)
					}
				default:
					use = max(use, countNoCall)
				}
			case *ssa.BinOp:
				use = max(use, countNoCall)
			default:
				return true, countEscapes // chained, passed on, returned, stored
			}
		}
	}
	return errRead, use
}

func fieldName(fa *ssa.FieldAddr) string {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	s, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= s.NumFields() {
		return ""
	}
	return s.Field(fa.Field).Name()
}

// returnIndex returns the index of the result v is returned at by its
// function, directly or through phi nodes, or -1.
func returnIndex(v ssa.Value) int {
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range referrers(v) {
			switch r := r.(type) {
			case *ssa.Phi:
				if !seen[r] {
					seen[r] = true
					work = append(work, r)
				}
			case *ssa.Return:
				for i, x := range r.Results {
					if x == v {
						return i
					}
				}
			}
		}
	}
	return -1
}

// rowErrRead reports whether the error of a one-row query is read: the
// result of a Scan (or Err) called on the row influences something, or the
// row flows where the analyzer cannot follow it.
func rowErrRead(v ssa.Value) bool {
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Phi, *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface:
				if val := r.(ssa.Value); !seen[val] {
					seen[val] = true
					work = append(work, val)
				}
			case *ssa.Call:
				method, onV := methodOn(r.Common(), v)
				if !onV {
					return true // passed on
				}
				switch method {
				case "Scan", "StructScan", "MapScan", "SliceScan", "Err":
					if influences(r) {
						return true
					}
				}
			default:
				return true // returned, stored
			}
		}
	}
	return false
}

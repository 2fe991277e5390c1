package silentconflict

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// This file tells a count that checks something from one that is only
// logged: tag.RowsAffected() handed to a log or metrics call, and to
// nothing else, leaves the function as it is whether the row was written
// or skipped.

// logPaths are the import paths of logging, metrics and tracing packages:
// a call of a function or method of theirs records a value and decides
// nothing. A package of the program whose name is one of
// logNames (github.com/navidrome/navidrome/log) counts too.
var logPaths = map[string]bool{
	"log":                                            true,
	"log/slog":                                       true,
	"go.uber.org/zap":                                true,
	"go.uber.org/zap/zapcore":                        true,
	"github.com/sirupsen/logrus":                     true,
	"github.com/rs/zerolog":                          true,
	"github.com/rs/zerolog/log":                      true,
	"github.com/go-kit/log":                          true,
	"github.com/go-logr/logr":                        true,
	"k8s.io/klog/v2":                                 true,
	"github.com/charmbracelet/log":                   true,
	"github.com/labstack/gommon/log":                 true,
	"github.com/prometheus/client_golang/prometheus": true,
	"go.opentelemetry.io/otel/attribute":             true,
	"go.opentelemetry.io/otel/metric":                true,
	"go.opentelemetry.io/otel/trace":                 true,
}

var logNames = map[string]bool{"log": true, "logger": true, "logging": true, "logs": true, "metrics": true}

// fmtPrint are the functions of fmt that print: logging by another name.
var fmtPrint = map[string]bool{
	"Print": true, "Printf": true, "Println": true,
	"Fprint": true, "Fprintf": true, "Fprintln": true,
}

// fmtFormat are the functions of fmt and strconv whose result is only
// the text of their arguments: followed like the value itself.
var fmtFormat = map[string]bool{
	"Sprint": true, "Sprintf": true, "Sprintln": true,
	"Itoa": true, "FormatInt": true, "FormatUint": true,
}

type callKind uint8

const (
	callOther  callKind = iota // may decide anything with the value
	callLog                    // records it
	callFormat                 // turns it into text
)

// classify says what a call does with its arguments.
func classify(common *ssa.CallCommon) callKind {
	var pkg *types.Package
	var name string
	if common.IsInvoke() {
		pkg, name = common.Method.Pkg(), common.Method.Name()
		if n, ok := types.Unalias(common.Value.Type()).(*types.Named); ok {
			pkg = n.Obj().Pkg()
		}
	} else if fn := common.StaticCallee(); fn != nil {
		name = fn.Name()
		if fn.Pkg != nil {
			pkg = fn.Pkg.Pkg
		} else if o := fn.Object(); o != nil {
			pkg = o.Pkg()
		}
	}
	if pkg == nil {
		return callOther
	}
	p := pkg.Path()
	switch {
	case p == "fmt" && fmtPrint[name]:
		return callLog
	case (p == "fmt" || p == "strconv") && fmtFormat[name]:
		return callFormat
	case logPaths[p] || logNames[pkg.Name()] && !strings.HasPrefix(p, "golang.org/"):
		return callLog
	}
	return callOther
}

// countSinks says where a count, the value RowsAffected returned, goes:
// countRead when it reaches a branch, a return, a store or a call that may
// decide something with it; countLogged when it only reaches log and
// metrics calls; countUnread when it reaches nothing.
func countSinks(v ssa.Value) countUse {
	use := countUnread
	seen := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	follow := func(val ssa.Value) {
		if !seen[val] {
			seen[val] = true
			work = append(work, val)
		}
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Phi, *ssa.BinOp, *ssa.UnOp, *ssa.Convert, *ssa.ChangeType, *ssa.ChangeInterface,
				*ssa.MakeInterface, *ssa.Extract, *ssa.Field, *ssa.Index, *ssa.Slice, *ssa.TypeAssert,
				*ssa.MultiConvert, *ssa.SliceToArrayPointer:
				follow(r.(ssa.Value))
			case *ssa.Store:
				// A slot of the array a variadic call's arguments are
				// passed in: follow the slice to the call.
				s, ok := varargs(r)
				if !ok {
					return countRead
				}
				follow(s)
			case *ssa.Call:
				switch classify(r.Common()) {
				case callLog:
					use = countLogged
					follow(r) // zerolog's Int64 returns the event: followed to Msg
				case callFormat:
					follow(r)
				default:
					return countRead
				}
			default:
				return countRead // a branch, a return, a send, a store elsewhere
			}
		}
	}
	return use
}

// varargs returns the slice a store of v into a variadic call's argument
// array is passed as (t1 = new [1]any (varargs); *&t1[0] = v; t1[:]), or
// false when the store is anything else.
func varargs(st *ssa.Store) (ssa.Value, bool) {
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return nil, false
	}
	alloc, ok := ia.X.(*ssa.Alloc)
	if !ok || alloc.Comment != "varargs" {
		return nil, false
	}
	var slice ssa.Value
	for _, r := range referrers(alloc) {
		switch r := r.(type) {
		case *ssa.IndexAddr:
		case *ssa.Slice:
			if slice != nil {
				return nil, false
			}
			slice = r
		default:
			return nil, false
		}
	}
	return slice, slice != nil
}

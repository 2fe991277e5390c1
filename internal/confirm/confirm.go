// Package confirm joins bulklint's static nplusone findings with the N+1
// queries runtime/queryguard saw while the program's tests (or requests,
// or jobs) ran: bulklint -confirmed=FILE_OR_DIR.
//
// # Matching
//
// A guard's N+1 has a call path: the call site (the first frame of the
// program outside database/sql, the drivers, the ORMs and runtime/bulk),
// then its callers. A static finding points at the call that runs once
// per element: the query itself, or the call of a function that queries
// ((*Store).Customer inside the loop). The finding is confirmed when one
// frame of the path is a line of that call: the same file, and a line from
// the call's first to its last. Matching the call rather than the whole
// loop keeps two queries in one loop apart.
//
// Files are the same when their absolute names are, or, for observations
// recorded in another checkout (CI), when the recorded name ends with the
// finding's path relative to the repository root, or the package and base
// name agree.
//
// # What it changes
//
// A confirmed finding gets a [findings.Confirmation]: the most runs in one
// scope, and the scopes. An N+1 no nplusone finding covers becomes a
// finding of its own, analyzer "queryguard", category
// "runtime-n-plus-one", at the frame inside the loop (or the call site if
// no loop was found), with the call site and the loop as related
// positions: what the static analysis missed on this code.
package confirm

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/internal/findings"
	"github.com/bulklint/bulklint/internal/fingerprint"
	"github.com/bulklint/bulklint/internal/observation"
)

// Category is the category of an N+1 that only the guard saw.
const Category = "runtime-n-plus-one"

// URL documents the guard and the link.
const URL = "https://github.com/bulklint/bulklint/blob/main/docs/queryguard.md"

// Analyzer describes runtime findings for SARIF's rules; it never runs.
var Analyzer = &analysis.Analyzer{
	Name: "queryguard",
	Doc: `queryguard: N+1 queries seen at run time by runtime/queryguard

bulklint -confirmed reads what runtime/queryguard observed while tests ran
and reports each N+1 that no static nplusone finding covers.

# Categories

  - runtime-n-plus-one: a statement ran once per element at run time, and
    the static analysis has no finding on its call path.`,
	URL: URL,
	Run: func(*analysis.Pass) (any, error) { return nil, nil },
}

// Apply confirms the nplusone findings of fs that the observations in files
// cover, and returns fs with a finding for each observed N+1 that none
// covers, sorted. root is the repository root, as for findings.Collect.
func Apply(fs []findings.Finding, files []observation.File, root string) []findings.Finding {
	type seen struct {
		g     observation.Group
		scope string
	}
	runtimeOnly := make(map[string]*findings.Finding) // fingerprint and position
	var order []string
	for _, file := range files {
		for _, g := range file.NPlusOne {
			matched := false
			for i := range fs {
				f := &fs[i]
				if f.Analyzer != "nplusone" || !covers(f, g.Stack, root) {
					continue
				}
				matched = true
				confirm(f, g.Count, file.Scope)
			}
			if matched || len(g.Stack) == 0 {
				continue
			}
			at := g.Stack[0]
			if g.LoopAt >= 0 && g.LoopAt < len(g.Stack) {
				at = g.Stack[g.LoopAt]
			}
			key := fmt.Sprintf("%s\x00%s:%d", g.Fingerprint, at.File, at.Line)
			f := runtimeOnly[key]
			if f == nil {
				f = newFinding(g, at, root)
				runtimeOnly[key] = f
				order = append(order, key)
			}
			confirm(f, g.Count, file.Scope)
		}
	}
	out := slices.Clone(fs)
	for _, k := range order {
		out = append(out, *runtimeOnly[k])
	}
	findings.Sort(out)
	return out
}

func confirm(f *findings.Finding, count int, scope string) {
	if f.Confirmed == nil {
		f.Confirmed = &findings.Confirmation{}
	}
	f.Confirmed.Count = max(f.Confirmed.Count, count)
	if i, found := slices.BinarySearch(f.Confirmed.Scopes, scope); !found {
		f.Confirmed.Scopes = slices.Insert(f.Confirmed.Scopes, i, scope)
	}
}

// covers reports whether a frame of stack is a line of f's call.
func covers(f *findings.Finding, stack []observation.Frame, root string) bool {
	last := max(f.End.Line, f.Pos.Line)
	for _, fr := range stack {
		if fr.Line >= f.Pos.Line && fr.Line <= last && sameFile(f, fr) {
			return true
		}
	}
	return false
}

func sameFile(f *findings.Finding, fr observation.Frame) bool {
	name := filepath.ToSlash(fr.File)
	switch {
	case fr.File == f.Pos.Filename:
		return true
	case f.Pos.Path != "" && strings.HasSuffix(name, "/"+f.Pos.Path):
		return true
	}
	pkg, _, _ := strings.Cut(f.Package, " ")
	return fr.Package != "" && fr.Package == pkg && filepath.Base(fr.File) == filepath.Base(f.Pos.Filename)
}

// newFinding is the finding of an N+1 that no static finding covers.
func newFinding(g observation.Group, at observation.Frame, root string) *findings.Finding {
	file := localFile(at.File, root)
	fn := funcName(at)
	msg := fmt.Sprintf("query per element at run time: %s runs once per element", shortQuery(g.Query))
	if at != g.Stack[0] {
		msg += " via " + funcName(g.Stack[0])
	}
	if g.Loop != nil {
		msg += fmt.Sprintf(" (loop at line %d)", g.Loop.Line)
	}
	msg += "; " + observation.Fix(g.Fingerprint)
	f := &findings.Finding{
		Analyzer: Analyzer.Name,
		Category: Category,
		Message:  msg,
		URL:      URL,
		Package:  at.Package,
		Function: shortFunc(fn),
		Pos:      findings.LinePosition(root, file, at.Line),
	}
	f.End = f.Pos
	if cs := g.Stack[0]; cs != at {
		p := findings.LinePosition(root, localFile(cs.File, root), cs.Line)
		f.Related = append(f.Related, findings.Related{Pos: p, End: p, Message: "call site " + funcName(cs)})
	}
	if g.Loop != nil {
		p := findings.LinePosition(root, localFile(g.Loop.File, root), g.Loop.Line)
		f.Related = append(f.Related, findings.Related{Pos: p, End: p, Message: "loop"})
	}
	path := f.Pos.Path
	if path == "" {
		path = filepath.ToSlash(file)
	}
	// The count and the line change from run to run; the shape and the
	// place do not.
	f.Fingerprint = fingerprint.Of(fingerprint.Input{
		Analyzer: f.Analyzer, Category: f.Category, Path: path, Function: f.Function,
		Message: "query per element at run time: " + g.Fingerprint,
	}, 0)
	return f
}

// localFile is name as a file of this checkout: name if it exists, else
// the file under root whose path ends the recorded one (observations
// recorded in another checkout).
func localFile(name, root string) string {
	if _, err := os.Stat(name); err == nil {
		return name
	}
	parts := strings.Split(filepath.ToSlash(name), "/")
	for i := 1; i < len(parts); i++ {
		cand := filepath.Join(root, filepath.FromSlash(strings.Join(parts[i:], "/")))
		if _, err := os.Stat(cand); err == nil {
			return cand
		}
	}
	return name
}

// funcName is a frame's function without its package path:
// "store.(*Store).Customer".
func funcName(fr observation.Frame) string {
	return fr.Func[strings.LastIndexByte(fr.Func, '/')+1:]
}

// shortFunc is the enclosing function as findings name it: "Store.Customer"
// for "store.(*Store).Customer", "Daily" for "report.Daily.func1".
func shortFunc(fn string) string {
	_, rest, ok := strings.Cut(fn, ".")
	if !ok {
		return fn
	}
	rest = strings.NewReplacer("(*", "", ")", "").Replace(rest)
	parts := strings.Split(rest, ".")
	if len(parts) >= 2 && !strings.HasPrefix(parts[1], "func") {
		return parts[0] + "." + parts[1]
	}
	return parts[0]
}

func shortQuery(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 80 {
		q = q[:77] + "..."
	}
	return q
}

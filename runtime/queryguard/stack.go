package queryguard

import (
	"go/ast"
	"go/parser"
	"go/token"
	"runtime"
	"strings"
	"sync"
)

// maxDepth is how many frames a statement's stack keeps: enough to reach
// past database/sql, a driver and an ORM into the program, and to tell
// the program's call paths apart.
const maxDepth = 48

// libraries are the packages whose frames are never a call site: the
// database layers between the program and the database, and this package.
// A path matches itself and the paths under it.
var libraries = []string{
	"runtime", "reflect", "sync", "testing", "net/http",
	"database/sql",
	"github.com/jackc/pgx", "github.com/jackc/pgconn", "github.com/jackc/puddle",
	"github.com/go-sql-driver/mysql",
	"modernc.org/sqlite", "github.com/mattn/go-sqlite3", "github.com/ncruces/go-sqlite3",
	"github.com/lib/pq",
	"github.com/jmoiron/sqlx",
	"gorm.io/gorm", "gorm.io/driver", "gorm.io/plugin",
	"github.com/uptrace/bun",
	"github.com/Masterminds/squirrel",
	"entgo.io/ent",
	"xorm.io/xorm", "xorm.io/builder", "github.com/go-xorm",
	"github.com/bulklint/bulklint/runtime/queryguard",
	// runtime/bulk runs one statement per chunk; its context mark makes
	// the guard count each call once (see package callmark), and its
	// callers are the call site.
	"github.com/bulklint/bulklint/runtime/bulk",
}

// A Frame is a position in the program: a call site or one of its callers.
type Frame struct {
	Function string // "github.com/x/app/store.(*Store).Customer"
	Package  string // "github.com/x/app/store"
	File     string // absolute, as the binary recorded it
	Line     int
}

// funcPackage returns the import path in a function name as the runtime
// spells it: "a/b/c" in "a/b/c.(*T).M" or "a/b/c.F.func1".
func funcPackage(name string) string {
	slash := strings.LastIndexByte(name, '/')
	dot := strings.IndexByte(name[slash+1:], '.')
	if dot < 0 {
		return name
	}
	return name[:slash+1+dot]
}

// resolver turns program counters into the program's frames. It caches
// each program counter's frames (inlined calls expand one counter into
// several), each statement's fingerprint and each file's loops, so that a
// report costs little even for scopes that run often (a request).
type resolver struct {
	libs []string

	mu     sync.Mutex
	frames map[uintptr][]frameInfo
	fps    map[string]string
	loops  map[string][]loopSpan // file name -> loops, nil if unreadable
}

type frameInfo struct {
	Frame
	library bool
}

type loopSpan struct{ start, bodyStart, end int } // lines: for keyword, "{", "}"

func newResolver(extra []string) *resolver {
	return &resolver{
		libs:   append(append([]string(nil), libraries...), extra...),
		frames: make(map[uintptr][]frameInfo),
		fps:    make(map[string]string),
		loops:  make(map[string][]loopSpan),
	}
}

func (r *resolver) isLibrary(pkg string) bool {
	for _, l := range r.libs {
		if pkg == l || strings.HasPrefix(pkg, l) && pkg[len(l)] == '/' {
			return true
		}
	}
	return pkg == "" || strings.HasPrefix(pkg, "internal/")
}

// userFrames returns the frames of pcs outside the libraries, innermost
// first, each position once: a recursive call repeats its frames, and a
// query per node of a tree then has one path whatever the depth.
func (r *resolver) userFrames(pcs []uintptr) []Frame {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Frame
	seen := make(map[Frame]bool)
	for _, pc := range pcs {
		fs, ok := r.frames[pc]
		if !ok {
			fs = r.expand(pc)
			r.frames[pc] = fs
		}
		for _, f := range fs {
			if f.library || seen[f.Frame] {
				continue
			}
			seen[f.Frame] = true
			out = append(out, f.Frame)
		}
	}
	return out
}

// expand resolves one return address into its frames, inlined ones first.
func (r *resolver) expand(pc uintptr) []frameInfo {
	var out []frameInfo
	frames := runtime.CallersFrames([]uintptr{pc})
	for {
		f, more := frames.Next()
		if f.Function != "" || f.File != "" {
			pkg := funcPackage(f.Function)
			out = append(out, frameInfo{
				Frame:   Frame{Function: f.Function, Package: pkg, File: f.File, Line: f.Line},
				library: r.isLibrary(pkg),
			})
		}
		if !more {
			return out
		}
	}
}

func (r *resolver) fingerprint(query string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	fp, ok := r.fps[query]
	if !ok {
		fp = Fingerprint(query)
		if len(r.fps) < 10000 {
			r.fps[query] = fp
		}
	}
	return fp
}

// loop returns the innermost loop whose body holds f's line: the index of
// the first frame of stack inside a loop and the for statement's line, or
// -1. Files are parsed once, when a report first needs them; a file that
// cannot be read (a binary built elsewhere, -trimpath) has no loops.
func (r *resolver) loop(stack []Frame) (int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, f := range stack {
		spans, ok := r.loops[f.File]
		if !ok {
			spans = parseLoops(f.File)
			r.loops[f.File] = spans
		}
		best := -1
		for _, s := range spans {
			if s.bodyStart <= f.Line && f.Line <= s.end && (best < 0 || s.start > spans[best].start) {
				best = slicesIndex(spans, s)
			}
		}
		if best >= 0 {
			return i, spans[best].start
		}
	}
	return -1, 0
}

func slicesIndex(spans []loopSpan, s loopSpan) int {
	for i := range spans {
		if spans[i] == s {
			return i
		}
	}
	return -1
}

func parseLoops(file string) []loopSpan {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil && f == nil {
		return nil
	}
	var out []loopSpan
	ast.Inspect(f, func(n ast.Node) bool {
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.ForStmt:
			body = n.Body
		case *ast.RangeStmt:
			body = n.Body
		default:
			return true
		}
		if body != nil {
			out = append(out, loopSpan{
				start:     fset.Position(n.Pos()).Line,
				bodyStart: fset.Position(body.Lbrace).Line,
				end:       fset.Position(body.Rbrace).Line,
			})
		}
		return true
	})
	return out
}

package queryguard

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bulklint/bulklint/internal/observation"
	"github.com/bulklint/bulklint/runtime/internal/callmark"
)

// A Guard holds a validated configuration and the caches its reports
// share. Make one with [New] per program (or per middleware) and start
// scopes from it; [Test] makes its own.
type Guard struct {
	cfg *config
	res *resolver
}

// New returns a guard configured by opts.
func New(opts ...Option) (*Guard, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.logOnly {
		return nil, fmt.Errorf("%w: LogOnly applies to Test only", ErrOption)
	}
	return newGuard(cfg), nil
}

func newGuard(cfg *config) *Guard {
	return &Guard{cfg: cfg, res: newResolver(cfg.libraries)}
}

// A Scope records the statements run with a context that carries it: a
// test, a request, a job. Statements run with a context that does not
// carry it are not its own (see [Test] for the one exception). It is safe
// for use by many goroutines.
type Scope struct {
	name string
	kind string
	g    *Guard
	ctx  context.Context
	seed maphash.Seed

	mu      sync.Mutex
	entries map[rawKey]*entry
	queries int
	ended   bool
	report  *Report
}

type scopeKey struct{}

// rawKey is what the hot path groups by: the statement's text and its
// whole stack, hashed. Frames are resolved only when a report is made.
type rawKey struct {
	query string
	stack uint64
}

type entry struct {
	pcs    []uintptr
	count  int              // runs outside any marked call
	calls  []*callmark.Call // distinct marked calls (a bulk call's chunks count once)
	first  uint64           // hash of the first run's arguments
	varied bool             // a later run had other arguments
	dur    time.Duration
}

// Begin starts a scope named name and returns ctx carrying it. Run the
// scope's statements with that context (or one derived from it), then
// call [Scope.End].
func (g *Guard) Begin(ctx context.Context, name string) (context.Context, *Scope) {
	s := g.newScope(name, "scope")
	s.ctx = context.WithValue(ctx, scopeKey{}, s)
	return s.ctx, s
}

func (g *Guard) newScope(name, kind string) *Scope {
	return &Scope{name: name, kind: kind, g: g, seed: maphash.MakeSeed(), entries: make(map[rawKey]*entry)}
}

// Run runs fn in a scope named name and returns the scope's report with
// fn's error. The report goes to OnReport, or else is logged when it holds
// an N+1 (to Logger, or slog.Default()).
func (g *Guard) Run(ctx context.Context, name string, fn func(context.Context) error) (Report, error) {
	ctx, s := g.Begin(ctx, name)
	err := fn(ctx)
	rep := s.End()
	g.deliver(ctx, rep)
	return rep, err
}

func (g *Guard) deliver(ctx context.Context, rep Report) {
	if g.cfg.onReport != nil {
		g.cfg.onReport(rep)
		if g.cfg.logger == nil {
			return
		}
	}
	l := cmp.Or(g.cfg.logger, slog.Default())
	for _, n := range rep.NPlusOne {
		if n.Allowed {
			continue
		}
		attrs := []slog.Attr{
			slog.String("scope", rep.Scope),
			slog.String("query", n.Query),
			slog.Int("count", n.Count),
			slog.Duration("duration", n.Duration),
			slog.String("call_site", n.CallSite().String()),
		}
		if n.LoopAt >= 0 {
			attrs = append(attrs, slog.String("loop", fmt.Sprintf("%s:%d", n.Stack[n.LoopAt].File, n.LoopLine)))
		}
		l.LogAttrs(ctx, slog.LevelWarn, "queryguard: N+1 query", attrs...)
	}
}

// Name is the scope's name.
func (s *Scope) Name() string { return s.name }

// Context returns the context the scope started with: for [Test], the
// test's context carrying the scope.
func (s *Scope) Context() context.Context { return s.ctx }

// Attach returns ctx carrying the scope: for a goroutine or a context the
// scope's code did not derive from [Scope.Context].
func (s *Scope) Attach(ctx context.Context) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

// scopeOf is the scope of a statement run with ctx: the one ctx carries,
// else the default of the database it ran on (nil for none).
func scopeOf(ctx context.Context, h *hub) *Scope {
	if ctx != nil {
		if s, ok := ctx.Value(scopeKey{}).(*Scope); ok {
			return s
		}
	}
	if h != nil {
		return h.def.Load()
	}
	return nil
}

// An argHash hashes a statement's arguments without allocating. unknown
// is set by a value whose type it cannot hash: such runs count as
// different.
type argHash struct {
	seed    maphash.Seed
	h       uint64
	unknown bool
}

func (a *argHash) add(v any) {
	var x uint64
	switch v := v.(type) {
	case nil:
		x = 0x9e3779b97f4a7c15
	case int64:
		x = uint64(v)
	case int:
		x = uint64(v)
	case int32:
		x = uint64(v)
	case uint64:
		x = v
	case float64:
		x = math.Float64bits(v)
	case bool:
		x = 1
		if v {
			x = 2
		}
	case string:
		x = maphash.String(a.seed, v)
	case []byte:
		x = maphash.Bytes(a.seed, v)
	case time.Time:
		x = uint64(v.UnixNano())
	default:
		a.unknown = true
	}
	// A multiply-xorshift mix; position matters (f(1, 2) is not f(2, 1)).
	a.h = (a.h^x)*0xff51afd7ed558ccd + 0x9e3779b97f4a7c15
	a.h ^= a.h >> 33
}

// record adds one run of query to the scope. skip is the number of frames
// between the caller of record and the program (0 for the wrapper's own
// method). It is the hot path: no allocation once the statement and its
// stack have been seen.
func (s *Scope) record(ctx context.Context, query string, args *argHash, d time.Duration) *entry {
	var pcs [maxDepth]uintptr
	n := runtime.Callers(3, pcs[:])
	h := uint64(14695981039346656037)
	for _, pc := range pcs[:n] {
		h = (h ^ uint64(pc)) * 1099511628211
	}
	call := callmark.Of(ctx)
	k := rawKey{query, h}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return nil
	}
	s.queries++
	e := s.entries[k]
	if e == nil {
		e = &entry{pcs: slices.Clone(pcs[:n]), first: args.h, varied: args.unknown}
		s.entries[k] = e
	} else if args.h != e.first || args.unknown {
		e.varied = true
	}
	if call == nil {
		e.count++
	} else if len(e.calls) == 0 || e.calls[len(e.calls)-1] != call {
		e.calls = append(e.calls, call)
	}
	e.dur += d
	return e
}

// addDuration adds d to e's time: a pgx query's, known when it ends.
func (s *Scope) addDuration(e *entry, d time.Duration) {
	s.mu.Lock()
	e.dur += d
	s.mu.Unlock()
}

// End stops the scope and returns its report. Statements run with its
// context afterwards are not recorded. When BULKLINT_GUARD_OUT (or
// [Output]) names a directory and the scope saw an N+1, the report is
// written there as JSON for bulklint -confirmed; a write error is
// returned in Report.Err. End may be called more than once.
func (s *Scope) End() Report {
	s.mu.Lock()
	if s.ended {
		defer s.mu.Unlock()
		return *s.report
	}
	s.ended = true
	s.mu.Unlock()
	rep := s.Report()
	if s.g.cfg.out != "" && len(rep.NPlusOne) > 0 {
		if _, err := observation.Write(s.g.cfg.out, rep.observation(s.kind)); err != nil {
			rep.Err = fmt.Errorf("queryguard: writing observations: %w", err)
		}
	}
	s.mu.Lock()
	s.report = &rep
	s.mu.Unlock()
	return rep
}

// Report returns what the scope has seen so far.
func (s *Scope) Report() Report {
	s.mu.Lock()
	type snap struct {
		query string
		e     entry
	}
	snaps := make([]snap, 0, len(s.entries))
	for k, e := range s.entries {
		snaps = append(snaps, snap{k.query, *e})
	}
	rep := Report{Scope: s.name, Queries: s.queries}
	s.mu.Unlock()

	type group struct {
		n      NPlusOne
		first  map[string]uint64 // query text -> arguments of its first run
		calls  map[*callmark.Call]bool
		varied bool
		count  int
	}
	groups := make(map[string]*group)
	var order []string
	res, cfg := s.g.res, s.g.cfg
	for _, sn := range snaps {
		stack := res.userFrames(sn.e.pcs)
		if len(stack) == 0 {
			continue // no frame of the program: nothing to point at
		}
		fp := res.fingerprint(sn.query)
		var key strings.Builder
		key.WriteString(fp)
		for _, f := range stack {
			fmt.Fprintf(&key, "\x00%s:%d", f.File, f.Line)
		}
		g := groups[key.String()]
		if g == nil {
			g = &group{
				n:     NPlusOne{Fingerprint: fp, Query: sn.query, Stack: stack, LoopAt: -1},
				first: make(map[string]uint64),
				calls: make(map[*callmark.Call]bool),
			}
			groups[key.String()] = g
			order = append(order, key.String())
		}
		if h, ok := g.first[sn.query]; ok && h != sn.e.first {
			g.varied = true
		}
		g.first[sn.query] = sn.e.first
		g.varied = g.varied || sn.e.varied || len(g.first) > 1
		g.count += sn.e.count
		for _, c := range sn.e.calls {
			g.calls[c] = true
		}
		g.n.Batched = g.n.Batched || len(sn.e.calls) > 0
		g.n.Duration += sn.e.dur
	}
	slices.Sort(order)
	for _, k := range order {
		g := groups[k]
		g.n.Count = g.count + len(g.calls)
		if g.n.Count < cfg.threshold || !g.varied || g.n.Duration < cfg.minDuration {
			continue
		}
		g.n.Allowed = cfg.allowed(g.n.Fingerprint)
		g.n.LoopAt, g.n.LoopLine = res.loop(g.n.Stack)
		rep.NPlusOne = append(rep.NPlusOne, g.n)
	}
	slices.SortStableFunc(rep.NPlusOne, func(a, b NPlusOne) int { return b.Count - a.Count })
	return rep
}

// A Report is what a scope saw.
type Report struct {
	Scope    string
	Queries  int        // statements recorded
	NPlusOne []NPlusOne // most runs first; allowed ones included
	Err      error      // writing the observations failed
}

// Failures returns the N+1s that are not allowed.
func (r Report) Failures() []NPlusOne {
	var out []NPlusOne
	for _, n := range r.NPlusOne {
		if !n.Allowed {
			out = append(out, n)
		}
	}
	return out
}

// String describes every N+1 of the report, allowed ones included.
func (r Report) String() string {
	if len(r.NPlusOne) == 0 {
		return fmt.Sprintf("queryguard: %s: no N+1 in %d statements", r.Scope, r.Queries)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "queryguard: %s: %d N+1 quer%s in %d statements", r.Scope, len(r.NPlusOne), plural(len(r.NPlusOne), "y", "ies"), r.Queries)
	for _, n := range r.NPlusOne {
		b.WriteString("\n")
		b.WriteString(n.String())
	}
	return b.String()
}

func plural(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}

// An NPlusOne is one statement shape run Count times from one call path
// in a scope, with different arguments.
type NPlusOne struct {
	Fingerprint string // see Fingerprint
	Query       string // one of the statements as it ran
	Count       int    // runs; a runtime/bulk call counts once whatever its chunks
	Duration    time.Duration
	// Stack is the path in the program's code: the call site (the first
	// frame outside database/sql, the drivers, the ORMs, runtime/bulk and
	// this package) first, then its callers.
	Stack    []Frame
	LoopAt   int  // index in Stack of the first frame inside a loop, -1 if none was found
	LoopLine int  // line of that loop's for statement
	Allowed  bool // its shape is on the Allow list
	Batched  bool // the runs are calls of runtime/bulk (or Batch), counted once each
}

// CallSite is the first frame of the program: Stack[0].
func (n NPlusOne) CallSite() Frame { return n.Stack[0] }

// String describes n over several lines: the statement and its count, the
// call site, the callers up to the loop, and the fix.
func (n NPlusOne) String() string {
	var b strings.Builder
	what := "%d times with different arguments"
	if n.Batched {
		what = "in %d calls of runtime/bulk"
	}
	fmt.Fprintf(&b, "N+1 query: %s\n\tran "+what+" (%v in all)", oneLine(n.Query), n.Count, n.Duration.Round(time.Microsecond))
	last := len(n.Stack) - 1
	if n.LoopAt >= 0 {
		last = n.LoopAt
	} else {
		last = min(last, 1)
	}
	for i, f := range n.Stack[:last+1] {
		label := "call site:"
		if i > 0 {
			label = "called from:"
		}
		fmt.Fprintf(&b, "\n\t%s %s", label, f)
		if i == n.LoopAt {
			fmt.Fprintf(&b, ", in the loop at line %d", n.LoopLine)
		}
	}
	fmt.Fprintf(&b, "\n\tshape: %s", n.Fingerprint)
	if n.Allowed {
		b.WriteString("\n\tallowed by queryguard.Allow")
	} else {
		fmt.Fprintf(&b, "\n\tfix: %s, or expect the shape with queryguard.Allow", observation.Fix(n.Fingerprint))
	}
	return b.String()
}

// String is "file:line function", with file relative to the current
// directory when it is under it.
func (f Frame) String() string {
	name := f.File
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, f.File); err == nil && !strings.HasPrefix(rel, "../../") {
			name = rel
		}
	}
	fn := f.Function
	if f.Package != "" {
		fn = strings.TrimPrefix(fn, f.Package[:strings.LastIndexByte(f.Package, '/')+1])
	}
	return fmt.Sprintf("%s:%d %s", name, f.Line, fn)
}

func oneLine(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 200 {
		q = q[:200] + "..."
	}
	return q
}

func (r Report) observation(kind string) observation.File {
	f := observation.File{Version: observation.Version, Scope: r.Scope, Kind: kind}
	for _, n := range r.NPlusOne {
		g := observation.Group{
			Fingerprint: n.Fingerprint, Query: n.Query, Count: n.Count, DurationNS: int64(n.Duration),
			Allowed: n.Allowed, LoopAt: n.LoopAt, Batched: n.Batched,
		}
		for _, fr := range n.Stack {
			g.Stack = append(g.Stack, observation.Frame{Func: fr.Function, Package: fr.Package, File: fr.File, Line: fr.Line})
		}
		if n.LoopAt >= 0 {
			g.Loop = &observation.Frame{Func: n.Stack[n.LoopAt].Function, Package: n.Stack[n.LoopAt].Package, File: n.Stack[n.LoopAt].File, Line: n.LoopLine}
		}
		f.NPlusOne = append(f.NPlusOne, g)
	}
	return f
}

var errNotObserved = errors.New("queryguard: not an observed database")

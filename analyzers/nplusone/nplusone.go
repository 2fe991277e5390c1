package nplusone

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/analyzerdoc"
	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

//go:embed doc.go
var docFile string

// Categories of the diagnostics, one per kind of finding. They are stable
// once released: configuration and baselines refer to them.
const (
	CategoryLoop      = "query-in-loop"
	CategoryRow       = "query-per-row"
	CategoryGoroutine = "query-per-goroutine"
	CategoryNode      = "query-per-node"
	CategoryDynamic   = "dynamic-call-in-loop"
)

const docURL = "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/nplusone"

// Analyzer reports database round trips made once per iteration of a loop.
var Analyzer = New()

// New returns a new nplusone analyzer with its own flags, so that tests and
// front ends that configure it share no state.
func New() *analysis.Analyzer {
	cfg := &config{fixedSet: 8, common: dbpass.NewConfig(docURL)}
	cfg.model.Extra = func() []dbapi.Entry { return cfg.funcs }
	a := &analysis.Analyzer{
		Name:             "nplusone",
		Doc:              analyzerdoc.Extract(docFile, "nplusone"),
		URL:              docURL,
		Requires:         []*analysis.Analyzer{dbpass.Analyzer},
		FactTypes:        []analysis.Fact{new(queryFact), new(returnsFact), new(opaqueFact)},
		Run:              cfg.run,
		RunDespiteErrors: false,
	}
	cfg.common.RegisterFlags(&a.Flags)
	a.Flags.BoolVar(&cfg.dynamic, "dynamic", false, "also report calls of function values and interface methods that take a context.Context and cannot be resolved, with arguments from the iteration (may query)")
	a.Flags.IntVar(&cfg.fixedSet, "fixedset", 8, "a loop over a literal set of at most this many elements written in the code is not reported")
	a.Flags.BoolVar(&cfg.startup, "startup", false, "also report code that runs once: migrations, seeding and bootstrap packages, functions reached only from main or init")
	a.Flags.Var(&cfg.ifaces, "ifaces", "read the interface methods whose implementations query from this `file`, written by bulklint -nplusone.ifaces-out=FILE over the whole module (for go vet, golangci-lint and nogo, which see one package at a time)")
	a.Flags.BoolVar(&cfg.whyNoFix, "whynofix", false, "say, at a loop of reads that gets no rewrite into bulk.Load, why not (a related position starting \"no fix:\")")
	a.Flags.Var(&cfg.funcs, "funcs", "comma-separated functions, methods or interfaces that run a query: importpath.Func, importpath.Type.Method, importpath.Interface.*")
	return a
}

// config holds the flags of one Analyzer value.
type config struct {
	common   *dbpass.Config // -tests, -nolint
	dynamic  bool
	fixedSet int
	funcs    entryList
	startup  bool
	ifaces   ifaceFile
	whyNoFix bool

	model dbapi.Lazy
}

// entryList is a flag.Value holding qualified function names; bad names
// are rejected when the flag is parsed.
type entryList []dbapi.Entry

var _ flag.Value = (*entryList)(nil)

func (l *entryList) String() string {
	var names []string
	for _, e := range *l {
		if e.Recv != "" {
			names = append(names, e.Pkg+"."+e.Recv+"."+e.Name)
		} else {
			names = append(names, e.Pkg+"."+e.Name)
		}
	}
	return strings.Join(names, ",")
}

func (l *entryList) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		e, err := dbapi.ParseEntry(name)
		if err != nil {
			return err
		}
		*l = append(*l, e)
	}
	return nil
}

// dependency reports whether the pass's package belongs to a module
// downloaded at a version, not to the application's own code.
func dependency(pass *analysis.Pass) bool {
	return pass.Module != nil && pass.Module.Version != ""
}

// checker holds the state of one pass.
type checker struct {
	cfg  *config
	pass *analysis.Pass
	mt   *dbapi.Matcher
	rep  *dbpass.Reporter

	local          map[*types.Func]*queryFact // facts of this package's functions
	reachCache     map[*ast.CallExpr]*reached
	closures       map[*types.Var]*ast.FuncLit
	closureFacts   map[*types.Var]*queryFact
	impls          map[implKey]implReach
	implementersOf map[implKey][]*types.Func   // implementers
	queryMethods   [2]map[string][]*types.Func // by implKey.test
	loops          map[ast.Stmt]*loop
	reported       map[token.Pos]bool
	chains         *chain.Index                      // the package's variables and builder chains
	src            *sqlsource.Source                 // the package's SQL text
	ssaCalls       map[token.Pos]*ssa.CallCommon     // the package's SSA calls by Lparen, built on first use
	factsDone      bool                              // the package's facts are final: answers may be cached
	startup        *startup                          // the package's code that runs once
	wired          map[string][]*types.Func          // methods of packages wired to this one, by name (wiredMethods)
	funcs          []funcDecl                        // funcDecls, made on first use
	runCalls       map[*ast.FuncDecl][]*ast.CallExpr // callsRun, by declaration
	varSources     map[*types.Var][]varSource        // sourcesOf, built on first use
	returns        map[*types.Func]*returnsFact      // the package's factories (returnsOf)
	opaque         map[*types.Func]bool              // the package's functions that call a store through an interface (findOpaque)
	msets          typeutil.MethodSetCache
	decls          map[*types.Func]*ast.FuncDecl // the package's functions with a body, built on first use
	retries        map[*ast.CallExpr]bool        // calls made before a retry of their function (findRetries)
}

func (cfg *config) run(pass *analysis.Pass) (any, error) {
	if pass.Module == nil && isStd(pass.Pkg.Path()) {
		return nil, nil // the standard library calls no application code
	}
	p := pass.ResultOf[dbpass.Analyzer].(*dbpass.Package)
	if len(cfg.funcs) == 0 && dependency(pass) && !p.Matcher.Imports(dbapi.RootPaths()...) {
		// A module the application depends on that reaches no database
		// library has no function that queries: most of the packages a
		// run loads.
		return nil, nil
	}
	mt := p.Matcher
	if len(cfg.funcs) > 0 {
		mt = cfg.model.Get().Matcher(pass.Pkg, pass.TypesInfo) // the table and -funcs
	}
	c := &checker{
		cfg:            cfg,
		pass:           pass,
		mt:             mt,
		chains:         p.Chains,
		src:            p.Source,
		rep:            p.Reporter(pass, cfg.common),
		local:          make(map[*types.Func]*queryFact),
		reachCache:     make(map[*ast.CallExpr]*reached),
		closures:       make(map[*types.Var]*ast.FuncLit),
		closureFacts:   make(map[*types.Var]*queryFact),
		impls:          make(map[implKey]implReach),
		implementersOf: make(map[implKey][]*types.Func),
		returns:        make(map[*types.Func]*returnsFact),
		loops:          make(map[ast.Stmt]*loop),
		reported:       make(map[token.Pos]bool),
		runCalls:       make(map[*ast.FuncDecl][]*ast.CallExpr),
	}
	// The facts of one function depend on the others': a panic loses the
	// whole package's findings, reported once at the package.
	if c.rep.SafelyPackage(c.check) {
		c.rep.Finish()
	}
	return nil, nil
}

// check computes the facts of the package's functions, then reports the
// round trips made per iteration of a loop.
func (c *checker) check() {
	c.collectClosures()
	c.findStartup()
	c.findRetries()
	c.computeFacts()
	c.factsDone = true
	c.findOpaque()
	c.exportReturns()
	for _, f := range c.pass.Files {
		if !c.rep.Reports(f) {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				c.checkFunc(fd)
			}
		}
	}
}

// frame is one enclosing node of a call, with what the analyzer needs of it.
type frame struct {
	node  ast.Node
	label string // for loops: their label
	// For function literals: how the literal runs. A literal that is only
	// created (stored, returned, registered) hides the loops around it.
	runs      bool
	goroutine bool
}

// checkFunc reports the round trips made per iteration of a loop in fd,
// and per node of a recursive walk.
func (c *checker) checkFunc(fd *ast.FuncDecl) {
	self, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	var stack []frame
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		fr := frame{node: n}
		switch n := n.(type) {
		case *ast.FuncLit:
			fr.runs, fr.goroutine = c.literalRuns(n, stack)
		case *ast.ForStmt, *ast.RangeStmt:
			if len(stack) > 0 {
				if ls, ok := stack[len(stack)-1].node.(*ast.LabeledStmt); ok {
					fr.label = ls.Label.Name
				}
			}
		case *ast.CallExpr:
			c.checkCall(n, stack, fd, self)
		}
		stack = append(stack, fr)
		return true
	})
}

// literalRuns says whether a function literal whose ancestors are stack
// runs where it is written (called on the spot, deferred, started as a
// goroutine, or handed to a runner such as errgroup.Group.Go), and whether
// in a goroutine of its own.
func (c *checker) literalRuns(lit *ast.FuncLit, stack []frame) (runs, goroutine bool) {
	if len(stack) == 0 {
		return false, false
	}
	parent, ok := stack[len(stack)-1].node.(*ast.CallExpr)
	if !ok {
		return false, false
	}
	if ast.Unparen(parent.Fun) == lit {
		if len(stack) > 1 {
			if _, ok := stack[len(stack)-2].node.(*ast.GoStmt); ok {
				return true, true
			}
		}
		return true, false
	}
	for _, a := range parent.Args {
		if ast.Unparen(a) == lit && runsFuncArgs(c.pass.TypesInfo, parent) {
			return true, startsGoroutine(c.pass.TypesInfo, parent)
		}
	}
	return false, false
}

// checkCall reports call if it makes a round trip once per iteration of an
// enclosing loop.
func (c *checker) checkCall(call *ast.CallExpr, stack []frame, fd *ast.FuncDecl, self *types.Func) {
	r := c.reach(call)
	if r == nil {
		if c.cfg.dynamic {
			c.checkDynamic(call, stack, fd)
		}
		return
	}
	if !c.cfg.startup && (r.startup || c.runsOnce(stack, fd)) {
		return // a migration, seeding, bootstrap: it runs once
	}
	recursive := self != nil && r.callee != nil && r.callee.Origin() == self
	// go f(x): the call itself starts a goroutine.
	goroutine := len(stack) > 0 && isGoStmt(stack[len(stack)-1].node)
	if r.fact.Consumer && (goroutine || startedInGoroutine(stack)) {
		return // a worker started per slot of a pool: it queries per message
	}
	for i := len(stack) - 1; i >= 0; i-- {
		fr := stack[i]
		switch n := fr.node.(type) {
		case *ast.FuncLit:
			if !fr.runs {
				return
			}
			goroutine = goroutine || fr.goroutine
		case *ast.ForStmt, *ast.RangeStmt:
			l := c.loopOf(n.(ast.Stmt), fr.label, fd.Body)
			if l.fixed || l.batched || l.steps || c.flushedEveryN(stack, i) || c.dispatches(call, r, l) {
				continue
			}
			if !c.evidence(call, r, l) {
				continue
			}
			if c.exitsAfter(stack, i, l) {
				return
			}
			c.report(call, r, l, goroutine, recursive)
			return
		}
	}
	if recursive && c.recursiveEvidence(call, fd) {
		c.reportRecursion(call, r, fd)
	}
}

// dispatches reports whether call is an interface method called on a
// value from the iteration (for _, m := range middlewares { m.Run(c) }):
// each iteration may run a different implementation, not the same query
// per element.
func (c *checker) dispatches(call *ast.CallExpr, r *reached, l *loop) bool {
	if r.callee == nil || !isInterfaceMethod(r.callee) || r.direct {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && c.mentions(sel.X, l.derived)
}

// evidence reports whether the call's arguments (or, for a helper method,
// its receiver; for a builder chain, the chain) come from the iteration of
// l. A database handle that itself comes from the iteration (a loop over
// shards) is no evidence, and neither are arguments that are whole slices
// or maps, nor, in a loop over chunks, values computed from the chunk as
// a whole (each query is a batch).
func (c *checker) evidence(call *ast.CallExpr, r *reached, l *loop) bool {
	var exprs []ast.Expr
	if chain, ok := c.bunChain(call, r); ok {
		exprs = chain
	} else if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isMethod := c.pass.TypesInfo.Selections[sel]; isMethod && (!r.direct || containsCall(sel.X)) {
			exprs = append(exprs, sel.X)
		}
	}
	for _, a := range call.Args {
		if isContext(c.pass.TypesInfo.TypeOf(a)) {
			continue
		}
		exprs = append(exprs, a)
	}
	if r.direct && r.call.SQL >= 0 && r.call.SQL < len(call.Args) && c.variesStatement(call.Args[r.call.SQL], l) {
		return false
	}
	if c.variesHelperStatement(call, r, l) {
		return false
	}
	found := false
	for _, e := range exprs {
		if !c.mentions(e, l.derived) {
			continue
		}
		if isCollection(c.pass.TypesInfo.TypeOf(e)) {
			continue // a chunk, not an element
		}
		if !c.carriesElement(e, l) {
			continue // built from a chunk as a whole: an IN list, len(batch)
		}
		found = true
	}
	return found
}

// bunChain returns, for a bun finisher called on a builder chain
// (db.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx)), the arguments
// of every call of the chain, without the handle the chain starts from
// and the finisher's own. The chain may be built in steps through a local
// variable (q := db.NewSelect().Model(&u); q.Where("id = ?", id);
// q.Scan(ctx)), as package chain follows it; a builder variable it cannot
// follow that way is followed back to the one value it was assigned, if
// any, and otherwise stands for itself. Each argument is weighed on its
// own: a Model(&chunk) or a bun.In(ids) is a batch, a Where of one id is
// an element, and a handle from the iteration (one per shard) is no
// evidence, as for a plain call.
func (c *checker) bunChain(call *ast.CallExpr, r *reached) ([]ast.Expr, bool) {
	if !r.direct || r.call.Func.Pkg() == nil || r.call.Func.Pkg().Path() != dbapi.PathBun {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	var links []chain.Link
	var root ast.Expr
	if ch := c.chains.Of(call); ch.Started {
		links = ch.Links[1:]
	} else {
		links, root, _ = c.chains.Follow(sel.X, chain.Bun)
	}
	var exprs []ast.Expr
	for _, l := range links {
		for _, a := range l.Call.Args {
			if inner, ok := ast.Unparen(a).(*ast.CallExpr); ok {
				if dc, ok := c.mt.MatchCall(inner); ok && dc.Entry.Kind == dbapi.Batched {
					continue // bun.In(ids): many keys at once
				}
			}
			exprs = append(exprs, a)
		}
	}
	// A builder of unknown making carries what it was built from; a
	// handle does not.
	if t := c.pass.TypesInfo.TypeOf(root); isPointer(t) && chain.Bun.IsBuilder(t) {
		exprs = append(exprs, root)
	}
	return exprs, true
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

func containsCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// isCollection reports whether t is a slice, array or map other than
// []byte: a value that holds many keys at once.
func isCollection(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return !ok || b.Kind() != types.Byte && b.Kind() != types.Uint8
	case *types.Array, *types.Map:
		return true
	}
	return false
}

// exitsAfter reports whether the loop at stack[li] always ends after the
// call: the statements from the call's on, at some level of nesting inside
// the loop, end in a return, a panic or a break out of the loop, with no
// continue of the loop before that. Such a loop runs the query once.
func (c *checker) exitsAfter(stack []frame, li int, l *loop) bool {
	innerBreakable := false // a switch, select or loop between l and the level
	for j := li + 1; j < len(stack)-1; j++ {
		var list []ast.Stmt
		switch n := stack[j].node.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		case *ast.FuncLit:
			return false // a return in a literal leaves the literal, not the loop
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			innerBreakable = true
		}
		if list == nil {
			continue
		}
		child := stack[j+1].node
		for k, st := range list {
			if st != child {
				continue
			}
			for _, after := range list[k:] {
				if c.continues(after, l) {
					return false
				}
				if c.terminates(after, l, innerBreakable) {
					return true
				}
			}
		}
	}
	return false
}

// terminates reports whether st leaves the loop l for good.
func (c *checker) terminates(st ast.Stmt, l *loop, innerBreakable bool) bool {
	switch s := st.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		if s.Tok != token.BREAK {
			return false
		}
		if s.Label == nil {
			return !innerBreakable
		}
		return s.Label.Name == l.label
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				_, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin)
				return builtin
			}
		}
	}
	return false
}

// continues reports whether st contains a continue of loop l.
func (c *checker) continues(st ast.Stmt, l *loop) bool {
	found := false
	depth := 0
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			depth++
			ast.Inspect(n, func(m ast.Node) bool {
				if m == n {
					return true
				}
				return visit(m)
			})
			depth--
			return false
		case *ast.BranchStmt:
			if n.Tok == token.CONTINUE && (n.Label == nil && depth == 0 || n.Label != nil && n.Label.Name == l.label) {
				found = true
			}
		}
		return true
	}
	ast.Inspect(st, visit)
	return found
}

// recursiveEvidence reports whether a recursive call outside any loop
// walks a structure: one of its arguments moves from the current node to
// another taken out of it, a field or an element of a parameter
// (walk(n.Left), walk(n.Children[0])) or a local assigned one (next :=
// n.Next). A call with the same arguments (a retry after refreshing a
// token or logging in again) or with a value computed otherwise (page+1,
// a cursor taken from the last result) repeats or pages: it is no walk.
// A walk over the rows of a query (for rows.Next() { walk(child) }) is in
// a loop, and weighed as loops are.
func (c *checker) recursiveEvidence(call *ast.CallExpr, fd *ast.FuncDecl) bool {
	info := c.pass.TypesInfo
	nodes := map[types.Object]bool{}
	for _, list := range []*ast.FieldList{fd.Recv, fd.Type.Params} {
		if list == nil {
			continue
		}
		for _, f := range list.List {
			for _, n := range f.Names {
				if obj := info.Defs[n]; obj != nil && !isContext(obj.Type()) {
					nodes[obj] = true
				}
			}
		}
	}
	// Locals assigned a step out of a node are nodes too.
	fs := flows(fd.Body)
	for changed := true; changed; {
		changed = false
		for _, f := range fs {
			if f.ranged || len(f.from) != len(f.to) {
				continue
			}
			for i, to := range f.to {
				id, ok := to.(*ast.Ident)
				if !ok || !c.stepsFrom(f.from[i], nodes) {
					continue
				}
				if obj := info.ObjectOf(id); obj != nil && !nodes[obj] {
					nodes[obj] = true
					changed = true
				}
			}
		}
	}
	for _, a := range call.Args {
		if isContext(info.TypeOf(a)) {
			continue
		}
		if c.stepsFrom(a, nodes) || c.isStepLocal(a, nodes, fd) {
			return true
		}
	}
	return false
}

// stepsFrom reports whether e is a field or an element of a node: n.Left,
// n.Children[i], *n.Next.
func (c *checker) stepsFrom(e ast.Expr, nodes map[types.Object]bool) bool {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.StarExpr:
		return c.stepsFrom(x.X, nodes)
	case *ast.UnaryExpr:
		return x.Op == token.AND && c.stepsFrom(x.X, nodes)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[x]; !ok || sel.Kind() != types.FieldVal {
			return false
		}
		obj := rootObj(info, x.X)
		return obj != nil && nodes[obj]
	case *ast.IndexExpr:
		if !isCollection(info.TypeOf(x.X)) {
			return false
		}
		obj := rootObj(info, x.X)
		return obj != nil && nodes[obj]
	}
	return false
}

// isStepLocal reports whether e names a local, not a parameter, that
// holds a step out of a node.
func (c *checker) isStepLocal(e ast.Expr, nodes map[types.Object]bool, fd *ast.FuncDecl) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	obj := c.pass.TypesInfo.Uses[id]
	return obj != nil && nodes[obj] && obj.Pos() > fd.Type.End()
}

// checkDynamic reports, under -dynamic, calls that the analyzer cannot
// resolve (function values, interface methods with no known
// implementation) that take a context and arguments from the iteration.
func (c *checker) checkDynamic(call *ast.CallExpr, stack []frame, fd *ast.FuncDecl) {
	sig, ok := c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if !ok || sig.Params().Len() == 0 || !isContext(sig.Params().At(0).Type()) {
		return
	}
	var name string
	switch callee := typeutil.Callee(c.pass.TypesInfo, call).(type) {
	case *types.Var:
		name = callee.Name()
	case *types.Func:
		if !isInterfaceMethod(callee) {
			return
		}
		name = dbapi.FuncName(callee)
	default:
		return
	}
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].node.(type) {
		case *ast.FuncLit:
			if !stack[i].runs {
				return
			}
		case *ast.ForStmt, *ast.RangeStmt:
			l := c.loopOf(n.(ast.Stmt), stack[i].label, fd.Body)
			if l.fixed || l.batched || !c.evidence(call, &reached{}, l) || c.exitsAfter(stack, i, l) {
				continue
			}
			c.rep.Report(dbpass.Finding{
				Pos: call.Pos(), End: call.End(), Category: CategoryDynamic,
				Message: fmt.Sprintf("call in loop: %s cannot be resolved and may query once per %s (loop at line %d); if it does, load them at once with bulk.Load",
					name, l.what, c.line(l.node.Pos())),
				Related: []analysis.RelatedInformation{{Pos: l.node.Pos(), Message: "loop"}},
			})
			return
		}
	}
}

func isGoStmt(n ast.Node) bool {
	_, ok := n.(*ast.GoStmt)
	return ok
}

// startedInGoroutine reports whether the innermost running function
// literal around the call is started as a goroutine.
func startedInGoroutine(stack []frame) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].node.(*ast.FuncLit); ok {
			return stack[i].goroutine
		}
	}
	return false
}

// variesStatement reports whether the SQL text itself comes from the
// iteration in its table name: each iteration runs a different statement
// (one per table of a list), which no bulk call replaces.
func (c *checker) variesStatement(sql ast.Expr, l *loop) bool {
	if !c.mentions(sql, l.derived) {
		return false
	}
	st := sqltext.ParseText(c.source().Text(sql))
	return !st.Table.Known
}

package nplusone

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// maxVia bounds the call chain a fact keeps, so that facts stay small
// however deep the helpers nest.
const maxVia = 6

// queryFact marks a function or method that makes a database round trip
// whenever it is called: directly, or through the calls named in Via, the
// last of which is the library call. It is exported only for functions that
// reach a query, never one per function.
type queryFact struct {
	Via  []string   // callees from this function down to the library call
	Kind dbapi.Kind // kind of the library call
	Verb dbapi.Verb // what that call does to rows, when known
	// Consumer is set when the query runs inside a loop of the function
	// that waits for work (for {} or a range over a channel): a worker,
	// whose queries happen per message, not per call.
	Consumer bool
	// StmtParams has bit i set when the SQL text of every query the
	// function reaches comes from its parameter i with no table known
	// (execute(ctx, tx, stmt)): a caller passing a whole statement that
	// varies per iteration runs a different statement each time.
	StmtParams uint64
	// Startup is set when every query the function reaches runs in code
	// that runs once (startup.go): a migration, a seeding or bootstrap
	// package, a migration library. Its calls are not reported unless
	// -startup.
	Startup bool
	// Several is set when the function reaches queries by more than one
	// path; Via is one of them.
	Several bool
	// Writes is set when some query the function reaches may write: a
	// statement whose verb is not a select, by any path (Verb is that of
	// Via's only).
	Writes bool
	// Load is set when all the function does is load one row by one key:
	// an encoded rowLoad (rewrite.go). A loop calling it can load every
	// row at once.
	Load string
}

func (*queryFact) AFact() {}

func (f *queryFact) String() string {
	s := "query(" + strings.Join(f.Via, " -> ") + ")"
	if f.Consumer {
		s += " consumer"
	}
	if f.Startup {
		s += " startup"
	}
	if f.StmtParams != 0 {
		var idx []string
		for i := 0; i < 64; i++ {
			if f.StmtParams&(1<<i) != 0 {
				idx = append(idx, strconv.Itoa(i))
			}
		}
		s += " stmt(" + strings.Join(idx, ",") + ")"
	}
	if l := decodeRowLoad(f.Load); l != nil {
		s += " " + l.String()
	}
	return s
}

// through returns the fact of a caller that reaches this fact by calling
// name. StmtParams is not inherited: it names the callee's parameters;
// nor is Startup: a caller runs once only if all it reaches does
// (computeFacts).
func (f *queryFact) through(name string) *queryFact {
	via := append([]string{name}, f.Via...)
	if len(via) > maxVia {
		via = append(via[:maxVia-1:maxVia-1], via[len(via)-1])
	}
	return &queryFact{Via: via, Kind: f.Kind, Verb: f.Verb, Consumer: f.Consumer, Several: f.Several, Writes: f.Writes}
}

// factOfCall returns the fact of a round-trip library call: one made per
// call of the function that contains it. Begin is left out: a transaction
// per item is reported through the statements run in it.
func factOfCall(c dbapi.Call) *queryFact {
	switch c.Entry.Kind {
	case dbapi.Query, dbapi.QueryRow, dbapi.Exec, dbapi.Copy, dbapi.BatchSend:
		return &queryFact{Via: []string{c.Name()}, Kind: c.Entry.Kind, Verb: c.Entry.Verb, Writes: c.Entry.Verb != dbapi.VerbSelect}
	}
	return nil
}

// computeFacts finds the functions of the package that reach a query and
// exports a fact for each. Local helpers calling each other are resolved
// to a fixed point; the chain kept for each is that of its first call in
// source order that reaches a query, so facts are deterministic.
func (c *checker) computeFacts() {
	c.annotatedInterfaceMethods()

	type fnCalls struct {
		fn       *types.Func
		calls    []*ast.CallExpr
		waitLoop []ast.Node // loops of the function that wait for work
		decl     *ast.FuncDecl
	}
	var fns []fnCalls
	chosen := make(map[*types.Func]*ast.CallExpr) // the call each function's chain goes through
	for _, d := range c.funcDecls() {
		fd, fn := d.decl, d.fn
		fns = append(fns, fnCalls{fn, c.callsRun(fd), c.waitLoops(fd.Body), fd})
	}
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			if c.local[f.fn] != nil {
				continue
			}
			// The chain kept is that of the first call that reaches a
			// query, or, when that call is in a branch (a cache miss, one
			// database's dialect), of the first one outside branches.
			var first *ast.CallExpr
			var r *reached
			for _, call := range f.calls {
				if cr := c.reach(call); cr != nil {
					if first == nil {
						first, r = call, cr
					}
					if !c.inBranch(call, f.decl.Body) {
						first, r = call, cr
						break
					}
				}
			}
			if r != nil {
				fact := r.fact
				if !fact.Consumer && within(first, f.waitLoop) {
					copied := *fact
					copied.Consumer = true
					fact = &copied
				}
				c.local[f.fn] = fact
				chosen[f.fn] = first
				changed = true
			}
		}
	}
	// A function reaches queries by several paths when two of its calls
	// reach different callees, or when the callee its chain goes through
	// does: a least fixed point, from none.
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			fact := c.local[f.fn]
			if fact == nil || fact.Several {
				continue
			}
			several := false
			if r := c.reach(chosen[f.fn]); r != nil && r.fact.Several {
				several = true
			} else {
				names := map[string]bool{}
				for _, call := range f.calls {
					if r := c.reach(call); r != nil && (r.callee == nil || r.callee.Origin() != f.fn) {
						names[r.name] = true
					}
				}
				several = len(names) > 1
			}
			if several {
				copied := *fact
				copied.Several = true
				c.local[f.fn] = &copied
				changed = true
			}
		}
	}
	// A function may write when a query it reaches by any path may, in
	// function literals it hands to others too (a transaction run by a
	// writer goroutine): a least fixed point, from none.
	allCalls := make(map[*types.Func][]*ast.CallExpr, len(fns))
	for _, f := range fns {
		if c.local[f.fn] != nil {
			allCalls[f.fn] = callsIn(f.decl.Body)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			fact := c.local[f.fn]
			if fact == nil || fact.Writes {
				continue
			}
			for _, call := range allCalls[f.fn] {
				if r := c.reach(call); r != nil && (r.fact.Writes || r.fact.Verb != dbapi.VerbSelect) {
					copied := *fact
					copied.Writes = true
					c.local[f.fn] = &copied
					changed = true
					break
				}
			}
		}
	}
	// The statement parameters of a helper depend on those of the helpers
	// it calls: a least fixed point, from none.
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			fact := c.local[f.fn]
			if fact == nil {
				continue
			}
			if m := c.stmtParams(f.decl, f.calls); m != fact.StmtParams {
				copied := *fact
				copied.StmtParams = m
				c.local[f.fn] = &copied
				changed = true
			}
		}
	}
	// A function runs once if it is run-once code itself or if every
	// query it reaches is reached through run-once code: a least fixed
	// point, from none.
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			fact := c.local[f.fn]
			if fact == nil || fact.Startup || !c.startsUp(f.fn, f.calls) {
				continue
			}
			copied := *fact
			copied.Startup = true
			c.local[f.fn] = &copied
			changed = true
		}
	}
	for _, f := range fns {
		if fact := c.local[f.fn]; fact != nil {
			if ld := c.rowLoadOf(f.decl, f.fn); ld != nil {
				copied := *fact
				copied.Load = ld.encode()
				fact = &copied
				c.local[f.fn] = fact
			}
			c.pass.ExportObjectFact(f.fn, fact)
		}
	}
}

// annotatedInterfaceMethods exports a fact for each interface method whose
// comment holds the directive //bulklint:query, the way to tell vet-mode
// analysis of a caller that an implementation it cannot see runs a query.
func (c *checker) annotatedInterfaceMethods() {
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			it, ok := n.(*ast.InterfaceType)
			if !ok {
				return true
			}
			for _, m := range it.Methods.List {
				if len(m.Names) == 0 || !hasDirective(m.Doc, "bulklint:query") && !hasDirective(m.Comment, "bulklint:query") {
					continue
				}
				for _, name := range m.Names {
					if fn, ok := c.pass.TypesInfo.Defs[name].(*types.Func); ok {
						fact := &queryFact{Via: []string{"//bulklint:query"}, Kind: dbapi.Query, Verb: dbapi.VerbFromSQL}
						c.local[fn] = fact
						c.pass.ExportObjectFact(fn, fact)
					}
				}
			}
			return true
		})
	}
}

func hasDirective(cg *ast.CommentGroup, directive string) bool {
	if cg == nil {
		return false
	}
	for _, c := range cg.List {
		if strings.HasPrefix(c.Text, "//"+directive) {
			rest := c.Text[len("//"+directive):]
			if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
				return true
			}
		}
	}
	return false
}

// A funcDecl is a function declaration of the package with a body, and
// its object.
type funcDecl struct {
	decl *ast.FuncDecl
	fn   *types.Func
}

// funcDecls returns the package's function declarations with a body, in
// source order; the list is made on first use.
func (c *checker) funcDecls() []funcDecl {
	if c.funcs == nil {
		c.funcs = []funcDecl{}
		for _, f := range c.pass.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				if fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					c.funcs = append(c.funcs, funcDecl{fd, fn})
				}
			}
		}
	}
	return c.funcs
}

// callsRun returns the calls of fd's body that run when it runs, in source
// order (inspectRun), walked once per declaration: the facts, the run-once
// code and the wiring all read them.
func (c *checker) callsRun(fd *ast.FuncDecl) []*ast.CallExpr {
	calls, ok := c.runCalls[fd]
	if !ok {
		inspectRun(fd.Body, c.pass.TypesInfo, func(call *ast.CallExpr) { calls = append(calls, call) })
		c.runCalls[fd] = calls
	}
	return calls
}

// inspectRun calls visit for each call in body that runs when body runs:
// it skips function literals that are only created (returned, stored,
// registered as handlers), and enters those that are called on the spot,
// started as goroutines, deferred, or handed to a call known to run them.
func inspectRun(body ast.Node, info *types.Info, visit func(*ast.CallExpr)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			visit(n)
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				inspectRun(lit.Body, info, visit)
			}
			for _, a := range n.Args {
				if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok && runsFuncArgs(info, n) {
					inspectRun(lit.Body, info, visit)
				}
			}
			// The function and argument expressions were handled above
			// or hold no literal; visit the rest normally.
			ast.Inspect(n.Fun, func(m ast.Node) bool { return visitNested(m, info, visit) })
			for _, a := range n.Args {
				if _, ok := ast.Unparen(a).(*ast.FuncLit); !ok {
					ast.Inspect(a, func(m ast.Node) bool { return visitNested(m, info, visit) })
				}
			}
			return false
		case *ast.FuncLit:
			return false // created, not run: see the call cases
		}
		return true
	})
}

func visitNested(n ast.Node, info *types.Info, visit func(*ast.CallExpr)) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		inspectRun(n, info, visit)
		return false
	case *ast.FuncLit:
		return false
	}
	return true
}

// waitLoops returns the loops of body that wait for work: for {} and
// ranges over a channel.
func (c *checker) waitLoops(body ast.Node) []ast.Node {
	var loops []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			if n.Cond == nil {
				loops = append(loops, n)
			}
		case *ast.RangeStmt:
			if t := c.pass.TypesInfo.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					loops = append(loops, n)
				}
			}
		}
		return true
	})
	return loops
}

func within(n ast.Node, outer []ast.Node) bool {
	for _, o := range outer {
		if o.Pos() <= n.Pos() && n.End() <= o.End() {
			return true
		}
	}
	return false
}

// startsUp reports whether fn, whose calls are calls, runs once: it is
// run-once code, or each of its calls that reaches a query does so
// through run-once code.
func (c *checker) startsUp(fn *types.Func, calls []*ast.CallExpr) bool {
	if c.startup.pkg || c.startup.funcs[fn] {
		return true
	}
	found := false
	for _, call := range calls {
		r := c.reach(call)
		if r == nil {
			continue
		}
		if !r.startup {
			return false
		}
		found = true
	}
	return found
}

// inBranch reports whether call runs only on some paths through body: in
// a branch of an if, switch or select statement.
func (c *checker) inBranch(call *ast.CallExpr, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() > call.Pos() || n.End() < call.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.IfStmt:
			if n.Body.Pos() <= call.Pos() && call.End() <= n.Body.End() ||
				n.Else != nil && n.Else.Pos() <= call.Pos() && call.End() <= n.Else.End() {
				found = true
			}
		case *ast.CaseClause, *ast.CommClause:
			found = true
		}
		return !found
	})
	return found
}

// callsIn lists every call in n, in function literals too.
func callsIn(n ast.Node) []*ast.CallExpr {
	var calls []*ast.CallExpr
	ast.Inspect(n, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok {
			calls = append(calls, call)
		}
		return true
	})
	return calls
}

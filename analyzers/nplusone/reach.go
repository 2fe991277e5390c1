package nplusone

import (
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// reached says how a call reaches the database.
type reached struct {
	fact   *queryFact // what a caller of the enclosing function inherits
	name   string     // the callee as diagnostics name it
	direct bool       // the callee is a library call of the table
	call   dbapi.Call // the library call, when direct
	impl   string     // for an interface call: the implementation that queries
	callee *types.Func
	// stmtParams are the callee's parameters its statement text comes
	// from (queryFact.StmtParams), for a call of a function with a fact.
	stmtParams uint64
	// startup is set when the callee runs once (queryFact.Startup).
	startup bool
}

// via is the chain below the callee, for messages: "" for a library call.
func (r *reached) via() []string {
	if r.direct {
		return nil
	}
	return r.fact.Via[1:]
}

// reach reports whether call makes a database round trip, and how.
func (c *checker) reach(call *ast.CallExpr) *reached {
	if c.retries[call] {
		return nil // runs once per expiry, before a retry (findRetries)
	}
	if r, ok := c.reachCache[call]; ok {
		return r
	}
	r, stable := c.reachUncached(call)
	if c.factsDone || stable {
		// While facts are being computed, a nil answer may change when a
		// helper declared later gets its fact.
		c.reachCache[call] = r
	}
	return r
}

// reachUncached answers reach. stable is set when the answer cannot change
// while the package's facts are computed: a library call, or a call of a
// function of another package, whose fact is final.
func (c *checker) reachUncached(call *ast.CallExpr) (r *reached, stable bool) {
	switch callee := typeutil.Callee(c.pass.TypesInfo, call).(type) {
	case *types.Func:
		if dc, ok := c.mt.Match(callee); ok {
			// The statement's text, when known, says what the call does:
			// sqlx's Get and Select read by default, but GetContext with
			// INSERT ... RETURNING inserts.
			if v := dc.Entry.Verb; v == dbapi.VerbFromSQL || v == dbapi.VerbSelect {
				if arg := c.sqlArg(call, dc); arg != nil {
					st := sqltext.ParseText(c.source().Text(arg))
					if st.Verb == sqltext.VerbNone {
						return nil, true // "" or ";": no statement to batch
					}
					if verb := verbOf(st); verb != dbapi.VerbFromSQL {
						dc.Entry.Verb = verb
					}
				}
			}
			if dc.Entry.Verb == dbapi.VerbFromSQL && c.cfg.isFunc(dc.Entry) {
				// A function named by -funcs runs no text the analyzer
				// sees: its name says what it does.
				dc.Entry.Kind, dc.Entry.Verb = verbByName(callee.Name())
			}
			if f := factOfCall(dc); f != nil {
				return &reached{fact: f, name: dc.Name(), direct: true, call: dc, callee: callee}, true
			}
			return nil, true
		}
		iface := isInterfaceMethod(callee)
		// An interface's answer may come from an implementation of this
		// package, whose fact is being computed.
		stable = !iface && callee.Pkg() != c.pass.Pkg
		if f := c.factOf(callee); f != nil {
			name := dbapi.FuncName(callee)
			if iface {
				// //bulklint:query speaks for implementations the caller
				// cannot see; a concrete type seen here speaks for itself.
				if r, ok := c.concreteReach(call, callee, name); ok {
					return r, false
				}
			}
			return &reached{fact: f.through(name), name: name, callee: callee, stmtParams: f.StmtParams, startup: f.Startup}, stable
		}
		if iface {
			impl, f, some := c.implementation(callee, c.inTestFile(call))
			if f != nil || some {
				// The value's own concrete types, when the calling function
				// or a factory it calls shows them, decide first.
				name := dbapi.FuncName(callee)
				if r, ok := c.concreteReach(call, callee, name); ok {
					return r, false
				}
				if f != nil {
					return &reached{fact: f.through(impl), name: name, impl: impl, callee: callee, startup: f.Startup}, false
				}
			}
			// An implementation this package cannot see, named by the
			// interfaces file of a whole-module run.
			if !some {
				if f, impl, ok := c.cfg.ifaces.lookup(callee); ok {
					return &reached{fact: f, name: dbapi.FuncName(callee), impl: impl, callee: callee}, false
				}
			}
		}
		return nil, stable
	case *types.Var:
		if f := c.closureFact(callee); f != nil {
			return &reached{fact: f.through(callee.Name()), name: callee.Name(), startup: f.Startup}, false
		}
	}
	return nil, false
}

// factOf returns the fact of a function of this package or of a
// dependency, or nil.
func (c *checker) factOf(fn *types.Func) *queryFact {
	fn = fn.Origin()
	if f, ok := c.local[fn]; ok {
		return f
	}
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	var f queryFact
	if c.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// implementation finds, among the packages this package can see (itself
// and what it imports, directly or not) and those a whole-module run wired
// to it (wiredMethods), the concrete types of the module that implement
// the interface of method m, and returns the first, in import path and
// type name order, whose method reaches a query, so reports are
// deterministic. It does so only when every one of them queries: with an
// in-memory engine, a no-op or another store beside the SQL one, the
// program picks one at run time, and the package's imports do not say
// which (Permify's validate command takes the in-memory engine from the
// same factory package that imports the SQL one). some then reports
// whether one of them queries, for the caller to look at the value
// itself (concreteReach). A method that reaches no query but calls a
// store through an interface (opaqueFact) says nothing either way. Test
// doubles (packages that import testing or a mocking library, types
// declared in _test.go files) do not count, and neither does a type that
// does not declare the method itself (one embedded in it does).
//
// For a call outside the package's _test.go files (test is false), only
// what those files import counts: a package whose tests import the SQL
// implementation of an interface does not make the package's own calls
// through it queries (Permify's engines were reported only in their test
// variant).
func (c *checker) implementation(m *types.Func, test bool) (name string, fact *queryFact, some bool) {
	k := implKey{m, test}
	if r, ok := c.impls[k]; ok {
		return r.name, r.fact, r.some
	}
	c.impls[k] = implReach{} // breaks cycles through recursive lookups
	found := c.implementationUncached(m, test)
	if c.factsDone || !found.local {
		c.impls[k] = found
	} else {
		// While facts are being computed, a method of this package may
		// still get its fact.
		delete(c.impls, k)
	}
	return found.name, found.fact, found.some
}

func (c *checker) implementationUncached(m *types.Func, test bool) implReach {
	iface, _ := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	if iface == nil || m.Pkg() == nil || isStd(m.Pkg().Path()) {
		return implReach{}
	}
	named, wired := c.methodsNamed(m.Name(), test), c.wiredMethods(m.Name())
	local := false
	for _, fn := range named {
		local = local || fn.Pkg() == c.pass.Pkg
	}
	querying := false
	for _, list := range [][]*types.Func{named, wired} {
		for _, fn := range list {
			if c.factOf(fn) != nil {
				querying = true
				break
			}
		}
	}
	if !querying {
		return implReach{local: local} // the usual case: nothing of that name queries
	}
	found := implReach{local: local}
	ambiguous := false
	for _, fn := range c.implementers(m, iface, test, named, wired) {
		f := c.factOf(fn)
		if f == nil {
			ambiguous = ambiguous || !c.isOpaque(fn)
			continue
		}
		if found.fact == nil {
			found.name, found.fact = dbapi.FuncName(fn), f
		}
	}
	if ambiguous {
		return implReach{some: found.fact != nil, local: local}
	}
	return found
}

// implementers returns, among the methods named and wired (methodsNamed,
// wiredMethods) called like m, those whose types implement iface, m's
// interface, outside test doubles declared in _test.go files unless
// test. Which types implement an interface does not change while facts
// are computed: the list is built once per pass.
func (c *checker) implementers(m *types.Func, iface *types.Interface, test bool, named, wired []*types.Func) []*types.Func {
	k := implKey{m, test}
	if fns, ok := c.implementersOf[k]; ok {
		return fns
	}
	var fns []*types.Func
	seen := make(map[*types.Named]bool)
	for _, list := range [][]*types.Func{named, wired} {
		for _, fn := range list {
			t := recvNamed(fn)
			if t == nil || seen[t] || !test && c.declaredInTest(t.Obj()) {
				continue
			}
			seen[t] = true
			if types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface) {
				fns = append(fns, fn)
			}
		}
	}
	c.implementersOf[k] = fns
	return fns
}

// declaredInTest reports whether obj is declared in a _test.go file: a
// test double of the package's test variant, which the package's own
// calls never run.
func (c *checker) declaredInTest(obj types.Object) bool {
	f := c.pass.Fset.File(obj.Pos())
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// recvNamed returns the named type of method fn's receiver, or nil.
func recvNamed(fn *types.Func) *types.Named {
	t := fn.Type().(*types.Signature).Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, _ := types.Unalias(t).(*types.Named)
	return named
}

type implReach struct {
	name string
	fact *queryFact
	// some is set when an implementation queries and another does not.
	some bool
	// local is set when a method of the package is among those looked
	// at: until the package's facts are final, the answer may change.
	local bool
}

// implKey is an interface method looked up from a _test.go file (test) or
// from the package's other files.
type implKey struct {
	m    *types.Func
	test bool
}

// inTestFile reports whether n is in one of the package's _test.go files.
func (c *checker) inTestFile(n ast.Node) bool {
	f := c.pass.Fset.File(n.Pos())
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// methodsNamed returns the methods called name that concrete types
// declare in this package or one it imports, within the module and
// outside test doubles; unless test, the imports of the package's _test.go
// files (and what only they import) do not count. The index is built once
// per pass and kind of file, on first use.
func (c *checker) methodsNamed(name string, test bool) []*types.Func {
	idx := 0
	if test {
		idx = 1
	}
	if c.queryMethods[idx] == nil {
		c.queryMethods[idx] = make(map[string][]*types.Func)
		pkgs := []*types.Package{c.pass.Pkg}
		seen := map[*types.Package]bool{c.pass.Pkg: true}
		for i := 0; i < len(pkgs); i++ {
			imports := pkgs[i].Imports()
			if i == 0 && !test {
				imports = c.nonTestImports()
			}
			for _, q := range imports {
				if !seen[q] {
					seen[q] = true
					pkgs = append(pkgs, q)
				}
			}
		}
		sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Path() < pkgs[j].Path() })
		for _, p := range pkgs {
			// A library's types implement io.Closer and the like: not the
			// application's stores.
			if c.sameModule(p) && (p == c.pass.Pkg || !isMockPkg(p)) {
				addMethods(c.queryMethods[idx], p)
			}
		}
	}
	return c.queryMethods[idx][name]
}

// addMethods adds the methods declared by p's concrete named types to
// byName, in type name order.
func addMethods(byName map[string][]*types.Func, p *types.Package) {
	for _, n := range p.Scope().Names() {
		tn, ok := p.Scope().Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(named) || named.TypeParams().Len() > 0 {
			continue
		}
		for i := 0; i < named.NumMethods(); i++ {
			fn := named.Method(i)
			byName[fn.Name()] = append(byName[fn.Name()], fn)
		}
	}
}

// nonTestImports returns the packages imported by the package's files
// other than _test.go files.
func (c *checker) nonTestImports() []*types.Package {
	byPath := make(map[string]*types.Package)
	for _, q := range c.pass.Pkg.Imports() {
		byPath[q.Path()] = q
	}
	var out []*types.Package
	seen := make(map[*types.Package]bool)
	for _, f := range c.pass.Files {
		if c.inTestFile(f) {
			continue
		}
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if q := byPath[path]; err == nil && q != nil && !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	return out
}

// sameModule reports whether p belongs to the module of the package under
// analysis. Without module information (GOPATH mode) nothing does.
func (c *checker) sameModule(p *types.Package) bool {
	if c.pass.Module == nil || c.pass.Module.Path == "" {
		return false
	}
	mod := c.pass.Module.Path
	return p.Path() == mod || strings.HasPrefix(p.Path(), mod+"/")
}

// closureFact reports whether the local variable v holds a function literal
// (assigned once, in the function being checked) that reaches a query.
func (c *checker) closureFact(v *types.Var) *queryFact {
	lit := c.closures[v]
	if lit == nil {
		return nil
	}
	if f, ok := c.closureFacts[v]; ok {
		return f
	}
	c.closureFacts[v] = nil // recursion through the variable finds nothing
	var fact *queryFact
	inspectRun(lit.Body, c.pass.TypesInfo, func(call *ast.CallExpr) {
		if fact == nil {
			if r := c.reach(call); r != nil {
				fact = r.fact
			}
		}
	})
	if c.factsDone {
		c.closureFacts[v] = fact
	} else {
		delete(c.closureFacts, v)
	}
	return fact
}

// collectClosures records the local variables bound to a function literal
// in the package, by definition or by a single assignment.
func (c *checker) collectClosures() {
	assigned := map[*types.Var]int{}
	visit := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok {
					continue
				}
				v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
				if v == nil {
					continue
				}
				assigned[v]++
				if len(n.Lhs) == len(n.Rhs) {
					if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.FuncLit); ok {
						c.closures[v] = lit
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				v, _ := c.pass.TypesInfo.Defs[id].(*types.Var)
				if v != nil && i < len(n.Values) {
					if lit, ok := ast.Unparen(n.Values[i]).(*ast.FuncLit); ok {
						c.closures[v] = lit
						assigned[v]++
					}
				}
			}
		}
		return true
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, visit)
	}
	for v, n := range assigned {
		if n > 1 {
			delete(c.closures, v) // reassigned: which literal runs is not known
		}
	}
}

// runsFuncArgs reports whether call runs the function literals passed to
// it before it returns or in a goroutine it starts, as opposed to storing
// them (http.HandleFunc) for later. sync.Once.Do is left out on purpose:
// what it runs, it runs once per program, not once per call.
func runsFuncArgs(info *types.Info, call *ast.CallExpr) bool {
	_, ok := funcRunner(info, call)
	return ok
}

// startsGoroutine reports whether call runs its function arguments in a
// goroutine of their own.
func startsGoroutine(info *types.Info, call *ast.CallExpr) bool {
	goroutine, _ := funcRunner(info, call)
	return goroutine
}

// funcRunner recognises the calls that run a function argument, and says
// whether they run it in a new goroutine.
func funcRunner(info *types.Info, call *ast.CallExpr) (goroutine, ok bool) {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return false, false
	}
	switch fn.Pkg().Path() + "." + dbapi.RecvName(fn) + "." + fn.Name() {
	case "golang.org/x/sync/errgroup.Group.Go", "golang.org/x/sync/errgroup.Group.TryGo", "sync.WaitGroup.Go":
		return true, true
	case dbapi.PathGorm + ".DB.Transaction", dbapi.PathPGX + "..BeginFunc", dbapi.PathPGX + "..BeginTxFunc",
		dbapi.PathBun + ".DB.RunInTx", dbapi.PathBun + ".Tx.RunInTx", dbapi.PathBun + ".Conn.RunInTx",
		dbapi.PathBun + ".IDB.RunInTx":
		return false, true
	}
	return false, false
}

// isStd reports whether path is a standard library package, by its first
// path element. A module of one's own called "context" would be taken for
// the standard library; such names cannot be imported without a dot-free
// module path clash with the standard library anyway.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	switch first {
	case "archive", "bufio", "bytes", "cmp", "compress", "container", "context", "crypto",
		"database", "debug", "embed", "encoding", "errors", "expvar", "flag", "fmt", "go",
		"hash", "html", "image", "index", "internal", "io", "iter", "log", "maps", "math",
		"mime", "net", "os", "path", "plugin", "reflect", "regexp", "runtime", "slices",
		"sort", "strconv", "strings", "structs", "sync", "syscall", "testing", "text",
		"time", "unicode", "unique", "unsafe", "vendor", "weak", "builtin", "C":
		return true
	}
	return false
}

// sqlArg returns the argument that holds the SQL text the database call
// runs: its own, or, for a prepared statement's method (stmt.GetContext),
// the text given to the Prepare call the statement's variable was assigned
// from in the same function; nil when neither is known.
func (c *checker) sqlArg(call *ast.CallExpr, dc dbapi.Call) ast.Expr {
	if dc.SQL >= 0 {
		if dc.SQL < len(call.Args) {
			return call.Args[dc.SQL]
		}
		return nil
	}
	if prep, sql := c.source().Prepared(call, c.mt.PreparedSQLArg); prep != nil {
		return prep.Args[sql]
	}
	return nil
}

func (c *checker) source() *sqlsource.Source {
	return c.src
}

// verbOf says what a statement does to rows, as far as its text is known.
func verbOf(st sqltext.Statement) dbapi.Verb {
	switch st.Verb {
	case sqltext.VerbSelect:
		return dbapi.VerbSelect
	case sqltext.VerbInsert:
		if st.Conflict == sqltext.ConflictUpdate {
			return dbapi.VerbSave
		}
		return dbapi.VerbInsert
	case sqltext.VerbReplace:
		return dbapi.VerbSave
	case sqltext.VerbUpdate:
		return dbapi.VerbUpdate
	case sqltext.VerbDelete:
		return dbapi.VerbDelete
	}
	return dbapi.VerbFromSQL
}

// isFunc reports whether e is an entry of the -funcs flag.
func (cfg *config) isFunc(e dbapi.Entry) bool {
	for _, f := range cfg.funcs {
		if f.Pkg == e.Pkg && f.Recv == e.Recv && (f.Name == e.Name || f.Name == "*") {
			return true
		}
	}
	return false
}

// verbByName says what a function named by -funcs does from the first
// word of its name (DeleteUser deletes, SaveOrder upserts), and reads
// when the name does not say: GetUser, ListOrders, Run.
func verbByName(name string) (dbapi.Kind, dbapi.Verb) {
	word := name
	for i, r := range name {
		if i > 0 && 'A' <= r && r <= 'Z' {
			word = name[:i]
			break
		}
	}
	switch strings.ToLower(word) {
	case "insert", "create", "add":
		return dbapi.Exec, dbapi.VerbInsert
	case "update", "set", "mark", "touch", "incr", "increment":
		return dbapi.Exec, dbapi.VerbUpdate
	case "upsert", "save", "put", "merge":
		return dbapi.Exec, dbapi.VerbSave
	case "delete", "remove", "del", "purge":
		return dbapi.Exec, dbapi.VerbDelete
	case "get", "find", "load", "list", "select", "fetch", "count", "query", "read", "lookup", "search", "exists":
		return dbapi.Query, dbapi.VerbSelect
	}
	return dbapi.Query, dbapi.VerbFromSQL
}

// wiredMethods returns the methods called name that concrete types
// declare in the module's packages this package does not import at all
// but a whole-module run made dependencies of it (the usual wiring in
// main), found by their facts: the driver wires a package that implements
// an interface this package calls, and its facts reach this pass that
// way. In go vet mode, facts come from imports only, and this finds
// nothing. The order is that of import path and type name.
func (c *checker) wiredMethods(name string) []*types.Func {
	if c.wired == nil {
		c.wired = make(map[string][]*types.Func)
		imported := make(map[*types.Package]bool)
		var visit func(p *types.Package)
		visit = func(p *types.Package) {
			if imported[p] {
				return
			}
			imported[p] = true
			for _, q := range p.Imports() {
				visit(q)
			}
		}
		visit(c.pass.Pkg)
		wired := make(map[*types.Package]bool)
		for _, f := range c.pass.AllObjectFacts() {
			fn, ok := f.Object.(*types.Func)
			if !ok || fn.Pkg() == nil || imported[fn.Pkg()] || wired[fn.Pkg()] || !c.sameModule(fn.Pkg()) {
				continue
			}
			if _, ok := f.Fact.(*queryFact); ok {
				wired[fn.Pkg()] = true
			}
		}
		pkgs := make([]*types.Package, 0, len(wired))
		for p := range wired {
			if !isMockPkg(p) {
				pkgs = append(pkgs, p)
			}
		}
		sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Path() < pkgs[j].Path() })
		for _, p := range pkgs {
			addMethods(c.wired, p)
		}
	}
	return c.wired[name]
}

// findRetries records the calls made in a branch that ends by calling the
// enclosing function again with its own parameters, unchanged, on the
// same receiver: a session or token refreshed before a retry (alist's
// 189pc driver: if the session expired { y.refreshSession(); return
// y.request(url, method, ...) }). Such a branch runs once per expiry, not
// once per call, so what it runs does not make the function query; what
// the function runs outside it still does (a get-or-create that looks the
// row up, inserts it in the branch and retries still queries per call).
func (c *checker) findRetries() {
	c.retries = make(map[*ast.CallExpr]bool)
	if dependency(c.pass) {
		return // a library's reconnects are its own business
	}
	info := c.pass.TypesInfo
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			self, _ := info.Defs[fd.Name].(*types.Func)
			params, ok := paramObjects(info, fd)
			if self == nil || !ok {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				ifs, ok := n.(*ast.IfStmt)
				if !ok || len(ifs.Body.List) == 0 {
					return true
				}
				ret, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt)
				if !ok {
					return true
				}
				var retry *ast.CallExpr
				for _, r := range ret.Results {
					if call, ok := ast.Unparen(r).(*ast.CallExpr); ok && c.isSameCall(call, self, fd, params) {
						retry = call
					}
				}
				if retry == nil {
					return true
				}
				ast.Inspect(ifs.Body, func(m ast.Node) bool {
					if call, ok := m.(*ast.CallExpr); ok && call != retry {
						c.retries[call] = true
					}
					return true
				})
				return true
			})
		}
	}
}

// paramObjects returns fd's parameters in order; ok is false when one of
// them has no name (a call cannot pass it on unchanged).
func paramObjects(info *types.Info, fd *ast.FuncDecl) (params []types.Object, ok bool) {
	for _, f := range fd.Type.Params.List {
		if len(f.Names) == 0 {
			return nil, false
		}
		for _, n := range f.Names {
			params = append(params, info.Defs[n])
		}
	}
	return params, true
}

// isSameCall reports whether call calls self, declared by fd, with
// parameters params passed on in order (a variadic one with ...) and, for
// a method, on fd's receiver.
func (c *checker) isSameCall(call *ast.CallExpr, self *types.Func, fd *ast.FuncDecl, params []types.Object) bool {
	info := c.pass.TypesInfo
	callee, _ := typeutil.Callee(info, call).(*types.Func)
	if callee == nil || callee.Origin() != self || len(call.Args) != len(params) {
		return false
	}
	if self.Type().(*types.Signature).Variadic() != call.Ellipsis.IsValid() {
		return false
	}
	if fd.Recv != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
			return false
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok || info.Uses[id] == nil || info.Uses[id] != info.Defs[fd.Recv.List[0].Names[0]] {
			return false
		}
	}
	for i, a := range call.Args {
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok || params[i] == nil || info.Uses[id] != params[i] {
			return false
		}
	}
	return true
}

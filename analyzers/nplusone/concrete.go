package nplusone

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/lazyssa"
)

// An interface method call whose receiver is, in the calling function, an
// interface value made from known concrete types (var r Reader =
// &memReader{}), or returned by a factory whose every return is a known
// concrete type (a returnsFact: func NewReader() Reader { return
// &memReader{} }), runs one of those types' methods and no other: whether
// the call queries is their methods' facts, not those of some other
// implementation the package can see. Types the calling function itself
// chooses between in its branches (r = &sqlReader{} if live) are paths
// like the branches of a helper that queries: the call is reported
// through the one that queries. A factory's choice is configuration (an
// engine named in a setting): its result counts only for the methods that
// query on every type it returns. The SSA form of the package is built
// only when such a call would otherwise count as a query, or when the
// implementations the package can see disagree (implementation).

// returnsFact marks a factory of the module: a function whose result
// Result, of an interface type of the module, holds on every return a
// value of one of the concrete types named in Types (or nil). Methods are
// the methods of that interface that reach a query on every one of them,
// in name order, each with the first of those implementations. A method
// not listed does not query on one of them at least: which one the
// factory returns is a choice of configuration (an engine named in a
// setting) that the analyzer does not evaluate, and a call of it through
// the factory's result is not reported. The fact is exported only when
// every return is known: a concrete value, nil, or the result of another
// factory.
type returnsFact struct {
	Result  int
	Types   []string
	Methods []returnedMethod
}

// returnedMethod is a method of a factory's result that queries.
type returnedMethod struct {
	Name string
	Impl string    // the implementation that queries
	Fact queryFact // its fact
}

func (*returnsFact) AFact() {}

func (f *returnsFact) String() string {
	var names []string
	for _, m := range f.Methods {
		names = append(names, m.Name)
	}
	return "returns(" + strings.Join(f.Types, ", ") + ") queries(" + strings.Join(names, ", ") + ")"
}

// valueSource is what an interface value may hold: a concrete type, or
// one of the types a factory returns.
type valueSource struct {
	t   types.Type
	ret *returnsFact
}

// methodOf returns the implementation of interface method m that s runs,
// and its fact, or nil when it does not query.
func (c *checker) methodOf(s valueSource, m *types.Func) (string, *queryFact) {
	if s.ret != nil {
		for _, rm := range s.ret.Methods {
			if rm.Name == m.Name() {
				f := rm.Fact
				return rm.Impl, &f
			}
		}
		return "", nil
	}
	sel := c.msets.MethodSet(s.t).Lookup(m.Pkg(), m.Name())
	if sel == nil {
		return "", nil
	}
	fn, _ := sel.Obj().(*types.Func)
	if fn == nil {
		return "", nil
	}
	if f := c.factOf(fn); f != nil {
		return dbapi.FuncName(fn), f
	}
	return "", nil
}

// opaqueMethod reports whether the method of t that implements m is
// opaque (opaqueFact).
func (c *checker) opaqueMethod(t types.Type, m *types.Func) bool {
	sel := c.msets.MethodSet(t).Lookup(m.Pkg(), m.Name())
	if sel == nil {
		return false
	}
	fn, _ := sel.Obj().(*types.Func)
	return fn != nil && c.isOpaque(fn)
}

// concreteReach resolves the interface method call call of m (named name)
// through what its receiver may hold. ok is false when that is not known
// (a parameter, a field, the result of a call that is no factory);
// otherwise r is the reach of the first of them whose method queries, or
// nil when none does.
func (c *checker) concreteReach(call *ast.CallExpr, m *types.Func, name string) (r *reached, ok bool) {
	if c.unresolvedReceiver(call) {
		return nil, false
	}
	cc := c.ssaCall(call)
	if cc == nil || !cc.IsInvoke() {
		return nil, false
	}
	sources, ok := c.valueSources(cc.Value, map[ssa.Value]bool{})
	if !ok {
		return nil, false
	}
	for _, s := range sources {
		if impl, f := c.methodOf(s, m); f != nil {
			return &reached{fact: f.through(impl), name: name, impl: impl, callee: m, startup: f.Startup}, true
		}
	}
	return nil, true
}

// unresolvedReceiver reports whether the receiver of the method call call
// is an expression valueSources cannot see through, a field, an element or
// a parameter or the result of a function that is no factory
// (s.store.Find(...), stores[i].Find(...), r.Find(...) with r a
// parameter), so that the package's SSA form need not be built to learn
// it: in layered applications most interface calls go through a field.
func (c *checker) unresolvedReceiver(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && c.unresolvedExpr(sel.X, 0, map[*types.Var]bool{})
}

// A varSource is one value a variable of the package is given: an
// expression, the index-th result of a call, or something valueSources
// never sees through (a parameter, a range's element).
type varSource struct {
	expr   ast.Expr
	index  int  // with a call in expr of several results: which
	opaque bool // a parameter, a range variable
	other  bool // another definition (a type switch's): may need SSA
}

// sourcesOf returns what the package assigns to v, in its declaration and
// its assignments, or nil for a variable it never assigns in the
// package's functions (a package-level one, a field); the index is built
// on first use.
func (c *checker) sourcesOf(v *types.Var) []varSource {
	if c.varSources == nil {
		c.varSources = make(map[*types.Var][]varSource)
		info := c.pass.TypesInfo
		add := func(id *ast.Ident, s varSource) {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				c.varSources[v] = append(c.varSources[v], s)
			}
		}
		params := func(fl *ast.FieldList) {
			if fl == nil {
				return
			}
			for _, f := range fl.List {
				for _, id := range f.Names {
					add(id, varSource{opaque: true})
				}
			}
		}
		assign := func(lhs []ast.Expr, rhs []ast.Expr) {
			for i, l := range lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				switch {
				case len(lhs) == len(rhs):
					add(id, varSource{expr: rhs[i]})
				case len(rhs) == 1:
					add(id, varSource{expr: rhs[0], index: i}) // v, err := f()
				default:
					add(id, varSource{other: true})
				}
			}
		}
		inspectFiles(c.pass.Files, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.FuncDecl:
				params(n.Recv)
			case *ast.FuncType:
				params(n.Params)
				params(n.Results)
			case *ast.AssignStmt:
				assign(n.Lhs, n.Rhs)
			case *ast.ValueSpec:
				if len(n.Values) > 0 {
					assign(identExprs(n.Names), n.Values)
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						add(id, varSource{opaque: true})
					}
				}
			case *ast.CaseClause:
				// switch x := v.(type) defines an x per clause.
				if v, ok := info.Implicits[n].(*types.Var); ok {
					c.varSources[v] = append(c.varSources[v], varSource{other: true})
				}
			case *ast.UnaryExpr:
				// &v lets a callee assign v.
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
					add(id, varSource{other: true})
				}
			}
		})
	}
	return c.varSources[v]
}

func identExprs(ids []*ast.Ident) []ast.Expr {
	out := make([]ast.Expr, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// unresolvedVar reports whether every value the local variable or
// parameter v is given is one valueSources cannot see through, so that
// building SSA to follow it would learn nothing: a parameter never
// assigned, a range element, or a field, an element or a non-factory
// result assigned to it (qb := r.repo.Scene; qb.Find(...)).
func (c *checker) unresolvedVar(v *types.Var, seen map[*types.Var]bool) bool {
	if seen[v] {
		return true // a cycle adds no value
	}
	seen[v] = true
	srcs := c.sourcesOf(v)
	if len(srcs) == 0 {
		return false // a variable of another kind: let SSA tell
	}
	for _, s := range srcs {
		switch {
		case s.opaque:
		case s.other:
			return false
		case !c.unresolvedExpr(s.expr, s.index, seen):
			return false
		}
	}
	return true
}

// unresolvedExpr reports whether valueSources cannot see through the
// value of e (its index-th result, for a call of several).
func (c *checker) unresolvedExpr(e ast.Expr, index int, seen map[*types.Var]bool) bool {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.Uses[x].(*types.Var)
		return v != nil && !v.IsField() && v.Parent() != nil && v.Parent() != c.pass.Pkg.Scope() && c.unresolvedVar(v, seen)
	case *ast.SelectorExpr:
		s, ok := info.Selections[x]
		return ok && s.Kind() == types.FieldVal
	case *ast.IndexExpr:
		return info.Types[x.X].IsValue() // not an instantiation
	case *ast.CallExpr:
		if info.Types[x.Fun].IsType() {
			return false // a conversion is seen through
		}
		// A factory's result is seen through (returnsFact).
		callee := typeutil.StaticCallee(info, x)
		return callee == nil || c.returnsOf(callee) == nil
	}
	return false
}

// inspectFiles calls visit for every node of files.
func inspectFiles(files []*ast.File, visit func(ast.Node)) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if n != nil {
				visit(n)
			}
			return true
		})
	}
}

// ssaCall returns the SSA call of call, or nil; the package's SSA form and
// its index of calls by position are built on first use.
func (c *checker) ssaCall(call *ast.CallExpr) *ssa.CallCommon {
	if c.ssaCalls == nil {
		c.ssaCalls = make(map[token.Pos]*ssa.CallCommon)
		for _, fn := range lazyssa.Build(c.pass).SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common().Pos().IsValid() {
						c.ssaCalls[ci.Common().Pos()] = ci.Common()
					}
				}
			}
		}
	}
	return c.ssaCalls[call.Lparen]
}

// valueSources returns what an interface value may hold, following phis,
// interface conversions, local variables that are only stored to and
// loaded from, and calls of factories; ok is false when one of its
// sources is neither a conversion of a concrete value made in the
// function nor a factory's result.
func (c *checker) valueSources(v ssa.Value, seen map[ssa.Value]bool) (ss []valueSource, ok bool) {
	if seen[v] {
		return nil, true // a cycle of phis adds no type
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return []valueSource{{t: v.X.Type()}}, true
	case *ssa.ChangeInterface:
		return c.valueSources(v.X, seen)
	case *ssa.Const:
		return nil, v.IsNil() // a nil interface has no method to run
	case *ssa.Call:
		if ret := c.returnsOfCall(v.Common(), 0); ret != nil {
			return []valueSource{{ret: ret}}, true
		}
		return nil, false
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			if ret := c.returnsOfCall(call.Common(), v.Index); ret != nil {
				return []valueSource{{ret: ret}}, true
			}
		}
		return nil, false
	case *ssa.Phi:
		for _, e := range v.Edges {
			more, ok := c.valueSources(e, seen)
			if !ok {
				return nil, false
			}
			ss = append(ss, more...)
		}
		return ss, true
	case *ssa.UnOp:
		alloc, isAlloc := v.X.(*ssa.Alloc)
		if v.Op != token.MUL || !isAlloc {
			return nil, false
		}
		// A variable that escapes (captured by a closure, its address
		// passed on) may be written where this function cannot see.
		for _, ref := range *alloc.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Addr != alloc {
					return nil, false
				}
				more, ok := c.valueSources(ref.Val, seen)
				if !ok {
					return nil, false
				}
				ss = append(ss, more...)
			case *ssa.UnOp, *ssa.DebugRef:
			default:
				return nil, false
			}
		}
		return ss, true
	}
	return nil, false
}

// returnsOfCall returns what the static call cc returns in its result
// index, when its callee is a factory, or nil.
func (c *checker) returnsOfCall(cc *ssa.CallCommon, index int) *returnsFact {
	if cc.IsInvoke() {
		return nil
	}
	callee := cc.StaticCallee()
	if callee == nil || callee.TypeParams().Len() > 0 || len(callee.TypeArgs()) > 0 {
		return nil
	}
	fn, _ := callee.Object().(*types.Func)
	if fn == nil {
		return nil
	}
	if ret := c.returnsOf(fn); ret != nil && ret.Result == index {
		return ret
	}
	return nil
}

// returnsOf returns the returnsFact of fn, a function of this package or
// of a dependency, or nil.
func (c *checker) returnsOf(fn *types.Func) *returnsFact {
	if fn.Pkg() == nil {
		return nil
	}
	if fn.Pkg() != c.pass.Pkg {
		var f returnsFact
		if c.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if f, ok := c.returns[fn]; ok {
		return f
	}
	if c.decls == nil {
		c.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, d := range c.funcDecls() {
			c.decls[d.fn] = d.decl
		}
	}
	fd := c.decls[fn]
	if fd == nil {
		return nil
	}
	c.returns[fn] = nil // a factory that returns its own result adds nothing
	f := c.factoryReturns(fn, fd)
	if c.factsDone {
		c.returns[fn] = f
	} else {
		// Methods of the package may still get their facts.
		delete(c.returns, fn)
	}
	return f
}

// factoryResult returns the index of the first result of sig whose type
// is an interface, with methods, declared outside the standard library,
// or -1.
func factoryResult(sig *types.Signature) int {
	for i := 0; i < sig.Results().Len(); i++ {
		named, ok := types.Unalias(sig.Results().At(i).Type()).(*types.Named)
		if !ok || named.Obj().Pkg() == nil || isStd(named.Obj().Pkg().Path()) || named.TypeArgs().Len() > 0 {
			continue
		}
		if it, ok := named.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
			return i
		}
	}
	return -1
}

// factoryReturns computes the returnsFact of fn, declared by fd, from its
// return statements, or returns nil when one of them returns what is not
// known: an interface value that is not another factory's result, or a
// bare return.
func (c *checker) factoryReturns(fn *types.Func, fd *ast.FuncDecl) *returnsFact {
	sig := fn.Type().(*types.Signature)
	idx := factoryResult(sig)
	if idx < 0 {
		return nil
	}
	iface := sig.Results().At(idx).Type().Underlying().(*types.Interface)
	var sources []valueSource
	var seen typeutil.Map
	known := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if !known {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			var e ast.Expr
			tuple := false // return f(), passing on a factory's results
			switch {
			case len(n.Results) == sig.Results().Len():
				e = ast.Unparen(n.Results[idx])
			case len(n.Results) == 1:
				e, tuple = ast.Unparen(n.Results[0]), true
			default: // a bare return of named results
				known = false
				return false
			}
			tv := c.pass.TypesInfo.Types[e]
			switch {
			case tuple:
			case tv.IsNil():
				return true
			case tv.Type != nil && !types.IsInterface(tv.Type):
				if seen.At(tv.Type) == nil {
					seen.Set(tv.Type, true)
					sources = append(sources, valueSource{t: tv.Type})
				}
				return true
			}
			// Another factory's result: at idx of its tuple, or its one
			// result.
			want := 0
			if tuple {
				want = idx
			}
			var ret *returnsFact
			if call, ok := e.(*ast.CallExpr); ok {
				if callee := typeutil.StaticCallee(c.pass.TypesInfo, call); callee != nil {
					ret = c.returnsOf(callee)
				}
			}
			if ret == nil || ret.Result != want {
				known = false
				return false
			}
			sources = append(sources, valueSource{ret: ret})
		}
		return true
	})
	if !known || len(sources) == 0 {
		return nil
	}
	f := &returnsFact{Result: idx}
	names := make(map[string]bool)
	qual := func(p *types.Package) string { return p.Name() }
	for _, s := range sources {
		if s.ret != nil {
			for _, t := range s.ret.Types {
				names[t] = true
			}
		} else {
			names[types.TypeString(s.t, qual)] = true
		}
	}
	for n := range names {
		f.Types = append(f.Types, n)
	}
	sort.Strings(f.Types)
	for i := 0; i < iface.NumMethods(); i++ {
		m := iface.Method(i)
		var first returnedMethod
		all := true
		for _, s := range sources {
			impl, mf := c.methodOf(s, m)
			if mf == nil && s.t != nil && c.opaqueMethod(s.t, m) {
				continue // may query where the analyzer cannot see
			}
			if mf == nil {
				all = false
				break
			}
			if first.Impl == "" {
				first = returnedMethod{Name: m.Name(), Impl: impl, Fact: *mf}
			}
		}
		if all {
			f.Methods = append(f.Methods, first)
		}
	}
	return f
}

// exportReturns exports a returnsFact for each function of the package
// that is a factory of an interface declared in the module, for the
// packages that call it. Only a package of the module has them.
func (c *checker) exportReturns() {
	if !c.sameModule(c.pass.Pkg) {
		return
	}
	for _, d := range c.funcDecls() {
		fn := d.fn
		sig := fn.Type().(*types.Signature)
		idx := factoryResult(sig)
		if idx < 0 || sig.TypeParams().Len() > 0 || !c.sameModule(types.Unalias(sig.Results().At(idx).Type()).(*types.Named).Obj().Pkg()) {
			continue
		}
		if f := c.returnsOf(fn); f != nil {
			c.pass.ExportObjectFact(fn, f)
		}
	}
}

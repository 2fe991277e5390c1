package nplusone

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// An interfaces file tells a run that sees one package at a time (go vet,
// golangci-lint, nogo) which interface methods of the module have an
// implementation in the module that queries, where the caller's package
// does not import it (a Store interface implemented in a sibling package
// and wired in main). `bulklint -nplusone.ifaces-out=FILE ./...` writes
// it from a whole-module run; -nplusone.ifaces=FILE reads it. One line
// per interface method, tab-separated:
//
//	importpath.Interface.Method	verb	implementation	chain
//
// verb is one of select, insert, update, save, delete, sql; chain is the
// calls from the implementation down to the library call, joined by " -> ".
// Lines starting with # are comments.

// ifaceEntry is one line of an interfaces file.
type ifaceEntry struct {
	verb dbapi.Verb
	impl string
	via  []string
}

// ifaceFile is the -ifaces flag: the file is read and checked when the
// flag is parsed.
type ifaceFile struct {
	path    string
	entries map[string]ifaceEntry
}

var _ flag.Value = (*ifaceFile)(nil)

func (f *ifaceFile) String() string { return f.path }

func (f *ifaceFile) Set(path string) error {
	if path == "" {
		f.path, f.entries = "", nil // no file: the default
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	entries := make(map[string]ifaceEntry)
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		verb, ok := verbNamed(fieldAt(fields, 1))
		if len(fields) != 4 || !ok || fields[2] == "" || fields[3] == "" {
			return fmt.Errorf("%s:%d: want importpath.Interface.Method, verb (select, insert, update, save, delete or sql), implementation and chain, separated by tabs", path, n)
		}
		if _, err := dbapi.ParseEntry(fields[0]); err != nil {
			return fmt.Errorf("%s:%d: %v", path, n, err)
		}
		entries[fields[0]] = ifaceEntry{verb: verb, impl: fields[2], via: strings.Split(fields[3], " -> ")}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	f.path, f.entries = path, entries
	return nil
}

func fieldAt(fields []string, i int) string {
	if i < len(fields) {
		return fields[i]
	}
	return ""
}

func verbNamed(s string) (dbapi.Verb, bool) {
	for v := dbapi.VerbFromSQL; v <= dbapi.VerbDelete; v++ {
		if v.String() == s {
			return v, true
		}
	}
	return 0, false
}

// ifaceKey is an interface method's name in an interfaces file.
func ifaceKey(m *types.Func) string {
	sig, ok := m.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || m.Pkg() == nil {
		return ""
	}
	named, ok := types.Unalias(sig.Recv().Type()).(*types.Named)
	if !ok {
		return ""
	}
	return m.Pkg().Path() + "." + named.Obj().Name() + "." + m.Name()
}

// lookup returns the fact the interfaces file gives interface method m.
func (f *ifaceFile) lookup(m *types.Func) (*queryFact, string, bool) {
	e, ok := f.entries[ifaceKey(m)]
	if !ok {
		return nil, "", false
	}
	kind := dbapi.Exec
	if e.verb == dbapi.VerbSelect || e.verb == dbapi.VerbFromSQL {
		kind = dbapi.Query
	}
	return &queryFact{Via: append([]string{e.impl}, e.via...), Kind: kind, Verb: e.verb}, e.impl, true
}

// Interfaces returns the lines of an interfaces file for the packages of
// module mod among pkgs, from the object facts of a whole-module run of
// the analyzer: for each method of an interface declared in the module,
// the implementation in the module whose method reaches a query outside
// code that runs once, when the interface is implemented in one package
// of the module (mocks aside) and every implementation's method queries:
// with several packages, or an in-memory implementation beside the SQL
// one, the program picks one at run time, and none is written. The lines
// are sorted, so that the file changes only when the code does.
func Interfaces(pkgs []*types.Package, mod string, facts []analysis.ObjectFact) []string {
	byFunc := make(map[*types.Func]*queryFact)
	opaque := make(map[*types.Func]bool)
	for _, f := range facts {
		fn, ok := f.Object.(*types.Func)
		if !ok {
			continue
		}
		switch fact := f.Fact.(type) {
		case *queryFact:
			if !fact.Startup {
				byFunc[fn] = fact
			}
		case *opaqueFact:
			opaque[fn] = true
		}
	}
	inModule := func(p *types.Package) bool {
		return mod != "" && (p.Path() == mod || strings.HasPrefix(p.Path(), mod+"/"))
	}
	var ifaces, concrete []*types.Named
	seen := make(map[*types.Package]bool)
	for _, p := range pkgs {
		if seen[p] || !inModule(p) {
			continue
		}
		seen[p] = true
		for _, name := range p.Scope().Names() {
			tn, ok := p.Scope().Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok || named.TypeParams().Len() > 0 {
				continue
			}
			if types.IsInterface(named) {
				ifaces = append(ifaces, named)
			} else {
				concrete = append(concrete, named)
			}
		}
	}
	less := func(s []*types.Named) func(i, j int) bool {
		return func(i, j int) bool {
			a, b := s[i].Obj(), s[j].Obj()
			if a.Pkg().Path() != b.Pkg().Path() {
				return a.Pkg().Path() < b.Pkg().Path()
			}
			return a.Name() < b.Name()
		}
	}
	sort.Slice(concrete, less(concrete))
	lines := make(map[string]string)
	for _, in := range ifaces {
		it := in.Underlying().(*types.Interface)
		// With implementations in several packages (mocks aside), the
		// program picks one at run time: none is written.
		implPkgs := make(map[*types.Package]bool)
		for _, t := range concrete {
			if !isMockPkg(t.Obj().Pkg()) && (types.Implements(t, it) || types.Implements(types.NewPointer(t), it)) {
				implPkgs[t.Obj().Pkg()] = true
			}
		}
		if len(implPkgs) != 1 {
			continue
		}
		// A method is written when every implementation queries: with an
		// in-memory one beside the SQL one, even in one package, the
		// program picks one at run time.
		for i := 0; i < it.NumMethods(); i++ {
			m := it.Method(i)
			key := ifaceKey(m)
			if key == "" {
				continue
			}
			line, all := "", true
			for _, t := range concrete {
				if isMockPkg(t.Obj().Pkg()) {
					continue
				}
				var recv types.Type = t
				if !types.Implements(recv, it) {
					recv = types.NewPointer(t)
					if !types.Implements(recv, it) {
						continue
					}
				}
				obj, _, _ := types.LookupFieldOrMethod(recv, true, m.Pkg(), m.Name())
				fn, ok := obj.(*types.Func)
				if !ok || isInterfaceMethod(fn) {
					continue // an embedded interface hands the call on
				}
				f := byFunc[fn.Origin()]
				if f == nil && opaque[fn.Origin()] {
					continue // may query where the analyzer cannot see
				}
				if f == nil {
					all = false
					break
				}
				if line == "" {
					line = strings.Join([]string{key, f.Verb.String(), dbapi.FuncName(fn), strings.Join(f.Via, " -> ")}, "\t")
				}
			}
			if all && line != "" && lines[key] == "" {
				lines[key] = line
			}
		}
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// isMockPkg reports whether p is a package of test doubles: it imports a
// mocking library or package testing.
func isMockPkg(p *types.Package) bool {
	for _, q := range p.Imports() {
		switch q.Path() {
		case "testing", "github.com/stretchr/testify/mock", "github.com/golang/mock/gomock", "go.uber.org/mock/gomock":
			return true
		}
	}
	return false
}

// opaqueFact marks a function of the module that calls a method of an
// interface declared in the module taking a context.Context, directly or
// through other functions of the module: a service calling its store
// through an interface whose implementation its package may not see. It
// may query where the analyzer cannot tell, so an implementation of an
// interface that has no query fact but this one is no evidence that the
// interface has an implementation that does not query (Stash's importers
// write through their stores' interfaces). It is exported only for
// methods and exported functions that reach no query the analyzer sees.
type opaqueFact struct{}

func (*opaqueFact) AFact() {}

func (*opaqueFact) String() string { return "opaque" }

// findOpaque computes, for the functions of a package of the module,
// which are opaque (opaqueFact), and exports the fact for those that have
// no query fact.
func (c *checker) findOpaque() {
	c.opaque = make(map[*types.Func]bool)
	if !c.sameModule(c.pass.Pkg) {
		return
	}
	type fnCalls struct {
		fn      *types.Func
		callees []*types.Func // functions of this package it calls
	}
	var fns []fnCalls
	for _, d := range c.funcDecls() {
		fd, fn := d.decl, d.fn
		var callees []*types.Func
		direct := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || direct {
				return !direct
			}
			callee, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
			switch {
			case callee == nil || callee.Pkg() == nil || !c.sameModule(callee.Pkg()):
			case isInterfaceMethod(callee):
				direct = takesContext(callee)
			case callee.Pkg() == c.pass.Pkg:
				callees = append(callees, callee.Origin())
			default:
				direct = c.pass.ImportObjectFact(callee.Origin(), new(opaqueFact))
			}
			return true
		})
		if direct {
			c.opaque[fn] = true
		} else if len(callees) > 0 {
			fns = append(fns, fnCalls{fn, callees})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			if c.opaque[f.fn] {
				continue
			}
			for _, callee := range f.callees {
				if c.opaque[callee] {
					c.opaque[f.fn] = true
					changed = true
					break
				}
			}
		}
	}
	for fn := range c.opaque {
		// Other packages call methods and exported functions only.
		recv := fn.Type().(*types.Signature).Recv()
		if c.local[fn] == nil && (recv != nil && !types.IsInterface(recv.Type()) || recv == nil && fn.Exported()) {
			c.pass.ExportObjectFact(fn, new(opaqueFact))
		}
	}
}

// isOpaque reports whether fn, of this package or of a dependency, is
// opaque (opaqueFact).
func (c *checker) isOpaque(fn *types.Func) bool {
	fn = fn.Origin()
	if fn.Pkg() == c.pass.Pkg {
		return c.opaque[fn]
	}
	return fn.Pkg() != nil && c.pass.ImportObjectFact(fn, new(opaqueFact))
}

// takesContext reports whether one of fn's parameters is a
// context.Context.
func takesContext(fn *types.Func) bool {
	params := fn.Type().(*types.Signature).Params()
	for i := 0; i < params.Len(); i++ {
		if isContext(params.At(i).Type()) {
			return true
		}
	}
	return false
}

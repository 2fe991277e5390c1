package driver

import (
	"go/types"
	"sort"

	"golang.org/x/tools/go/packages"
)

// wire lets a whole-module run see through interfaces wired in main: for
// each package of the main module that calls a method of an interface
// declared in the module, the package of the module with a concrete type
// implementing that interface becomes a dependency of the caller, as if
// imported, unless that would make a cycle. Only an interface implemented
// in one package (mocks aside) is followed: with several, the program
// picks one at run time. The analyzers then run on
// the implementation before the caller, and the caller's facts include
// the implementation's (nplusone resolves the call through them). No
// import is added to the type-checked packages, and no work is repeated:
// only the order of the analysis changes.
func wire(pkgs []*packages.Package) {
	var module []*packages.Package
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Main && p.Types != nil && p.TypesInfo != nil {
			module = append(module, p)
		}
	})
	// Concrete named types of the module, by package.
	type impl struct {
		pkg *packages.Package
		t   *types.Named
	}
	var concrete []impl
	for _, p := range module {
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			if named, ok := tn.Type().(*types.Named); ok && !types.IsInterface(named) && named.TypeParams().Len() == 0 {
				concrete = append(concrete, impl{p, named})
			}
		}
	}
	inModule := make(map[*types.Package]bool)
	inMain := make(map[*packages.Package]bool)
	for _, p := range module {
		inModule[p.Types] = true
		inMain[p] = true
	}
	implementers := make(map[*types.Named][]*packages.Package)
	implementersOf := func(iface *types.Named) []*packages.Package {
		if ps, ok := implementers[iface]; ok {
			return ps
		}
		it := iface.Underlying().(*types.Interface)
		var ps []*packages.Package
		seen := make(map[*packages.Package]bool)
		for _, c := range concrete {
			if !seen[c.pkg] && !isMock(c.pkg) && (types.Implements(c.t, it) || types.Implements(types.NewPointer(c.t), it)) {
				seen[c.pkg] = true
				ps = append(ps, c.pkg)
			}
		}
		implementers[iface] = ps
		return ps
	}
	for _, p := range module {
		// The module's interfaces whose methods p calls, in a stable order.
		called := make(map[*types.Named]bool)
		for _, obj := range p.TypesInfo.Uses {
			fn, ok := obj.(*types.Func)
			if !ok || fn.Pkg() == nil || !inModule[fn.Pkg()] {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if sig.Recv() == nil {
				continue
			}
			if named, ok := types.Unalias(sig.Recv().Type()).(*types.Named); ok && types.IsInterface(named) && named.TypeParams().Len() == 0 {
				called[named] = true
			}
		}
		ifaces := make([]*types.Named, 0, len(called))
		for n := range called {
			ifaces = append(ifaces, n)
		}
		sort.Slice(ifaces, func(i, j int) bool {
			a, b := ifaces[i].Obj(), ifaces[j].Obj()
			return a.Pkg().Path()+"."+a.Name() < b.Pkg().Path()+"."+b.Name()
		})
		// With several implementing packages, the program picks one at
		// run time (an in-memory engine or a cache decorator beside the
		// SQL store): none is assumed, and a package holding one of them
		// is not made a dependency for another interface either, whose
		// facts would then resolve this one's calls.
		blocked := make(map[*packages.Package]bool)
		for _, iface := range ifaces {
			if ps := implementersOf(iface); len(ps) > 1 {
				for _, q := range ps {
					blocked[q] = true
				}
			}
		}
		for _, iface := range ifaces {
			ps := implementersOf(iface)
			if len(ps) != 1 {
				continue
			}
			for _, q := range ps {
				if q == p || blocked[q] || reaches(p, q, inMain) || reaches(q, p, inMain) {
					continue
				}
				if _, ok := p.Imports[q.PkgPath]; ok {
					continue // a test variant of q is imported already
				}
				if p.Imports == nil {
					p.Imports = make(map[string]*packages.Package)
				}
				p.Imports[q.PkgPath] = q
			}
		}
	}
}

// reaches reports whether to is from, or a dependency of from, through
// packages of the main module (no other package imports one of them).
func reaches(from, to *packages.Package, inMain map[*packages.Package]bool) bool {
	seen := make(map[*packages.Package]bool)
	var visit func(p *packages.Package) bool
	visit = func(p *packages.Package) bool {
		if p == to {
			return true
		}
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, q := range p.Imports {
			if inMain[q] && visit(q) {
				return true
			}
		}
		return false
	}
	return visit(from)
}

// isMock reports whether p is a package of test doubles: it imports a
// mocking library or package testing.
func isMock(p *packages.Package) bool {
	for path := range p.Imports {
		switch path {
		case "testing", "github.com/stretchr/testify/mock", "github.com/golang/mock/gomock", "go.uber.org/mock/gomock":
			return true
		}
	}
	return false
}

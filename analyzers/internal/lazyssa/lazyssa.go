// Package lazyssa builds the SSA form of the package under analysis on
// demand.
//
// An analyzer that exports facts runs on every dependency of the packages
// it checks, standard library included, and so does every analyzer it
// requires: requiring buildssa.Analyzer would build SSA for all of them,
// which costs several times the whole analysis. An analyzer that needs SSA
// only for the few packages that contain what it looks for calls Build
// there instead, after a cheap syntactic check.
//
// Build does what buildssa.Analyzer does (golang.org/x/tools, BSD licence),
// without the ctrlflow analysis it requires: no-return functions are not
// marked, so a block after a call to log.Fatal stays reachable in the CFG.
package lazyssa

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Build returns the SSA form of pass's package and its source functions,
// literals included, in source order, as buildssa.Analyzer would.
func Build(pass *analysis.Pass) *buildssa.SSA {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	var funcs []*ssa.Function
	var addAnons func(f *ssa.Function)
	addAnons = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			addAnons(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := prog.FuncValue(fn); f != nil {
				addAnons(f)
			}
		}
	}
	return &buildssa.SSA{Pkg: pkg, SrcFuncs: funcs}
}

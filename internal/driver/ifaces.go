package driver

import (
	"fmt"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/nplusone"
)

// writeIfaces writes nplusone's interfaces file (-write-ifaces): what a
// whole-module run knows of interface methods whose implementations query,
// for the front ends that see one package at a time.
func writeIfaces(path string, graph *checker.Graph, pkgs []*packages.Package) error {
	mod := ""
	var tpkgs []*types.Package
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Main && p.Types != nil {
			mod = p.Module.Path
			tpkgs = append(tpkgs, p.Types)
		}
	})
	var facts []analysis.ObjectFact
	ran := false
	for act := range graph.All() {
		if act.Analyzer.Name == "nplusone" && act.Package.Module != nil && act.Package.Module.Main {
			ran = true
			facts = append(facts, act.AllObjectFacts()...)
		}
	}
	if !ran {
		return fmt.Errorf("-write-ifaces needs the nplusone analyzer to run on the module")
	}
	lines := nplusone.Interfaces(tpkgs, mod, facts)
	var b strings.Builder
	b.WriteString("# Interface methods of " + mod + " whose implementations query, for -nplusone.ifaces.\n")
	b.WriteString("# Written by bulklint -write-ifaces; run it again when stores change.\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/gcexportdata"
)

// TestExportDefinedInterface is the smallest reproduction of the x/tools bug
// behind spurious "missing method" errors in vet mode (see
// TestVetDefinedInterface in cmd/bulklint). unitchecker (since x/tools
// v0.50.0) passes types between vet tool runs with the encoder that
// gcexportdata.Write uses. For
//
//	package events
//	type ReaderOption stream.Option // stream.Option is interface{ apply(*Config) }
//
// it writes the interface's methods qualified by events, the package of the
// declaration being written, so the imported ReaderOption has a method
// events.apply that nothing outside events can have. The test skips while it
// sees exactly that and fails on anything else, so it starts passing once
// the encoder is fixed.
//
// The fix, in golang.org/x/tools/internal/gcimporter/iexport.go, case
// *types.Interface, qualifies the methods by their own package (with it,
// go vet -vettool over all of harness/harness passes):
//
//	// before
//	w.pkg(pkg) // qualifies unexported method funcs
//	// after
//	methodPkg := pkg
//	if t.NumExplicitMethods() > 0 {
//		methodPkg = t.ExplicitMethod(0).Pkg()
//	}
//	w.pkg(methodPkg)
//
// Upstream report to file: "x/tools/go/analysis/unitchecker: since v0.50.0,
// spurious 'missing method' for a defined type over an interface with
// unexported methods from another package", with this reproduction.
func TestExportDefinedInterface(t *testing.T) {
	fset := token.NewFileSet()
	stream := typeCheck(t, fset, "example.com/stream", `package stream
type Config struct{ N int }
type Option interface{ apply(*Config) }
`, nil)
	events := typeCheck(t, fset, "example.com/events", `package events
import "example.com/stream"
type ReaderOption stream.Option
`, map[string]*types.Package{"example.com/stream": stream})

	applyPkg := func(pkg *types.Package) string {
		iface := pkg.Scope().Lookup("ReaderOption").Type().Underlying().(*types.Interface)
		return iface.Method(0).Pkg().Path()
	}
	if got := applyPkg(events); got != "example.com/stream" {
		t.Fatalf("from source: apply belongs to %s, want example.com/stream", got)
	}

	var buf bytes.Buffer
	if err := gcexportdata.Write(&buf, fset, events); err != nil {
		t.Fatal(err)
	}
	imported, err := gcexportdata.Read(&buf, token.NewFileSet(), make(map[string]*types.Package), events.Path())
	if err != nil {
		t.Fatal(err)
	}
	switch got := applyPkg(imported); got {
	case "example.com/stream":
	case "example.com/events":
		t.Skip("known golang.org/x/tools bug: export data qualifies ReaderOption's method apply with events, not stream")
	default:
		t.Fatalf("after export and import: apply belongs to %s, want example.com/stream", got)
	}
}

func typeCheck(t *testing.T, fset *token.FileSet, path, src string, deps map[string]*types.Package) *types.Package {
	t.Helper()
	f, err := parser.ParseFile(fset, path+"/x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) { return deps[p], nil })}
	pkg, err := conf.Check(path, fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

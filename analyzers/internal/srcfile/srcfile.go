// Package srcfile decides which files of a package bulklint's analyzers
// report in: all of them compute facts everywhere, but findings in test
// code are reported only on request and findings in generated files never,
// since nobody edits those by hand.
//
// Test code is a _test.go file, or a file that imports the standard
// library's testing package: the helpers of a test-support package
// (testdb.Seed(t, ...), testutil.MustInsert(t, ...)) run only under go
// test, and production code has no use for testing.T. A survey of real
// applications found such helpers reported as per-element queries in
// production code (gotify's test/testdb).
package srcfile

import (
	"flag"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Filter says which files of a package an analyzer reports in. One
// belongs to one Analyzer value, bound to its -tests flag.
type Filter struct {
	// Tests is set to report in test code too.
	Tests bool
}

// RegisterFlags defines -tests on fs, bound to f.
func (f *Filter) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&f.Tests, "tests", f.Tests, "also report in test code: _test.go files and files that import package testing")
}

// Reports reports whether findings in file are reported (see [Skip]).
func (f Filter) Reports(fset *token.FileSet, file *ast.File) bool {
	return !Skip(fset, file, f.Tests)
}

// Skip reports whether findings in f are not reported: test code (a
// _test.go file, or a file that imports package testing) unless tests is
// set, or a generated file (one with the standard "Code generated ... DO
// NOT EDIT." comment).
func Skip(fset *token.FileSet, f *ast.File, tests bool) bool {
	if !tests && IsTest(fset, f) {
		return true
	}
	return ast.IsGenerated(f)
}

// IsTest reports whether f is test code: a _test.go file, or a file that
// imports package testing.
func IsTest(fset *token.FileSet, f *ast.File) bool {
	if tf := fset.File(f.Pos()); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
		return true
	}
	for _, imp := range f.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil && path == "testing" {
			return true
		}
	}
	return false
}

// Package srcfile decides which files of a package bulklint's analyzers
// report in: all of them compute facts everywhere, but findings in test
// files are reported only on request and findings in generated files never,
// since nobody edits those by hand.
package srcfile

import (
	"go/ast"
	"go/token"
	"strings"
)

// Skip reports whether findings in f are not reported: a _test.go file
// unless tests is set, or a generated file (one with the standard
// "Code generated ... DO NOT EDIT." comment).
func Skip(fset *token.FileSet, f *ast.File, tests bool) bool {
	if tf := fset.File(f.Pos()); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") && !tests {
		return true
	}
	return ast.IsGenerated(f)
}

package sqlsource_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/sqlsource"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// stepProgram is a function that builds text in steps, generated from
// fuzz input, with the texts Text and Union must give.
type stepProgram struct {
	src         string
	text, union sqltext.Text
}

// genSteps writes a function that builds a string, a strings.Builder or
// a joined list (by kind) with one statement per byte of ops, each
// writing one of the fragments: unconditionally, under an if, or in a
// loop of unknown length.
func genSteps(kind byte, ops []byte, frags []string) stepProgram {
	var b strings.Builder
	b.WriteString("package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nvar _ = fmt.Sprint\nvar _ = strings.Join\n\nfunc use(q any) {}\n\nfunc f(c bool, rows []int) {\n")
	var text, union []sqltext.Text
	sep := ""
	switch kind % 3 {
	case 0:
		b.WriteString("\tq := \"\"\n")
	case 1:
		b.WriteString("\tvar q strings.Builder\n")
	case 2:
		b.WriteString("\tvar q []string\n")
		sep = ", "
	}
	// lists: the first known element goes without a separator.
	firstKnown := true
	for i, op := range ops {
		frag := strings.ReplaceAll(frags[i%len(frags)], sqltext.Hole, "")
		lit := strconv.Quote(frag)
		var stmt string
		switch kind % 3 {
		case 0:
			stmt = "q += " + lit
			if op&4 != 0 {
				stmt = "q = q + " + lit
			}
		case 1:
			stmt = "q.WriteString(" + lit + ")"
			if op&4 != 0 {
				stmt = "fmt.Fprintf(&q, \"%s\", " + lit + ")"
			}
		case 2:
			stmt = "q = append(q, " + lit + ")"
		}
		if sep != "" && len(union) > 0 {
			union = append(union, sqltext.Known(sep))
		}
		union = append(union, sqltext.Known(frag))
		switch op % 3 {
		case 0:
			fmt.Fprintf(&b, "\t%s\n", stmt)
			if sep != "" && !firstKnown {
				text = append(text, sqltext.Known(sep))
			}
			text = append(text, sqltext.Known(frag))
			firstKnown = false
		case 1:
			fmt.Fprintf(&b, "\tif c {\n\t\t%s\n\t}\n", stmt)
			text = append(text, sqltext.Unknown())
		case 2:
			fmt.Fprintf(&b, "\tfor range rows {\n\t\t%s\n\t}\n", stmt)
			text = append(text, sqltext.Unknown())
		}
	}
	switch kind % 3 {
	case 0:
		b.WriteString("\tuse(q)\n}\n")
	case 1:
		b.WriteString("\tuse(q.String())\n}\n")
	case 2:
		b.WriteString("\tuse(strings.Join(q, \", \"))\n}\n")
	}
	t, u := sqltext.Join(text...), sqltext.Join(union...)
	if len(ops) == 0 && kind%3 != 0 {
		// Nothing written before the read: unknown. (A string is
		// written once, with "", a constant.)
		t, u = sqltext.Unknown(), sqltext.Unknown()
	}
	return stepProgram{src: b.String(), text: t, union: u}
}

// FuzzSteps checks Text and Union on text built in steps against what
// the generator knows the program builds.
func FuzzSteps(f *testing.F) {
	f.Add(byte(0), []byte{0, 1, 0}, "UPDATE t SET a = ?", ", b = ?")
	f.Add(byte(1), []byte{0, 2, 4}, "UPDATE t SET a = CASE id", " WHEN ? THEN ?")
	f.Add(byte(2), []byte{1, 0, 1}, "a = ?", "b = ?")
	f.Add(byte(1), []byte{}, "", "")
	f.Add(byte(0), []byte{5, 3}, "100%", "\x00")
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	f.Fuzz(func(t *testing.T, kind byte, ops []byte, a, b string) {
		if len(ops) > 32 {
			ops = ops[:32]
		}
		p := genSteps(kind, ops, []string{a, b})
		file, err := parser.ParseFile(fset, "p.go", p.src, 0)
		if err != nil {
			t.Fatalf("generated code does not parse: %v\n%s", err, p.src)
		}
		info := &types.Info{
			Types:      map[ast.Expr]types.TypeAndValue{},
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
		}
		pkg, err := (&types.Config{Importer: imp}).Check("p", fset, []*ast.File{file}, info)
		if err != nil {
			t.Fatalf("generated code does not type-check: %v\n%s", err, p.src)
		}
		s := sqlsource.New(chain.New(pkg, info, []*ast.File{file}))
		var arg ast.Expr
		ast.Inspect(file, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "use" {
					arg = c.Args[0]
				}
			}
			return true
		})
		if got := s.Text(arg); got.String() != p.text.String() {
			t.Errorf("Text\n got: %q\nwant: %q\n%s", got.String(), p.text.String(), p.src)
		}
		if got := s.Union(arg); got.String() != p.union.String() {
			t.Errorf("Union\n got: %q\nwant: %q\n%s", got.String(), p.union.String(), p.src)
		}
	})
}

package findings_test

import (
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/internal/findings"
)

// queryAnalyzer reports every call of a function named query, with its line
// in the message (as bulklint's analyzers name loop lines) and a fix.
var queryAnalyzer = &analysis.Analyzer{
	Name: "querycall",
	Doc:  "report calls of query",
	URL:  "https://example.com/querycall",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "query" {
					line := pass.Fset.Position(call.Pos()).Line
					pass.Report(analysis.Diagnostic{
						Pos: call.Pos(), End: call.End(), Category: "call",
						Message: fmt.Sprintf("query called at line %d", line),
						Related: []analysis.RelatedInformation{{Pos: id.Pos(), End: id.End(), Message: "callee"}},
						SuggestedFixes: []analysis.SuggestedFix{{Message: "rename", TextEdits: []analysis.TextEdit{
							{Pos: id.Pos(), End: id.End(), NewText: []byte("query2")},
						}}},
					})
				}
				return true
			})
		}
		return nil, nil
	},
}

// run copies testdata/mod to a temporary directory, lets edit change its
// app.go, and returns the findings of queryAnalyzer with the copy as root.
func run(t *testing.T, edit func(string) string) (string, []findings.Finding) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "app.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "mod", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "app.go" && edit != nil {
			data = []byte(edit(string(data)))
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("errors loading testdata/mod")
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{queryAnalyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs, errs := findings.Collect(graph, dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return dir, fs
}

func TestCollect(t *testing.T) {
	dir, fs := run(t, nil)
	if len(fs) != 4 {
		t.Fatalf("got %d findings, want 4: %+v", len(fs), fs)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "app.go"))
	lines := strings.Split(string(data), "\n")

	loop := fs[0]
	if loop.Function != "T.Loop" || loop.Pos.Path != "app.go" || loop.RuleID() != "querycall/call" {
		t.Errorf("first finding: function %q, path %q, rule %q; want T.Loop, app.go, querycall/call", loop.Function, loop.Pos.Path, loop.RuleID())
	}
	line := lines[loop.Pos.Line-1]
	before := line[:strings.Index(line, "query(")]
	if want := len(before) + 1; loop.Pos.Col != want {
		t.Errorf("byte column = %d, want %d", loop.Pos.Col, want)
	}
	want16 := len(utf16.Encode([]rune(before))) + 1
	if loop.Pos.Col16 != want16 || want16 == loop.Pos.Col {
		t.Errorf("UTF-16 column = %d, want %d (byte column %d)", loop.Pos.Col16, want16, loop.Pos.Col)
	}
	if got := loop.End.Col16 - loop.Pos.Col16; got != len("query(id)") {
		t.Errorf("UTF-16 span = %d, want %d", got, len("query(id)"))
	}
	if len(loop.Related) != 1 || loop.Related[0].Pos.Col16 != want16 || len(loop.Fixes) != 1 || loop.Fixes[0].Edits[0].New != "query2" {
		t.Errorf("related or fixes not resolved: %+v %+v", loop.Related, loop.Fixes)
	}
	// go/analysis fills in a missing URL as the analyzer's, #category.
	if loop.URL != "https://example.com/querycall#call" {
		t.Errorf("URL = %q, want the analyzer's with the category", loop.URL)
	}
	for i, want := range []string{"T.Loop", "Twice", "Twice", "Twice"} {
		if fs[i].Function != want {
			t.Errorf("finding %d in %q, want %q", i, fs[i].Function, want)
		}
	}
	if fs[1].Fingerprint == fs[2].Fingerprint {
		t.Error("two identical calls share a fingerprint: no occurrence index")
	}
}

// TestFingerprintStable checks that fingerprints survive lines inserted
// above the findings, and change when the flagged code does.
func TestFingerprintStable(t *testing.T) {
	_, before := run(t, nil)
	_, after := run(t, func(src string) string {
		src = "// A comment added at the top.\n\n" + src
		return strings.Replace(src, "func Twice() {\n", "func Twice() {\n\tquery(\"new\")\n\n", 1)
	})
	if len(after) != len(before)+1 {
		t.Fatalf("got %d findings after the edit, want %d", len(after), len(before)+1)
	}
	old := make(map[string]int)
	for _, f := range before {
		old[f.Fingerprint] = f.Pos.Line
	}
	moved, added := 0, 0
	for _, f := range after {
		line, ok := old[f.Fingerprint]
		switch {
		case !ok:
			added++
			if !strings.Contains(f.Message, "line") || f.Function != "Twice" {
				t.Errorf("unexpected new finding %+v", f)
			}
		case f.Pos.Line > line:
			moved++
		default:
			t.Errorf("finding %s did not move: line %d", f.Fingerprint, line)
		}
	}
	if moved != len(before) || added != 1 {
		t.Errorf("%d findings kept their fingerprint, %d are new; want %d and 1", moved, added, len(before))
	}

	_, edited := run(t, func(src string) string { return strings.Replace(src, "query(id)", "query(id + id)", 1) })
	if edited[0].Fingerprint == before[0].Fingerprint {
		t.Error("editing the flagged call kept its fingerprint")
	}
}

func TestUTF16Len(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{{"", 0}, {"abc", 3}, {"é", 1}, {"🙂", 2}, {"a\xffb", 3}} {
		if got := findings.UTF16Len([]byte(tc.in)); got != tc.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestNewPackageError(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "dir", "bad.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	// "é" is 2 bytes and 1 UTF-16 unit: byte column 15 is unit column 14.
	if err := os.WriteFile(file, []byte("package dir\n\nvar é, X int = \"not an int\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pos                   string
		path                  string
		line, col, col16, off int
	}{
		{pos: file + ":3:15", path: "dir/bad.go", line: 3, col: 15, col16: 14, off: 27},
		{pos: file + ":3", path: "dir/bad.go", line: 3, col: 1, col16: 1},
		{pos: "/elsewhere/x.go:2:5", line: 2, col: 5, col16: 5},
		{pos: ""},
		{pos: "-"},
		{pos: "relative.go:1:1"},
		{pos: file + ":x:y"},
	} {
		e := packages.Error{Pos: tc.pos, Msg: "cannot use \"not an int\"", Kind: packages.TypeError}
		pe := findings.NewPackageError(root, "example.com/dir", e)
		if got, want := pe.Error(), "package example.com/dir: "+e.Error(); got != want {
			t.Errorf("%q: Error() = %q, want %q", tc.pos, got, want)
		}
		if pe.Msg != e.Msg {
			t.Errorf("%q: Msg = %q", tc.pos, pe.Msg)
		}
		p := pe.Pos
		if p.Path != tc.path || p.Line != tc.line || (tc.line > 0 && (p.Col != tc.col || p.Col16 != tc.col16)) || (tc.off > 0 && p.Offset != tc.off) {
			t.Errorf("%q: Pos = %+v, want path %q line %d col %d col16 %d offset %d", tc.pos, p, tc.path, tc.line, tc.col, tc.col16, tc.off)
		}
	}
}

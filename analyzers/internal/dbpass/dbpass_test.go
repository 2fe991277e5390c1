package dbpass_test

import (
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/dbpass"
)

// newProbe returns an analyzer that reports each function whose name
// starts with report through a Reporter, and panics on each function
// named boom, through Safely, as bulklint's analyzers do.
func newProbe() *analysis.Analyzer {
	cfg := dbpass.NewConfig("https://example.com/probe")
	a := &analysis.Analyzer{
		Name:     "probe",
		Doc:      "probe",
		Requires: []*analysis.Analyzer{dbpass.Analyzer},
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[dbpass.Analyzer].(*dbpass.Package)
		if p.Inspector() == nil || p.Matcher == nil || p.Chains == nil || p.Source == nil {
			panic("incomplete result")
		}
		rep := p.Reporter(pass, cfg)
		defer rep.Finish()
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || !rep.Reports(f) {
					continue
				}
				rep.Safely(fd.Pos(), fd.Name.Name, func() {
					if fd.Name.Name == "boom" {
						panic("bug")
					}
					if strings.HasPrefix(fd.Name.Name, "report") {
						rep.Report(dbpass.Finding{Pos: fd.Name.Pos(), End: fd.Name.End(), Category: "probe", Message: "found"})
					}
				})
			}
		}
		return nil, nil
	}
	cfg.RegisterFlags(&a.Flags)
	return a
}

func TestReporter(t *testing.T) {
	dir, cleanup, err := analysistest.WriteFiles(map[string]string{
		"p/p.go": `package p

func report() {} // want ` + "`^found$`" + `

func boom() {} // want ` + "`^internal error: probe failed on boom: bug; please report it with this code$`" + `

func quiet() {}

//bulklint:ignore probe -- checked by the test
func report2() {}
`,
		"p/p_test.go": `package p

// Silent: test code is reported only under -tests.
func reportInTest() {}
`,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	a := newProbe()
	results := analysistest.Run(t, dir, a, "p")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			want := "https://example.com/probe#hdr-Categories"
			if d.URL != want {
				t.Errorf("%s: URL %q, want %q", r.Pass.Fset.Position(d.Pos), d.URL, want)
			}
		}
	}
}

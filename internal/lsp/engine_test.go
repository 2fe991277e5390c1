package lsp

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers"
)

// testEnv keeps go/packages off the network and out of any go.work.
var testEnv = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=")

func newTestEngine(t testing.TB, dir string) *engine {
	e := newEngine(analyzers.Suite(), dir, t.Logf)
	e.env = testEnv
	return e
}

// render lists the findings of res for name as file:line:col lines, with
// their related positions and fixes, to compare runs.
func render(res *result, name string) []string {
	var out []string
	for _, f := range res.findings[name] {
		p := res.fset.Position(f.diag.Pos)
		s := fmt.Sprintf("%s:%d:%d-%d: %s: %s", filepath.Base(p.Filename), p.Line, p.Column,
			res.fset.Position(f.diag.End).Column, f.analyzer.Name, f.diag.Message)
		for _, r := range f.diag.Related {
			s += fmt.Sprintf(" [%s at %d:%d]", r.Message, res.fset.Position(r.Pos).Line, res.fset.Position(r.Pos).Column)
		}
		for _, fix := range f.diag.SuggestedFixes {
			s += " fix: " + fix.Message
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIncrementalMatchesFull edits a package whose findings depend on facts
// from two packages down, and checks that the incremental run reports what
// a fresh full load reports, and that the engine loads again exactly when
// it must.
func TestIncrementalMatchesFull(t *testing.T) {
	dir := genModule(t, 4)
	handler := filepath.Join(dir, "handler", "d0", "handler.go")
	service := filepath.Join(dir, "service", "d0", "service.go")
	docs := map[string][]byte{handler: read(t, handler), service: read(t, service)}
	ctx := context.Background()

	e := newTestEngine(t, dir)
	res, err := e.analyze(ctx, docs, []string{handler, service}, false)
	if err != nil {
		t.Fatal(err)
	}
	if e.fullRuns != 1 || !res.full {
		t.Fatalf("first run: fullRuns = %d, want a full load", e.fullRuns)
	}
	first := render(res, handler)
	if len(first) != 1 || !strings.Contains(first[0], "query per element") && !strings.Contains(first[0], "query in loop") {
		t.Fatalf("handler findings after the first load: %q, want the query through h.svc.One", first)
	}
	if got := render(res, service); len(got) != 2 {
		t.Fatalf("service findings: %q, want Load and Owners", got)
	}
	// The snapshot keeps the packages' types (and the facts, which the
	// edit below needs), not the dependencies' syntax nor any types.Info.
	packages.Visit(e.snap.roots, nil, func(p *packages.Package) {
		if p.TypesInfo != nil || p.Syntax != nil && !slices.Contains(e.snap.roots, p) {
			t.Errorf("%s: syntax or types.Info kept after the load", p.ID)
		}
		if p.Types == nil {
			t.Errorf("%s: no types after the load", p.ID)
		}
	})

	// A second per-element call, through the peer service: the fact that
	// peer.One queries comes from the snapshot.
	edit := strings.Replace(string(docs[handler]), "\treturn out, nil\n",
		"\tfor _, id := range ids {\n\t\th.peer.One(ctx, id)\n\t}\n\treturn out, nil\n", 1)
	docs[handler] = []byte(edit)
	res, err = e.analyze(ctx, docs, []string{handler}, false)
	if err != nil {
		t.Fatal(err)
	}
	if e.fullRuns != 1 || e.incrementalRuns != 1 || res.full {
		t.Fatalf("edit of the handler: fullRuns=%d incrementalRuns=%d, want the incremental path", e.fullRuns, e.incrementalRuns)
	}
	got := render(res, handler)
	files := 0
	e.snap.fset.Iterate(func(*token.File) bool { files++; return true })
	var last *result
	for range 5 {
		if last, err = e.analyze(ctx, docs, []string{handler}, false); err != nil {
			t.Fatal(err)
		}
	}
	after := 0
	e.snap.fset.Iterate(func(*token.File) bool { after++; return true })
	if after != files {
		t.Errorf("file set holds %d files after 5 more edits, %d before: parsed files are not released", after, files)
	}
	if again := render(last, handler); !slices.Equal(again, got) {
		t.Errorf("findings after 5 more edits:\n%s\nwant\n%s", strings.Join(again, "\n"), strings.Join(got, "\n"))
	}
	fresh := newTestEngine(t, dir)
	want, err := fresh.analyze(ctx, docs, []string{handler, service}, false)
	if err != nil {
		t.Fatal(err)
	}
	if w := render(want, handler); !slices.Equal(got, w) || len(got) != 2 {
		t.Fatalf("incremental findings\n%s\nfull load findings\n%s\n(want two)", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
	if !res.covered[handler] || res.covered[service] {
		t.Errorf("incremental run covers handler=%v service=%v, want only the handler", res.covered[handler], res.covered[service])
	}

	// Code that does not type-check: no findings, no error, still
	// incremental.
	docs[handler] = []byte(strings.Replace(edit, "h.peer.One(ctx, id)", "h.peer.One(ctx, id, 1)", 1))
	incr := e.incrementalRuns
	res, err = e.analyze(ctx, docs, []string{handler}, false)
	if err != nil {
		t.Fatalf("ill-typed edit: %v", err)
	}
	if got := render(res, handler); len(got) != 0 || e.incrementalRuns != incr+1 {
		t.Errorf("ill-typed edit: findings %q, incrementalRuns %d; want none, incremental", got, e.incrementalRuns)
	}
	docs[handler] = []byte("package d0\n\nfunc broken( {\n")
	if _, err := e.analyze(ctx, docs, []string{handler}, false); err != nil {
		t.Errorf("edit that does not parse: %v", err)
	}
	docs[handler] = []byte(edit)

	// A new import needs a full load.
	docs[handler] = []byte(strings.Replace(edit, "import (\n", "import (\n\t\"fmt\"\n", 1) + "\nvar _ = fmt.Sprint\n")
	full := e.fullRuns
	if _, err := e.analyze(ctx, docs, []string{handler}, false); err != nil {
		t.Fatal(err)
	}
	if e.fullRuns != full+1 {
		t.Errorf("new import: fullRuns %d, want %d", e.fullRuns, full+1)
	}

	// An unsaved edit in a dependency of the handler (its service) needs a
	// full load when the handler is analysed next.
	docs[service] = append(slices.Clone(docs[service]), "\n// edited\n"...)
	if _, err := e.analyze(ctx, docs, []string{service}, false); err != nil {
		t.Fatal(err)
	}
	incr, full = e.incrementalRuns, e.fullRuns
	if incr == 0 {
		t.Fatal("no incremental run so far")
	}
	docs[handler] = []byte(edit)
	if _, err := e.analyze(ctx, docs, []string{handler}, false); err != nil {
		t.Fatal(err)
	}
	if e.fullRuns != full+1 {
		t.Errorf("edit of the handler while its service has unsaved changes: fullRuns %d, want %d", e.fullRuns, full+1)
	}
	// A change on disk outside the editor, in a package the handler
	// depends on, needs a full load.
	store := filepath.Join(dir, "store", "d0", "store.go")
	if err := os.WriteFile(store, append(read(t, store), "\n// regenerated\n"...), 0o666); err != nil {
		t.Fatal(err)
	}
	full = e.fullRuns
	if _, err := e.analyze(ctx, docs, []string{handler}, false); err != nil {
		t.Fatal(err)
	}
	if e.fullRuns != full+1 {
		t.Errorf("edit after a dependency changed on disk: fullRuns %d, want %d", e.fullRuns, full+1)
	}
	if !e.dependents(service, docs) || e.dependents(handler, docs) {
		t.Errorf("dependents(service) = %v, dependents(handler) = %v; want true, false", e.dependents(service, docs), e.dependents(handler, docs))
	}
}

// TestTestFiles opens a package's file and its test file, with nplusone
// told to report in tests: each finding is reported once, by the plain
// package in a.go and by the test variant in a_test.go, in full loads and
// incremental runs.
func TestTestFiles(t *testing.T) {
	dir := t.TempDir()
	loop := func(fn string) string {
		return "func " + fn + "(ctx context.Context, db *sql.DB, ids []int64) {\n\tfor _, id := range ids {\n\t\tdb.ExecContext(ctx, \"DELETE FROM t WHERE id = $1\", id)\n\t}\n}\n"
	}
	head := "package a\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n"
	files := map[string]string{
		"go.mod":    "module a\n\ngo 1.26\n",
		"a.go":      head + loop("Delete"),
		"a_test.go": head + loop("cleanup"),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	suite := analyzers.NewSuite()
	for _, a := range suite {
		if a.Flags.Lookup("tests") != nil {
			if err := a.Flags.Set("tests", "true"); err != nil {
				t.Fatal(err)
			}
		}
	}
	e := newEngine(suite, dir, t.Logf)
	e.env = testEnv
	src, test := filepath.Join(dir, "a.go"), filepath.Join(dir, "a_test.go")
	docs := map[string][]byte{src: []byte(files["a.go"]), test: []byte(files["a_test.go"])}
	check := func(step string, res *result, wantSrc, wantTest int) {
		t.Helper()
		if got := render(res, src); len(got) != wantSrc {
			t.Errorf("%s: a.go findings %q, want %d", step, got, wantSrc)
		}
		if got := render(res, test); len(got) != wantTest {
			t.Errorf("%s: a_test.go findings %q, want %d", step, got, wantTest)
		}
	}
	ctx := context.Background()
	res, err := e.analyze(ctx, docs, []string{src, test}, false)
	if err != nil {
		t.Fatal(err)
	}
	check("full load", res, 1, 1)

	docs[test] = []byte(files["a_test.go"] + "\n" + strings.Replace(loop("again"), "DELETE", "delete", 1))
	if res, err = e.analyze(ctx, docs, []string{test}, false); err != nil {
		t.Fatal(err)
	}
	check("edit of the test file", res, 0, 2)
	if !res.covered[test] || res.covered[src] || e.incrementalRuns != 1 {
		t.Errorf("edit of the test file: covered a.go=%v a_test.go=%v, incremental runs %d; want only a_test.go, incrementally",
			res.covered[src], res.covered[test], e.incrementalRuns)
	}

	docs[src] = []byte(files["a.go"] + "\n" + loop("Purge"))
	if res, err = e.analyze(ctx, docs, []string{src}, false); err != nil {
		t.Fatal(err)
	}
	check("edit of a.go", res, 2, 2)
	if e.incrementalRuns != 2 {
		t.Errorf("edit of a.go: incremental runs %d, want 2", e.incrementalRuns)
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "svc")
	if err := os.MkdirAll(filepath.Join(mod, "pkg", "sub"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module svc\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if got := loadDir([]string{"file=" + filepath.Join(mod, "pkg", "sub", "a.go")}, dir); got != mod {
		t.Errorf("loadDir of a file two levels into the module = %s, want %s", got, mod)
	}
	if got := loadDir([]string{"file=" + filepath.Join(dir, "loose.go")}, dir); got != dir {
		t.Errorf("loadDir outside any module = %s, want the workspace root %s", got, dir)
	}
}

// TestTags checks that -tags reaches the loader: a.go uses a constant that
// only the file tagged "special" declares, so without the tag its package
// does not type-check and reports nothing but why.
func TestTags(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":     "module m\n\ngo 1.26\n",
		"a.go":       "package a\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\nfunc Seed(ctx context.Context, db *sql.DB, ids []int64) {\n\tfor _, id := range ids {\n\t\tdb.ExecContext(ctx, query, id)\n\t}\n}\n",
		"special.go": "//go:build special\n\npackage a\n\nconst query = \"DELETE FROM users WHERE id = $1\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	a := filepath.Join(dir, "a.go")
	docs := map[string][]byte{a: read(t, a)}
	for _, tags := range []string{"", "special"} {
		e := newTestEngine(t, dir)
		e.tags = tags
		res, err := e.analyze(context.Background(), docs, []string{a}, false)
		if err != nil {
			t.Fatal(err)
		}
		got := render(res, a)
		_, paused := res.paused[a]
		switch {
		case tags == "" && (len(got) != 0 || !paused):
			t.Errorf("without tags: %q, paused %v; want no finding and a pause", got, paused)
		case tags != "" && (len(got) != 1 || !strings.Contains(got[0], "query in loop") || paused):
			t.Errorf("-tags=%s: %q, paused %v; want the query in loop", tags, got, paused)
		}
	}
}

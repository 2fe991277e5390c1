package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers"
)

// pipeClient drives a server in process through pipes, as an editor does.
type pipeClient struct {
	tb     testing.TB
	in     *io.PipeWriter
	msgs   chan *message
	done   chan int
	nextID int
}

func startServer(tb testing.TB, suite []*analysis.Analyzer, debounce time.Duration, logw io.Writer) (*pipeClient, *server) {
	tb.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	srv := newServer(outW, suite, debounce, log.New(logw, "", 0), true)
	srv.engine.env = testEnv
	c := &pipeClient{tb: tb, in: inW, msgs: make(chan *message, 1024), done: make(chan int, 1)}
	go func() {
		c.done <- srv.serve(inR)
		outW.Close()
	}()
	go func() {
		r := bufio.NewReader(outR)
		for {
			m, err := readMessage(r)
			if err != nil {
				close(c.msgs)
				return
			}
			c.msgs <- m
		}
	}()
	tb.Cleanup(func() { inW.Close() })
	return c, srv
}

func (c *pipeClient) send(id int, method string, params any) {
	c.tb.Helper()
	data, err := json.Marshal(params)
	if err != nil {
		c.tb.Fatal(err)
	}
	m := &message{Method: method, Params: data}
	if id > 0 {
		m.ID = json.RawMessage(fmt.Sprint(id))
	}
	if err := (&writer{w: c.in}).write(m); err != nil {
		c.tb.Fatal(err)
	}
}

// call sends a request and returns its response.
func (c *pipeClient) call(method string, params any) *message {
	c.tb.Helper()
	c.nextID++
	c.send(c.nextID, method, params)
	id := fmt.Sprint(c.nextID)
	return c.await(method, func(m *message) bool { return string(m.ID) == id && m.Method == "" })
}

func (c *pipeClient) await(what string, match func(*message) bool) *message {
	c.tb.Helper()
	timeout := time.After(3 * time.Minute) // hang guard only
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				c.tb.Fatalf("waiting for %s: the server closed its output", what)
			}
			if match(m) {
				return m
			}
		case <-timeout:
			c.tb.Fatalf("waiting for %s: no answer in 3 minutes", what)
		}
	}
}

// diagnostics waits for the diagnostics of uri at version.
func (c *pipeClient) diagnostics(uri string, version int) []diagnostic {
	c.tb.Helper()
	var p publishDiagnosticsParams
	c.await("publishDiagnostics", func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		p = publishDiagnosticsParams{}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.tb.Fatal(err)
		}
		return p.URI == uri && p.Version != nil && *p.Version == version
	})
	return p.Diagnostics
}

func (c *pipeClient) exitCode() int {
	c.tb.Helper()
	select {
	case code := <-c.done:
		return code
	case <-time.After(time.Minute):
		c.tb.Fatal("serve did not return")
		return -1
	}
}

func TestLifecycle(t *testing.T) {
	c, _ := startServer(t, analyzers.Suite(), time.Millisecond, io.Discard)
	if r := c.call("textDocument/codeAction", map[string]any{}); r.Error == nil || r.Error.Code != codeServerNotInitialized {
		t.Errorf("request before initialize: %+v, want error %d", r.Error, codeServerNotInitialized)
	}
	if r := c.call("initialize", map[string]any{"rootUri": pathToURI(t.TempDir())}); r.Error != nil {
		t.Fatalf("initialize: %v", r.Error)
	}
	c.send(0, "initialized", map[string]any{})
	c.send(0, "$/setTrace", map[string]any{"value": "off"}) // ignored
	if r := c.call("textDocument/hover", map[string]any{}); r.Error == nil || r.Error.Code != codeMethodNotFound {
		t.Errorf("unknown request: %+v, want error %d", r.Error, codeMethodNotFound)
	}
	if r := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///nowhere.go"}}); r.Error != nil || string(r.Result) != "[]" {
		t.Errorf("codeAction on a file never opened: %s %+v, want []", r.Result, r.Error)
	}
	if r := c.call("shutdown", nil); r.Error != nil || string(r.Result) != "null" {
		t.Errorf("shutdown: %s %+v", r.Result, r.Error)
	}
	if r := c.call("textDocument/codeAction", map[string]any{}); r.Error == nil || r.Error.Code != codeInvalidRequest {
		t.Errorf("request after shutdown: %+v, want error %d", r.Error, codeInvalidRequest)
	}
	c.send(0, "exit", nil)
	if code := c.exitCode(); code != 0 {
		t.Errorf("exit after shutdown: %d, want 0", code)
	}

	// Exit without shutdown, and a client that goes away: status 1.
	c, _ = startServer(t, analyzers.Suite(), time.Millisecond, io.Discard)
	c.send(0, "exit", nil)
	if code := c.exitCode(); code != 1 {
		t.Errorf("exit without shutdown: %d, want 1", code)
	}
	c, _ = startServer(t, analyzers.Suite(), time.Millisecond, io.Discard)
	c.in.Close()
	if code := c.exitCode(); code != 1 {
		t.Errorf("end of input: %d, want 1", code)
	}
}

// panicky panics on every package that declares a function named Boom.
var panicky = &analysis.Analyzer{
	Name: "panicky",
	Doc:  "panics on a function named Boom",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "Boom" {
					panic("boom")
				}
				if fd, ok := d.(*ast.FuncDecl); ok {
					pass.Reportf(fd.Name.Pos(), "function %s", fd.Name.Name)
				}
			}
		}
		return nil, nil
	},
}

// TestServerSurvives checks that an analyzer that panics, in a full load
// and in an incremental run, and code that does not type-check, leave the
// server serving.
func TestServerSurvives(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "a.go")
	if err := os.WriteFile(name, []byte("package a\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	logs := &syncWriter{w: &strings.Builder{}}
	c, _ := startServer(t, []*analysis.Analyzer{panicky}, time.Millisecond, logs)
	c.call("initialize", map[string]any{"rootUri": pathToURI(dir)})
	uri := pathToURI(name)
	c.send(0, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: uri, Version: 1, Text: "package a\n\nfunc Boom() {}\n"}})
	if d := c.diagnostics(uri, 1); len(d) != 0 {
		t.Errorf("version 1: %+v, want nothing from an analyzer that panicked", d)
	}
	v := 1
	for _, step := range []struct {
		text   string
		want   int
		paused string // the message of the one diagnostic that says why there are no findings
	}{
		{"package a\n\nfunc F() {}\n", 1, ""}, // incremental, no panic
		{"package a\n\nfunc F() { undefined() }\n", 1, "bulklint: no findings in package a until it type-checks: undefined: undefined (a.go:3:12)"},
		{"package a\n\nfunc F() {\n", 1, "bulklint: no findings in package a until it type-checks: expected '}', found 'EOF' (a.go:3:12)"},
		{"package a\n\nfunc Boom() {}\n", 0, ""}, // panics in the incremental path
		{"package a\n\nfunc F() {}\nfunc G() {}\n", 2, ""},
	} {
		v++
		c.send(0, "textDocument/didChange", didChangeParams{
			TextDocument:   textDocumentIdentifier{URI: uri, Version: v},
			ContentChanges: []contentChange{{Text: step.text}},
		})
		d := c.diagnostics(uri, v)
		if len(d) != step.want {
			t.Errorf("%q: %d diagnostics, want %d", step.text, len(d), step.want)
			continue
		}
		if step.paused != "" && (d[0].Message != step.paused || d[0].Code != "analysis-paused" || d[0].Severity != severityInformation) {
			t.Errorf("%q: %+v, want an information that says %q", step.text, d[0], step.paused)
		}
	}
	t.Logf("server log:\n%s", logs)
	if strings.Count(logs.String(), "panic on m: boom") != 2 {
		t.Errorf("want two panics logged, one per path")
	}
}

// TestPausedOnLoad checks that a file whose package does not type-check
// when the server first loads it gets one diagnostic at the error that
// says why it has no findings, and that it goes once the error is fixed.
func TestPausedOnLoad(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	if err := os.WriteFile(b, []byte("package a\n\nfunc G() { missing() }\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	c, _ := startServer(t, []*analysis.Analyzer{panicky}, time.Millisecond, io.Discard)
	c.call("initialize", map[string]any{"rootUri": pathToURI(dir)})
	c.send(0, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: pathToURI(a), Version: 1, Text: "package a\n\nfunc F() {}\n"}})
	d := c.diagnostics(pathToURI(a), 1)
	want := "bulklint: no findings in package a until it type-checks: undefined: missing (b.go:3:12)"
	if len(d) != 1 || d[0].Message != want || d[0].Range.Start != (position{0, 8}) {
		t.Errorf("a.go, when b.go does not type-check: %+v, want %q on the package clause", d, want)
	}
	c.send(0, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: pathToURI(b), Version: 1, Text: "package a\n\nfunc G() {}\n"}})
	if d := c.diagnostics(pathToURI(a), 1); len(d) != 1 || d[0].Message != "function F" {
		t.Errorf("a.go, once b.go type-checks: %+v, want the finding back", d)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprint(s.w)
}

// TestSaveRefreshesDependents edits a service so that the query its
// handler runs per element goes away: the handler's finding stays until the
// service is saved, and the save's full load clears it.
func TestSaveRefreshesDependents(t *testing.T) {
	dir := genModule(t, 2)
	handler := filepath.Join(dir, "handler", "d0", "handler.go")
	service := filepath.Join(dir, "service", "d0", "service.go")
	c, srv := startServer(t, analyzers.Suite(), time.Millisecond, io.Discard)
	var runs []bool
	var mu sync.Mutex
	srv.mu.Lock()
	srv.onPublish = func(st runStats) {
		mu.Lock()
		runs = append(runs, st.full)
		mu.Unlock()
	}
	srv.mu.Unlock()

	c.call("initialize", map[string]any{"rootUri": pathToURI(dir)})
	c.send(0, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: pathToURI(service), Version: 1, Text: string(read(t, service))}})
	c.send(0, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: pathToURI(handler), Version: 1, Text: string(read(t, handler))}})
	if d := c.diagnostics(pathToURI(handler), 1); len(d) != 1 {
		t.Fatalf("handler: %d diagnostics, want the query through h.svc.One", len(d))
	}

	text := strings.Replace(string(read(t, service)), "{ return s.own.Get(ctx, id) }", "{ return model.Record{ID: id}, nil }", 1)
	c.send(0, "textDocument/didChange", didChangeParams{
		TextDocument:   textDocumentIdentifier{URI: pathToURI(service), Version: 2},
		ContentChanges: []contentChange{{Text: text}},
	})
	if d := c.diagnostics(pathToURI(service), 2); len(d) != 2 {
		t.Fatalf("service after the edit: %d diagnostics, want Load and Owners still", len(d))
	}
	if err := os.WriteFile(service, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
	c.send(0, "textDocument/didSave", didSaveParams{TextDocument: textDocumentIdentifier{URI: pathToURI(service)}})
	if d := c.diagnostics(pathToURI(handler), 1); len(d) != 0 {
		t.Errorf("handler after the service was saved: %+v, want none", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(runs, []bool{true, false, true}) && !slices.Equal(runs, []bool{true, true, false, true}) {
		t.Errorf("runs (full?) = %v, want a full load, an incremental run, and a full load on save", runs)
	}
}

// TestDidChangeRanges applies a sequence of incremental changes, each
// relative to the text the previous one left, with UTF-16 positions after
// non-ASCII text.
func TestDidChangeRanges(t *testing.T) {
	srv := newServer(io.Discard, nil, time.Hour, log.New(io.Discard, "", 0), false)
	uri := pathToURI("/m/a.go")
	if err := srv.didOpen(&didOpenParams{TextDocument: textDocumentItem{URI: uri, Version: 1, Text: "x := \"é😀\" + y\nz\n"}}); err != nil {
		t.Fatal(err)
	}
	rng := func(l1, c1, l2, c2 int) *lspRange { return &lspRange{Start: position{l1, c1}, End: position{l2, c2}} }
	err := srv.didChange(&didChangeParams{
		TextDocument: textDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []contentChange{
			{Range: rng(0, 13, 0, 14), Text: "w"},      // y (after é = 1 unit, 😀 = 2 units) -> w
			{Range: rng(0, 6, 0, 7), Text: "e"},        // é -> e
			{Range: rng(0, 14, 1, 1), Text: "\nq"},     // "\nz" -> "\nq"
			{Range: rng(2, 0, 2, 0), Text: "// end\n"}, // append at the end
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := srv.docs["/m/a.go"]
	if want := "x := \"e😀\" + w\nq\n// end\n"; string(doc.content) != want || doc.version != 2 {
		t.Errorf("after the changes: %q version %d, want %q version 2", doc.content, doc.version, want)
	}
	if err := srv.didChange(&didChangeParams{
		TextDocument:   textDocumentIdentifier{URI: uri, Version: 3},
		ContentChanges: []contentChange{{Range: rng(9, 0, 9, 1), Text: "x"}},
	}); err == nil {
		t.Error("a change past the end of the file: no error")
	}
	if err := srv.didChange(&didChangeParams{TextDocument: textDocumentIdentifier{URI: pathToURI("/m/b.go"), Version: 1}}); err == nil {
		t.Error("didChange of a file never opened: no error")
	}
}

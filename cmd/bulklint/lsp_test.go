package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers"
)

// The three versions of lspdemo/app.go the test edits through. The first
// queries per element of a loop, behind non-ASCII text on the same line;
// the second loads the names at once; the third adds an INSERT whose
// ignored conflict silentconflict reports with a fix.
const (
	lspLoop = `package app

import (
	"context"
	"database/sql"
)

func Names(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) {
	var names []string
	for _, id := range ids {
		var name string
		/* é😀 */ if err := db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}
`
	lspFixed = `package app

import (
	"context"
	"database/sql"
)

func Names(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) {
	var names []string
	rows, err := db.QueryContext(ctx, "SELECT name FROM users WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}
`
	lspSeed = `
func Seed(ctx context.Context, db *sql.DB, email string) error {
	db.ExecContext(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING", email)
	return nil
}
`
)

// TestLSP runs bulklint lsp as an editor does, over pipes: open a file with
// a query per loop iteration, fix it in an unsaved edit, introduce an
// ignored conflict with an incremental edit, ask for its quick fix, close,
// shut down. Timeouts only guard against hangs.
func TestLSP(t *testing.T) {
	bin := build(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/lspdemo\n\ngo 1.26\n")
	file := filepath.Join(dir, "app.go")
	writeFile(t, file, lspLoop)
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()

	c := startLSP(t, bin, dir)

	var init struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Change    int  `json:"change"`
			} `json:"textDocumentSync"`
			CodeActionProvider struct {
				CodeActionKinds []string `json:"codeActionKinds"`
			} `json:"codeActionProvider"`
		} `json:"capabilities"`
	}
	c.call("initialize", map[string]any{
		"processId":    os.Getpid(),
		"rootUri":      (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String(),
		"capabilities": map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-16"}}},
	}, &init)
	caps := init.Capabilities
	if caps.PositionEncoding != "utf-16" || !caps.TextDocumentSync.OpenClose || caps.TextDocumentSync.Change == 0 ||
		!slices.Contains(caps.CodeActionProvider.CodeActionKinds, "quickfix") {
		t.Fatalf("initialize: capabilities %+v", caps)
	}
	c.notify("initialized", map[string]any{})

	// 1. didOpen: the query in the loop, at its UTF-16 position.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": lspLoop,
	}})
	diags := c.diagnostics(uri, 1)
	if len(diags) != 1 {
		t.Fatalf("version 1: got %d diagnostics, want 1: %+v", len(diags), diags)
	}
	d := diags[0]
	line := 11 // 0-based line of the query
	text := strings.Split(lspLoop, "\n")[line]
	startByte := strings.Index(text, "db.QueryRowContext")
	endByte := strings.Index(text, ".Scan(")
	want := lspRange{Start: lspPos{line, utf16Units(text[:startByte])}, End: lspPos{line, utf16Units(text[:endByte])}}
	if d.Range != want {
		t.Errorf("query-in-loop range = %+v, want %+v (UTF-16 units; the byte column is %d)", d.Range, want, startByte)
	}
	if want.Start.Character == startByte {
		t.Fatalf("test line has no text that UTF-16 counts differently from bytes")
	}
	if d.Source != "bulklint" || d.Code != "query-in-loop" || d.CodeDescription.Href == "" ||
		!strings.HasPrefix(d.Message, "query in loop: (*sql.DB).QueryRowContext runs once per element of ids") {
		t.Errorf("diagnostic = %+v", d)
	}
	if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != uri ||
		d.RelatedInformation[0].Location.Range.Start.Line != 9 || d.RelatedInformation[0].Message != "loop" {
		t.Errorf("related information = %+v, want the loop at line 10", d.RelatedInformation)
	}

	// 2. An unsaved edit that fixes it: the diagnostics are cleared.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": lspFixed}},
	})
	if diags := c.diagnostics(uri, 2); len(diags) != 0 {
		t.Fatalf("version 2: got %+v, want no diagnostics", diags)
	}

	// 3. An incremental edit that appends Seed, whose conflict is ignored.
	lines := strings.Count(lspFixed, "\n")
	c.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 3},
		"contentChanges": []map[string]any{{
			"range": lspRange{Start: lspPos{lines, 0}, End: lspPos{lines, 0}},
			"text":  lspSeed,
		}},
	})
	v3 := lspFixed + lspSeed
	diags = c.diagnostics(uri, 3)
	if len(diags) != 1 || diags[0].Code != "conflict-error-ignored" {
		t.Fatalf("version 3: got %+v, want one conflict-error-ignored", diags)
	}

	// 4. The quick fix for it is the analyzer's suggested fix.
	var actions []struct {
		Title       string          `json:"title"`
		Kind        string          `json:"kind"`
		Diagnostics []lspDiagnostic `json:"diagnostics"`
		Edit        struct {
			Changes map[string][]struct {
				Range   lspRange `json:"range"`
				NewText string   `json:"newText"`
			} `json:"changes"`
		} `json:"edit"`
	}
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        diags[0].Range,
		"context":      map[string]any{"diagnostics": diags, "only": []string{"quickfix"}},
	}, &actions)
	if len(actions) != 1 || actions[0].Kind != "quickfix" || len(actions[0].Edit.Changes) != 1 {
		t.Fatalf("codeAction: got %+v, want one quickfix editing app.go", actions)
	}
	fixMessage, wantText := analyzerFix(t, "silentconflict", v3)
	if actions[0].Title != fixMessage {
		t.Errorf("quick fix title %q, want the analyzer's %q", actions[0].Title, fixMessage)
	}
	got := v3
	edits := actions[0].Edit.Changes[uri]
	// Apply from the end so that earlier positions stay valid.
	slices.SortFunc(edits, func(a, b struct {
		Range   lspRange `json:"range"`
		NewText string   `json:"newText"`
	}) int {
		return byteOffset(t, v3, b.Range.Start) - byteOffset(t, v3, a.Range.Start)
	})
	for _, e := range edits {
		start, end := byteOffset(t, got, e.Range.Start), byteOffset(t, got, e.Range.End)
		got = got[:start] + e.NewText + got[end:]
	}
	if got != wantText {
		t.Errorf("the quick fix gives\n%s\nwant the analyzer's fix\n%s", got, wantText)
	}
	if !strings.Contains(got, "if _, err := db.ExecContext(") {
		t.Errorf("the quick fix does not check the error:\n%s", got)
	}

	// 5. Closing the file clears its diagnostics.
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if diags := c.diagnostics(uri, -1); len(diags) != 0 {
		t.Errorf("after didClose: got %+v, want no diagnostics", diags)
	}

	var null json.RawMessage
	c.call("shutdown", nil, &null)
	if string(null) != "null" {
		t.Errorf("shutdown result %s, want null", null)
	}
	c.notify("exit", nil)
	if err := c.wait(); err != nil {
		t.Fatalf("bulklint lsp exit: %v\nstderr:\n%s", err, c.stderr.String())
	}
}

type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

type lspDiagnostic struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	Source             string          `json:"source"`
	Message            string          `json:"message"`
	RelatedInformation []lspRelated    `json:"relatedInformation"`
	Data               json.RawMessage `json:"data,omitempty"`
}

type lspRelated struct {
	Location struct {
		URI   string   `json:"uri"`
		Range lspRange `json:"range"`
	} `json:"location"`
	Message string `json:"message"`
}

// lspClient speaks JSON-RPC with the server: a goroutine reads its
// messages, responses go to the waiting call, notifications to a queue.
type lspClient struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	stderr *bytes.Buffer
	nextID int

	mu       sync.Mutex
	cond     *sync.Cond
	messages []rawMessage
	readErr  error
}

type rawMessage struct {
	ID     *int            `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func startLSP(t *testing.T, bin, dir string) *lspClient {
	t.Helper()
	cmd := exec.Command(bin, "lsp", "-v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &lspClient{t: t, cmd: cmd, in: in, stderr: &bytes.Buffer{}}
	c.cond = sync.NewCond(&c.mu)
	cmd.Stderr = &lockedWriter{w: c.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		t.Logf("bulklint lsp stderr:\n%s", c.stderr)
	})
	go c.read(bufio.NewReader(out))
	return c
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (c *lspClient) read(r *bufio.Reader) {
	for {
		var m rawMessage
		err := func() error {
			h, err := textproto.NewReader(r).ReadMIMEHeader()
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(h.Get("Content-Length"))
			if err != nil {
				return fmt.Errorf("bad Content-Length: %v", err)
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(r, body); err != nil {
				return err
			}
			return json.Unmarshal(body, &m)
		}()
		c.mu.Lock()
		if err != nil {
			c.readErr = err
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		c.messages = append(c.messages, m)
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

func (c *lspClient) send(m map[string]any) {
	c.t.Helper()
	m["jsonrpc"] = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatalf("writing to bulklint lsp: %v", err)
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	m := map[string]any{"method": method}
	if params != nil {
		m["params"] = params
	}
	c.send(m)
}

// call sends a request and decodes its result into result.
func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	m := map[string]any{"id": id, "method": method}
	if params != nil {
		m["params"] = params
	}
	c.send(m)
	r := c.await(method, func(m rawMessage) bool { return m.ID != nil && *m.ID == id && m.Method == "" })
	if r.Error != nil {
		c.t.Fatalf("%s: error %d: %s", method, r.Error.Code, r.Error.Message)
	}
	if err := json.Unmarshal(r.Result, result); err != nil {
		c.t.Fatalf("%s: result %s: %v", method, r.Result, err)
	}
}

// diagnostics waits for the publishDiagnostics of uri at version (any
// version when it is -1) and returns them. Diagnostics published for an
// older version are skipped: the server may answer an older edit first.
func (c *lspClient) diagnostics(uri string, version int) []lspDiagnostic {
	c.t.Helper()
	var p struct {
		URI         string          `json:"uri"`
		Version     *int            `json:"version"`
		Diagnostics []lspDiagnostic `json:"diagnostics"`
	}
	c.await("publishDiagnostics", func(m rawMessage) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		p.Version = nil
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatalf("publishDiagnostics params %s: %v", m.Params, err)
		}
		return p.URI == uri && (version < 0 || p.Version != nil && *p.Version == version)
	})
	if p.Diagnostics == nil {
		c.t.Fatalf("publishDiagnostics for %s: diagnostics is null, want a list", uri)
	}
	return p.Diagnostics
}

// await returns the first message, received or to come, that match
// accepts, removing it and every message before it from the queue.
func (c *lspClient) await(what string, match func(rawMessage) bool) rawMessage {
	c.t.Helper()
	deadline := time.Now().Add(3 * time.Minute) // hang guard only
	timer := time.AfterFunc(time.Until(deadline), func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for i, m := range c.messages {
			if match(m) {
				c.messages = c.messages[i+1:]
				return m
			}
		}
		if c.readErr != nil {
			c.t.Fatalf("waiting for %s: reading from bulklint lsp: %v", what, c.readErr)
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waiting for %s: no answer in 3 minutes", what)
		}
		c.cond.Wait()
	}
}

func (c *lspClient) wait() error {
	c.in.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		c.cmd.Process.Kill()
		return fmt.Errorf("no exit a minute after the exit notification")
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

func utf16Units(s string) int { return len(utf16.Encode([]rune(s))) }

// byteOffset converts an LSP position (UTF-16 units) to a byte offset in
// text, independently of the server's code.
func byteOffset(t *testing.T, text string, p lspPos) int {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	if p.Line >= len(lines) {
		t.Fatalf("position %+v past the end of the text", p)
	}
	off := 0
	for _, l := range lines[:p.Line] {
		off += len(l)
	}
	units := 0
	for i, r := range lines[p.Line] {
		if units == p.Character {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	if units == p.Character {
		return off + len(lines[p.Line])
	}
	t.Fatalf("position %+v is not on a character boundary", p)
	return 0
}

// analyzerFix runs the analyzers in process on app.go with the given
// content, in a module of its own, and returns the message of the one fix
// analyzer suggests and the content with that fix applied.
func analyzerFix(t *testing.T, analyzer, content string) (message, fixed string) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/lspdemo\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "app.go"), content)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir,
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading the module: %v", err)
	}
	g, err := checker.Analyze(analyzers.Suite(), pkgs, &checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var fixes []analysis.SuggestedFix
	for _, act := range g.Roots {
		if act.Analyzer.Name == analyzer {
			for _, d := range act.Diagnostics {
				fixes = append(fixes, d.SuggestedFixes...)
			}
		}
	}
	if len(fixes) != 1 {
		t.Fatalf("%s suggests %d fixes in process, want 1", analyzer, len(fixes))
	}
	edits := slices.Clone(fixes[0].TextEdits)
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return int(b.Pos - a.Pos) })
	fset := pkgs[0].Fset
	fixed = content
	for _, e := range edits {
		start, end := fset.Position(e.Pos).Offset, fset.Position(e.Pos).Offset
		if e.End.IsValid() {
			end = fset.Position(e.End).Offset
		}
		fixed = fixed[:start] + string(e.NewText) + fixed[end:]
	}
	return fixes[0].Message, fixed
}

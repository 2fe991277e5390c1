package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
)

// Main serves the language server protocol on stdin and stdout until the
// client sends exit, and returns the exit status: 0 after shutdown, 1 when
// the client left without it or the stream broke, 2 for bad flags.
func Main(args []string, suite []*analysis.Analyzer) int {
	fs := flag.NewFlagSet("bulklint lsp", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: bulklint lsp [flags]\n\n"+
			"Serves the language server protocol on stdin and stdout, for editors.\n"+
			"Run it beside gopls; see docs/editors.md.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	debounce := fs.Duration("debounce", 250*time.Millisecond, "wait this long after the last edit before analysing")
	verbose := fs.Bool("v", false, "log each analysis run to stderr")
	tags := fs.String("tags", "", "comma-separated build `tags` to load packages with, as go build -tags")
	for _, a := range suite {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "bulklint lsp: unexpected arguments %q (it speaks on stdin and stdout)\n", fs.Args())
		return 2
	}
	logger := log.New(os.Stderr, "bulklint lsp: ", log.Ltime|log.Lmicroseconds)
	srv := newServer(os.Stdout, suite, *debounce, logger, *verbose)
	srv.engine.tags = *tags
	return srv.serve(os.Stdin)
}

// server holds the open documents and what was published for them. The
// reader goroutine (serve) handles messages; one worker goroutine runs the
// analyses, so a long load never blocks the reader.
type server struct {
	out      *writer
	engine   *engine
	debounce time.Duration
	log      *log.Logger
	verbose  bool

	kick     chan struct{} // wakes the worker; capacity 1
	quit     chan struct{} // closed by stop
	done     chan struct{} // closed when the worker has stopped
	stopOnce sync.Once

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	docs        map[string]*document  // by file name
	pending     map[string]bool       // files edited since the last run started
	saved       map[string]bool       // files saved since the last run started
	forceFull   bool                  // the next run must load everything again
	timer       *time.Timer           // debounce
	cancel      context.CancelFunc    // of the running analysis, if any
	published   map[string]*published // by file name, for code actions
	onPublish   func(runStats)        // tests and benchmarks observe runs, called before publishing
}

type document struct {
	uri     string
	version int
	content []byte
}

// published is what the server last sent for one file: the diagnostics and,
// beside each, the quick fixes it offers.
type published struct {
	version int
	items   []publishedItem
}

type publishedItem struct {
	diag  diagnostic
	fixes []codeAction
}

// runStats describes one finished analysis run.
type runStats struct {
	full     bool
	duration time.Duration
}

func newServer(out io.Writer, suite []*analysis.Analyzer, debounce time.Duration, logger *log.Logger, verbose bool) *server {
	s := &server{
		out:       &writer{w: out},
		debounce:  debounce,
		log:       logger,
		verbose:   verbose,
		kick:      make(chan struct{}, 1),
		quit:      make(chan struct{}),
		done:      make(chan struct{}),
		docs:      map[string]*document{},
		pending:   map[string]bool{},
		saved:     map[string]bool{},
		published: map[string]*published{},
	}
	wd, _ := os.Getwd()
	s.engine = newEngine(suite, wd, s.debugf)
	return s
}

func (s *server) debugf(format string, args ...any) {
	if s.verbose {
		s.log.Printf(format, args...)
	}
}

// serve reads messages until exit or the end of the input.
func (s *server) serve(in io.Reader) int {
	go s.worker()
	defer s.stop()
	r := bufio.NewReader(in)
	for {
		m, err := readMessage(r)
		if err != nil {
			var re *rpcError
			if errors.As(err, &re) {
				// A body that is not JSON: answer, keep serving.
				s.out.reply(json.RawMessage("null"), nil, re)
				continue
			}
			if !errors.Is(err, io.EOF) {
				s.log.Printf("reading from the client: %v", err)
			}
			return 1
		}
		if m.Method == "exit" {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.shutdown {
				return 0
			}
			return 1
		}
		s.handle(m)
	}
}

// stop ends the worker and any analysis in flight.
func (s *server) stop() {
	s.mu.Lock()
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.cancel != nil {
		s.cancel()
	}
	s.shutdown = true
	s.mu.Unlock()
	// kick stays open: a debounce timer that fired already may still send.
	s.stopOnce.Do(func() { close(s.quit) })
	// A checker run cannot be interrupted; the editor that sent exit does
	// not wait for it, and the process ends when Main returns.
	select {
	case <-s.done:
	case <-time.After(2 * time.Second):
		s.log.Printf("exiting during an analysis")
	}
}

func (s *server) handle(m *message) {
	if m.Method == "" {
		return // a response: the server sends no requests, so none is awaited
	}
	isRequest := len(m.ID) > 0
	result, err := s.dispatch(m)
	if !isRequest {
		if err != nil {
			s.log.Printf("%s: %v", m.Method, err)
		}
		return
	}
	if err := s.out.reply(m.ID, result, err); err != nil {
		s.log.Printf("writing the reply to %s: %v", m.Method, err)
	}
}

func (s *server) dispatch(m *message) (any, error) {
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	if m.Method != "initialize" && !initialized && len(m.ID) > 0 {
		return nil, &rpcError{Code: codeServerNotInitialized, Message: "initialize first"}
	}
	if shutdown && len(m.ID) > 0 {
		return nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shut down"}
	}
	switch m.Method {
	case "initialize":
		var p initializeParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.initialize(&p)
	case "initialized":
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		if s.cancel != nil {
			s.cancel()
		}
		if s.timer != nil {
			s.timer.Stop()
		}
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		var p didOpenParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return nil, s.didOpen(&p)
	case "textDocument/didChange":
		var p didChangeParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return nil, s.didChange(&p)
	case "textDocument/didSave":
		var p didSaveParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return nil, s.didSave(&p)
	case "textDocument/didClose":
		var p didCloseParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return nil, s.didClose(&p)
	case "textDocument/codeAction":
		var p codeActionParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.codeAction(&p)
	}
	if strings.HasPrefix(m.Method, "$/") || len(m.ID) == 0 {
		return nil, nil // optional notifications may be ignored
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "bulklint lsp does not handle " + m.Method}
}

func unmarshal(data json.RawMessage, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	return nil
}

func (s *server) initialize(p *initializeParams) (any, error) {
	root := ""
	switch {
	case len(p.WorkspaceFolders) > 0:
		root = p.WorkspaceFolders[0].URI
	case p.RootURI != "":
		root = p.RootURI
	}
	if root != "" {
		dir, err := uriToPath(root)
		if err != nil {
			return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
		}
		s.engine.dir = dir
	} else if p.RootPath != "" {
		s.engine.dir = p.RootPath
	}
	s.mu.Lock()
	s.initialized = true
	s.mu.Unlock()
	s.debugf("workspace %s", s.engine.dir)
	return &initializeResult{
		Capabilities: serverCapabilities{
			PositionEncoding: "utf-16",
			TextDocumentSync: textDocumentSync{
				OpenClose: true,
				Change:    syncIncremental,
				Save:      saveOptions{IncludeText: false},
			},
			CodeActionProvider: codeActionProvider{CodeActionKinds: []string{"quickfix"}},
		},
		ServerInfo: serverInfo{Name: "bulklint"},
	}, nil
}

func (s *server) didOpen(p *didOpenParams) error {
	name, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[name] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, content: []byte(p.TextDocument.Text)}
	s.changedLocked(name)
	return nil
}

func (s *server) didChange(p *didChangeParams) error {
	name, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[name]
	if doc == nil {
		return fmt.Errorf("didChange for %s, which is not open", p.TextDocument.URI)
	}
	content := doc.content
	for _, ch := range p.ContentChanges {
		if ch.Range == nil {
			content = []byte(ch.Text)
			continue
		}
		m := newMapper(content)
		start, err := m.offset(ch.Range.Start)
		if err != nil {
			return fmt.Errorf("didChange %s: %v", p.TextDocument.URI, err)
		}
		end, err := m.offset(ch.Range.End)
		if err != nil || end < start {
			return fmt.Errorf("didChange %s: bad range end: %v", p.TextDocument.URI, err)
		}
		next := make([]byte, 0, len(content)-(end-start)+len(ch.Text))
		next = append(next, content[:start]...)
		next = append(next, ch.Text...)
		next = append(next, content[end:]...)
		content = next
	}
	doc.content = content
	doc.version = p.TextDocument.Version
	s.changedLocked(name)
	return nil
}

func (s *server) didSave(p *didSaveParams) error {
	name, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if doc := s.docs[name]; doc != nil && p.Text != nil {
		doc.content = []byte(*p.Text)
	}
	// Saving go.mod, go.sum or go.work changes the module graph; saving a
	// Go file that other open files depend on changes their findings. Both
	// need a full load, which runs here, after the save, not per keystroke.
	switch filepath.Base(name) {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		s.forceFull = true
	}
	s.pending[name] = true
	s.saved[name] = true
	s.scheduleLocked()
	return nil
}

func (s *server) didClose(p *didCloseParams) error {
	name, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.docs, name)
	delete(s.published, name)
	delete(s.pending, name)
	s.mu.Unlock()
	// A closed file's diagnostics disappear from the editor's problem list.
	return s.out.notify("textDocument/publishDiagnostics", &publishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []diagnostic{}})
}

// changedLocked records an edit of name: it cancels the analysis in
// flight, whose result is stale, and restarts the debounce timer.
func (s *server) changedLocked(name string) {
	s.pending[name] = true
	if s.cancel != nil {
		s.cancel()
	}
	s.scheduleLocked()
}

func (s *server) scheduleLocked() {
	if s.shutdown {
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(s.debounce, func() {
		select {
		case s.kick <- struct{}{}:
		default: // a run is already due
		}
	})
}

// worker runs one analysis at a time, each over the documents as they are
// when it starts.
func (s *server) worker() {
	defer close(s.done)
	for {
		select {
		case <-s.kick:
		case <-s.quit:
			return
		}
		s.mu.Lock()
		if s.shutdown {
			s.mu.Unlock()
			return
		}
		docs := map[string][]byte{}
		versions := map[string]int{}
		for name, d := range s.docs {
			docs[name] = d.content
			versions[name] = d.version
		}
		var changed []string
		for name := range s.pending {
			changed = append(changed, name)
		}
		slices.Sort(changed)
		clear(s.pending)
		force := s.forceFull
		s.forceFull = false
		for name := range s.saved {
			if s.engine.dependents(name, docs) {
				force = true
			}
		}
		clear(s.saved)
		ctx, cancel := context.WithCancel(context.Background())
		s.cancel = cancel
		s.mu.Unlock()

		start := time.Now()
		res, err := s.run(ctx, docs, changed, force)
		cancel()
		if err != nil {
			s.mu.Lock()
			if ctx.Err() != nil {
				// Superseded by an edit, which has scheduled the next run:
				// that run must cover these files too.
				for _, name := range changed {
					s.pending[name] = true
				}
				s.forceFull = s.forceFull || force // saves that asked for it stay honoured
				s.mu.Unlock()
				s.debugf("run cancelled by an edit")
				continue
			}
			s.mu.Unlock()
			s.logMessage(logError, fmt.Sprintf("bulklint: %v", err))
			continue
		}
		s.mu.Lock()
		hook := s.onPublish
		s.mu.Unlock()
		if hook != nil {
			hook(runStats{full: res.full, duration: time.Since(start)})
		}
		s.publish(res, docs, versions)
		s.debugf("%d files changed, full=%v, %v", len(changed), res.full, time.Since(start).Round(time.Millisecond))
		if res.full {
			// A full load peaks at several times the heap the snapshot
			// keeps (see release in engine.go); without this the runtime
			// returns that memory to the system over minutes and the
			// server stays at its peak size meanwhile. One collection of
			// the kept heap costs tens of milliseconds after a load of
			// seconds, and runs once the diagnostics are out.
			debug.FreeOSMemory()
		}
	}
}

// run calls the engine and turns a panic into an error: code the analyzers
// or the type checker trip on must not stop the server.
func (s *server) run(ctx context.Context, docs map[string][]byte, changed []string, force bool) (res *result, err error) {
	defer func() {
		if r := recover(); r != nil {
			buf := make([]byte, 8<<10)
			buf = buf[:runtime.Stack(buf, false)]
			s.log.Printf("panic during analysis: %v\n%s", r, buf)
			err = fmt.Errorf("internal error during analysis: %v", r)
			s.engine.snap = nil // start again from a clean load
		}
	}()
	return s.engine.analyze(ctx, docs, changed, force)
}

func (s *server) logMessage(typ int, msg string) {
	s.log.Print(msg)
	if err := s.out.notify("window/logMessage", &logMessageParams{Type: typ, Message: msg}); err != nil {
		s.log.Printf("writing to the client: %v", err)
	}
}

// publish sends the findings of res for the open files it covers, unless a
// file was edited after the run started (a later run will answer for it).
func (s *server) publish(res *result, docs map[string][]byte, versions map[string]int) {
	contents := newContentCache(docs)
	var names []string
	for name := range docs {
		if res.covered[name] || res.full {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		pub := &published{version: versions[name]}
		for i, f := range res.findings[name] {
			item, err := convert(res.fset, f, contents, i, versions[name])
			if err != nil {
				s.log.Printf("%s: %v", name, err)
				continue
			}
			pub.items = append(pub.items, item)
		}
		s.mu.Lock()
		doc := s.docs[name]
		if doc == nil || doc.version != versions[name] || string(doc.content) != string(docs[name]) {
			s.mu.Unlock()
			continue
		}
		s.published[name] = pub
		params := &publishDiagnosticsParams{URI: doc.uri, Version: &pub.version, Diagnostics: []diagnostic{}}
		for _, it := range pub.items {
			params.Diagnostics = append(params.Diagnostics, it.diag)
		}
		if pz, ok := res.paused[name]; ok {
			if loc, err := contents.location(res.fset, pz.pos, pz.pos); err == nil {
				params.Diagnostics = append(params.Diagnostics, diagnostic{
					Range:    loc.Range,
					Severity: severityInformation,
					Code:     "analysis-paused",
					Source:   "bulklint",
					Message:  pz.msg,
				})
			}
		}
		// Sent under the lock so that a didClose cannot slip between the
		// check and the notification and leave diagnostics of a closed file.
		err := s.out.notify("textDocument/publishDiagnostics", params)
		s.mu.Unlock()
		if err != nil {
			s.log.Printf("writing to the client: %v", err)
		}
	}
}

// convert turns a finding into an LSP diagnostic and its fixes into code
// actions, positions in UTF-16 units of the contents the run analysed.
func convert(fset *token.FileSet, f finding, contents *contentCache, index, version int) (publishedItem, error) {
	d := f.diag
	loc, err := contents.location(fset, d.Pos, d.End)
	if err != nil {
		return publishedItem{}, err
	}
	diag := diagnostic{
		Range:    loc.Range,
		Severity: severityWarning,
		Code:     d.Category,
		Source:   "bulklint",
		Message:  d.Message,
		Data:     &diagnosticData{Analyzer: f.analyzer.Name, Version: version, Index: index},
	}
	if d.URL != "" {
		diag.CodeDescription = &codeDescription{Href: d.URL}
	}
	for _, r := range d.Related {
		rl, err := contents.location(fset, r.Pos, r.End)
		if err != nil {
			continue
		}
		diag.RelatedInformation = append(diag.RelatedInformation, relatedInformation{Location: rl, Message: r.Message})
	}
	item := publishedItem{diag: diag}
	for _, fix := range d.SuggestedFixes {
		edit := &workspaceEdit{Changes: map[string][]textEdit{}}
		ok := true
		for _, te := range fix.TextEdits {
			el, err := contents.location(fset, te.Pos, te.End)
			if err != nil {
				ok = false
				break
			}
			edit.Changes[el.URI] = append(edit.Changes[el.URI], textEdit{Range: el.Range, NewText: string(te.NewText)})
		}
		if !ok || len(edit.Changes) == 0 {
			continue
		}
		item.fixes = append(item.fixes, codeAction{
			Title:       fix.Message,
			Kind:        "quickfix",
			Diagnostics: []diagnostic{diag},
			IsPreferred: len(d.SuggestedFixes) == 1,
			Edit:        edit,
		})
	}
	return item, nil
}

// contentCache gives the content a position refers to: the analysed
// unsaved text of open files, the disk for others.
type contentCache struct {
	docs    map[string][]byte
	mappers map[string]*mapper
}

func newContentCache(docs map[string][]byte) *contentCache {
	return &contentCache{docs: docs, mappers: map[string]*mapper{}}
}

func (c *contentCache) mapper(name string) (*mapper, error) {
	if m := c.mappers[name]; m != nil {
		return m, nil
	}
	content, ok := c.docs[name]
	if !ok {
		var err error
		if content, err = os.ReadFile(name); err != nil {
			return nil, err
		}
	}
	m := newMapper(content)
	c.mappers[name] = m
	return m, nil
}

func (c *contentCache) location(fset *token.FileSet, pos, end token.Pos) (location, error) {
	tf := fset.File(pos)
	if tf == nil {
		return location{}, fmt.Errorf("position %d is in no file", pos)
	}
	if !end.IsValid() {
		end = pos
	}
	if end < pos || int(end) > tf.Base()+tf.Size() {
		return location{}, fmt.Errorf("%s: range %d-%d is not within one file", tf.Name(), pos, end)
	}
	m, err := c.mapper(tf.Name())
	if err != nil {
		return location{}, err
	}
	return location{
		URI:   c.uri(tf.Name()),
		Range: lspRange{Start: m.position(tf.Offset(pos)), End: m.position(tf.Offset(end))},
	}, nil
}

func (c *contentCache) uri(name string) string { return pathToURI(name) }

func (s *server) codeAction(p *codeActionParams) (any, error) {
	name, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	if len(p.Context.Only) > 0 && !slices.ContainsFunc(p.Context.Only, func(k string) bool {
		return k == "quickfix" || k == ""
	}) {
		return []codeAction{}, nil
	}
	s.mu.Lock()
	pub := s.published[name]
	doc := s.docs[name]
	s.mu.Unlock()
	actions := []codeAction{}
	if pub == nil || doc == nil || doc.version != pub.version {
		return actions, nil // the file changed since: a new run will publish
	}
	for _, it := range pub.items {
		if !overlaps(it.diag.Range, p.Range) && !mentioned(it.diag, p.Context.Diagnostics) {
			continue
		}
		for _, fix := range it.fixes {
			fix.Edit = remapURI(fix.Edit, name, doc.uri)
			actions = append(actions, fix)
		}
	}
	return actions, nil
}

// remapURI spells the edited document's URI as the client did, since
// clients compare URIs as strings.
func remapURI(e *workspaceEdit, name, uri string) *workspaceEdit {
	own := pathToURI(name)
	if own == uri {
		return e
	}
	out := &workspaceEdit{Changes: map[string][]textEdit{}}
	for u, edits := range e.Changes {
		if u == own {
			u = uri
		}
		out.Changes[u] = edits
	}
	return out
}

// overlaps reports whether two ranges share a position; an empty range
// (a cursor) overlaps a range that contains it, ends included.
func overlaps(a, b lspRange) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(x, y position) bool {
	return x.Line < y.Line || x.Line == y.Line && x.Character < y.Character
}

func mentioned(d diagnostic, in []diagnostic) bool {
	for _, c := range in {
		if c.Data != nil && d.Data != nil && *c.Data == *d.Data {
			return true
		}
		if c.Range == d.Range && c.Message == d.Message {
			return true
		}
	}
	return false
}

// uriToPath returns the file name of a file:// URI.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("bad URI %q: %v", uri, err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("URI %q: only file URIs are supported", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // /C:/x -> C:/x
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// pathToURI returns the file:// URI of an absolute file name.
func pathToURI(name string) string {
	p := filepath.ToSlash(name)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x -> /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

package lsp

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulklint/bulklint/analyzers"
)

// BenchmarkKeystroke measures, in process and through the protocol, the
// time from a didChange (one character typed in a comment) to the
// publishDiagnostics that answers it, in a generated module of 201
// packages (genModule with 50 domains). The debounce is set to zero so that
// only the analysis is measured; an editor waits the debounce (250ms by
// default) on top.
//
// heap-MB is the live heap (HeapInuse after a collection) once the first
// diagnostics are published: what the server keeps of the load between
// keystrokes, and what every later collection has to scan.
//
// Sub-benchmarks open one leaf file (a handler: its load reaches 13 of the
// module's packages) or the handlers of all 50 domains (the load reaches
// every package), and type in the first. Each reports first-ms, the time
// from the didOpens to the first diagnostics of the edited file (a full
// load and checker run), and full-runs, the full loads during the timed
// keystrokes (0 when every keystroke takes the incremental path).
//
//	go test -run='^$' -bench=Keystroke -benchtime=20x ./internal/lsp
func BenchmarkKeystroke(b *testing.B) {
	dir := genModule(b, 50)
	for _, bc := range []struct {
		name string
		open int
	}{{"leaf", 1}, {"handlers50", 50}} {
		b.Run(bc.name, func(b *testing.B) {
			var files []string
			for i := bc.open - 1; i >= 0; i-- { // the edited file opens last
				files = append(files, filepath.Join(dir, "handler", fmt.Sprintf("d%d", i), "handler.go"))
			}
			benchKeystrokes(b, dir, files)
		})
	}
	// A large edited package: the handler of domain 0 with 40 more files of
	// 20 functions each (about 12,000 lines), each function a loop over a
	// service call. A keystroke re-parses one file and re-checks the
	// package.
	b.Run("bigleaf", func(b *testing.B) {
		dir := genModule(b, 50)
		for i := range 40 {
			var src strings.Builder
			fmt.Fprintf(&src, "package d0\n\nimport \"context\"\n")
			for j := range 20 {
				fmt.Fprintf(&src, `
// F%[1]d_%[2]d loads records one by one.
func (h *Handler) F%[1]d_%[2]d(ctx context.Context, ids []int64) (int, error) {
	n := 0
	for _, id := range ids {
		rec, err := h.svc.One(ctx, id)
		if err != nil {
			return n, err
		}
		if rec.Name != "" {
			n++
		}
	}
	return n, nil
}
`, i, j)
			}
			name := filepath.Join(dir, "handler", "d0", fmt.Sprintf("extra%d.go", i))
			if err := os.WriteFile(name, []byte(src.String()), 0o666); err != nil {
				b.Fatal(err)
			}
		}
		benchKeystrokes(b, dir, []string{filepath.Join(dir, "handler", "d0", "handler.go")})
	})
}

func benchKeystrokes(b *testing.B, dir string, files []string) {
	c, srv := startServer(b, analyzers.Suite(), 0, io.Discard)
	var fullRuns atomic.Int64
	srv.mu.Lock()
	srv.onPublish = func(st runStats) {
		if st.full {
			fullRuns.Add(1)
		}
	}
	srv.mu.Unlock()

	c.call("initialize", map[string]any{"rootUri": pathToURI(dir)})
	c.send(0, "initialized", map[string]any{})
	start := time.Now()
	var uri string
	for _, f := range files {
		uri = pathToURI(f)
		c.send(0, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: string(read(b, f))}})
	}
	if d := c.diagnostics(uri, 1); len(d) == 0 {
		b.Fatalf("no diagnostics in %s", uri)
	}
	first := time.Since(start)
	heap := liveHeap()
	fullRuns.Store(0)

	version := 1
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		version++
		// Type a character at the end of the first line (the package
		// comment), or delete it again.
		end := len("// Package d0 answers requests for domain 0.")
		ch := contentChange{Range: &lspRange{Start: position{0, end}, End: position{0, end}}, Text: "x"}
		if i%2 == 1 {
			ch = contentChange{Range: &lspRange{Start: position{0, end}, End: position{0, end + 1}}, Text: ""}
		}
		c.send(0, "textDocument/didChange", didChangeParams{
			TextDocument:   textDocumentIdentifier{URI: uri, Version: version},
			ContentChanges: []contentChange{ch},
		})
		if d := c.diagnostics(uri, version); len(d) == 0 {
			b.Fatalf("version %d: the findings are gone", version)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(first.Milliseconds()), "first-ms")
	b.ReportMetric(float64(fullRuns.Load()), "full-runs")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/keystroke")

	c.call("shutdown", nil)
	c.send(0, "exit", nil)
	if code := c.exitCode(); code != 0 {
		b.Errorf("serve returned %d after shutdown and exit", code)
	}
}

// liveHeap returns the bytes of heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

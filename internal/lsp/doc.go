// Package lsp implements bulklint lsp, a small language server that runs
// bulklint's analyzers on the Go files an editor has open and publishes
// their findings as diagnostics, with the analyzers' suggested fixes as
// quick fixes. gopls cannot load third-party analyzers, so editors run this
// server beside gopls (see docs/editors.md).
//
// # Protocol
//
// The server speaks JSON-RPC 2.0 over stdin and stdout with the base
// protocol's Content-Length framing, and handles initialize, initialized,
// shutdown, exit, textDocument/didOpen, didChange (full and incremental
// changes), didSave, didClose and codeAction. Positions are UTF-16 code
// units, the encoding every client supports and the one advertised in
// positionEncoding; byte offsets from go/token are converted per line
// (position.go). Each diagnostic carries source "bulklint", the analyzer's
// category as code, the documentation URL as codeDescription.href and the
// analyzer's Related positions as relatedInformation. When a file's
// findings are gone, its diagnostics are published again as an empty list;
// didClose clears them too.
//
// The framing and the few message types are hand-written with
// encoding/json (jsonrpc.go, protocol.go, about 300 lines). The libraries
// considered did not fit: go.lsp.dev/protocol v0.12.0 (2022, not released
// since) predates LSP 3.17's positionEncoding and brings go.uber.org/zap
// and segmentio/encoding through go.lsp.dev/jsonrpc2; github.com/tliron/glsp
// v0.2.2 brings a logging stack, gorilla/websocket and sourcegraph/jsonrpc2
// for transports bulklint does not use. A server with ten methods needs
// neither.
//
// # Scheduling
//
// The reader goroutine only records edits. After the last edit of a burst
// (-debounce, 250ms by default) one worker goroutine analyses the documents
// as they are when it starts; an edit cancels the run in flight (a
// go/packages load stops, the incremental path checks between analyzers)
// and a run whose documents changed meanwhile publishes nothing for them.
// Code that does not parse or type-check is never an error: the analyzers
// that do not RunDespiteErrors are skipped, so no finding is reported for
// that package until it type-checks. So that the editor does not read the
// findings' disappearance as a fix, each open file of the package gets one
// diagnostic instead, of severity Information and code analysis-paused,
// that quotes the first error: at the error in its own file, on the
// package clause in the others. A panic in an analyzer is logged and the
// server keeps serving.
//
// # Cached dependency analysis
//
// A full run loads the packages of the open files with go/packages
// (LoadAllSyntax, unsaved contents as Overlay, run in the module root of
// the first open file, see loadDir) and runs the suite with
// golang.org/x/tools/go/analysis/checker. The engine keeps that run as a
// snapshot: the file set, the loaded packages with their *types.Package,
// the syntax trees of the root packages, and, per root package and
// analyzer with facts, the facts of the root's dependencies, harvested from
// the checker's action graph (Action.AllObjectFacts and AllPackageFacts of
// each dependency action). Everything else is released once the facts are
// harvested: the action graph with every analyzer's result on every
// package (inspectors, SSA, control flow graphs), the dependencies' syntax
// trees and every types.Info. They made up about two thirds of the live
// heap of the generated benchmark module and six sevenths of miniflux's
// (about 430 MB of 500), which the garbage collector scanned on every
// keystroke. After publishing the diagnostics of a full load the server
// returns the load's peak memory to the system (debug.FreeOSMemory), so
// that it stays near the size of what it keeps.
//
// An edit of a file in package P then re-parses the edited files of P
// (unchanged files keep their syntax trees), type-checks P alone with
// go/types, importing the snapshot's dependency packages, and runs the
// analyzers on P by building the analysis.Pass values itself: required
// analyzers first, ResultOf wired, ImportObjectFact and ImportPackageFact
// served from the harvested facts, which are keyed by the very
// types.Objects the new P refers to because its imports are the
// snapshot's packages. Only P's type checking and analysis are paid per
// keystroke, not the loading and analysis of its dependencies.
//
// The engine falls back to a full load when the incremental answer could
// be wrong:
//   - a file was opened that the snapshot did not load;
//   - P imports a package it did not import at load time;
//   - a dependency of P has unsaved changes the snapshot did not see;
//   - go.mod, go.sum, go.work or go.work.sum was edited or saved;
//   - a file of the main module's packages that is not open, or go.mod or
//     go.sum, changed on disk (a git checkout, go get): the snapshot keeps
//     their modification times and sizes and stats them on each run;
//   - a saved file's package is a dependency of another open file's
//     package (whose facts and findings may change with it);
//   - P uses cgo.
//
// Test files are loaded when one is open (go/packages Tests mode, which
// adds the test variants "p [p.test]" and doubles the work); a file
// compiled into several variants takes its findings from one, the plain
// package for a non-test file, so none is reported twice. The analyzers
// report in test files only with their -tests flags, as in every front end.
// An edit of p while a file of its external test package p_test is open
// needs a full load, as p_test imports the variant of p.
//
// Not covered: a Go file added on disk to a loaded package is seen at the
// next full load only (the server does not watch directories).
package lsp

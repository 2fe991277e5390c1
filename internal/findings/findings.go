// Package findings turns the diagnostics of a checker run into a flat,
// sorted list of findings with everything the output formats need resolved
// once: positions as paths relative to the repository root with both byte
// and UTF-16 columns, the enclosing function, and the stable fingerprint of
// package fingerprint.
//
// The text, JSON and SARIF writers and the baseline filter all read this
// list, so the fingerprint a baseline records is by construction the one
// SARIF reports.
//
// Columns: go/token counts bytes, SARIF counts UTF-16 code units by default
// (columnKind utf16CodeUnits), and the two differ as soon as a line holds
// non-ASCII text before the finding ("é" is 2 bytes and 1 unit, an emoji 4
// bytes and 2 units). Both are kept: Col for text output, like go vet;
// Col16 for SARIF.
package findings

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/internal/fingerprint"
)

// maxCodeLines bounds how many flagged lines go into a fingerprint: a
// diagnostic that spans a whole loop would otherwise change key with any
// edit inside it.
const maxCodeLines = 5

// A Finding is one diagnostic of a root action, resolved.
type Finding struct {
	Analyzer    string // analyzer name
	Category    string // diagnostic category ("" if the analyzer set none)
	Message     string
	URL         string // documentation of the diagnostic, or of the analyzer
	Package     string // package ID
	Function    string // enclosing function: "F", "T.M", "" at package level
	Pos, End    Position
	Related     []Related
	Fixes       []Fix
	Fingerprint string // see package fingerprint
	// Confirmed is set by bulklint -confirmed when the finding's call ran
	// as an N+1 in a scope of runtime/queryguard (see package confirm).
	Confirmed *Confirmation
}

// A Confirmation is what runtime/queryguard saw of a finding's call.
type Confirmation struct {
	Count  int      // the most runs in one scope
	Scopes []string // the scopes that saw it (tests, requests, jobs), sorted
}

// RuleID is "analyzer/category", or the analyzer name for a diagnostic
// without a category.
func (f *Finding) RuleID() string {
	if f.Category == "" {
		return f.Analyzer
	}
	return f.Analyzer + "/" + f.Category
}

// A Position is a resolved position in a file.
type Position struct {
	Filename string // absolute file name
	Path     string // slash-separated, relative to the root; "" if outside it
	Line     int    // 1-based
	Col      int    // 1-based, in bytes (as go/token)
	Col16    int    // 1-based, in UTF-16 code units (as SARIF)
	Offset   int    // 0-based byte offset
}

// IsValid reports whether p names a line.
func (p Position) IsValid() bool { return p.Line > 0 }

// String returns "file:line:col" with the absolute file name and the byte
// column, as go/token.Position does.
func (p Position) String() string {
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Col)
}

// Related is a secondary position of a finding: the loop, the outer query.
type Related struct {
	Pos, End Position
	Message  string
}

// Fix is a suggested fix: edits applied together.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the text between Pos and End with New.
type Edit struct {
	Pos, End Position
	New      string
}

// An ActionError is an analyzer that failed on a package.
type ActionError struct {
	Analyzer string
	Package  string
	Err      error
}

func (e *ActionError) Error() string {
	return fmt.Sprintf("%s on package %s: %v", e.Analyzer, e.Package, e.Err)
}

func (e *ActionError) Unwrap() error { return e.Err }

// Collect returns the diagnostics of graph's root actions as findings,
// sorted by file, line, column, analyzer and message, each reported once
// even when its file belongs to two packages (p and p's test variant), and
// the errors of every action that failed. root is the directory paths are
// made relative to.
func Collect(graph *checker.Graph, root string) ([]Finding, []error) {
	c := &collector{root: root, files: make(map[string][]byte)}
	type key struct {
		pos, end token.Position
		analyzer string
		message  string
	}
	seen := make(map[key]int) // index in out
	var out []Finding
	var errs []error
	for act := range graph.All() {
		if act.Err != nil {
			errs = append(errs, &ActionError{act.Analyzer.Name, act.Package.PkgPath, act.Err})
			continue
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			k := key{fset.Position(d.Pos), fset.Position(d.End), act.Analyzer.Name, d.Message}
			if i, ok := seen[k]; ok {
				// Name the package itself rather than its test variant,
				// whichever was analyzed first.
				if len(act.Package.ID) < len(out[i].Package) {
					out[i].Package = act.Package.ID
				}
				continue
			}
			seen[k] = len(out)
			out = append(out, c.finding(act, d))
		}
	}
	slices.SortStableFunc(out, compare)
	ins := make([]fingerprint.Input, len(out))
	for i := range out {
		ins[i] = c.input(&out[i])
	}
	for i, fp := range fingerprint.Assign(ins) {
		out[i].Fingerprint = fp
	}
	return out, errs
}

// Sort sorts fs as Collect does: by file, line, column, analyzer and
// message.
func Sort(fs []Finding) { slices.SortStableFunc(fs, compare) }

// LinePosition is the position of the start of a line of filename, its
// path made relative to root as Collect's are; the file need not exist.
func LinePosition(root, filename string, line int) Position {
	c := &collector{root: root, files: make(map[string][]byte)}
	p := Position{Filename: filename, Line: line, Col: 1, Col16: 1}
	if rel, err := filepath.Rel(root, filename); err == nil && filepath.IsLocal(rel) {
		p.Path = filepath.ToSlash(rel)
	}
	if data := c.file(filename); data != nil {
		off := 0
		for l := 1; l < line && off < len(data); l++ {
			i := bytes.IndexByte(data[off:], '\n')
			if i < 0 {
				off = len(data)
				break
			}
			off += i + 1
		}
		p.Offset = off
	}
	return p
}

func compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Pos.Filename, b.Pos.Filename),
		cmp.Compare(a.Pos.Offset, b.Pos.Offset),
		cmp.Compare(a.End.Offset, b.End.Offset),
		cmp.Compare(a.Analyzer, b.Analyzer),
		cmp.Compare(a.Category, b.Category),
		cmp.Compare(a.Message, b.Message),
	)
}

// collector resolves positions, reading each file once.
type collector struct {
	root  string
	files map[string][]byte // nil for a file that cannot be read
}

func (c *collector) finding(act *checker.Action, d analysis.Diagnostic) Finding {
	fset := act.Package.Fset
	f := Finding{
		Analyzer: act.Analyzer.Name,
		Category: d.Category,
		Message:  d.Message,
		URL:      cmp.Or(d.URL, act.Analyzer.URL),
		Package:  act.Package.ID,
		Function: enclosingFunc(act.Package.Syntax, d.Pos),
		Pos:      c.position(fset, d.Pos),
		End:      c.position(fset, cmp.Or(d.End, d.Pos)),
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, Related{
			Pos:     c.position(fset, r.Pos),
			End:     c.position(fset, cmp.Or(r.End, r.Pos)),
			Message: r.Message,
		})
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			fix.Edits = append(fix.Edits, Edit{
				Pos: c.position(fset, e.Pos),
				End: c.position(fset, cmp.Or(e.End, e.Pos)),
				New: string(e.NewText),
			})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

// input is what the fingerprint of f is computed from.
func (c *collector) input(f *Finding) fingerprint.Input {
	path := f.Pos.Path
	if path == "" {
		path = filepath.ToSlash(f.Pos.Filename)
	}
	return fingerprint.Input{
		Analyzer: f.Analyzer,
		Category: f.Category,
		Path:     path,
		Function: f.Function,
		Code:     fingerprint.Code(c.lines(f.Pos, f.End)),
		Message:  fingerprint.Message(f.Message),
	}
}

// lines returns the text of the lines from pos to end, at most maxCodeLines.
func (c *collector) lines(pos, end Position) string {
	data := c.file(pos.Filename)
	if data == nil || !pos.IsValid() {
		return ""
	}
	last := max(end.Line, pos.Line)
	last = min(last, pos.Line+maxCodeLines-1)
	all := strings.Split(string(data), "\n")
	if pos.Line > len(all) {
		return ""
	}
	last = min(last, len(all))
	return strings.Join(all[pos.Line-1:last], "\n")
}

func (c *collector) file(name string) []byte {
	data, ok := c.files[name]
	if !ok {
		data, _ = os.ReadFile(name) // nil: columns stay in bytes, code empty
		c.files[name] = data
	}
	return data
}

func (c *collector) position(fset *token.FileSet, pos token.Pos) Position {
	if !pos.IsValid() {
		return Position{}
	}
	p := fset.Position(pos)
	out := Position{
		Filename: p.Filename,
		Line:     p.Line,
		Col:      p.Column,
		Col16:    p.Column,
		Offset:   p.Offset,
	}
	if rel, err := filepath.Rel(c.root, p.Filename); err == nil && filepath.IsLocal(rel) {
		out.Path = filepath.ToSlash(rel)
	}
	if data := c.file(p.Filename); data != nil && p.Offset <= len(data) && p.Column > 0 {
		start := p.Offset - (p.Column - 1)
		if start >= 0 {
			out.Col16 = 1 + UTF16Len(data[start:p.Offset])
		}
	}
	return out
}

// UTF16Len returns the number of UTF-16 code units that encode b. Bytes
// that are not valid UTF-8 count one unit each, as the replacement
// character they decode to.
func UTF16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r2 := utf16.RuneLen(r); r2 > 0 {
			n += r2
		} else {
			n++
		}
	}
	return n
}

// enclosingFunc names the top-level function declaration around pos:
// "F", or "T.M" for a method (pointer or not, type parameters dropped). A
// position inside a function literal belongs to the declaration around it.
func enclosingFunc(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if f.FileStart > pos || pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos > fd.End() {
				continue
			}
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				return recvName(fd.Recv.List[0].Type) + "." + fd.Name.Name
			}
			return fd.Name.Name
		}
		return ""
	}
	return ""
}

func recvName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

// A PackageError is an error of a package that did not load or type-check.
// Its text is that of the packages.Error it came from, prefixed with the
// package; Pos is resolved as a finding's position is, so that SARIF can
// point at the file relative to the root rather than print its absolute
// name.
type PackageError struct {
	Package string
	Pos     Position // invalid when the error has none
	Msg     string
	text    string
}

func (e *PackageError) Error() string { return "package " + e.Package + ": " + e.text }

// NewPackageError resolves e, an error of package pkg, against root.
func NewPackageError(root, pkg string, e packages.Error) *PackageError {
	out := &PackageError{Package: pkg, Msg: e.Msg, text: e.Error()}
	// e.Pos is "file:line:col", "file:line" or "file", or "" or "-".
	file, line, col := e.Pos, 0, 0
	for _, n := range []*int{&col, &line} {
		i := strings.LastIndexByte(file, ':')
		if i < 0 {
			break
		}
		v, err := strconv.Atoi(file[i+1:])
		if err != nil {
			break
		}
		*n, file = v, file[:i]
	}
	if line == 0 && col > 0 { // "file:line" parsed as a column
		line, col = col, 0
	}
	if file == "" || file == "-" || line <= 0 || !filepath.IsAbs(file) {
		return out
	}
	c := &collector{root: root, files: make(map[string][]byte)}
	out.Pos = Position{Filename: file, Line: line, Col: max(col, 1), Col16: max(col, 1)}
	if rel, err := filepath.Rel(root, file); err == nil && filepath.IsLocal(rel) {
		out.Pos.Path = filepath.ToSlash(rel)
	}
	// The UTF-16 column, from the line's text when the file can be read.
	if data := c.file(file); data != nil && col > 0 {
		start := 0
		for l := 1; l < line && start < len(data); l++ {
			i := bytes.IndexByte(data[start:], '\n')
			if i < 0 {
				start = len(data)
				break
			}
			start += i + 1
		}
		if end := start + col - 1; end <= len(data) {
			out.Pos.Offset = end
			out.Pos.Col16 = 1 + UTF16Len(data[start:end])
		}
	}
	return out
}

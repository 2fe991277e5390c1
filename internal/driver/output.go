package driver

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bulklint/bulklint/internal/confirm"
	"github.com/bulklint/bulklint/internal/findings"
	"github.com/bulklint/bulklint/internal/sarif"
)

// write prints fs to w in the format cfg asks for.
func write(w io.Writer, cfg *config, fs []findings.Finding, root string, errs []error) error {
	switch cfg.format {
	case formatJSON:
		return writeJSON(w, fs)
	case formatSARIF:
		analyzers := cfg.analyzers
		if cfg.confirmed != "" {
			analyzers = append(slices.Clip(analyzers), confirm.Analyzer)
		}
		return sarif.Write(w, sarif.Build(fs, analyzers, sarif.Options{Root: root, Version: Version().Module, Errors: errs}))
	}
	return writeText(w, fs, cfg.context)
}

// writeText prints one line per finding and one per related position, as
// multichecker does, with file names relative to the current directory, and
// with context >= 0 that many lines of source around each finding.
func writeText(w io.Writer, fs []findings.Finding, context int) error {
	cwd, _ := os.Getwd()
	bw := bufio.NewWriter(w)
	pos := func(p findings.Position) string {
		name := p.Filename
		if rel, err := filepath.Rel(cwd, name); err == nil && cwd != "" {
			name = rel
		}
		return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Col)
	}
	for _, f := range fs {
		fmt.Fprintf(bw, "%s: %s%s\n", pos(f.Pos), f.Message, confirmedSuffix(f.Confirmed))
		if context >= 0 {
			writeSource(bw, f, context)
		}
		for _, r := range f.Related {
			fmt.Fprintf(bw, "%s: \t%s\n", pos(r.Pos), r.Message)
		}
	}
	return bw.Flush()
}

// confirmedSuffix says what runtime/queryguard saw of a finding.
func confirmedSuffix(c *findings.Confirmation) string {
	if c == nil {
		return ""
	}
	more := ""
	if n := len(c.Scopes) - 1; n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return fmt.Sprintf(" [confirmed at run time: up to %d runs in %s%s]", c.Count, c.Scopes[0], more)
}

// The JSON shape is multichecker's -json: package ID, then analyzer name,
// then the list of diagnostics; a fingerprint is added to each.
type (
	jsonDiagnostic struct {
		Category       string         `json:"category,omitempty"`
		Posn           string         `json:"posn"`
		End            string         `json:"end"`
		Message        string         `json:"message"`
		SuggestedFixes []jsonFix      `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated  `json:"related,omitempty"`
		Fingerprint    string         `json:"fingerprint"`
		Confirmed      *jsonConfirmed `json:"confirmed,omitempty"`
	}
	jsonConfirmed struct {
		Count  int      `json:"count"`
		Scopes []string `json:"scopes"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
)

func writeJSON(w io.Writer, fs []findings.Finding) error {
	tree := make(map[string]map[string][]jsonDiagnostic)
	for _, f := range fs {
		d := jsonDiagnostic{
			Category:    f.Category,
			Posn:        f.Pos.String(),
			End:         f.End.String(),
			Message:     f.Message,
			Fingerprint: f.Fingerprint,
		}
		if c := f.Confirmed; c != nil {
			d.Confirmed = &jsonConfirmed{c.Count, c.Scopes}
		}
		for _, fix := range f.Fixes {
			jf := jsonFix{Message: fix.Message}
			for _, e := range fix.Edits {
				jf.Edits = append(jf.Edits, jsonEdit{e.Pos.Filename, e.Pos.Offset, e.End.Offset, e.New})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, jf)
		}
		for _, r := range f.Related {
			d.Related = append(d.Related, jsonRelated{r.Pos.String(), r.End.String(), r.Message})
		}
		m := tree[f.Package]
		if m == nil {
			m = make(map[string][]jsonDiagnostic)
			tree[f.Package] = m
		}
		m[f.Analyzer] = append(m[f.Analyzer], d)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// writeSource prints the lines of f, with context lines on each side, as
// multichecker's -c does.
func writeSource(w io.Writer, f findings.Finding, context int) {
	data, err := os.ReadFile(f.Pos.Filename)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	end := max(f.End.Line, f.Pos.Line)
	for l := max(f.Pos.Line-context, 1); l <= min(end+context, len(lines)); l++ {
		fmt.Fprintf(w, "%d\t%s\n", l, lines[l-1])
	}
}

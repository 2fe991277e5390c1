package driver

import (
	"bytes"
	"cmp"
	"fmt"
	gofmt "go/format"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bulklint/bulklint/internal/findings"
)

// applyFixes applies the first suggested fix of each finding in fs, or
// with diff prints them as a unified diff on stdout and writes nothing. It
// says on stderr what it changed, and reports whether it wrote a file and
// how many fixes it left because they overlap one applied before them
// (two fixes that each add an import to one file): the caller analyses
// the written code again and applies those then, computed afresh.
//
// A fix is applied whole or not at all. Two findings in the two variants
// of a package (p and p [p.test]) are one finding by then (see
// findings.Collect), and identical fixes are applied once.
func applyFixes(fs []findings.Finding, diff bool, stdout, stderr io.Writer) (written bool, skipped int, err error) {
	type edit struct {
		start, end int
		new        string
	}
	edits := make(map[string][]edit) // by file name
	seen := make(map[string]bool)    // fixes applied, by their edits
	contents := make(map[string][]byte)
	read := func(name string) ([]byte, error) {
		data, ok := contents[name]
		if !ok {
			var err error
			if data, err = os.ReadFile(name); err != nil {
				return nil, err
			}
			contents[name] = data
		}
		return data, nil
	}
	applied, foreign := 0, 0
fixes:
	for _, f := range fs {
		if len(f.Fixes) == 0 {
			continue
		}
		fix := f.Fixes[0]
		key := fmt.Sprint(fix.Edits)
		if seen[key] {
			continue
		}
		for _, e := range fix.Edits {
			data, err := read(e.Pos.Filename)
			if err != nil {
				return false, 0, err
			}
			// The analysed text is not the file when //line comments
			// map it there (cmd/cgo's rewrite of a file that imports
			// "C"): its offsets do not apply.
			if !at(data, e.Pos) || !at(data, e.End) {
				foreign++
				continue fixes
			}
			for _, prev := range edits[e.Pos.Filename] {
				if e.Pos.Offset < prev.end && prev.start < e.End.Offset ||
					e.Pos.Offset == prev.start && e.End.Offset == prev.end {
					skipped++
					continue fixes
				}
			}
		}
		seen[key] = true
		applied++
		for _, e := range fix.Edits {
			edits[e.Pos.Filename] = append(edits[e.Pos.Filename], edit{e.Pos.Offset, e.End.Offset, e.New})
		}
	}

	names := make([]string, 0, len(edits))
	for name := range edits {
		names = append(names, name)
	}
	slices.Sort(names)
	cwd, _ := os.Getwd()
	var files []string
	for _, name := range names {
		old := contents[name]
		es := edits[name]
		slices.SortFunc(es, func(a, b edit) int { return cmp.Compare(b.start, a.start) })
		src := bytes.Clone(old)
		for _, e := range es {
			if e.end > len(src) {
				return false, 0, fmt.Errorf("%s changed while it was analysed: run again", name)
			}
			src = slices.Concat(src[:e.start], []byte(e.new), src[e.end:])
		}
		if formatted, err := gofmt.Source(src); err == nil {
			src = formatted
		}
		rel := name
		if r, err := filepath.Rel(cwd, name); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
		if diff {
			io.WriteString(stdout, unified(filepath.ToSlash(rel), string(old), string(src)))
			continue
		}
		info, err := os.Stat(name)
		if err != nil {
			return false, 0, err
		}
		if err := os.WriteFile(name, src, info.Mode().Perm()); err != nil {
			return false, 0, err
		}
		files = append(files, rel)
	}

	switch {
	case diff:
		fmt.Fprintf(stderr, "bulklint: %s would change %s; nothing written (drop -diff to write)\n", plural(applied, "fix"), plural(len(names), "file"))
	case applied == 0:
		fmt.Fprintf(stderr, "bulklint: no fixes to apply\n")
	default:
		fmt.Fprintf(stderr, "bulklint: applied %s, updated %s: %s\n", plural(applied, "fix"), plural(len(files), "file"), strings.Join(files, ", "))
	}
	if skipped > 0 && diff {
		fmt.Fprintf(stderr, "bulklint: not shown, overlapping a shown one: %s (applied after it by -fix without -diff)\n", plural(skipped, "fix"))
	}
	if foreign > 0 {
		fmt.Fprintf(stderr, "bulklint: not applied, in files the analyzers saw rewritten (cgo): %s\n", plural(foreign, "fix"))
	}
	return len(files) > 0, skipped, nil
}

// at reports whether p's offset is its line and column in data.
func at(data []byte, p findings.Position) bool {
	if p.Offset > len(data) || p.Col < 1 || p.Offset-(p.Col-1) < 0 {
		return false
	}
	lineStart := p.Offset - (p.Col - 1)
	return bytes.Count(data[:lineStart], []byte("\n")) == p.Line-1 &&
		(lineStart == 0 || data[lineStart-1] == '\n')
}

// plural returns "1 fix", "2 fixes", "0 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "x") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

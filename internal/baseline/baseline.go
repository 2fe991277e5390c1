// Package baseline records the findings a project accepts today so that
// bulklint reports only new ones: the adoption path for a code base that
// cannot fix every finding at once.
//
// A baseline file is JSON, written sorted and indented so that a review
// diff shows which findings came and went:
//
//	{
//	  "version": 1,
//	  "findings": [
//	    {
//	      "analyzer": "nplusone",
//	      "category": "query-in-loop",
//	      "file": "store/store.go",
//	      "function": "Store.Customers",
//	      "message": "query in loop: ... (loop at line N); ...",
//	      "fingerprint": "3f2a..."
//	    }
//	  ]
//	}
//
// Only the fingerprint (package fingerprint, the one SARIF reports too)
// decides a match; the other fields are there for the reader. Positions
// are not recorded, so lines moving does not churn the file, and messages
// are stored with line numbers stripped for the same reason.
//
// Matching is a multiset: each entry covers one finding. Two identical
// findings in a function get distinct fingerprints through their
// occurrence index, and a file edited by hand to repeat an entry covers
// that many findings, never more.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
)

// Version is the format version this package reads and writes.
const Version = 1

// Entry is one accepted finding.
type Entry struct {
	Analyzer    string `json:"analyzer"`
	Category    string `json:"category"`
	File        string `json:"file"`
	Function    string `json:"function"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

// Baseline is the content of a baseline file.
type Baseline struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// ErrNotExist is returned, wrapped, by Read when the file does not exist.
var ErrNotExist = fs.ErrNotExist

// Read reads and checks the baseline file at path. Every error names the
// file; a missing file gives an error that matches ErrNotExist.
func Read(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	return Parse(path, data)
}

// Parse checks and decodes data, the content of the baseline file path.
func Parse(path string, data []byte) (*Baseline, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Baseline
	if err := dec.Decode(&b); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			return nil, fmt.Errorf("baseline %s:%d: not a baseline file: %v", path, line, err)
		}
		return nil, fmt.Errorf("baseline %s: not a baseline file: %v", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("baseline %s: not a baseline file: data after the JSON object", path)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("baseline %s: version %d, want %d (recreate it with -baseline-update)", path, b.Version, Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: finding %d (%s in %s) has no fingerprint", path, i+1, e.Analyzer, e.File)
		}
	}
	return &b, nil
}

// New returns a baseline holding entries, sorted.
func New(entries []Entry) *Baseline {
	b := &Baseline{Version: Version, Findings: slices.Clone(entries)}
	if b.Findings == nil {
		b.Findings = []Entry{}
	}
	slices.SortFunc(b.Findings, func(x, y Entry) int {
		return cmp.Or(
			cmp.Compare(x.File, y.File),
			cmp.Compare(x.Function, y.Function),
			cmp.Compare(x.Analyzer, y.Analyzer),
			cmp.Compare(x.Category, y.Category),
			cmp.Compare(x.Message, y.Message),
			cmp.Compare(x.Fingerprint, y.Fingerprint),
		)
	})
	return b
}

// Marshal returns the file content of b: indented JSON, ending in a newline.
func (b *Baseline) Marshal() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		panic(err) // strings and ints only: cannot fail
	}
	return buf.Bytes()
}

// Write writes b to path, replacing it through a temporary file so that an
// interrupted write leaves the old baseline intact.
func Write(path string, b *Baseline) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b.Marshal(), 0o644); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("baseline: %w", err)
	}
	return nil
}

// Unmatched reports which of fingerprints are not covered by b, as indices into
// fingerprints in their order. Each entry of b covers one occurrence of its
// fingerprint.
func (b *Baseline) Unmatched(fingerprints []string) []int {
	left := make(map[string]int, len(b.Findings))
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	var out []int
	for i, fp := range fingerprints {
		if left[fp] > 0 {
			left[fp]--
			continue
		}
		out = append(out, i)
	}
	return out
}

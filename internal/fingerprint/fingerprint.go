// Package fingerprint computes the identity of a finding that survives
// edits elsewhere in its file: the key that SARIF's partialFingerprints and
// bulklint's baseline files both use, so a finding suppressed by a baseline
// is the same one code scanning tracks.
//
// A finding's line and column change whenever a line is inserted above it,
// so they are not part of the key. What is:
//
//   - the analyzer and the category of the diagnostic,
//   - the file, as a slash-separated path relative to the repository root,
//   - the name of the enclosing function ("Store.Customer", "main"),
//   - the source text of the flagged lines, as Go tokens without comments
//     or layout (so gofmt, a trailing comment or a re-indent change
//     nothing, but editing the call itself does),
//   - the message with line numbers removed ("loop at line 42" and
//     "at line 18" name positions that move),
//   - an occurrence index: the n-th finding, in file order, with the same
//     key. Two identical findings in one function get two fingerprints, so
//     a baseline that holds two covers two and a third is new.
//
// The hash is SHA-256 over the fields, each length-prefixed so that no
// two different inputs concatenate alike, truncated to 128 bits and
// written in hex. The "v1" in [Name] changes if the recipe ever does, so
// old baselines fail loudly rather than silently matching nothing.
package fingerprint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
)

// Name is the key under which the fingerprint appears in SARIF's
// partialFingerprints, and the version of the recipe.
const Name = "bulklintFingerprint/v1"

// Input holds what identifies a finding apart from its position. Code and
// Message are used as given: pass them through [Code] and [Message].
type Input struct {
	Analyzer string // analyzer name, e.g. "nplusone"
	Category string // diagnostic category, e.g. "query-in-loop"
	Path     string // slash-separated path relative to the repository root
	Function string // enclosing function, "" at package level
	Code     string // normalized source of the flagged lines, see Code
	Message  string // message without line numbers, see Message
}

// Of returns the fingerprint of the occurrence-th (from 0) finding with
// this input.
func Of(in Input, occurrence int) string {
	h := sha256.New()
	var n [8]byte
	for _, s := range []string{in.Analyzer, in.Category, in.Path, in.Function, in.Code, in.Message} {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	binary.BigEndian.PutUint64(n[:], uint64(occurrence))
	h.Write(n[:])
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Assign returns the fingerprints of ins, which must be in a stable order
// (file order): each input's occurrence index is the number of equal
// inputs before it.
func Assign(ins []Input) []string {
	seen := make(map[Input]int, len(ins))
	out := make([]string, len(ins))
	for i, in := range ins {
		out[i] = Of(in, seen[in])
		seen[in]++
	}
	return out
}

// lineRef matches a reference to a line number in a message: "line 42",
// "lines 3-7", "lines 3 and 9", and file positions such as "x.go:12:5".
var lineRef = regexp.MustCompile(`\b(lines?) \d+((\s*(-|,|and|to)\s*\d+)*)|(\.go):\d+(:\d+)?`)

// Message returns msg with line numbers replaced by "N", so that the
// message of a finding is the same before and after lines move.
func Message(msg string) string {
	return lineRef.ReplaceAllStringFunc(msg, func(m string) string {
		if strings.HasPrefix(m, ".go:") {
			return ".go:N"
		}
		word, _, _ := strings.Cut(m, " ")
		return word + " N"
	})
}

// Code returns src, the text of the flagged lines, as its Go tokens
// separated by single spaces, without comments and without the semicolons
// that line ends imply. Text that does not scan as Go (a fragment inside a
// raw string, say) falls back to its words separated by single spaces.
func Code(src string) string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	bad := false
	s.Init(file, []byte(src), func(token.Position, string) { bad = true }, 0)
	var toks []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		if lit == "" {
			lit = tok.String()
		}
		toks = append(toks, lit)
	}
	if bad {
		return strings.Join(strings.Fields(src), " ")
	}
	return strings.Join(toks, " ")
}

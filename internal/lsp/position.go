package lsp

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// mapper converts between byte offsets in one file's content and LSP
// positions, whose character is counted in UTF-16 code units (the only
// encoding every client supports, and the one the server advertises).
type mapper struct {
	content    []byte
	lineStarts []int // byte offset of the start of each line
}

func newMapper(content []byte) *mapper {
	m := &mapper{content: content, lineStarts: []int{0}}
	for i, b := range content {
		if b == '\n' {
			m.lineStarts = append(m.lineStarts, i+1)
		}
	}
	return m
}

// position returns the LSP position of byte offset off. Offsets past the
// end are clamped to the end, and an offset inside a multi-byte character
// is counted as the start of that character.
func (m *mapper) position(off int) position {
	off = max(0, min(off, len(m.content)))
	line := m.lineOf(off)
	units := 0
	for i := m.lineStarts[line]; i < off; {
		size := runeSize(m.content[i:])
		if i+size > off {
			break // off is inside this character
		}
		units += utf16Len(m.content[i : i+size])
		i += size
	}
	return position{Line: line, Character: units}
}

func (m *mapper) lineOf(off int) int {
	lo, hi := 0, len(m.lineStarts)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if m.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// offset returns the byte offset of p. A character past the end of its
// line is an error, as is a line past the end of the file, except that the
// position just after the last character of the file is allowed.
func (m *mapper) offset(p position) (int, error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("negative position %d:%d", p.Line, p.Character)
	}
	if p.Line >= len(m.lineStarts) {
		if p.Line == len(m.lineStarts) && p.Character == 0 {
			return len(m.content), nil
		}
		return 0, fmt.Errorf("line %d past the end of the file (%d lines)", p.Line, len(m.lineStarts))
	}
	start := m.lineStarts[p.Line]
	end := len(m.content)
	if p.Line+1 < len(m.lineStarts) {
		end = m.lineStarts[p.Line+1] - 1 // the newline
	}
	off, units := start, 0
	for off < end && units < p.Character {
		size := runeSize(m.content[off:end])
		units += utf16Len(m.content[off : off+size])
		off += size
	}
	if units < p.Character {
		// Clients may send a character past the end of the line to mean
		// the end of the line (the specification allows it).
		return end, nil
	}
	return off, nil
}

// utf16Len counts the UTF-16 code units of UTF-8 text; an invalid byte
// counts as one unit, as editors display it as one replacement character.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			n++
		} else {
			n += utf16.RuneLen(r)
		}
		b = b[size:]
	}
	return n
}

func runeSize(b []byte) int {
	_, size := utf8.DecodeRune(b)
	return size
}

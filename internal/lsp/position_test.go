package lsp

import (
	"testing"
)

func TestMapper(t *testing.T) {
	// é is 2 bytes and 1 UTF-16 unit, 😀 is 4 bytes and 2 units (a
	// surrogate pair), \xff is an invalid byte counted as 1 unit.
	content := []byte("ab\n/* é😀 */ x\n\xffy\n")
	m := newMapper(content)
	for _, tc := range []struct {
		off  int
		want position
	}{
		{0, position{0, 0}},
		{2, position{0, 2}},  // the newline
		{3, position{1, 0}},  // start of line 1
		{6, position{1, 3}},  // é
		{8, position{1, 4}},  // 😀
		{12, position{1, 6}}, // after 😀
		{16, position{1, 10}},
		{18, position{2, 0}},
		{19, position{2, 1}}, // after the invalid byte
		{21, position{3, 0}}, // end of file
		{99, position{3, 0}}, // clamped
	} {
		if got := m.position(tc.off); got != tc.want {
			t.Errorf("position(%d) = %v, want %v", tc.off, got, tc.want)
		}
		if tc.off > len(content) {
			continue
		}
		back, err := m.offset(tc.want)
		if err != nil || back != tc.off {
			t.Errorf("offset(%v) = %d, %v; want %d", tc.want, back, err, tc.off)
		}
	}
	// Past the end of a line means its end; a line past the end is an
	// error.
	if off, err := m.offset(position{0, 40}); err != nil || off != 2 {
		t.Errorf("offset past the end of line 0 = %d, %v; want 2", off, err)
	}
	if _, err := m.offset(position{7, 0}); err == nil {
		t.Error("offset of line 7 of a 4-line file: no error")
	}
	if _, err := m.offset(position{-1, 0}); err == nil {
		t.Error("offset of a negative line: no error")
	}
}

func FuzzMapper(f *testing.F) {
	f.Add([]byte("a\né😀\n\xff"), 5)
	f.Fuzz(func(t *testing.T, content []byte, off int) {
		m := newMapper(content)
		p := m.position(off)
		back, err := m.offset(p)
		if err != nil {
			t.Fatalf("offset(position(%d) = %v): %v", off, p, err)
		}
		// A position names a character boundary: back is off, or the
		// start of the character off falls into.
		if o := max(0, min(off, len(content))); back > o {
			t.Fatalf("offset(position(%d)) = %d, past the offset", off, back)
		}
		if m.position(back) != p {
			t.Fatalf("position(offset(%v)) = %v", p, m.position(back))
		}
	})
}

func TestURI(t *testing.T) {
	for _, name := range []string{"/tmp/a b/ü.go", "/x/y.go"} {
		uri := pathToURI(name)
		back, err := uriToPath(uri)
		if err != nil || back != name {
			t.Errorf("uriToPath(pathToURI(%q) = %q) = %q, %v", name, uri, back, err)
		}
	}
	if got := pathToURI("/tmp/a b/ü.go"); got != "file:///tmp/a%20b/%C3%BC.go" {
		t.Errorf("pathToURI = %q", got)
	}
	if _, err := uriToPath("untitled:Untitled-1"); err == nil {
		t.Error("uriToPath of an untitled: URI: no error")
	}
}

package silentconflict

import (
	"bytes"
	"encoding/gob"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestDoc(t *testing.T) {
	a := New()
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	title, rest, _ := strings.Cut(a.Doc, "\n")
	if title != "report ignore-conflict writes whose outcome is ignored" { // `bulklint help` adds the name
		t.Errorf("Doc title = %q", title)
	}
	for _, want := range []string{"# What is reported", "# What is not reported", "bulk.SkipConflicts", CategoryError, CategoryCount, "-tests"} {
		if !strings.Contains(rest, want) {
			t.Errorf("Doc does not mention %q", want)
		}
	}
}

// Facts travel between packages gob-encoded: the encoding must be
// deterministic and small.
func TestFactEncoding(t *testing.T) {
	f := &writeFact{What: "INSERT ... ON CONFLICT DO NOTHING into users", Via: "(*sql.DB).ExecContext", Err: 1, Count: 0, Kind: sqlResult}
	encode := func() []byte {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(f); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := encode(), encode()
	if !bytes.Equal(a, b) {
		t.Error("gob encoding of writeFact is not deterministic")
	}
	if len(a) > 512 {
		t.Errorf("writeFact encodes to %d bytes, want at most 512", len(a))
	}
	var g writeFact
	if err := gob.NewDecoder(bytes.NewReader(a)).Decode(&g); err != nil || g != *f {
		t.Errorf("decoded %+v, %v; want %+v", g, err, *f)
	}
}

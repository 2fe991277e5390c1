package missingfields

import (
	"bytes"
	"encoding/gob"
	"testing"
)

// TestFactEncoding checks that a fact encodes deterministically (go vet
// compares and caches facts by their bytes) and stays small.
func TestFactEncoding(t *testing.T) {
	f := &writeFact{Param: 1, Lib: 1, Written: []string{"id", "name"}, Desc: "name", Table: "users", Via: "(*sqlx.DB).NamedExecContext", ColsParam: 3, Upsert: true, Zero: true, NoBool: true, Must: []string{"a"}, Omit: []string{"b"}}
	encode := func() []byte {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(f); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := encode(), encode()
	if !bytes.Equal(a, b) {
		t.Errorf("encoding differs between runs")
	}
	if len(a) > 512 {
		t.Errorf("fact takes %d bytes", len(a))
	}
	var back writeFact
	if err := gob.NewDecoder(bytes.NewReader(a)).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if back.String() != f.String() {
		t.Errorf("decoded %s, want %s", back.String(), f.String())
	}
}

// TestMutFactEncoding is TestFactEncoding for mutFact.
func TestMutFactEncoding(t *testing.T) {
	f := &mutFact{Params: []mutParam{{Index: 0, Paths: [][]string{{"Status"}, {"Addr", "City"}}}, {Index: 2, Paths: [][]string{{"Note"}}}}}
	encode := func() []byte {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(f); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := encode(), encode()
	if !bytes.Equal(a, b) {
		t.Errorf("encoding differs between runs")
	}
	if len(a) > 512 {
		t.Errorf("fact takes %d bytes", len(a))
	}
	var back mutFact
	if err := gob.NewDecoder(bytes.NewReader(a)).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if back.String() != f.String() {
		t.Errorf("decoded %s, want %s", back.String(), f.String())
	}
}

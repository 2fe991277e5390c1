package fixturetest

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"
)

// FactGob checks facts the way the drivers use them: each survives gob
// encoding (go vet writes facts to files between processes), encodes to
// the same bytes every time (vet's build cache is keyed by them), and
// takes at most maxBytes.
func FactGob[T any](t testing.TB, maxBytes int, facts ...*T) {
	t.Helper()
	for _, f := range facts {
		var first []byte
		for i := range 3 {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(f); err != nil {
				t.Fatalf("encode %+v: %v", f, err)
			}
			if i == 0 {
				first = bytes.Clone(buf.Bytes())
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Fatalf("encoding of %+v differs between runs", f)
			}
			got := new(T)
			if err := gob.NewDecoder(&buf).Decode(got); err != nil {
				t.Fatalf("decode %+v: %v", f, err)
			}
			if !reflect.DeepEqual(got, f) {
				t.Fatalf("round trip of %+v gave %+v", f, got)
			}
		}
		if len(first) > maxBytes {
			t.Errorf("fact %+v encodes to %d bytes, want at most %d: facts must stay small", f, len(first), maxBytes)
		}
	}
}

package silentconflict

import (
	"bytes"
	"encoding/gob"
	"testing"
)

// A fact of a generated :exec method, with its new fields, encodes as the
// others do (TestFactEncoding).
func TestDroppedFactEncoding(t *testing.T) {
	f := &writeFact{What: "INSERT ... ON CONFLICT DO NOTHING into users", Via: "(db.DBTX).Exec",
		Err: 0, Count: -1, Kind: noCount, Dropped: true, Query: "InsertUser :exec", Lossless: false, DataErrors: true}
	enc := func() []byte {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(f); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := enc(), enc()
	if !bytes.Equal(a, b) {
		t.Error("two encodings of one fact differ")
	}
	var got writeFact
	if err := gob.NewDecoder(bytes.NewReader(a)).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got != *f {
		t.Errorf("decoded %+v, want %+v", got, *f)
	}
	if len(a) > 512 {
		t.Errorf("fact encodes to %d bytes", len(a))
	}
}

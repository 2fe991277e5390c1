package nplusone

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// TestReturnsFactGob checks that a factory's fact survives gob encoding,
// encodes the same way every time (its methods are a sorted slice, not a
// map) and stays small for a store with a few querying methods.
func TestReturnsFactGob(t *testing.T) {
	q := queryFact{Via: []string{"(*sql.DB).QueryRowContext"}, Kind: dbapi.QueryRow, Verb: dbapi.VerbSelect}
	facts := []*returnsFact{
		{Result: 0, Types: []string{"*memory.SchemaReader"}},
		{Result: 0, Types: []string{"*memory.SchemaReader", "*postgres.SchemaReader"}},
		{Result: 1, Types: []string{"*postgres.SchemaReader"}, Methods: []returnedMethod{
			{Name: "ReadEntityDefinition", Impl: "(*postgres.SchemaReader).ReadEntityDefinition", Fact: q},
			{Name: "ReadSchema", Impl: "(*postgres.SchemaReader).ReadSchema", Fact: q},
		}},
	}
	for _, f := range facts {
		var first []byte
		for i := 0; i < 3; i++ {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(f); err != nil {
				t.Fatalf("encode %v: %v", f, err)
			}
			if i == 0 {
				first = buf.Bytes()
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Fatalf("encoding of %v differs between runs", f)
			}
			var got returnsFact
			if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
				t.Fatalf("decode %v: %v", f, err)
			}
			if !reflect.DeepEqual(&got, f) {
				t.Fatalf("round trip of %v gave %v", f, &got)
			}
		}
		if len(first) > 1024 {
			t.Errorf("fact %v encodes to %d bytes; facts must stay small", f, len(first))
		}
	}
}

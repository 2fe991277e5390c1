package nplusone

import (
	"reflect"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

// TestFactGob checks that facts survive gob encoding (vet mode writes them
// to files between processes) and that the encoding is deterministic, so
// that build caches keyed by it stay warm.
func TestFactGob(t *testing.T) {
	facts := []*queryFact{
		{Via: []string{"(*sql.DB).QueryRowContext"}, Kind: dbapi.QueryRow, Verb: dbapi.VerbSelect},
		{Via: []string{"(*store.Store).User", "store.load", "(*sqlx.DB).GetContext"}, Kind: dbapi.QueryRow, Verb: dbapi.VerbSelect, Consumer: true},
		{Via: []string{"//bulklint:query"}, Kind: dbapi.Query, Verb: dbapi.VerbFromSQL},
		{Via: []string{"migrate.execute", "(*sql.Tx).ExecContext"}, Kind: dbapi.Exec, Verb: dbapi.VerbFromSQL, StmtParams: 1<<2 | 1<<63},
		{Via: []string{"(*sqlx.DB).GetContext"}, Kind: dbapi.QueryRow, Verb: dbapi.VerbSelect, Load: (&rowLoad{
			Table: "customers", Key: "id", TypePkg: "example.com/shop/store", TypeName: "Customer",
			KeyParam: 1, CtxParam: 0, Handle: -1, HandleField: []string{"DB"},
		}).encode()},
	}
	fixturetest.FactGob(t, 256, facts...)
}

// TestThroughBoundsChain checks that a fact's chain stays bounded however
// deep the helpers nest, keeping the library call at its end.
func TestThroughBoundsChain(t *testing.T) {
	f := &queryFact{Via: []string{"(*sql.DB).Query"}, Kind: dbapi.Query}
	for i := 0; i < 50; i++ {
		f = f.through("helper")
	}
	if len(f.Via) != maxVia {
		t.Errorf("chain has %d calls, want %d", len(f.Via), maxVia)
	}
	if f.Via[len(f.Via)-1] != "(*sql.DB).Query" {
		t.Errorf("chain ends with %q, want the library call", f.Via[len(f.Via)-1])
	}
}

// TestRowLoadRoundTrip checks that a rowLoad survives its encoding into
// the fact, and that text it did not write decodes to nothing.
func TestRowLoadRoundTrip(t *testing.T) {
	for _, l := range []*rowLoad{
		{Table: "customers", Key: "id", TypePkg: "example.com/shop/store", TypeName: "Customer", KeyParam: 1, Handle: -1, HandleField: []string{"DB"}},
		{Table: "users", Key: "email", TypePkg: "example.com/users", TypeName: "User", KeyParam: 2, CtxParam: -1, Handle: 0},
	} {
		got := decodeRowLoad(l.encode())
		if l.HandleField == nil {
			l.HandleField = []string{}
		}
		if !reflect.DeepEqual(got, l) {
			t.Errorf("round trip of %+v gave %+v", l, got)
		}
	}
	for _, bad := range []string{"", "customers", "a\x00b\x00c\x00d\x00x\x001\x002"} {
		if l := decodeRowLoad(bad); l != nil {
			t.Errorf("decodeRowLoad(%q) = %+v, want nil", bad, l)
		}
	}
}

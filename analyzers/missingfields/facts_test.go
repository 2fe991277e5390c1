package missingfields

import (
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

// TestFactEncoding checks that a fact encodes deterministically (go vet
// compares and caches facts by their bytes) and stays small.
func TestFactEncoding(t *testing.T) {
	fixturetest.FactGob(t, 512, &writeFact{Param: 1, Lib: 1, Written: []string{"id", "name"}, Desc: "name", Table: "users", Via: "(*sqlx.DB).NamedExecContext", ColsParam: 3, Upsert: true, Zero: true, NoBool: true, Must: []string{"a"}, Omit: []string{"b"}})
}

// TestMutFactEncoding is TestFactEncoding for mutFact.
func TestMutFactEncoding(t *testing.T) {
	fixturetest.FactGob(t, 512, &mutFact{Params: []mutParam{{Index: 0, Paths: [][]string{{"Status"}, {"Addr", "City"}}}, {Index: 2, Paths: [][]string{{"Note"}}}}})
}

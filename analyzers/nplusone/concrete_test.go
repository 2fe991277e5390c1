package nplusone

import (
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
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
	fixturetest.FactGob(t, 1024, facts...)
}

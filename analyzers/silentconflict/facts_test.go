package silentconflict

import (
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

// A fact of a generated :exec method, with its new fields, encodes as the
// others do (TestFactEncoding).
func TestDroppedFactEncoding(t *testing.T) {
	fixturetest.FactGob(t, 512, &writeFact{What: "INSERT ... ON CONFLICT DO NOTHING into users", Via: "(db.DBTX).Exec",
		Err: 0, Count: -1, Kind: noCount, Dropped: true, Query: "InsertUser :exec", Lossless: false, DataErrors: true})
}

package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// note has a natural key and a column the database fills by default.
type note struct {
	Code string `db:"code"`
	Qty  int    `db:"qty"`
	Note string `db:"note"`
}

func TestInsertGeneratedByNaturalKey(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.table(t, "note")
		tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (code VARCHAR(20) PRIMARY KEY, qty INT NOT NULL, note VARCHAR(20) NOT NULL DEFAULT 'dflt')", table))
		t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
		rows := []note{{Code: "b", Qty: 2}, {Code: "a", Qty: 1}, {Code: "c", Qty: 3}}
		if _, err := bulk.Insert(ctx, tdb.db, table, rows, bulk.Generated("note")); !errors.Is(err, bulk.ErrNoKey) {
			t.Fatalf("generated column without a key: err = %v", err)
		}
		res, err := bulk.Insert(ctx, tdb.db, table, rows, bulk.Key("code"), bulk.Generated("note"), bulk.ChunkSize(2))
		if err != nil || res.Inserted != 3 {
			t.Fatalf("insert: %+v, %v", res, err)
		}
		for _, r := range rows {
			if r.Note != "dflt" {
				t.Fatalf("row %s: note %q not read back", r.Code, r.Note)
			}
		}
	})
}

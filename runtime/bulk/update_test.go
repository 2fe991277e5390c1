package bulk_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestUpdateMissingInCallersTx checks the keys that matched nothing inside
// the caller's transaction, at read committed and at repeatable read: on
// MySQL they are found by a mark the UPDATE writes on the staged rows, not
// by reading the table after it.
func TestUpdateMissingInCallersTx(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := products(9, 1)
		if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
			t.Fatal(err)
		}
		levels := []sql.IsolationLevel{sql.LevelReadCommitted, sql.LevelRepeatableRead}
		if tdb.name == "sqlite" {
			levels = []sql.IsolationLevel{sql.LevelDefault}
		}
		for n, level := range levels {
			tx, err := tdb.db.BeginTxx(ctx, &sql.TxOptions{Isolation: level})
			if err != nil {
				t.Fatal(err)
			}
			input := slices.Clone(rows)
			for i := range input {
				input[i].Stock = 50 + n
			}
			// Missing keys first, in the middle and last, across chunks.
			input = slices.Insert(input, 4, product{ID: 900001, SKU: "ghost-a"})
			input = append([]product{{ID: 900000, SKU: "ghost-0"}}, input...)
			input = append(input, product{ID: 900002, SKU: "ghost-b"})
			res, err := bulk.Update(ctx, tx, table, input, bulk.Columns("stock"), bulk.ChunkSize(3))
			if err != nil {
				tx.Rollback()
				t.Fatalf("%s: %v", level, err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if res.Updated != 9 || res.Missing != 3 || !slices.Equal(res.MissingRows, []int{0, 5, 11}) {
				t.Fatalf("%s: result = %+v", level, res)
			}
			for _, r := range tdb.byKey(t, table) {
				if r.Stock != 50+n {
					t.Fatalf("%s: row %+v not updated", level, r)
				}
			}
		}
	})
}

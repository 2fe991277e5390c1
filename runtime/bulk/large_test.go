package bulk_test

import (
	"context"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestLargeInput runs every operation on 100,000 rows: several chunks on
// each database, keys mapped back for all of them.
func TestLargeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000-row inputs skipped in -short mode")
	}
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		const n = 100_000
		rows := products(n, 1)
		res, err := bulk.Insert(ctx, tdb.db, table, rows)
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != n || tdb.count(t, table) != n {
			t.Fatalf("insert: %d inserted, %d in table", res.Inserted, tdb.count(t, table))
		}
		ids := make([]int64, n)
		for i, r := range rows {
			ids[i] = r.ID
		}
		loaded, err := bulk.LoadInOrder[product](ctx, tdb.db, table, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range loaded {
			if p == nil || *p != rows[i] {
				t.Fatalf("load: row %d = %v, want %+v", i, p, rows[i])
			}
		}
		for i := range rows {
			rows[i].Stock = 7
		}
		if res, err := bulk.Update(ctx, tdb.db, table, rows, bulk.Columns("stock")); err != nil || res.Updated != n {
			t.Fatalf("update: %+v, %v", res.Updated, err)
		}
		up := products(n+1000, 1)[1000:] // 99,000 existing, 1,000 new
		res, err = bulk.Upsert(ctx, tdb.db, table, up, bulk.Key("org", "sku"), bulk.Columns("stock"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 1000 || res.Updated+res.Unchanged != n-1000 || tdb.count(t, table) != n+1000 {
			t.Fatalf("upsert: %+v", res)
		}
		for _, r := range up {
			if r.ID == 0 {
				t.Fatalf("upsert: %s got no key", r.SKU)
			}
		}
	})
}

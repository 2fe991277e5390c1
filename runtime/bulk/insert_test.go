package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
)

func TestInsertFillsKeys(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := products(25, 1)
		res, err := bulk.Insert(ctx, tdb.db, table, rows, bulk.ChunkSize(7))
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 25 || res.Chunks != 4 {
			t.Fatalf("result = %+v, want 25 inserted in 4 chunks", res)
		}
		got := tdb.byKey(t, table)
		seen := map[int64]bool{}
		for _, r := range rows {
			db := got[fmt.Sprintf("%d/%s", r.Org, r.SKU)]
			if r.ID == 0 || r.ID != db.ID || seen[r.ID] {
				t.Fatalf("row %s: id %d, database has %d", r.SKU, r.ID, db.ID)
			}
			seen[r.ID] = true
		}
		// Pointers work too, and rows with a key keep it.
		ptrs := []*product{{Org: 2, SKU: "a", Name: "a"}, {ID: 100000, Org: 2, SKU: "b", Name: "b"}}
		if _, err := bulk.Insert(ctx, tdb.db, table, ptrs); err != nil {
			t.Fatal(err)
		}
		got = tdb.byKey(t, table)
		if ptrs[0].ID == 0 || got["2/a"].ID != ptrs[0].ID || got["2/b"].ID != 100000 {
			t.Fatalf("pointer rows: %+v %+v, database %+v %+v", *ptrs[0], *ptrs[1], got["2/a"], got["2/b"])
		}
	})
}

func TestInsertSeq(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		all := products(50, 1)
		seq := func(yield func(*product) bool) {
			for i := range all {
				if !yield(&all[i]) {
					return
				}
			}
		}
		res, err := bulk.InsertSeq(context.Background(), tdb.db, table, seq, bulk.ChunkSize(16))
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 50 || res.Chunks != 4 || tdb.count(t, table) != 50 {
			t.Fatalf("result = %+v", res)
		}
		got := tdb.byKey(t, table)
		for _, r := range all {
			if r.ID == 0 || got[fmt.Sprintf("1/%s", r.SKU)].ID != r.ID {
				t.Fatalf("row %s: id %d not filled back", r.SKU, r.ID)
			}
		}
	})
}

func TestInsertSkipConflicts(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		first := products(10, 1)
		if _, err := bulk.Insert(ctx, tdb.db, table, first); err != nil {
			t.Fatal(err)
		}
		// rows 0, 3 and 9 exist already, under other names
		rows := products(12, 1)
		for i := range rows {
			rows[i].Name = "new"
		}
		rows = slices.Concat(rows[:1], rows[3:4], rows[9:12], products(2, 7))
		res, err := bulk.Insert(ctx, tdb.db, table, rows, bulk.SkipConflicts("org", "sku"), bulk.ChunkSize(2))
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 4 || res.Skipped != 3 || len(res.Conflicts) != 3 {
			t.Fatalf("result = %+v, want 4 inserted, 3 skipped", res)
		}
		want := map[int]int64{0: first[0].ID, 1: first[3].ID, 2: first[9].ID}
		for _, c := range res.Conflicts {
			if got := fmt.Sprint(c.Existing["id"]); got != fmt.Sprint(want[c.Index]) {
				t.Errorf("conflict %d: existing id %v, want %d", c.Index, c.Existing["id"], want[c.Index])
			}
			if res.Outcomes[c.Index] != bulk.Skipped {
				t.Errorf("outcome %d = %v", c.Index, res.Outcomes[c.Index])
			}
		}
		db := tdb.byKey(t, table)
		if db["1/sku-000000"].Name != "product 0" || db["1/sku-000010"].Name != "new" || len(db) != 14 {
			t.Fatalf("table after skip: %d rows, %+v", len(db), db["1/sku-000000"])
		}
		for i, r := range rows {
			if res.Outcomes[i] == bulk.Inserted && (r.ID == 0 || db[fmt.Sprintf("%d/%s", r.Org, r.SKU)].ID != r.ID) {
				t.Errorf("inserted row %d: id %d", i, r.ID)
			}
		}
	})
}

func TestInsertChunkFailureRollsBack(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		rows := products(50, 1)
		rows[35].Stock = -1 // violates the CHECK constraint in chunk 3
		_, err := bulk.Insert(context.Background(), tdb.db, table, rows, bulk.ChunkSize(10))
		var ce *bulk.ChunkError
		if !errors.As(err, &ce) || ce.Chunk != 3 || ce.Done != 30 {
			t.Fatalf("err = %v, want a ChunkError for chunk 3", err)
		}
		if n := tdb.count(t, table); n != 0 {
			t.Fatalf("%d rows left behind", n)
		}
		for _, r := range rows {
			if r.ID != 0 {
				t.Fatalf("row %s kept key %d of a rolled back insert", r.SKU, r.ID)
			}
		}
	})
}

func TestInsertCancelled(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		chunks := 0
		hook := bulk.BeforeChunk(func(ctx context.Context, chunk any) error {
			if chunks++; chunks == 3 {
				cancel()
			}
			return nil
		})
		_, err := bulk.Insert(ctx, tdb.db, table, products(50, 1), bulk.ChunkSize(10), hook)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n := tdb.count(t, table); n != 0 {
			t.Fatalf("%d rows left behind", n)
		}
	})
}

func TestInsertInCallersTx(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		tx, err := tdb.db.BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := bulk.Insert(ctx, tx, table, products(5, 1)); err != nil {
			t.Fatal(err)
		}
		bad := products(5, 2)
		bad[4].Stock = -1
		if _, err := bulk.Insert(ctx, tx, table, bad, bulk.ChunkSize(2)); err == nil {
			t.Fatal("no error for a CHECK violation")
		}
		// The failed call left nothing, and the transaction is usable.
		if _, err := bulk.Insert(ctx, tx, table, products(3, 3)); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := tdb.count(t, table); n != 8 {
			t.Fatalf("%d rows, want 8", n)
		}
	})
}

func TestInsertOnConn(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		conn, err := tdb.db.Connx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		rows := products(20, 1)
		if _, err := bulk.Insert(ctx, conn, table, rows); err != nil {
			t.Fatal(err)
		}
		if rows[19].ID == 0 || tdb.count(t, table) != 20 {
			t.Fatalf("insert on a Conn: id %d, %d rows", rows[19].ID, tdb.count(t, table))
		}
	})
}

package queryguard_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/bulklint/bulklint/runtime/queryguard"
)

type item struct {
	ID    int64  `db:"id"`
	Shop  string `db:"shop"`
	SKU   string `db:"sku"`
	Stock int    `db:"stock"`
}

func items(n, stock int) []item {
	out := make([]item, n)
	for i := range out {
		out[i] = item{Shop: "north", SKU: fmt.Sprint("sku", i), Stock: stock}
	}
	return out
}

// TestBulkCallsAreNotNPlusOne runs every runtime/bulk call over 25 rows in
// chunks of 4 (7 chunks, the last one short), inside and outside a
// transaction: each call runs a statement per chunk, which the guard
// counts once per call, so none is an N+1.
func TestBulkCallsAreNotNPlusOne(t *testing.T) {
	db := openSQLite(t, 0)
	db.MustExec(`CREATE TABLE items (id INTEGER PRIMARY KEY, shop TEXT NOT NULL, sku TEXT NOT NULL,
		stock INTEGER NOT NULL, UNIQUE (shop, sku))`)
	rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		ctx, chunk := s.Context(), bulk.ChunkSize(4)
		rows := items(25, 1)
		if _, err := bulk.Insert(ctx, db, "items", rows, chunk); err != nil {
			t.Fatal(err)
		}
		if _, err := bulk.Upsert(ctx, db, "items", items(30, 2), chunk, bulk.Key("shop", "sku")); err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			rows[i].Stock = 9
		}
		if _, err := bulk.Update(ctx, db, "items", rows, chunk); err != nil {
			t.Fatal(err)
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		if _, err := bulk.Load[item](ctx, db, "items", ids, chunk); err != nil {
			t.Fatal(err)
		}
		if _, err := bulk.LoadInOrder[item](ctx, db, "items", ids, chunk); err != nil {
			t.Fatal(err)
		}
		tx, err := db.BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bulk.Update(ctx, tx, "items", rows[:10], chunk, bulk.Columns("stock")); err != nil {
			t.Fatal(err)
		}
		if _, err := bulk.Delete(ctx, tx, "items", ids[:13], chunk); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, err := bulk.Delete(ctx, db, "items", ids[13:], chunk); err != nil {
			t.Fatal(err)
		}
		var ptrs []*item
		if err := db.SelectContext(ctx, &ptrs, "SELECT * FROM items"); err != nil {
			t.Fatal(err)
		}
		tr, err := bulk.Track(ptrs)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ptrs {
			p.Stock++
		}
		if _, err := tr.Save(ctx, db, "items"); err != nil {
			t.Fatal(err)
		}
	})
	if rep.Queries < 30 {
		t.Errorf("only %d statements recorded: is the scope on?", rep.Queries)
	}
	if len(rep.NPlusOne) != 0 {
		t.Errorf("bulk calls reported as N+1:\n%v", rep)
	}
}

// TestBulkCallPerElement: a bulk call per element is an N+1 of calls,
// counted once per call.
func TestBulkCallPerElement(t *testing.T) {
	db := openSQLite(t, 0)
	db.MustExec(`CREATE TABLE items (id INTEGER PRIMARY KEY, shop TEXT NOT NULL, sku TEXT NOT NULL,
		stock INTEGER NOT NULL, UNIQUE (shop, sku))`)
	rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		for _, it := range items(3, 1) {
			if _, err := bulk.Insert(s.Context(), db, "items", []item{it}); err != nil {
				t.Fatal(err)
			}
		}
	})
	var insert *queryguard.NPlusOne
	for i, n := range rep.NPlusOne {
		if n.Fingerprint[:6] == "insert" {
			insert = &rep.NPlusOne[i]
		}
	}
	if insert == nil || insert.Count != 3 || !insert.Batched {
		t.Fatalf("want the insert reported 3 times, once per call:\n%v", rep)
	}
	t.Log(rep)
}

var _ = context.Background

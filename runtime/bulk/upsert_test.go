package bulk_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestUpsertStoredDifferently upserts values that the database stores
// differently from how Go compares them: a time with fractions of a second
// into a DATETIME that keeps whole seconds. On MySQL the outcome foreseen
// in Go (updated) disagrees with the affected-rows count (unchanged), so the
// chunk is rolled back and written again the careful way; the outcome and
// the keys filled back must be those of the database.
func TestUpsertStoredDifferently(t *testing.T) {
	tdb := openDB(t, "mysql")
	ctx := context.Background()
	table := tdb.table(t, "stamp")
	tdb.exec(t, "CREATE TABLE "+table+" (id BIGINT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE, at DATETIME NOT NULL)")
	t.Cleanup(func() { tdb.exec(t, "DROP TABLE "+table) })
	type stamp struct {
		ID   int64     `db:"id"`
		Code string    `db:"code"`
		At   time.Time `db:"at"`
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	first := []stamp{{Code: "a", At: at}, {Code: "b", At: at}}
	if _, err := bulk.Insert(ctx, tdb.db, table, first); err != nil {
		t.Fatal(err)
	}
	rows := []stamp{
		{Code: "a", At: at.Add(300 * time.Millisecond)}, // stored as at: unchanged
		{Code: "b", At: at.Add(time.Hour)},              // updated
		{Code: "c", At: at},                             // inserted
	}
	res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("code"))
	if err != nil {
		t.Fatal(err)
	}
	want := []bulk.Outcome{bulk.Unchanged, bulk.Updated, bulk.Inserted}
	if !slices.Equal(res.Outcomes, want) {
		t.Fatalf("outcomes = %v, want %v", res.Outcomes, want)
	}
	if rows[0].ID != first[0].ID || rows[1].ID != first[1].ID || rows[2].ID == 0 || rows[2].ID == rows[1].ID {
		t.Fatalf("keys filled back: %+v, first %+v", rows, first)
	}
	var n int
	if err := tdb.db.Get(&n, "SELECT count(*) FROM "+table+" WHERE id = ? AND code = 'c'", rows[2].ID); err != nil || n != 1 {
		t.Fatalf("inserted row by its filled key: %d, %v", n, err)
	}
}

// TestUpsertOutcomesWithoutID upserts rows whose type has no field for the
// generated key, and rows of a table whose key is no rowid alias: each row's
// outcome must still be told apart (on SQLite by the rowid read back as a
// column of its own, or by a read of the keys before the write).
func TestUpsertOutcomesWithoutID(t *testing.T) {
	type noID struct {
		Org   int    `db:"org"`
		SKU   string `db:"sku"`
		Name  string `db:"name"`
		Stock int    `db:"stock"`
	}
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.table(t, "noid")
		ddl := "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, org INTEGER NOT NULL, sku VARCHAR(20) NOT NULL, name VARCHAR(20) NOT NULL, stock INTEGER NOT NULL, UNIQUE (org, sku))"
		switch tdb.name {
		case "postgres":
			ddl = "CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, org INTEGER NOT NULL, sku VARCHAR(20) NOT NULL, name VARCHAR(20) NOT NULL, stock INTEGER NOT NULL, UNIQUE (org, sku))"
		case "mysql":
			ddl = "CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, org INTEGER NOT NULL, sku VARCHAR(20) NOT NULL, name VARCHAR(20) NOT NULL, stock INTEGER NOT NULL, UNIQUE (org, sku))"
		}
		tdb.exec(t, ddl)
		t.Cleanup(func() { tdb.exec(t, "DROP TABLE "+table) })
		first := []noID{{1, "a", "apple", 1}, {1, "b", "pear", 2}}
		if _, err := bulk.Insert(ctx, tdb.db, table, first); err != nil {
			t.Fatal(err)
		}
		rows := []noID{{1, "c", "plum", 3}, {1, "b", "pear", 2}, {1, "a", "apple", 5}}
		res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
		if err != nil {
			t.Fatal(err)
		}
		want := []bulk.Outcome{bulk.Inserted, bulk.Unchanged, bulk.Updated}
		if !slices.Equal(res.Outcomes, want) || res.Inserted != 1 || res.Updated != 1 || res.Unchanged != 1 {
			t.Fatalf("outcomes = %v (%+v), want %v", res.Outcomes, res, want)
		}
		if got := tdb.count(t, table); got != 3 {
			t.Fatalf("%d rows, want 3", got)
		}
	})
}

// TestUpsertWithoutRowid is TestUpsertOutcomesWithoutID on a SQLite table
// WITHOUT ROWID: the outcomes come from a read of the keys before the
// write.
func TestUpsertWithoutRowid(t *testing.T) {
	tdb := openDB(t, "sqlite")
	ctx := context.Background()
	table := tdb.table(t, "norowid")
	tdb.exec(t, "CREATE TABLE "+table+" (code TEXT PRIMARY KEY, qty INTEGER NOT NULL) WITHOUT ROWID")
	t.Cleanup(func() { tdb.exec(t, "DROP TABLE "+table) })
	type item struct {
		Code string `db:"code"`
		Qty  int    `db:"qty"`
	}
	if _, err := bulk.Insert(ctx, tdb.db, table, []item{{"a", 1}, {"b", 2}}); err != nil {
		t.Fatal(err)
	}
	res, err := bulk.Upsert(ctx, tdb.db, table, []item{{"b", 3}, {"c", 1}, {"a", 1}}, bulk.Key("code"))
	if err != nil {
		t.Fatal(err)
	}
	want := []bulk.Outcome{bulk.Updated, bulk.Inserted, bulk.Unchanged}
	if !slices.Equal(res.Outcomes, want) {
		t.Fatalf("outcomes = %v, want %v", res.Outcomes, want)
	}
}

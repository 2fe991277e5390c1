package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestKeyNotUnique: a Key that no primary key or unique index covers is
// refused before anything is written (MariaDB used to overwrite an
// unrelated row and call it updated; Load returned one of two rows).
func TestKeyNotUnique(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.table(t, "nonunique")
		tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (id INTEGER PRIMARY KEY, val INTEGER NOT NULL, name VARCHAR(20) NOT NULL)", table))
		t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
		tdb.exec(t, fmt.Sprintf("INSERT INTO %s (id, val, name) VALUES (1, 7, 'a'), (2, 7, 'b')", table))
		type row struct {
			ID   int    `db:"id"`
			Val  int    `db:"val"`
			Name string `db:"name"`
		}
		in := []row{{ID: 3, Val: 7, Name: "new"}}
		check := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, bulk.ErrNotUniqueKey) || !strings.Contains(err.Error(), "its unique keys are (id)") {
				t.Errorf("%s: err = %v, want ErrNotUniqueKey naming (id)", what, err)
			}
		}
		_, err := bulk.Upsert(ctx, tdb.db, table, in, bulk.Key("val"))
		check("Upsert", err)
		_, err = bulk.Insert(ctx, tdb.db, table, in, bulk.SkipConflicts("val"))
		check("SkipConflicts", err)
		_, err = bulk.Load[row](ctx, tdb.db, table, []int{7}, bulk.Key("val"))
		check("Load", err)
		var names []string
		if err := tdb.db.Select(&names, "SELECT name FROM "+table+" ORDER BY id"); err != nil {
			t.Fatal(err)
		}
		if strings.Join(names, ",") != "a,b" {
			t.Errorf("rows after refused calls = %v, want a,b untouched", names)
		}
		// The primary key still works.
		if _, err := bulk.Upsert(ctx, tdb.db, table, []row{{ID: 1, Val: 8, Name: "a2"}}, bulk.Key("id")); err != nil {
			t.Errorf("Upsert by the primary key: %v", err)
		}
	})
}

// TestOtherUniqueKey: a row new by the call's Key that duplicates an
// existing row on another unique key fails the call with
// ErrUniqueConflict; the other row is never overwritten and nothing of
// the call is kept. (MySQL's ON DUPLICATE KEY UPDATE fires on whichever
// unique index conflicts.)
func TestOtherUniqueKey(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.table(t, "otherkey")
		tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (email VARCHAR(40) NOT NULL UNIQUE, id INTEGER NOT NULL PRIMARY KEY, org INTEGER NOT NULL, sku VARCHAR(20) NOT NULL, name VARCHAR(20) NOT NULL, UNIQUE (org, sku))", table))
		t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
		tdb.exec(t, fmt.Sprintf("INSERT INTO %s (id, email, org, sku, name) VALUES (1, 'a@x', 1, 'a', 'first'), (2, 'b@x', 1, 'b', 'second')", table))
		type row struct {
			ID    int    `db:"id"`
			Email string `db:"email"`
			Org   int    `db:"org"`
			SKU   string `db:"sku"`
			Name  string `db:"name"`
		}
		in := []row{{ID: 3, Email: "c@x", Org: 1, SKU: "c", Name: "third"}, {ID: 4, Email: "a@x", Org: 1, SKU: "d", Name: "steals a's email"}}
		for _, call := range []struct {
			name string
			run  func() error
		}{
			{"Upsert", func() error { _, err := bulk.Upsert(ctx, tdb.db, table, in, bulk.Key("org", "sku")); return err }},
			{"SkipConflicts", func() error {
				_, err := bulk.Insert(ctx, tdb.db, table, in, bulk.SkipConflicts("org", "sku"))
				return err
			}},
		} {
			err := call.run()
			if !errors.Is(err, bulk.ErrUniqueConflict) {
				t.Errorf("%s: err = %v, want ErrUniqueConflict", call.name, err)
			}
			var got []row
			if err := tdb.db.Select(&got, "SELECT id, email, org, sku, name FROM "+table+" ORDER BY id"); err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].Name != "first" || got[0].SKU != "a" || got[1].Name != "second" {
				t.Errorf("%s: rows after the failed call = %+v, want the two rows untouched", call.name, got)
			}
		}
	})
}

// TestCaseInsensitiveKeys: on MariaDB's default case-insensitive,
// pad-space collation, keys that differ only in case or trailing spaces
// are one key. In one call they are refused before writing, saying why
// (they used to fail the call with "row with key [case] not found after
// writing it"); a key spelled differently from the stored row finds it.
func TestCaseInsensitiveKeys(t *testing.T) {
	tdb := openDB(t, "mysql")
	ctx := context.Background()
	table := tdb.productTable(t)
	if _, err := bulk.Insert(ctx, tdb.db, table, []product{{Org: 1, SKU: "Skip", Name: "stored"}}); err != nil {
		t.Fatal(err)
	}
	var stored product
	if err := tdb.db.Get(&stored, "SELECT id, org, sku, name, stock, price FROM "+table); err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{{"Case", "case"}, {"pad", "pad  "}} {
		in := []product{{Org: 1, SKU: pair[0], Name: "x"}, {Org: 1, SKU: pair[1], Name: "y"}}
		_, err := bulk.Upsert(ctx, tdb.db, table, in, bulk.Key("org", "sku"))
		if !errors.Is(err, bulk.ErrDuplicateKey) || !strings.Contains(err.Error(), "collation") {
			t.Errorf("Upsert %q and %q: err = %v, want ErrDuplicateKey naming the collation", pair[0], pair[1], err)
		}
		_, err = bulk.Insert(ctx, tdb.db, table, in, bulk.SkipConflicts("org", "sku"))
		if !errors.Is(err, bulk.ErrDuplicateKey) {
			t.Errorf("SkipConflicts %q and %q: err = %v, want ErrDuplicateKey", pair[0], pair[1], err)
		}
	}
	if n := tdb.count(t, table); n != 1 {
		t.Fatalf("%d rows after refused calls, want 1", n)
	}
	skip := []product{{Org: 1, SKU: "skip", Name: "new"}}
	res, err := bulk.Insert(ctx, tdb.db, table, skip, bulk.SkipConflicts("org", "sku"))
	if err != nil || res.Skipped != 1 || res.Conflicts[0].Existing["id"] != stored.ID {
		t.Errorf("SkipConflicts of skip beside Skip = %+v, %v; want skipped, existing id %d", res, err, stored.ID)
	}
	res, err = bulk.Upsert(ctx, tdb.db, table, skip, bulk.Key("org", "sku"))
	if err != nil || res.Updated != 1 || skip[0].ID != stored.ID {
		t.Errorf("Upsert of skip beside Skip = %+v, %v, id %d; want updated, id %d", res, err, skip[0].ID, stored.ID)
	}
	if n := tdb.count(t, table); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
}

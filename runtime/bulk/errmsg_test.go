package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestNilContext: a nil context is an error before anything runs, not a
// panic inside database/sql that keeps a connection (the next call on the
// DB used to hang).
func TestNilContext(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		tdb.db.SetMaxOpenConns(1)
		//lint:ignore SA1012 a nil context is what this test passes
		_, err := bulk.Upsert(nil, tdb.db, table, products(2, 1), bulk.Key("org", "sku")) //nolint:staticcheck
		if !errors.Is(err, bulk.ErrNilContext) {
			t.Fatalf("Upsert(nil ctx) err = %v, want ErrNilContext", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := bulk.Upsert(ctx, tdb.db, table, products(2, 1), bulk.Key("org", "sku")); err != nil {
			t.Fatalf("the next call on the same DB: %v", err)
		}
	})
}

// TestErrorsNameUserThings: errors name the table, column and input row
// the caller wrote, never the package's staging table or a cancelled COPY.
func TestErrorsNameUserThings(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.table(t, "typed")
		tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL)", table))
		t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
		tdb.exec(t, fmt.Sprintf("INSERT INTO %s (id, qty) VALUES (1, 1), (2, 2)", table))
		type bad struct {
			ID  int    `db:"id"`
			Qty string `db:"qty"`
		}
		rows := []bad{{ID: 1, Qty: "3"}, {ID: 2, Qty: "not a number"}}
		_, err := bulk.Update(ctx, tdb.db, table, rows)
		if tdb.name != "sqlite" { // SQLite stores the text as it is
			var re *bulk.RowError
			if err == nil || strings.Contains(err.Error(), "bulk_stage") || strings.Contains(err.Error(), "_b1") ||
				tdb.name == "mysql" && (!strings.Contains(err.Error(), "qty") || !errors.As(err, &re) || re.Index != 1) {
				t.Errorf("Update with a bad value: err = %v; want row 1's error naming %s and qty, not the staging table", err, table)
			}
			t.Logf("Update with a bad value: %v", err)
			// MariaDB staged it as 0 with a warning before, and wrote it.
			var qty []int
			if err := tdb.db.Select(&qty, "SELECT qty FROM "+table+" ORDER BY id"); err != nil || len(qty) != 2 || qty[0] != 1 || qty[1] != 2 {
				t.Errorf("rows after the failed Update: %v, %v; want 1, 2 untouched", qty, err)
			}
		}
		if tdb.name == "postgres" {
			_, err = bulk.Insert(ctx, tdb.db, table, []bad{{ID: 5, Qty: "7"}, {ID: 6, Qty: "x"}})
			var re *bulk.RowError
			if err == nil || strings.Contains(err.Error(), "57014") || !strings.Contains(err.Error(), "qty") || !errors.As(err, &re) || re.Index != 1 {
				t.Errorf("COPY of a value that does not encode: err = %v; want row 1's error naming qty, not a cancelled query", err)
			}
			t.Logf("COPY of a bad value: %v", err)
		}
	})
}

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

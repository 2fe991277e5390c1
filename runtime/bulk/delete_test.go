package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jmoiron/sqlx/reflectx"
)

// orgSKU is the composite key (org, sku) of the products table.
type orgSKU struct {
	Org int    `db:"org"`
	SKU string `db:"sku"`
}

// seedProducts inserts n products of org 1 and returns them with their keys.
func seedProducts(t *testing.T, tdb testDB, table string, n int) []product {
	t.Helper()
	rows := products(n, 1)
	if _, err := bulk.Insert(context.Background(), tdb.db, table, rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestDeleteByID(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := seedProducts(t, tdb, table, 10)
		ids := []int64{rows[3].ID, 987654, rows[1].ID, rows[7].ID}
		res, err := bulk.Delete(ctx, tdb.db, table, ids)
		if err != nil {
			t.Fatal(err)
		}
		want := []bulk.Outcome{bulk.Deleted, bulk.Missing, bulk.Deleted, bulk.Deleted}
		if res.Deleted != 3 || res.Missing != 1 || !slices.Equal(res.MissingRows, []int{1}) || !slices.Equal(res.Outcomes, want) || res.Chunks != 1 {
			t.Fatalf("result = %+v", res)
		}
		db := tdb.byKey(t, table)
		if len(db) != 7 {
			t.Fatalf("%d rows left, want 7", len(db))
		}
		for _, i := range []int{1, 3, 7} {
			if _, ok := db["1/"+rows[i].SKU]; ok {
				t.Fatalf("row %d not deleted", i)
			}
		}
		// Deleting them again: every key is missing, nothing fails.
		res, err = bulk.Delete(ctx, tdb.db, table, ids)
		if err != nil || res.Deleted != 0 || res.Missing != 4 || !slices.Equal(res.MissingRows, []int{0, 1, 2, 3}) {
			t.Fatalf("again: %+v, %v", res, err)
		}
		// A key type other than the field's, converted by the driver.
		res, err = bulk.Delete(ctx, tdb.db, table, []int32{int32(rows[0].ID)})
		if err != nil || res.Deleted != 1 || tdb.count(t, table) != 6 {
			t.Fatalf("int32 keys: %+v, %v", res, err)
		}
		// No keys: nothing to do, not an error.
		res, err = bulk.Delete(ctx, tdb.db, table, []int64{})
		if err != nil || res.Deleted != 0 || len(res.Outcomes) != 0 {
			t.Fatalf("no keys: %+v, %v", res, err)
		}
		// sku alone is not unique: refused, nothing deleted.
		_, err = bulk.Delete(ctx, tdb.db, table, []string{rows[2].SKU}, bulk.Key("sku"))
		if !errors.Is(err, bulk.ErrNotUniqueKey) || tdb.count(t, table) != 6 {
			t.Fatalf("non-unique Key: err = %v, %d rows", err, tdb.count(t, table))
		}
	})
}

func TestDeleteComposite(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := seedProducts(t, tdb, table, 9)
		other := products(2, 2) // same skus, another org: must stay
		if _, err := bulk.Insert(ctx, tdb.db, table, other); err != nil {
			t.Fatal(err)
		}
		keys := []orgSKU{{1, rows[8].SKU}, {1, rows[0].SKU}, {3, rows[1].SKU}, {1, rows[1].SKU}, {1, "nope"}, {1, rows[5].SKU}, {1, rows[4].SKU}}
		res, err := bulk.Delete(ctx, tdb.db, table, keys, bulk.ChunkSize(2))
		if err != nil {
			t.Fatal(err)
		}
		want := []bulk.Outcome{bulk.Deleted, bulk.Deleted, bulk.Missing, bulk.Deleted, bulk.Missing, bulk.Deleted, bulk.Deleted}
		if res.Deleted != 5 || res.Missing != 2 || !slices.Equal(res.MissingRows, []int{2, 4}) || !slices.Equal(res.Outcomes, want) || res.Chunks != 4 {
			t.Fatalf("result = %+v", res)
		}
		db := tdb.byKey(t, table)
		if len(db) != 4+2 {
			t.Fatalf("%d rows left, want 6", len(db))
		}
		for _, r := range other {
			if _, ok := db["2/"+r.SKU]; !ok {
				t.Fatalf("row %+v of org 2 deleted", r)
			}
		}
		for _, i := range []int{2, 3, 6, 7} {
			if _, ok := db["1/"+rows[i].SKU]; !ok {
				t.Fatalf("row %d deleted", i)
			}
		}
		// A struct key mapped by another mapper.
		type colKey struct {
			O int    `col:"org"`
			S string `col:"sku"`
		}
		res, err = bulk.Delete(ctx, tdb.db, table, []colKey{{2, other[1].SKU}}, bulk.WithMapper(reflectx.NewMapperFunc("col", strings.ToLower)))
		if err != nil || res.Deleted != 1 || tdb.count(t, table) != 5 {
			t.Fatalf("WithMapper: %+v, %v", res, err)
		}
	})
}

// TestDeleteAllOrNothing: RequireAll with a missing key in the last chunk,
// a key given twice, and a bad option each leave every row in place.
func TestDeleteAllOrNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := seedProducts(t, tdb, table, 6)
		ids := []int64{rows[0].ID, rows[1].ID, rows[2].ID, rows[3].ID, 999999}
		_, err := bulk.Delete(ctx, tdb.db, table, ids, bulk.RequireAll(), bulk.ChunkSize(2))
		var re *bulk.RowError
		if !errors.Is(err, bulk.ErrMissingKey) || !errors.As(err, &re) || re.Index != 4 {
			t.Fatalf("RequireAll: err = %v, want ErrMissingKey at row 4", err)
		}
		if n := tdb.count(t, table); n != 6 {
			t.Fatalf("RequireAll kept %d of 6 rows", n)
		}
		res, err := bulk.Delete(ctx, tdb.db, table, ids[:4], bulk.RequireAll(), bulk.ChunkSize(2))
		if err != nil || res.Deleted != 4 || tdb.count(t, table) != 2 {
			t.Fatalf("RequireAll, all present: %+v, %v", res, err)
		}
		// A repeated key is refused before anything is deleted.
		_, err = bulk.Delete(ctx, tdb.db, table, []orgSKU{{1, rows[4].SKU}, {1, rows[5].SKU}, {1, rows[4].SKU}})
		if !errors.Is(err, bulk.ErrDuplicateKey) || !errors.As(err, &re) || re.Index != 2 {
			t.Fatalf("repeated key: err = %v, want ErrDuplicateKey at row 2", err)
		}
		if n := tdb.count(t, table); n != 2 {
			t.Fatalf("repeated key: %d rows left, want 2", n)
		}
	})
}

// TestDeleteInTx runs Delete inside the caller's transaction: a failed call
// rolls back to its savepoint, keeping the caller's earlier writes and the
// transaction usable; the VALUES path of PostgreSQL (no pgx arrays) runs
// through a Querier that hides its driver.
func TestDeleteInTx(t *testing.T) {
	dialects := map[string]bulk.Dialect{"sqlite": bulk.SQLite, "postgres": bulk.Postgres, "mysql": bulk.MySQL}
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := seedProducts(t, tdb, table, 8)
		tx := tdb.db.MustBegin()
		defer tx.Rollback()
		mine := products(9, 1)[8]
		if _, err := bulk.Insert(ctx, tx, table, []product{mine}); err != nil {
			t.Fatal(err)
		}
		res, err := bulk.Delete(ctx, tx, table, []int64{rows[0].ID, rows[1].ID, 424242}, bulk.ChunkSize(2))
		if err != nil || res.Deleted != 2 || !slices.Equal(res.MissingRows, []int{2}) {
			t.Fatalf("in tx: %+v, %v", res, err)
		}
		_, err = bulk.Delete(ctx, tx, table, []int64{rows[2].ID, rows[3].ID, 424242}, bulk.ChunkSize(2), bulk.RequireAll())
		if !errors.Is(err, bulk.ErrMissingKey) {
			t.Fatalf("in tx, RequireAll: err = %v", err)
		}
		q := hidden{tx, tx}
		res, err = bulk.Delete(ctx, q, table, []orgSKU{{1, rows[4].SKU}, {1, mine.SKU}, {1, "nope"}}, bulk.WithDialect(dialects[tdb.name]), bulk.ChunkSize(2))
		if err != nil || res.Deleted != 2 || !slices.Equal(res.MissingRows, []int{2}) {
			t.Fatalf("in tx, explicit dialect: %+v, %v", res, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		db := tdb.byKey(t, table)
		var left []string
		for k := range db {
			left = append(left, k)
		}
		slices.Sort(left)
		want := []string{"1/" + rows[2].SKU, "1/" + rows[3].SKU, "1/" + rows[5].SKU, "1/" + rows[6].SKU, "1/" + rows[7].SKU}
		if !slices.Equal(left, want) {
			t.Fatalf("rows left = %v, want %v", left, want)
		}
	})
}

// TestDeleteConcurrent deletes overlapping sets of keys from 8 goroutines,
// each in its own order: no call fails, and every row is deleted by
// exactly one of them.
func TestDeleteConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		const workers, keys = 8, 400
		rows := seedProducts(t, tdb, table, keys)
		var mu sync.Mutex
		deletedBy := map[string][]int{}
		total := 0
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				// Worker w takes a window of half the keys starting at
				// w*keys/8, wrapping around: each key is in 4 windows.
				var mine []orgSKU
				for i := range keys / 2 {
					mine = append(mine, orgSKU{1, rows[(w*keys/workers+i)%keys].SKU})
				}
				if w%2 == 1 {
					slices.Reverse(mine)
				}
				res, err := bulk.Delete(ctx, tdb.db, table, mine, bulk.ChunkSize(50))
				if err != nil {
					errs <- fmt.Errorf("worker %d: %w", w, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				total += res.Deleted
				for i, o := range res.Outcomes {
					if o == bulk.Deleted {
						deletedBy[mine[i].SKU] = append(deletedBy[mine[i].SKU], w)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if total != keys || len(deletedBy) != keys {
			t.Errorf("%d rows deleted, %d keys, want %d", total, len(deletedBy), keys)
		}
		for sku, ws := range deletedBy {
			if len(ws) != 1 {
				t.Errorf("%s deleted by workers %v", sku, ws)
			}
		}
		if n := tdb.count(t, table); n != 0 {
			t.Errorf("%d rows left", n)
		}
	})
}

// TestDeleteKeyComparedDifferently: a key the database matches to a row
// whose key differs in Go (a case-insensitive collation on MySQL and in
// SQLite's NOCASE, char(n) padding on PostgreSQL) is an error, and nothing
// is deleted; the key as stored deletes the row.
func TestDeleteKeyComparedDifferently(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.table(t, "ci")
		var ddl, asGiven, stored string
		switch tdb.name {
		case "postgres":
			ddl, asGiven, stored = "CREATE TABLE %s (code CHAR(6) PRIMARY KEY, n INT NOT NULL)", "Abc", "Abc   "
		case "mysql":
			ddl, asGiven, stored = "CREATE TABLE %s (code VARCHAR(6) COLLATE utf8mb4_general_ci PRIMARY KEY, n INT NOT NULL)", "aBC", "Abc"
		default:
			ddl, asGiven, stored = "CREATE TABLE %s (code TEXT COLLATE NOCASE PRIMARY KEY, n INT NOT NULL)", "aBC", "Abc"
		}
		tdb.exec(t, fmt.Sprintf(ddl, table))
		t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
		tdb.exec(t, fmt.Sprintf("INSERT INTO %s (code, n) VALUES ('Abc', 1), ('xyzuvw', 2)", table))
		if tdb.name == "mysql" {
			// MySQL's collation is read from the catalog: the two
			// spellings are one key before anything is written, and a
			// key spelled otherwise deletes the row the database finds.
			_, err := bulk.Delete(ctx, tdb.db, table, []string{asGiven, stored}, bulk.Key("code"))
			if !errors.Is(err, bulk.ErrDuplicateKey) || !strings.Contains(err.Error(), "collation") {
				t.Fatalf("both spellings: err = %v, want ErrDuplicateKey naming the collation", err)
			}
			res, err := bulk.Delete(ctx, tdb.db, table, []string{"xyzuvw", asGiven}, bulk.Key("code"))
			if err != nil || res.Deleted != 2 || tdb.count(t, table) != 0 {
				t.Fatalf("key %q for %q: %+v, %v; want both rows deleted", asGiven, stored, res, err)
			}
			return
		}
		_, err := bulk.Delete(ctx, tdb.db, table, []string{"xyzuvw", asGiven}, bulk.Key("code"))
		if err == nil || !strings.Contains(err.Error(), "differs from it in Go") || !strings.HasPrefix(err.Error(), "bulk: ") {
			t.Fatalf("key %q: err = %v, want an error naming the comparison", asGiven, err)
		}
		if n := tdb.count(t, table); n != 2 {
			t.Fatalf("%d of 2 rows left after the error", n)
		}
		// Both spellings: the row is reported on the key equal to its own
		// in Go, the other key is missing.
		res, err := bulk.Delete(ctx, tdb.db, table, []string{asGiven, stored}, bulk.Key("code"))
		if err != nil || res.Deleted != 1 || !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Missing, bulk.Deleted}) {
			t.Fatalf("both spellings: %+v, %v", res, err)
		}
		res, err = bulk.Delete(ctx, tdb.db, table, []string{stored, "xyzuvw"}, bulk.Key("code"))
		if err != nil || res.Deleted != 1 || !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Missing, bulk.Deleted}) || tdb.count(t, table) != 0 {
			t.Fatalf("keys as stored: %+v, %v", res, err)
		}
	})
}

// TestDeleteChunks deletes 3,000 rows by their composite key with the
// default chunk size (several chunks on SQLite and MySQL, one array on
// PostgreSQL with pgx), after a call with a cancelled context that
// deletes nothing.
func TestDeleteChunks(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := seedProducts(t, tdb, table, 3000)
		keys := make([]orgSKU, len(rows))
		for i, r := range rows {
			keys[len(rows)-1-i] = orgSKU{r.Org, r.SKU}
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		_, err := bulk.Delete(cancelled, tdb.db, table, keys)
		if !errors.Is(err, context.Canceled) || tdb.count(t, table) != 3000 {
			t.Fatalf("cancelled: err = %v, %d rows left", err, tdb.count(t, table))
		}
		res, err := bulk.Delete(ctx, tdb.db, table, keys)
		if err != nil || res.Deleted != 3000 || res.Missing != 0 || tdb.count(t, table) != 0 {
			t.Fatalf("%d deleted, %d missing, %v", res.Deleted, res.Missing, err)
		}
		t.Logf("%d chunks", res.Chunks)
	})
}

func TestDeleteBadInput(t *testing.T) {
	tdb := openDB(t, "sqlite")
	ctx := context.Background()
	table := tdb.productTable(t)
	seedProducts(t, tdb, table, 3)
	cases := []struct {
		name string
		err  error
		call func() error
	}{
		{"option for another call", bulk.ErrInvalidOption, func() error {
			_, err := bulk.Delete(ctx, tdb.db, table, []int64{1}, bulk.Columns("name"))
			return err
		}},
		{"Key with a struct key", bulk.ErrInvalidOption, func() error {
			_, err := bulk.Delete(ctx, tdb.db, table, []orgSKU{{1, "a"}}, bulk.Key("org", "sku"))
			return err
		}},
		{"two columns, one value", bulk.ErrRowType, func() error {
			_, err := bulk.Delete(ctx, tdb.db, table, []int64{1}, bulk.Key("org", "sku"))
			return err
		}},
		{"interface key", bulk.ErrRowType, func() error { _, err := bulk.Delete(ctx, tdb.db, table, []any{int64(1)}); return err }},
		{"unknown key column", bulk.ErrUnknownColumn, func() error {
			_, err := bulk.Delete(ctx, tdb.db, table, []int64{1}, bulk.Key("code"))
			return err
		}},
		{"unknown table", bulk.ErrUnknownTable, func() error { _, err := bulk.Delete(ctx, tdb.db, "nope", []int64{1}); return err }},
		{"nil context", bulk.ErrNilContext, func() error {
			//lint:ignore SA1012 a nil context is the case under test
			_, err := bulk.Delete(nil, tdb.db, table, []int64{1})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "bulk: ") {
				t.Fatalf("message %q lacks the bulk: prefix", msg)
			}
		})
	}
	if n := tdb.count(t, table); n != 3 {
		t.Fatalf("bad input deleted rows: %d of 3 left", n)
	}
}

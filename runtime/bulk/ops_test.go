package bulk_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jmoiron/sqlx"
)

func TestUpsertOutcomes(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		first := products(6, 1)
		if _, err := bulk.Insert(ctx, tdb.db, table, first); err != nil {
			t.Fatal(err)
		}
		rows := products(8, 1) // 0..5 exist, 6 and 7 are new
		rows[1].Stock = 99     // updated
		rows[4].Name = "renamed"
		slices.Reverse(rows) // input order is not key order
		res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"), bulk.ChunkSize(3))
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 2 || res.Updated != 2 || res.Unchanged != 4 {
			t.Fatalf("result = %+v, want 2 inserted, 2 updated, 4 unchanged", res)
		}
		want := []bulk.Outcome{bulk.Inserted, bulk.Inserted, bulk.Unchanged, bulk.Updated, bulk.Unchanged, bulk.Unchanged, bulk.Updated, bulk.Unchanged}
		if !slices.Equal(res.Outcomes, want) {
			t.Fatalf("outcomes = %v, want %v", res.Outcomes, want)
		}
		db := tdb.byKey(t, table)
		for _, r := range rows {
			got := db[fmt.Sprintf("1/%s", r.SKU)]
			if got != r {
				t.Errorf("row %s: input after upsert %+v, database %+v", r.SKU, r, got)
			}
		}
		// Columns limits the update path; the insert path writes every column.
		rows[0].Stock, rows[0].Name = 5, "ignored"
		res, err = bulk.Upsert(ctx, tdb.db, table, rows[:1], bulk.Key("org", "sku"), bulk.Columns("stock"))
		if err != nil || res.Updated != 1 {
			t.Fatalf("Columns upsert: %+v, %v", res, err)
		}
		if got := tdb.byKey(t, table)["1/"+rows[0].SKU]; got.Stock != 5 || got.Name == "ignored" {
			t.Fatalf("Columns upsert wrote %+v", got)
		}
	})
}

func TestUpsertDuplicateKeys(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := products(3, 1)
		rows = append(rows, rows[1])
		rows[3].Stock = 42
		_, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
		var re *bulk.RowError
		if !errors.Is(err, bulk.ErrDuplicateKey) || !errors.As(err, &re) || re.Index != 3 {
			t.Fatalf("err = %v, want ErrDuplicateKey at row 3", err)
		}
		if n := tdb.count(t, table); n != 0 {
			t.Fatalf("%d rows written", n)
		}
		res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"), bulk.MergeDuplicates())
		// Counts count rows written: rows 1 and 3 are one row, inserted
		// once; each input row still has its outcome.
		if err != nil || res.Inserted != 3 || tdb.count(t, table) != 3 || res.Outcomes[1] != bulk.Inserted || res.Outcomes[3] != bulk.Inserted {
			t.Fatalf("merge: %+v, %v", res, err)
		}
		if got := tdb.byKey(t, table)["1/sku-000001"]; got.Stock != 42 || got.ID != rows[1].ID || got.ID != rows[3].ID {
			t.Fatalf("merged row %+v; inputs %+v %+v", got, rows[1], rows[3])
		}
	})
}

func TestUpsertConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		const workers, keys = 8, 400
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				// Each worker writes an overlapping window of keys, in its own order.
				rows := products(keys, 1)[w*20 : w*20+keys/2]
				for i := range rows {
					rows[i].Stock = w
				}
				if w%2 == 1 {
					slices.Reverse(rows)
				}
				for range 3 {
					if _, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"), bulk.ChunkSize(50)); err != nil {
						errs <- fmt.Errorf("worker %d: %w", w, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n, want := tdb.count(t, table), 7*20+keys/2; n != want {
			t.Fatalf("%d rows, want %d", n, want)
		}
	})
}

func TestUpdate(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := products(10, 1)
		if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			rows[i].Name = fmt.Sprintf("v2 %s", strings.Repeat("x", i)) // values longer than the first row's
			rows[i].Stock = 0                                           // zero values are written
		}
		ghost := product{ID: 999999, Org: 9, SKU: "ghost", Name: "x"}
		input := append(slices.Clone(rows), ghost)
		res, err := bulk.Update(ctx, tdb.db, table, input, bulk.ChunkSize(4))
		if err != nil {
			t.Fatal(err)
		}
		if res.Updated != 10 || res.Missing != 1 || !slices.Equal(res.MissingRows, []int{10}) || res.Outcomes[10] != bulk.Missing {
			t.Fatalf("result = %+v", res)
		}
		db := tdb.byKey(t, table)
		for _, r := range rows {
			if db["1/"+r.SKU] != r {
				t.Fatalf("row %+v, database %+v", r, db["1/"+r.SKU])
			}
		}
		// RequireAll turns a missing key into an error, nothing written.
		input[0].Name = "not written"
		if _, err := bulk.Update(ctx, tdb.db, table, input, bulk.RequireAll()); !errors.Is(err, bulk.ErrMissingKey) {
			t.Fatalf("RequireAll: err = %v", err)
		}
		if tdb.byKey(t, table)["1/"+rows[0].SKU].Name == "not written" {
			t.Fatal("RequireAll wrote rows")
		}
		// Expressions on the current value, and a composite key.
		for i := range rows {
			rows[i].Stock = 10 + i
		}
		if _, err := bulk.Update(ctx, tdb.db, table, rows, bulk.Key("org", "sku"), bulk.Columns("stock"), bulk.Expr("stock", "stock + ?")); err != nil {
			t.Fatal(err)
		}
		delta := make([]product, len(rows))
		for i, r := range rows {
			delta[i] = product{ID: r.ID, Stock: 3}
		}
		if _, err := bulk.Update(ctx, tdb.db, table, delta, bulk.Columns("stock"), bulk.Expr("stock", "stock - ?")); err != nil {
			t.Fatal(err)
		}
		db = tdb.byKey(t, table)
		for i, r := range rows {
			if got := db["1/"+r.SKU]; got.Stock != 10+i-3 || got.Name != r.Name {
				t.Fatalf("row %d after expressions: %+v", i, got)
			}
		}
	})
}

func TestLoad(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := products(30, 1)
		if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
			t.Fatal(err)
		}
		ids := []int64{rows[5].ID, rows[1].ID, 987654, rows[5].ID, rows[29].ID}
		m, err := bulk.Load[product](ctx, tdb.db, table, ids, bulk.ChunkSize(2))
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != 3 || m[rows[5].ID] != rows[5] || m[rows[29].ID] != rows[29] {
			t.Fatalf("Load = %v", m)
		}
		ordered, err := bulk.LoadInOrder[product](ctx, tdb.db, table, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(ordered) != 5 || *ordered[0] != rows[5] || *ordered[1] != rows[1] || ordered[2] != nil || *ordered[3] != rows[5] {
			t.Fatalf("LoadInOrder = %v", ordered)
		}
		type orgSKU struct {
			Org int    `db:"org"`
			SKU string `db:"sku"`
		}
		byKey, err := bulk.Load[product](ctx, tdb.db, table, []orgSKU{{1, "sku-000003"}, {2, "sku-000003"}, {1, "sku-000007"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(byKey) != 2 || byKey[orgSKU{1, "sku-000007"}] != rows[7] {
			t.Fatalf("composite Load = %v", byKey)
		}
		// No keys: no round trip, as a loop over none makes none (the
		// fix nplusone offers replaces such loops), so even a table that
		// does not exist gives an empty map; the arguments are checked.
		none, err := bulk.Load[product](ctx, tdb.db, "no_such_table", []int64{})
		if err != nil || none == nil || len(none) != 0 {
			t.Fatalf("Load of no keys = %v, %v; want an empty map and no error", none, err)
		}
		if inOrder, err := bulk.LoadInOrder[product](ctx, tdb.db, "no_such_table", []int64(nil)); err != nil || len(inOrder) != 0 {
			t.Fatalf("LoadInOrder of no keys = %v, %v", inOrder, err)
		}
		var nilCtx context.Context
		if _, err := bulk.Load[product](nilCtx, tdb.db, table, []int64{}); !errors.Is(err, bulk.ErrNilContext) {
			t.Fatalf("Load of no keys with a nil context = %v, want ErrNilContext", err)
		}
		if _, err := bulk.Load[product](ctx, tdb.db, "bad name;", []int64{}); !errors.Is(err, bulk.ErrInvalidName) {
			t.Fatalf("Load of no keys from a bad name = %v, want ErrInvalidName", err)
		}
		// sku alone is not unique (orgs share skus): a map by sku would
		// keep one of several rows, so Load refuses it and names the keys.
		bySKU, err := bulk.Load[product](ctx, tdb.db, table, []string{"sku-000002"}, bulk.Key("sku"))
		if !errors.Is(err, bulk.ErrNotUniqueKey) || bySKU != nil || !strings.Contains(err.Error(), "its unique keys are (id), (org, sku)") {
			t.Fatalf("Load by non-unique sku = %v, %v; want ErrNotUniqueKey listing (id), (org, sku)", bySKU, err)
		}
	})
}

func TestTrack(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := products(5, 1)
		if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
			t.Fatal(err)
		}
		ptrs := make([]*product, len(rows))
		for i := range rows {
			ptrs[i] = &rows[i]
		}
		tr, err := bulk.Track(ptrs)
		if err != nil {
			t.Fatal(err)
		}
		// Another writer changes the names; Save must not overwrite them.
		tdb.exec(t, "UPDATE "+table+" SET name = 'theirs'")
		rows[1].Stock = 77
		rows[3].Price = 9.5
		rows[3].Stock = 0
		changes, err := tr.Changes()
		if err != nil || len(changes) != 2 || !slices.Equal(changes[3], []string{"stock", "price"}) {
			t.Fatalf("Changes = %v, %v", changes, err)
		}
		res, err := tr.Save(ctx, tdb.db, table)
		if err != nil || res.Updated != 2 || res.Unchanged != 3 {
			t.Fatalf("Save = %+v, %v", res, err)
		}
		db := tdb.byKey(t, table)
		if got := db["1/"+rows[1].SKU]; got.Stock != 77 || got.Name != "theirs" {
			t.Fatalf("row 1 = %+v", got)
		}
		if got := db["1/"+rows[3].SKU]; got.Stock != 0 || got.Price != 9.5 || got.Name != "theirs" {
			t.Fatalf("row 3 = %+v", got)
		}
		if changes, _ := tr.Changes(); len(changes) != 0 {
			t.Fatalf("after Save, changes = %v", changes)
		}
	})
}

func TestBadInput(t *testing.T) {
	tdb := openDB(t, "sqlite")
	ctx := context.Background()
	table := tdb.productTable(t)
	type wrong struct {
		ID    int64  `db:"id"`
		Color string `db:"color"`
	}
	cases := []struct {
		name string
		err  error
		call func() error
	}{
		{"empty table", bulk.ErrEmptyTable, func() error { _, err := bulk.Insert(ctx, tdb.db, "", products(1, 1)); return err }},
		{"bad table name", bulk.ErrInvalidName, func() error {
			_, err := bulk.Insert(ctx, tdb.db, "x; DROP TABLE y", products(1, 1))
			return err
		}},
		{"unknown table", bulk.ErrUnknownTable, func() error { _, err := bulk.Insert(ctx, tdb.db, "nope", products(1, 1)); return err }},
		{"unmapped field", bulk.ErrUnknownColumn, func() error { _, err := bulk.Insert(ctx, tdb.db, table, []wrong{{}}); return err }},
		{"unknown column option", bulk.ErrUnknownColumn, func() error {
			_, err := bulk.Update(ctx, tdb.db, table, products(1, 1), bulk.Columns("colour"))
			return err
		}},
		{"not a struct", bulk.ErrRowType, func() error { _, err := bulk.Insert(ctx, tdb.db, table, []int{1}); return err }},
		{"nil row", bulk.ErrNilRow, func() error {
			_, err := bulk.Insert(ctx, tdb.db, table, []*product{{SKU: "a"}, nil})
			return err
		}},
		{"option for another call", bulk.ErrInvalidOption, func() error {
			_, err := bulk.Update(ctx, tdb.db, table, products(1, 1), bulk.SkipConflicts("sku"))
			return err
		}},
		{"bad chunk size", bulk.ErrInvalidOption, func() error {
			_, err := bulk.Insert(ctx, tdb.db, table, products(1, 1), bulk.ChunkSize(0))
			return err
		}},
		{"upsert without key", bulk.ErrNoKey, func() error { _, err := bulk.Upsert(ctx, tdb.db, table, products(1, 1)); return err }},
		{"duplicate update keys", bulk.ErrDuplicateKey, func() error {
			rows := products(2, 1)
			rows[0].ID, rows[1].ID = 1, 1
			_, err := bulk.Update(ctx, tdb.db, table, rows)
			return err
		}},
		{"validate", bulk.ErrValidation, func() error {
			_, err := bulk.Insert(ctx, tdb.db, table, []validated{{Org: 1, SKU: "ok"}, {Org: 1}})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if msg := err.Error(); len(msg) < 6 || msg[:6] != "bulk: " {
				t.Fatalf("message %q lacks the bulk: prefix", msg)
			}
		})
	}
	if n := tdb.count(t, table); n != 0 {
		t.Fatalf("bad input wrote %d rows", n)
	}
}

type validated struct {
	Org  int    `db:"org"`
	SKU  string `db:"sku"`
	Name string `db:"name"`
}

func (v validated) Validate() error {
	if v.SKU == "" {
		return errors.New("empty sku")
	}
	return nil
}

// hidden is a transaction that hides its driver, so the dialect must be
// given, and PostgreSQL binds a VALUES list rather than pgx arrays.
type hidden struct {
	sqlx.QueryerContext
	sqlx.ExecerContext
}

func TestExplicitDialect(t *testing.T) {
	dialects := map[string]bulk.Dialect{"sqlite": bulk.SQLite, "postgres": bulk.Postgres, "mysql": bulk.MySQL}
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		tx := tdb.db.MustBegin()
		defer tx.Rollback()
		q := hidden{tx, tx}
		if _, err := bulk.Insert(ctx, q, table, products(3, 1)); !errors.Is(err, bulk.ErrUnknownDialect) {
			t.Fatalf("without a dialect: err = %v", err)
		}
		d := bulk.WithDialect(dialects[tdb.name])
		rows := products(20, 1)
		if _, err := bulk.Insert(ctx, q, table, rows, d, bulk.ChunkSize(6)); err != nil {
			t.Fatal(err)
		}
		rows[3].Name = "changed"
		rows = append(rows, products(22, 1)[20:]...)
		res, err := bulk.Upsert(ctx, q, table, rows, d, bulk.Key("org", "sku"), bulk.ChunkSize(6))
		if err != nil || res.Inserted != 2 || res.Updated != 1 || res.Unchanged != 19 {
			t.Fatalf("upsert: %+v, %v", res, err)
		}
		rows[5].Stock = 50
		if res, err := bulk.Update(ctx, q, table, rows, d, bulk.ChunkSize(6)); err != nil || res.Updated != 22 {
			t.Fatalf("update: %+v, %v", res, err)
		}
		type orgSKU struct {
			Org int    `db:"org"`
			SKU string `db:"sku"`
		}
		m, err := bulk.Load[product](ctx, q, table, []orgSKU{{1, rows[5].SKU}, {1, rows[21].SKU}}, d)
		if err != nil || m[orgSKU{1, rows[5].SKU}] != rows[5] || m[orgSKU{1, rows[21].SKU}] != rows[21] {
			t.Fatalf("load: %v, %v", m, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestLoadPaths covers the ways Load reads rows on each database: inside a
// transaction (no raw pgx connection), with a key type converted to the
// field's, with an interface key, and into a row reached through an
// embedded pointer.
func TestLoadPaths(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		rows := products(10, 1)
		if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
			t.Fatal(err)
		}
		tx := tdb.db.MustBegin()
		defer tx.Rollback()
		inTx, err := bulk.LoadInOrder[product](ctx, tx, table, []int64{rows[2].ID, 424242, rows[9].ID})
		if err != nil || *inTx[0] != rows[2] || inTx[1] != nil || *inTx[2] != rows[9] {
			t.Fatalf("in a transaction: %v, %v", inTx, err)
		}
		small, err := bulk.Load[product](ctx, tdb.db, table, []int32{int32(rows[4].ID), int32(rows[4].ID)})
		if err != nil || len(small) != 1 || small[int32(rows[4].ID)] != rows[4] {
			t.Fatalf("int32 keys: %v, %v", small, err)
		}
		anyKeys, err := bulk.Load[product](ctx, tdb.db, table, []any{rows[6].ID})
		if err != nil || len(anyKeys) != 1 || anyKeys[rows[6].ID] != rows[6] {
			t.Fatalf("interface keys: %v, %v", anyKeys, err)
		}
		type Detail struct {
			Name  string `db:"name"`
			Stock int    `db:"stock"`
		}
		type split struct {
			ID    int64   `db:"id"`
			Org   int     `db:"org"`
			SKU   string  `db:"sku"`
			Price float64 `db:"price"`
			*Detail
		}
		got, err := bulk.LoadInOrder[split](ctx, tdb.db, table, []int64{rows[1].ID, rows[3].ID})
		if err != nil || len(got) != 2 || got[0].Detail == nil || got[0].Name != rows[1].Name || got[1].Stock != rows[3].Stock || got[0].Detail == got[1].Detail {
			t.Fatalf("embedded pointer: %+v, %v", got, err)
		}
	})
}

// TestLoadKeyComparedDifferently: a key the database matches to a row
// whose key differs in Go (a case-insensitive collation on MySQL and in
// SQLite's NOCASE, char(n) padding on PostgreSQL) finds the row, given
// under the key asked for, as a read per key finds it; so does the key as
// stored, and a key no row has stays absent.
func TestLoadKeyComparedDifferently(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.table(t, "lci")
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
		type row struct {
			Code string `db:"code"`
			N    int    `db:"n"`
		}
		// What a read per key gives, and what Load gives, for each key.
		keys := []string{"xyzuvw", asGiven, stored, "nope", asGiven}
		want := map[string]int{}
		for _, k := range keys {
			var r row
			err := tdb.db.GetContext(ctx, &r, tdb.db.Rebind(fmt.Sprintf("SELECT code, n FROM %s WHERE code = ?", table)), k)
			if err == nil {
				want[k] = r.N
			} else if !errors.Is(err, sql.ErrNoRows) {
				t.Fatal(err)
			}
		}
		got, err := bulk.Load[row](ctx, tdb.db, table, keys, bulk.Key("code"))
		if err != nil {
			t.Fatal(err)
		}
		gotN := map[string]int{}
		for k, r := range got {
			gotN[k] = r.N
		}
		if !reflect.DeepEqual(gotN, want) {
			t.Errorf("Load by %q: %v; a read per key: %v", keys, gotN, want)
		}
		if _, ok := want[asGiven]; !ok {
			t.Errorf("the database does not match %q to %q: the test checks nothing", asGiven, stored)
		}
	})
}

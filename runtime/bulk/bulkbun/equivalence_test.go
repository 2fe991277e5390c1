package bulkbun_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk/bulkbun"
	"github.com/uptrace/bun"
)

// Code is a named string type: the key type of the renamed column.
type Code string

// Customer has a renamed column, a non-unique column, a pointer column,
// soft delete and an AfterScanRow hook.
type Customer struct {
	bun.BaseModel `bun:"table:clients,alias:c"`

	ID        int64  `bun:",pk"`
	Code      Code   `bun:"cust_code,notnull"`
	Region    string `bun:",notnull"`
	Name      string `bun:",notnull"`
	Ref       *int64
	Rank      uint      `bun:",notnull"`
	Greeting  string    `bun:"-"`
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

func (c *Customer) AfterScanRow(context.Context) error {
	c.Greeting = "hello " + c.Name
	return nil
}

// Named has a table name of its own, a non-unique column and a select
// hook that hides label "y".
type Named struct {
	bun.BaseModel `bun:"table:labels"`

	ID    int64 `bun:",pk"`
	Label string
}

func (*Named) BeforeSelect(_ context.Context, q *bun.SelectQuery) error {
	q.Where("?TableAlias.label <> ?", "y")
	return nil
}

const customers = 2600

// seed writes customers 1..2600 in three regions (so the lowest key of a
// region is customer 1, 2 or 3); even ones have Ref 10*ID; every seventh is
// soft-deleted. Rank is ID as a uint.
func seed(t *testing.T, tdb testDB) {
	t.Helper()
	ctx := context.Background()
	tdb.create(t, (*Customer)(nil), (*Named)(nil))
	regions := []string{"north", "south", "east"}
	var cs []Customer
	var deleted []int64
	for id := int64(1); id <= customers; id++ {
		c := Customer{ID: id, Code: Code(fmt.Sprintf("C%04d", id)), Region: regions[id%3], Name: fmt.Sprintf("customer %d", id), Rank: uint(id)}
		if id%2 == 0 {
			c.Ref = new(id * 10)
		}
		cs = append(cs, c)
		if id%7 == 0 {
			deleted = append(deleted, id)
		}
	}
	db := tdb.db
	if _, err := db.NewInsert().Model(&cs).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewDelete().Model((*Customer)(nil)).Where("id IN (?)", bun.In(deleted)).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewInsert().Model(&[]Named{{ID: 1, Label: "x"}, {ID: 2, Label: "y"}, {ID: 3, Label: "x"}}).Exec(ctx); err != nil {
		t.Fatal(err)
	}
}

// loop is the code nplusone rewrites: one Scan per key. byKey orders the
// rows of a key by primary key, to compare on a column that is not unique
// (where the plain Scan reads any of them).
func loop[T any, K comparable](ctx context.Context, db bun.IDB, column string, keys []K, byKey bool) (map[K]T, error) {
	out := map[K]T{}
	for _, k := range keys {
		var row T
		q := db.NewSelect().Model(&row).Where("? = ?", bun.Ident(column), k)
		if byKey {
			q = q.OrderExpr("?TablePKs")
		}
		err := q.Scan(ctx)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, err
		default:
			out[k] = row
		}
	}
	return out, nil
}

// compare runs the loop and Load on the same keys and wants the same rows,
// or both to fail; it returns Load's map and its query count.
func compare[T any, K comparable](t *testing.T, tdb testDB, ctx context.Context, db bun.IDB, column string, keys []K) (map[K]T, int64) {
	t.Helper()
	want, wantErr := loop[T](ctx, db, column, keys, false)
	byKey, _ := loop[T](ctx, db, column, keys, true)
	var got map[K]T
	var err error
	n := tdb.counted(func() { got, err = bulkbun.Load[T](ctx, db, column, keys) })
	switch {
	case wantErr != nil && err != nil:
		if got != nil {
			t.Errorf("failed Load returned a map of %d", len(got))
		}
		if !strings.HasPrefix(err.Error(), "bulkbun: ") {
			t.Errorf("error %q lacks the bulkbun: prefix", err)
		}
		t.Logf("both fail: loop %v; Load %v", wantErr, err)
		return nil, n
	case wantErr != nil:
		t.Fatalf("loop fails (%v), Load does not", wantErr)
	case err != nil:
		t.Fatalf("Load fails (%v), loop does not", err)
	}
	if got == nil {
		t.Error("Load returned a nil map")
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("key %v: Load none, loop %+v", k, want[k])
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("key %v: Load %+v, loop none", k, g)
		} else if !reflect.DeepEqual(g, byKey[k]) {
			t.Errorf("key %v: Load %+v, loop (lowest primary key first) %+v", k, g, byKey[k])
		}
	}
	return got, n
}

func TestEquivalence(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		seed(t, tdb)
		ctx := context.Background()
		db := tdb.db
		t.Run("found, missing, repeated, soft-deleted", func(t *testing.T) {
			got, n := compare[Customer](t, tdb, ctx, db, "id", []int64{1, 2, 2, 9999, 3, 1, -1, 7, 14})
			if len(got) != 3 || n != 1 {
				t.Errorf("%d rows in %d queries, want 3 in 1", len(got), n)
			}
			if got[1].Greeting != "hello customer 1" {
				t.Errorf("AfterScanRow did not run: %+v", got[1])
			}
		})
		t.Run("int keys for an int64 field", func(t *testing.T) {
			compare[Customer](t, tdb, ctx, db, "id", []int{4, 5, 7, 9999})
		})
		t.Run("renamed column, named string type", func(t *testing.T) {
			compare[Customer](t, tdb, ctx, db, "cust_code", []Code{"C0001", "C0003", "C0007", "nope", "C0001"})
		})
		t.Run("integer keys of the other signedness", func(t *testing.T) {
			compare[Customer](t, tdb, ctx, db, "id", []uint64{1, 2, 1 << 63, math.MaxUint64})
			compare[Customer](t, tdb, ctx, db, "rank", []int64{1, -1, 2})
		})
		t.Run("string keys for a named string field", func(t *testing.T) {
			compare[Customer](t, tdb, ctx, db, "cust_code", []string{"C0002", "C0014", "nope"})
		})
		t.Run("non-unique column", func(t *testing.T) {
			got, _ := compare[Customer](t, tdb, ctx, db, "region", []string{"north", "south", "east", "west"})
			if got["south"].ID != 1 {
				t.Errorf("south: row %d, want the lowest key 1", got["south"].ID)
			}
		})
		t.Run("pointer field", func(t *testing.T) {
			compare[Customer](t, tdb, ctx, db, "ref", []int64{20, 40, 30, 70})
		})
		t.Run("pointer keys", func(t *testing.T) {
			a, b, c := int64(2), int64(2), int64(9999)
			got, _ := compare[Customer](t, tdb, ctx, db, "id", []*int64{&a, &b, nil, &c})
			if len(got) != 2 {
				t.Errorf("%d keys found, want &a and &b", len(got))
			}
		})
		t.Run("table tag, select hook", func(t *testing.T) {
			got, _ := compare[Named](t, tdb, ctx, db, "label", []string{"x", "y", "z"})
			if got["x"].ID != 1 || len(got) != 1 {
				t.Errorf("%+v, want x's row 1 alone", got)
			}
		})
		t.Run("in a transaction", func(t *testing.T) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			compare[Customer](t, tdb, ctx, tx, "id", []int64{1, 2, 9999})
		})
		t.Run("no keys", func(t *testing.T) {
			for _, keys := range [][]int64{nil, {}} {
				got, n := compare[Customer](t, tdb, ctx, db, "id", keys)
				if got == nil || len(got) != 0 || n != 0 {
					t.Errorf("keys %#v: %#v in %d queries, want an empty map in none", keys, got, n)
				}
			}
		})
		t.Run("2600 keys in chunks", func(t *testing.T) {
			keys := make([]int64, customers)
			for i := range keys {
				keys[i] = int64(customers - i)
			}
			start := time.Now()
			loopN := tdb.counted(func() { _, _ = loop[Customer](ctx, db, "id", keys, false) })
			loopTime := time.Since(start)
			got, n := compare[Customer](t, tdb, ctx, db, "id", keys)
			if want := customers - customers/7; len(got) != want || n != 3 {
				t.Errorf("%d rows in %d queries, want %d in 3", len(got), n, want)
			}
			start = time.Now()
			_, _ = bulkbun.Load[Customer](ctx, db, "id", keys)
			t.Logf("%d keys: loop %d queries in %v, Load %d in %v", len(keys), loopN, loopTime, n, time.Since(start))
		})
		t.Run("cancelled context", func(t *testing.T) {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := bulkbun.Load[Customer](ctx, db, "id", []int64{1})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err %v, want context.Canceled", err)
			}
			compare[Customer](t, tdb, ctx, db, "id", []int64{1, 2})
		})
		t.Run("dropped table", func(t *testing.T) {
			if _, err := db.NewDropTable().Model((*Named)(nil)).Exec(ctx); err != nil {
				t.Fatal(err)
			}
			compare[Named](t, tdb, ctx, db, "label", []string{"x"})
		})
		t.Run("killed connection", func(t *testing.T) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if !kill(t, tdb, tx) {
				t.Skip("no connection id on " + tdb.name)
			}
			got, err := bulkbun.Load[Customer](ctx, tx, "id", []int64{1, 2})
			if err == nil || got != nil {
				t.Fatalf("Load on a killed connection: %d rows, err %v", len(got), err)
			}
			if _, loopErr := loop[Customer](ctx, tx, "id", []int64{1, 2}, false); loopErr == nil {
				t.Error("the loop on a killed connection did not fail")
			}
			t.Log(err)
		})
		t.Run("closed connection", func(t *testing.T) {
			db.DB.Close()
			compare[Customer](t, tdb, ctx, db, "id", []int64{1})
		})
	})
}

// kill has the server end tx's connection, from another connection.
func kill(t *testing.T, tdb testDB, tx bun.Tx) bool {
	t.Helper()
	var query, stmt string
	switch tdb.name {
	case "postgres":
		query, stmt = "SELECT pg_backend_pid()", "SELECT pg_terminate_backend(%d)"
	case "mysql":
		query, stmt = "SELECT CONNECTION_ID()", "KILL %d"
	default:
		return false
	}
	var id int64
	if err := tx.QueryRowContext(context.Background(), query).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := tdb.db.ExecContext(context.Background(), fmt.Sprintf(stmt, id)); err != nil {
		t.Fatal(err)
	}
	return true
}

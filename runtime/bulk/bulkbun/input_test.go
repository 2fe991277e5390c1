package bulkbun_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk/bulkbun"
	"github.com/uptrace/bun"
)

// Unmappable has a relation bun cannot resolve.
type Unmappable struct {
	ID    int64     `bun:",pk"`
	Other *struct{} `bun:"rel:belongs-to,join:nope=id"`
}

// NoKey has no primary key.
type NoKey struct {
	Region string
	Name   string
}

// check wants err to wrap want, carry the bulkbun: prefix and fn to have
// made no round trip.
func check(t *testing.T, tdb testDB, want error, fn func() (any, error)) {
	t.Helper()
	var got any
	var err error
	n := tdb.counted(func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("panic: %v", r)
			}
		}()
		got, err = fn()
	})
	if !errors.Is(err, want) {
		t.Errorf("err %v, want %v", err, want)
	} else if !strings.HasPrefix(err.Error(), "bulkbun: ") {
		t.Errorf("error %q lacks the bulkbun: prefix", err)
	}
	if n != 0 {
		t.Errorf("%d round trips, want none", n)
	}
	if m, ok := got.(map[int64]Customer); ok && m != nil {
		t.Errorf("failed Load returned a map")
	}
	t.Log(err)
}

func TestColumnNames(t *testing.T) {
	tdb := openDB(t, "sqlite")
	tdb.create(t, (*Customer)(nil))
	ctx := context.Background()
	for _, col := range []string{
		"", "id; DROP TABLE x", `"id"`, "`id`", "'id'", "a.b", "c.id", "clients.id", "id --", "id = id OR 1=1",
		"ID", "Code", "code", "greeting", "Greeting", " id", "id ", "id\x00", "?", "?TableAlias",
	} {
		t.Run(col, func(t *testing.T) {
			check(t, tdb, bulkbun.ErrUnknownColumn, func() (any, error) {
				return bulkbun.Load[Customer](ctx, tdb.db, col, []int64{1})
			})
			check(t, tdb, bulkbun.ErrUnknownColumn, func() (any, error) {
				return bulkbun.Load[Customer](ctx, tdb.db, col, []int64(nil))
			})
		})
	}
}

func TestBadInput(t *testing.T) {
	tdb := openDB(t, "sqlite")
	tdb.create(t, (*Customer)(nil))
	ctx := context.Background()
	db := tdb.db
	for _, c := range []struct {
		name string
		want error
		fn   func() (any, error)
	}{
		{"nil db", bulkbun.ErrNilDB, func() (any, error) { return bulkbun.Load[Customer, int64](ctx, nil, "id", []int64{1}) }},
		{"nil *bun.DB", bulkbun.ErrNilDB, func() (any, error) { return bulkbun.Load[Customer](ctx, (*bun.DB)(nil), "id", []int64{1}) }},
		{"zero bun.Tx", bulkbun.ErrNilDB, func() (any, error) { return bulkbun.Load[Customer](ctx, bun.Tx{}, "id", []int64{1}) }},
		{"zero bun.Conn", bulkbun.ErrNilDB, func() (any, error) { return bulkbun.Load[Customer](ctx, bun.Conn{}, "id", []int64{1}) }},
		{"nil context", bulkbun.ErrNilContext, func() (any, error) { return bulkbun.Load[Customer](nil, db, "id", []int64{1}) }}, //nolint:staticcheck // a nil context on purpose
		{"T pointer", bulkbun.ErrRowType, func() (any, error) { return bulkbun.Load[*Customer](ctx, db, "id", []int64{1}) }},
		{"T int", bulkbun.ErrRowType, func() (any, error) { return bulkbun.Load[int](ctx, db, "id", []int64{1}) }},
		{"T map", bulkbun.ErrRowType, func() (any, error) { return bulkbun.Load[map[string]any](ctx, db, "id", []int64{1}) }},
		{"T bun cannot map", bulkbun.ErrRowType, func() (any, error) { return bulkbun.Load[Unmappable](ctx, db, "id", []int64{1}) }},
		{"T without primary key", bulkbun.ErrRowType, func() (any, error) { return bulkbun.Load[NoKey](ctx, db, "region", []string{"a"}) }},
		{"string keys, int64 field", bulkbun.ErrKeyType, func() (any, error) { return bulkbun.Load[Customer](ctx, db, "id", []string{"1"}) }},
		{"bool keys, int64 field", bulkbun.ErrKeyType, func() (any, error) { return bulkbun.Load[Customer](ctx, db, "id", []bool{true}) }},
		{"float keys, int64 field", bulkbun.ErrKeyType, func() (any, error) { return bulkbun.Load[Customer](ctx, db, "id", []float64{1}) }},
		{"any keys", bulkbun.ErrKeyType, func() (any, error) { return bulkbun.Load[Customer](ctx, db, "id", []any{int64(1)}) }},
		{"struct keys", bulkbun.ErrKeyType, func() (any, error) { return bulkbun.Load[Customer](ctx, db, "id", []struct{ ID int64 }{{1}}) }},
		{"pointer to pointer keys", bulkbun.ErrKeyType, func() (any, error) { return bulkbun.Load[Customer](ctx, db, "id", []**int64{nil}) }},
	} {
		t.Run(c.name, func(t *testing.T) { check(t, tdb, c.want, c.fn) })
	}
}

// TestConcurrent: calls on one *bun.DB at once (go test -race).
func TestConcurrent(t *testing.T) {
	tdb := openDB(t, "sqlite")
	seed(t, tdb)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := bulkbun.Load[Customer](context.Background(), tdb.db, "region", []string{"north", "south"})
			if err != nil || got["south"].ID != 1 {
				t.Errorf("%v, %v", got["south"].ID, err)
			}
		})
	}
	wg.Wait()
}

// TestKeyComparedDifferently: where the database matches a key to a row
// whose key field Go tells apart from it (MySQL's case-insensitive
// collation, a hook that changes the key field), Load finds what the loop
// of Scan finds, under the key asked for, with both spellings of one key
// asked for at once too.
func TestKeyComparedDifferently(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		tdb.create(t, (*Shouting)(nil), (*Plain)(nil))
		for _, m := range []any{&Shouting{ID: 1, Code: "abc"}, &Plain{ID: 1, Code: "abc"}, &Plain{ID: 2, Code: "xyz"}} {
			if _, err := tdb.db.NewInsert().Model(m).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		keys := []string{"abc", "ABC", "xyz", "nope", "ABC"}
		t.Run("hook changes the key", func(t *testing.T) {
			// Not "ABC" too: the hook turns the row's key into it, and Go
			// equality gives the row to it (documented).
			keys := []string{"abc", "xyz", "nope"}
			want, wantErr := loop[Shouting](ctx, tdb.db, "code", keys, false)
			got, err := bulkbun.Load[Shouting](ctx, tdb.db, "code", keys)
			if wantErr != nil || err != nil || !reflect.DeepEqual(got, want) || len(want) == 0 {
				t.Errorf("Load: %v, %v\nloop: %v, %v", got, err, want, wantErr)
			}
		})
		t.Run("collation equates keys", func(t *testing.T) {
			want, wantErr := loop[Plain](ctx, tdb.db, "code", keys, false)
			got, err := bulkbun.Load[Plain](ctx, tdb.db, "code", keys)
			if wantErr != nil || err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Load: %v, %v\nloop: %v, %v", got, err, want, wantErr)
			}
			if _, ok := want["ABC"]; !ok && tdb.name == "mysql" {
				t.Error("MySQL's default collation should find ABC")
			}
		})
	})
}

// Shouting's hook changes its key field.
type Shouting struct {
	ID   int64 `bun:",pk"`
	Code string
}

func (s *Shouting) AfterScanRow(context.Context) error {
	s.Code = strings.ToUpper(s.Code)
	return nil
}

// Plain is a row with a string column.
type Plain struct {
	ID   int64 `bun:",pk"`
	Code string
}

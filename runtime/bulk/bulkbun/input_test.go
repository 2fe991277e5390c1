package bulkbun_test

import (
	"context"
	"errors"
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

// TestKeyMismatch: a row found for a key Go tells apart from its key field
// is an error, never a key reported absent where the loop finds a row.
func TestKeyMismatch(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		tdb.create(t, (*Shouting)(nil), (*Plain)(nil))
		for _, m := range []any{&Shouting{ID: 1, Code: "abc"}, &Plain{ID: 1, Code: "abc"}} {
			if _, err := tdb.db.NewInsert().Model(m).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("hook changes the key", func(t *testing.T) {
			_, err := bulkbun.Load[Shouting](ctx, tdb.db, "code", []string{"abc"})
			if !errors.Is(err, bulkbun.ErrKeyMismatch) {
				t.Errorf("err %v, want ErrKeyMismatch", err)
			}
			t.Log(err)
		})
		t.Run("collation equates keys", func(t *testing.T) {
			loopRows, loopErr := loop[Plain](ctx, tdb.db, "code", []string{"ABC"}, false)
			_, err := bulkbun.Load[Plain](ctx, tdb.db, "code", []string{"ABC"})
			switch {
			case loopErr != nil:
				t.Fatal(loopErr)
			case len(loopRows) == 1: // MySQL's default collation
				if !errors.Is(err, bulkbun.ErrKeyMismatch) {
					t.Errorf("err %v, want ErrKeyMismatch", err)
				}
			case err != nil:
				t.Errorf("err %v, want none: the loop found no row either", err)
			}
			t.Logf("loop found %d rows; Load: %v", len(loopRows), err)
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

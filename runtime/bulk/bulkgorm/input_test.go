package bulkgorm_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk/bulkgorm"
	"gorm.io/gorm"
)

// Unmappable has a relation gorm cannot resolve.
type Unmappable struct {
	ID    int64
	Other struct{ X chan int } `gorm:"foreignKey:Nope"`
}

// NoKey has no primary key: First orders it by its first column.
type NoKey struct {
	Region string
	Name   string
}

// check wants err to wrap want, carry the bulkgorm: prefix and fn to have
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
	} else if !strings.HasPrefix(err.Error(), "bulkgorm: ") {
		t.Errorf("error %q lacks the bulkgorm: prefix", err)
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
	tdb.migrate(t, &Customer{})
	for _, col := range []string{
		"", "id; DROP TABLE x", `"id"`, "`id`", "'id'", "a.b", "customers.id", "id --", "id = id OR 1=1",
		"ID", "Code", "code", "greeting", "Notes", "notes", " id", "id ", "id\x00",
	} {
		t.Run(col, func(t *testing.T) {
			check(t, tdb, bulkgorm.ErrUnknownColumn, func() (any, error) {
				return bulkgorm.Load[Customer](tdb.db, col, []int64{1})
			})
			check(t, tdb, bulkgorm.ErrUnknownColumn, func() (any, error) {
				return bulkgorm.Load[Customer](tdb.db, col, []int64(nil))
			})
		})
	}
}

func TestBadInput(t *testing.T) {
	tdb := openDB(t, "sqlite")
	tdb.migrate(t, &Customer{})
	boom := errors.New("boom")
	failed := tdb.db.Session(&gorm.Session{})
	failed.Error = boom
	for _, c := range []struct {
		name string
		want error
		fn   func() (any, error)
	}{
		{"nil db", bulkgorm.ErrNilDB, func() (any, error) { return bulkgorm.Load[Customer, int64](nil, "id", []int64{1}) }},
		{"unopened db", bulkgorm.ErrNilDB, func() (any, error) { return bulkgorm.Load[Customer](&gorm.DB{}, "id", []int64{1}) }},
		{"db without pool", bulkgorm.ErrNilDB, func() (any, error) {
			return bulkgorm.Load[Customer](&gorm.DB{Config: &gorm.Config{}, Statement: &gorm.Statement{}}, "id", []int64{1})
		}},
		{"T gorm cannot map", bulkgorm.ErrRowType, func() (any, error) { return bulkgorm.Load[Unmappable](tdb.db, "id", []int64{1}) }},
		{"error on db", boom, func() (any, error) { return bulkgorm.Load[Customer](failed, "id", []int64{1}) }},
		{"T pointer", bulkgorm.ErrRowType, func() (any, error) { return bulkgorm.Load[*Customer](tdb.db, "id", []int64{1}) }},
		{"T int", bulkgorm.ErrRowType, func() (any, error) { return bulkgorm.Load[int](tdb.db, "id", []int64{1}) }},
		{"T map", bulkgorm.ErrRowType, func() (any, error) { return bulkgorm.Load[map[string]any](tdb.db, "id", []int64{1}) }},
		{"T without primary key", bulkgorm.ErrRowType, func() (any, error) { return bulkgorm.Load[NoKey](tdb.db, "region", []string{"a"}) }},
		{"string keys, int64 field", bulkgorm.ErrKeyType, func() (any, error) { return bulkgorm.Load[Customer](tdb.db, "id", []string{"1"}) }},
		{"bool keys, int64 field", bulkgorm.ErrKeyType, func() (any, error) { return bulkgorm.Load[Customer](tdb.db, "id", []bool{true}) }},
		{"float keys, int64 field", bulkgorm.ErrKeyType, func() (any, error) { return bulkgorm.Load[Customer](tdb.db, "id", []float64{1}) }},
		{"any keys", bulkgorm.ErrKeyType, func() (any, error) { return bulkgorm.Load[Customer](tdb.db, "id", []any{int64(1)}) }},
		{"struct keys", bulkgorm.ErrKeyType, func() (any, error) { return bulkgorm.Load[Customer](tdb.db, "id", []struct{ ID int64 }{{1}}) }},
		{"pointer to pointer keys", bulkgorm.ErrKeyType, func() (any, error) { return bulkgorm.Load[Customer](tdb.db, "id", []**int64{nil}) }},
		{"offset on db", bulkgorm.ErrUnsupportedQuery, func() (any, error) { return bulkgorm.Load[Customer](tdb.db.Offset(2), "id", []int64{1}) }},
	} {
		t.Run(c.name, func(t *testing.T) { check(t, tdb, c.want, c.fn) })
	}
}

// TestStatementUnchanged: Load, called concurrently, leaves the statement
// of a handle that is not a Session (gorm reuses it for the next chained
// call) as it was.
func TestStatementUnchanged(t *testing.T) {
	tdb := openDB(t, "sqlite")
	tdb.migrate(t, &Customer{})
	h := tdb.db.Where("name <> ?", "x").Order("name")
	before := fmt.Sprint(h.Statement.Clauses, h.Statement.Vars, h.Statement.Preloads, h.Error)
	// Concurrent calls on one handle too (go test -race).
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := bulkgorm.Load[Customer](h, "id", []int64{1, 2}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if after := fmt.Sprint(h.Statement.Clauses, h.Statement.Vars, h.Statement.Preloads, h.Error); after != before {
		t.Errorf("Load changed the statement:\n%s\n%s", before, after)
	}
}

// TestKeyComparedDifferently: where the database matches a key to a row
// whose key field Go tells apart from it (MySQL's case-insensitive
// collation, a hook that changes the key field, a Select that leaves the
// column out, a key the field cannot hold), Load finds what the loop of
// First finds, under the key asked for, with both spellings of one key
// asked for at once too.
func TestKeyComparedDifferently(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		tdb.migrate(t, &Shouting{}, &Plain{}, &Measure{})
		for _, m := range []any{&Shouting{ID: 1, Code: "abc"}, &Plain{ID: 1, Code: "abc"}, &Plain{ID: 2, Code: "xyz"}} {
			if err := tdb.db.Create(m).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := tdb.db.Exec("INSERT INTO " + tdb.db.NamingStrategy.TableName("Measure") + " (id, score) VALUES (1, 0.1)").Error; err != nil {
			t.Fatal(err)
		}
		same := func(t *testing.T, want, got any, wantErr, err error) {
			t.Helper()
			if wantErr != nil || err != nil {
				t.Fatalf("loop: %v; Load: %v", wantErr, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load: %v\nloop: %v", got, want)
			}
		}
		keys := []string{"abc", "ABC", "xyz", "nope", "ABC"}
		t.Run("hook changes the key", func(t *testing.T) {
			// Not "ABC" too: the hook turns the row's key into it, and Go
			// equality gives the row to it (documented).
			keys := []string{"abc", "xyz", "nope"}
			want, wantErr := loop[Shouting](tdb.db, "code", keys)
			got, err := bulkgorm.Load[Shouting](tdb.db, "code", keys)
			same(t, want, got, wantErr, err)
			if len(want) == 0 {
				t.Error("the loop finds no row: the case checks nothing")
			}
		})
		t.Run("select leaves the column out", func(t *testing.T) {
			for _, h := range []*gorm.DB{tdb.db.Select("id"), tdb.db.Omit("code")} {
				want, wantErr := loop[Plain](reuse(h), "code", keys)
				got, err := bulkgorm.Load[Plain](h, "code", keys)
				same(t, want, got, wantErr, err)
			}
		})
		t.Run("a key the field cannot hold", func(t *testing.T) {
			want, wantErr := loop[Measure](tdb.db, "score", []float64{0.1, 0.2})
			got, err := bulkgorm.Load[Measure](tdb.db, "score", []float64{0.1, 0.2})
			same(t, want, got, wantErr, err)
			if len(want) != 1 {
				t.Errorf("the loop found %d rows, want 1", len(want))
			}
		})
		t.Run("collation equates keys", func(t *testing.T) {
			want, wantErr := loop[Plain](tdb.db, "code", keys)
			got, err := bulkgorm.Load[Plain](tdb.db, "code", keys)
			same(t, want, got, wantErr, err)
			if _, ok := want["ABC"]; !ok && tdb.name == "mysql" {
				t.Error("MySQL's default collation should find ABC")
			}
		})
	})
}

// Shouting's hook changes its key field.
type Shouting struct {
	ID   int64
	Code string `gorm:"size:16"`
}

func (s *Shouting) AfterFind(*gorm.DB) error {
	s.Code = strings.ToUpper(s.Code)
	return nil
}

// Measure's float32 field reads a double column.
type Measure struct {
	ID    int64
	Score float32 `gorm:"type:double precision"`
}

// Plain is a row with a string column.
type Plain struct {
	ID   int64
	Code string `gorm:"size:16"`
}

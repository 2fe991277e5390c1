package bulkgorm_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk/bulkgorm"
	"gorm.io/gorm"
)

// Code is a named string type: the key type of the renamed column.
type Code string

// Customer has a renamed column, a non-unique column, a pointer column,
// soft delete, an AfterFind hook and a has-many relation.
type Customer struct {
	ID        int64  `gorm:"primaryKey"`
	Code      Code   `gorm:"column:cust_code;size:64"`
	Region    string `gorm:"size:32"`
	Name      string `gorm:"size:64"`
	Ref       *int64
	Greeting  string `gorm:"-"`
	Notes     []Note
	DeletedAt gorm.DeletedAt `gorm:"index"`
}

func (c *Customer) AfterFind(*gorm.DB) error {
	c.Greeting = "hello " + c.Name
	return nil
}

type Note struct {
	ID         int64 `gorm:"primaryKey"`
	CustomerID int64
	Text       string `gorm:"size:64"`
}

// Named has a table name of its own.
type Named struct {
	ID    int64  `gorm:"primaryKey"`
	Label string `gorm:"size:64"`
}

func (Named) TableName() string { return "bulkgorm_named_" + runID }

// Tagged embeds gorm.Model and has a serialized column.
type Tagged struct {
	gorm.Model
	Code string   `gorm:"size:16"`
	Tags []string `gorm:"serializer:json"`
}

const customers = 2600

// seed writes customers 1..2600 in three regions (so the lowest key of a
// region is customer 1, 2 or 3); even ones have Ref 10*ID; every seventh is
// soft-deleted; the first twenty have two notes each.
func seed(t *testing.T, tdb testDB) {
	t.Helper()
	tdb.migrate(t, &Customer{}, &Note{}, &Named{}, &Tagged{})
	regions := []string{"north", "south", "east"}
	var cs []Customer
	var notes []Note
	for id := int64(1); id <= customers; id++ {
		c := Customer{ID: id, Code: Code(fmt.Sprintf("C%04d", id)), Region: regions[id%3], Name: fmt.Sprintf("customer %d", id)}
		if id%2 == 0 {
			c.Ref = new(id * 10)
		}
		cs = append(cs, c)
		if id <= 20 {
			notes = append(notes, Note{CustomerID: id, Text: "a"}, Note{CustomerID: id, Text: "b"})
		}
	}
	db := tdb.db
	if err := db.CreateInBatches(cs, 500).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Create(&notes).Error; err != nil {
		t.Fatal(err)
	}
	var deleted []int64
	for id := int64(7); id <= customers; id += 7 {
		deleted = append(deleted, id)
	}
	if err := db.Delete(&Customer{}, deleted).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Create(&[]Named{{ID: 1, Label: "x"}, {ID: 2, Label: "y"}, {ID: 3, Label: "x"}}).Error; err != nil {
		t.Fatal(err)
	}
	tagged := []Tagged{{Code: "a", Tags: []string{"red"}}, {Code: "b", Tags: []string{"blue", "green"}}, {Code: "a"}, {Code: "c"}}
	if err := db.Create(&tagged).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(&tagged[3]).Error; err != nil {
		t.Fatal(err)
	}
}

// loop is the code nplusone rewrites: one First per key.
func loop[T any, K comparable](db *gorm.DB, column string, keys []K) (map[K]T, error) {
	out := map[K]T{}
	for _, k := range keys {
		var row T
		err := db.Where(column+" = ?", k).First(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
		case err != nil:
			return nil, err
		default:
			out[k] = row
		}
	}
	return out, nil
}

// reuse makes a chained handle one the loop can use for every key, as
// gorm wants (without it the first First's conditions stay on it).
func reuse(db *gorm.DB) *gorm.DB { return db.Session(&gorm.Session{}) }

// compare runs the loop and Load on the same keys and wants the same rows,
// or both to fail; it returns Load's map and its query count.
func compare[T any, K comparable](t *testing.T, tdb testDB, db *gorm.DB, column string, keys []K) (map[K]T, int64) {
	t.Helper()
	want, wantErr := loop[T](db, column, keys)
	before := fmt.Sprint(db.Statement.Clauses, db.Statement.SQL.String(), db.Statement.Vars, db.Error)
	var got map[K]T
	var err error
	n := tdb.counted(func() { got, err = bulkgorm.Load[T](db, column, keys) })
	if after := fmt.Sprint(db.Statement.Clauses, db.Statement.SQL.String(), db.Statement.Vars, db.Error); after != before {
		t.Errorf("Load changed db's statement:\n%s\n%s", before, after)
	}
	switch {
	case wantErr != nil && err != nil:
		if got != nil {
			t.Errorf("failed Load returned a map of %d", len(got))
		}
		if !strings.HasPrefix(err.Error(), "bulkgorm: ") {
			t.Errorf("error %q lacks the bulkgorm: prefix", err)
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
	if !reflect.DeepEqual(got, want) {
		for k, w := range want {
			if g, ok := got[k]; !ok || !reflect.DeepEqual(g, w) {
				t.Errorf("key %v: Load %+v (found %v), loop %+v", k, g, ok, w)
			}
		}
		for k, g := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("key %v: Load %+v, loop none", k, g)
			}
		}
	}
	return got, n
}

func TestEquivalence(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		seed(t, tdb)
		db := tdb.db.WithContext(context.Background())
		t.Run("found, missing, repeated, soft-deleted", func(t *testing.T) {
			got, n := compare[Customer](t, tdb, db, "id", []int64{1, 2, 2, 9999, 3, 1, -1, 7, 14})
			if len(got) != 3 || n != 1 {
				t.Errorf("%d rows in %d queries, want 3 in 1", len(got), n)
			}
			if got[1].Greeting != "hello customer 1" {
				t.Errorf("AfterFind did not run: %+v", got[1])
			}
		})
		t.Run("int keys for an int64 field", func(t *testing.T) {
			compare[Customer](t, tdb, db, "id", []int{4, 5, 7, 9999})
		})
		t.Run("renamed column, named string type", func(t *testing.T) {
			compare[Customer](t, tdb, db, "cust_code", []Code{"C0001", "C0003", "C0007", "nope", "C0001"})
		})
		t.Run("string keys for a named string field", func(t *testing.T) {
			compare[Customer](t, tdb, db, "cust_code", []string{"C0002", "C0014", "nope"})
		})
		t.Run("non-unique column", func(t *testing.T) {
			got, _ := compare[Customer](t, tdb, db, "region", []string{"north", "south", "east", "west"})
			if got["south"].ID != 1 {
				t.Errorf("south: row %d, want the lowest key 1", got["south"].ID)
			}
		})
		t.Run("non-unique column, db's order first", func(t *testing.T) {
			compare[Customer](t, tdb, reuse(db.Order("name desc")), "region", []string{"north", "south", "east"})
		})
		t.Run("unscoped", func(t *testing.T) {
			got, _ := compare[Customer](t, tdb, reuse(db.Unscoped()), "id", []int64{6, 7, 14})
			if len(got) != 3 {
				t.Errorf("unscoped: %d rows, want 3", len(got))
			}
		})
		t.Run("conditions chained on db", func(t *testing.T) {
			compare[Customer](t, tdb, reuse(db.Where("name <> ?", "customer 1").Scopes(func(tx *gorm.DB) *gorm.DB {
				return tx.Where("id < ?", 100)
			})), "region", []string{"north", "south", "east"})
		})
		t.Run("limit on db", func(t *testing.T) {
			compare[Customer](t, tdb, reuse(db.Limit(1)), "id", []int64{1, 2, 3})
		})
		t.Run("pointer field", func(t *testing.T) {
			compare[Customer](t, tdb, db, "ref", []int64{20, 40, 30, 70})
		})
		t.Run("pointer keys", func(t *testing.T) {
			a, b, c := int64(2), int64(2), int64(9999)
			got, _ := compare[Customer](t, tdb, db, "id", []*int64{&a, &b, nil, &c})
			if len(got) != 2 {
				t.Errorf("%d keys found, want &a and &b", len(got))
			}
		})
		t.Run("preload", func(t *testing.T) {
			got, _ := compare[Customer](t, tdb, reuse(db.Preload("Notes")), "id", []int64{1, 2, 21, 9999})
			if len(got[2].Notes) != 2 {
				t.Errorf("customer 2 has notes %+v", got[2].Notes)
			}
		})
		t.Run("custom TableName", func(t *testing.T) {
			got, _ := compare[Named](t, tdb, db, "label", []string{"x", "y", "z"})
			if got["x"].ID != 1 {
				t.Errorf("x: %+v, want ID 1", got["x"])
			}
		})
		t.Run("embedded gorm.Model, serializer", func(t *testing.T) {
			got, _ := compare[Tagged](t, tdb, db, "code", []string{"a", "b", "c", "d"})
			if len(got) != 2 || got["a"].ID != 1 || len(got["b"].Tags) != 2 {
				t.Errorf("%+v, want a's row 1, b's with two tags", got)
			}
			compare[Tagged](t, tdb, db, "id", []uint{1, 2, 4, 5})
			compare[Tagged](t, tdb, db, "id", []int64{1, -1, 2})
		})
		t.Run("unsigned keys for an int64 field", func(t *testing.T) {
			compare[Customer](t, tdb, db, "id", []uint64{1, 2, 1 << 63, math.MaxUint64})
		})
		t.Run("Table on db", func(t *testing.T) {
			archive := tdb.db.NamingStrategy.TableName("archive")
			if err := tdb.db.Table(archive).AutoMigrate(&Named{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = tdb.db.Migrator().DropTable(archive) })
			if err := tdb.db.Table(archive).Create(&[]Named{{ID: 5, Label: "x"}, {ID: 4, Label: "x"}}).Error; err != nil {
				t.Fatal(err)
			}
			got, _ := compare[Named](t, tdb, reuse(db.Table(archive)), "label", []string{"x", "y"})
			if len(got) != 1 || got["x"].ID != 4 {
				t.Errorf("%+v, want x's row 4 of the archive", got)
			}
		})
		t.Run("no keys", func(t *testing.T) {
			for _, keys := range [][]int64{nil, {}} {
				got, n := compare[Customer](t, tdb, db, "id", keys)
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
			loopN := tdb.counted(func() { _, _ = loop[Customer](db, "id", keys) })
			loopTime := time.Since(start)
			got, n := compare[Customer](t, tdb, db, "id", keys)
			if want := customers - customers/7; len(got) != want || n != 3 {
				t.Errorf("%d rows in %d queries, want %d in 3", len(got), n, want)
			}
			start = time.Now()
			_, _ = bulkgorm.Load[Customer](db, "id", keys)
			t.Logf("%d keys: loop %d queries in %v, Load %d in %v", len(keys), loopN, loopTime, n, time.Since(start))
		})
		t.Run("cancelled context", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err := bulkgorm.Load[Customer](db.WithContext(ctx), "id", []int64{1})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err %v, want context.Canceled", err)
			}
			compare[Customer](t, tdb, db.WithContext(ctx), "id", []int64{1, 2})
		})
		t.Run("dropped table", func(t *testing.T) {
			if err := tdb.db.Migrator().DropTable(&Named{}); err != nil {
				t.Fatal(err)
			}
			compare[Named](t, tdb, db, "label", []string{"x"})
		})
		t.Run("killed connection", func(t *testing.T) {
			tx := tdb.db.Begin()
			if tx.Error != nil {
				t.Fatal(tx.Error)
			}
			defer tx.Rollback()
			if !kill(t, tdb, tx) {
				t.Skip("no connection id on " + tdb.name)
			}
			got, err := bulkgorm.Load[Customer](tx, "id", []int64{1, 2})
			if err == nil || got != nil {
				t.Fatalf("Load on a killed connection: %d rows, err %v", len(got), err)
			}
			if _, loopErr := loop[Customer](tx, "id", []int64{1, 2}); loopErr == nil {
				t.Error("the loop on a killed connection did not fail")
			}
			t.Log(err)
		})
		t.Run("closed connection", func(t *testing.T) {
			tdb.sqlDB.Close()
			compare[Customer](t, tdb, db, "id", []int64{1})
		})
	})
}

// kill has the server end tx's connection, from another connection.
func kill(t *testing.T, tdb testDB, tx *gorm.DB) bool {
	t.Helper()
	var id int64
	var stmt string
	switch tdb.name {
	case "postgres":
		tx.Raw("SELECT pg_backend_pid()").Scan(&id)
		stmt = "SELECT pg_terminate_backend(%d)"
	case "mysql":
		tx.Raw("SELECT CONNECTION_ID()").Scan(&id)
		stmt = "KILL %d"
	default:
		return false
	}
	if tx.Error != nil || id == 0 {
		t.Fatalf("connection id %d: %v", id, tx.Error)
	}
	if err := tdb.db.Exec(fmt.Sprintf(stmt, id)).Error; err != nil {
		t.Fatal(err)
	}
	return true
}

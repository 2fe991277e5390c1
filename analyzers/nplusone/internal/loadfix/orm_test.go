package loadfix_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/bunafter"
	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/bunbefore"
	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/gormafter"
	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/gormbefore"
)

// TestORMCopies checks that the compiled copies of the gorm and bun
// scenarios have the function bodies of the fixture and of its .golden
// file.
func TestORMCopies(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	fixtures := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "testdata", "src", "nplusone")
	for _, pair := range [][2]string{
		{filepath.Join(fixtures, "gorm", "fix", "fix.go"), "gormbefore/fix.go"},
		{filepath.Join(fixtures, "gorm", "fix", "fix.go.golden"), "gormafter/fix.go"},
		{filepath.Join(fixtures, "bun", "fix", "fix.go"), "bunbefore/fix.go"},
		{filepath.Join(fixtures, "bun", "fix", "fix.go.golden"), "bunafter/fix.go"},
	} {
		want, got := bodies(t, pair[0]), bodies(t, pair[1])
		if len(want) == 0 {
			t.Fatalf("%s: no function", pair[0])
		}
		for name, w := range want {
			if got[name] != w {
				t.Errorf("%s: %s differs from %s:\n%s\nwant:\n%s", pair[1], name, pair[0], got[name], w)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: %s is not in %s", pair[1], name, pair[0])
			}
		}
	}
}

// customers is the data of both ORM tests: four customers, the fourth
// deleted softly (gorm's DeletedAt), which First skips and Unscoped sees.
const customers = `CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, deleted_at DATETIME);
	INSERT INTO customers (id, email, name) VALUES (1, 'ada@x', 'Ada'), (2, 'bob@x', 'Bob'), (3, 'cy@x', 'Cy');
	INSERT INTO customers VALUES (4, 'dee@x', 'Dee', '2026-01-02 03:04:05');`

// ormDB returns an SQLite database with the customers, or without the
// table when dropped is set.
func ormDB(t *testing.T, dropped bool) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(customers); err != nil {
		t.Fatal(err)
	}
	if dropped {
		if _, err := db.Exec(`DROP TABLE customers`); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// ormOrder is an order of the tests, converted to each package's Order.
type ormOrder struct {
	ID, CustomerID int64
	Email          string
}

// ormSets are the orders the tests run with: customers all found, found
// twice, missing, deleted softly, none.
var ormSets = map[string][]ormOrder{
	"all found": {{10, 1, "ada@x"}, {11, 3, "cy@x"}},
	"repeated":  {{10, 2, "bob@x"}, {11, 1, "ada@x"}, {12, 2, "bob@x"}},
	"missing":   {{10, 1, "ada@x"}, {11, 42, "nobody@x"}, {12, 3, "cy@x"}},
	"deleted":   {{10, 4, "dee@x"}, {11, 2, "bob@x"}},
	"none":      nil,
}

// sameOutcomes runs old and new on a fresh database for every set of
// orders, and on a database without the table, and wants the same
// outcome; without the table both must fail, except on no orders, where
// neither reads.
func sameOutcomes(t *testing.T, name string, old, new func(db *sql.DB, orders []ormOrder) outcome) {
	// Labels and Existing handle a failed read themselves.
	handles := name == "Labels" || name == "Existing"
	for set, orders := range ormSets {
		t.Run(name+"/"+set, func(t *testing.T) {
			got := [2]outcome{old(ormDB(t, false), orders), new(ormDB(t, false), orders)}
			if !reflect.DeepEqual(got[0], got[1]) {
				t.Errorf("as written: %v\nas fixed:   %v", got[0], got[1])
			}
		})
	}
	for _, set := range []string{"all found", "none"} {
		t.Run(name+"/"+set+", no table", func(t *testing.T) {
			orders := ormSets[set]
			got := [2]outcome{old(ormDB(t, true), orders), new(ormDB(t, true), orders)}
			// Reads fail; a function that handles the failure, or reads
			// nothing, gives the same outcome both ways.
			if orders != nil && !handles {
				if got[0].Err == "" || got[1].Err == "" || !reflect.DeepEqual(got[0].Result, got[1].Result) {
					t.Errorf("as written: %v\nas fixed:   %v", got[0], got[1])
				}
			} else if !reflect.DeepEqual(got[0], got[1]) {
				t.Errorf("as written: %v\nas fixed:   %v", got[0], got[1])
			}
		})
	}
}

func openGorm(t *testing.T, db *sql.DB) *gorm.DB {
	t.Helper()
	g, err := gorm.Open(sqlite.Dialector{Conn: db}, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// ids are the customer ids of orders.
func ids(os []ormOrder) []uint {
	var out []uint
	for _, o := range os {
		out = append(out, uint(o.CustomerID))
	}
	return out
}

// emails are the customer emails of orders.
func emails(os []ormOrder) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Email)
	}
	return out
}

// sorted returns a copy of strings in order: Emails ranges over a map.
func sorted(v []string, err error) ([]string, error) {
	v = slices.Clone(v)
	slices.Sort(v)
	return v, err
}

// TestGormSameOnSQLite runs the gorm fixture's functions as written and
// as fixed (bulkgorm.Load) on the same data.
func TestGormSameOnSQLite(t *testing.T) {
	oldOrders := func(os []ormOrder) []gormbefore.Order {
		var out []gormbefore.Order
		for _, o := range os {
			out = append(out, gormbefore.Order{ID: uint(o.ID), CustomerID: uint(o.CustomerID), Email: o.Email})
		}
		return out
	}
	newOrders := func(os []ormOrder) []gormafter.Order {
		var out []gormafter.Order
		for _, o := range os {
			out = append(out, gormafter.Order(gormbefore.Order{ID: uint(o.ID), CustomerID: uint(o.CustomerID), Email: o.Email}))
		}
		return out
	}
	ctx := context.Background()
	sameOutcomes(t, "Names",
		func(db *sql.DB, os []ormOrder) outcome {
			return result(gormbefore.Names(ctx, openGorm(t, db), oldOrders(os)))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			return result(gormafter.Names(ctx, openGorm(t, db), newOrders(os)))
		})
	sameOutcomes(t, "ByEmail",
		func(db *sql.DB, os []ormOrder) outcome {
			return result(gormbefore.ByEmail(openGorm(t, db), oldOrders(os)))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			return result(gormafter.ByEmail(openGorm(t, db), newOrders(os)))
		})
	sameOutcomes(t, "Emails",
		func(db *sql.DB, os []ormOrder) outcome {
			m := map[uint]gormbefore.Order{}
			for _, o := range oldOrders(os) {
				m[o.ID] = o
			}
			return result(sorted((&gormbefore.Repo{DB: openGorm(t, db)}).Emails(m)))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			m := map[uint]gormafter.Order{}
			for _, o := range newOrders(os) {
				m[o.ID] = o
			}
			return result(sorted((&gormafter.Repo{DB: openGorm(t, db)}).Emails(m)))
		})
	sameOutcomes(t, "Labels",
		func(db *sql.DB, os []ormOrder) outcome {
			gormbefore.Default = openGorm(t, db)
			return result((&gormbefore.Repo{}).Labels(ids(os)), nil)
		},
		func(db *sql.DB, os []ormOrder) outcome {
			gormafter.Default = openGorm(t, db)
			return result((&gormafter.Repo{}).Labels(ids(os)), nil)
		})
	sameOutcomes(t, "Existing",
		func(db *sql.DB, os []ormOrder) outcome {
			gormbefore.Default = openGorm(t, db)
			return result(gormbefore.Existing(oldOrders(os)), nil)
		},
		func(db *sql.DB, os []ormOrder) outcome {
			gormafter.Default = openGorm(t, db)
			var in []gormafter.Order
			for _, o := range oldOrders(os) {
				in = append(in, gormafter.Order(o))
			}
			got := gormafter.Existing(in)
			var out []gormbefore.Customer
			for _, c := range got {
				out = append(out, gormbefore.Customer(c))
			}
			return result(out, nil)
		})
	sameOutcomes(t, "FreeEmail",
		func(db *sql.DB, os []ormOrder) outcome {
			return result(gormbefore.FreeEmail(openGorm(t, db), emails(os)))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			return result(gormafter.FreeEmail(openGorm(t, db), emails(os)))
		})
	sameOutcomes(t, "Known",
		func(db *sql.DB, os []ormOrder) outcome {
			gormbefore.Default = openGorm(t, db)
			return result((&gormbefore.Repo{}).Known(ids(os)))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			gormafter.Default = openGorm(t, db)
			return result((&gormafter.Repo{}).Known(ids(os)))
		})
	sameOutcomes(t, "Lines",
		func(db *sql.DB, os []ormOrder) outcome {
			return result((&gormbefore.Repo{DB: openGorm(t, db)}).Lines(ctx, oldOrders(os)))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			return result((&gormafter.Repo{DB: openGorm(t, db)}).Lines(ctx, newOrders(os)))
		})
}

// TestBunSameOnSQLite runs the bun fixture's functions as written and as
// fixed (bulkbun.Load) on the same data.
func TestBunSameOnSQLite(t *testing.T) {
	ctx := context.Background()
	open := func(db *sql.DB) *bun.DB { return bun.NewDB(db, sqlitedialect.New()) }
	sameOutcomes(t, "Names",
		func(db *sql.DB, os []ormOrder) outcome {
			var in []bunbefore.Order
			for _, o := range os {
				in = append(in, bunbefore.Order(o))
			}
			return result(bunbefore.Names(ctx, open(db), in))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			var in []bunafter.Order
			for _, o := range os {
				in = append(in, bunafter.Order(o))
			}
			return result(bunafter.Names(ctx, open(db), in))
		})
	inTx := func(t *testing.T, db *sql.DB, fn func(tx bun.Tx) outcome) outcome {
		tx, err := open(db).BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		return fn(tx)
	}
	sameOutcomes(t, "ByEmail",
		func(db *sql.DB, os []ormOrder) outcome {
			var in []*bunbefore.Order
			for _, o := range os {
				in = append(in, &bunbefore.Order{ID: o.ID, CustomerID: o.CustomerID, Email: o.Email})
			}
			return inTx(t, db, func(tx bun.Tx) outcome { return result(bunbefore.ByEmail(ctx, tx, in)) })
		},
		func(db *sql.DB, os []ormOrder) outcome {
			var in []*bunafter.Order
			for _, o := range os {
				in = append(in, &bunafter.Order{ID: o.ID, CustomerID: o.CustomerID, Email: o.Email})
			}
			return inTx(t, db, func(tx bun.Tx) outcome { return result(bunafter.ByEmail(ctx, tx, in)) })
		})
	sameOutcomes(t, "Emails",
		func(db *sql.DB, os []ormOrder) outcome {
			var in []bunbefore.Order
			for _, o := range os {
				in = append(in, bunbefore.Order(o))
			}
			return result(bunbefore.Emails(ctx, open(db), in))
		},
		func(db *sql.DB, os []ormOrder) outcome {
			var in []bunafter.Order
			for _, o := range os {
				in = append(in, bunafter.Order(o))
			}
			return result(bunafter.Emails(ctx, open(db), in))
		})
}

package loadfix_test

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite"

	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/after"
	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/before"
	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/store"
)

// TestCopies checks that the compiled copies have the function bodies of
// the fixture they copy: before and store those of the fixture, after
// those of the .golden file the fix must produce.
func TestCopies(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	fixture := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "testdata", "src", "nplusone", "sqlx", "fix")
	for _, pair := range [][2]string{
		{filepath.Join(fixture, "fix.go"), "before/fix.go"},
		{filepath.Join(fixture, "fix.go.golden"), "after/fix.go"},
		{filepath.Join(fixture, "store", "store.go"), "store/store.go"},
	} {
		want, got := bodies(t, pair[0]), bodies(t, pair[1])
		if len(want) == 0 {
			t.Fatalf("%s: no function", pair[0])
		}
		if !reflect.DeepEqual(got, want) {
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
}

// bodies returns the declarations of the functions and types of a file,
// printed without comments, by name.
func bodies(t *testing.T, path string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0) // no comments
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		var buf bytes.Buffer
		switch d := d.(type) {
		case *ast.FuncDecl:
			if err := printer.Fprint(&buf, fset, d); err != nil {
				t.Fatal(err)
			}
			out[d.Name.Name] = buf.String()
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			if err := printer.Fprint(&buf, fset, d); err != nil {
				t.Fatal(err)
			}
			out["type "+d.Specs[0].(*ast.TypeSpec).Name.Name] = buf.String()
		}
	}
	return out
}

// open returns an SQLite database with three customers.
func open(t *testing.T) *sqlx.DB {
	t.Helper()
	db, err := sqlx.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.MustExec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
		INSERT INTO customers VALUES (1, 'ada@x', 'Ada'), (2, 'bob@x', 'Bob'), (3, 'cy@x', 'Cy');`)
	return db
}

// outcome is what one call gave: its result and its error's text.
type outcome struct {
	Result any
	Err    string
}

func (o outcome) String() string { return fmt.Sprintf("%#v, error %q", o.Result, o.Err) }

func result(v any, err error) outcome {
	o := outcome{Result: v}
	if err != nil {
		o.Err = err.Error()
	}
	// Pointers compare by what they point to.
	if ps, ok := v.([]*store.Customer); ok {
		var vals []any
		for _, p := range ps {
			if p == nil {
				vals = append(vals, nil)
			} else {
				vals = append(vals, *p)
			}
		}
		o.Result = vals
	}
	return o
}

// TestSameOnSQLite runs each function of the fixture as written and as
// fixed on the same data, for sets of orders whose customers all exist,
// repeat, are missing, or are none, and on a database without the table
// (every read fails). Both must return the same thing.
func TestSameOnSQLite(t *testing.T) {
	type run func(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, s *store.Store, orders []before.Order) outcome
	conv := func(os []before.Order) []after.Order {
		out := make([]after.Order, len(os))
		for i, o := range os {
			out[i] = after.Order(o)
		}
		return out
	}
	funcs := []struct {
		name     string
		old, new run
	}{
		{"Names",
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(before.Names(ctx, db, os))
			},
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(after.Names(ctx, db, conv(os)))
			}},
		{"ByEmail",
			func(ctx context.Context, _ *sqlx.DB, tx *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(before.ByEmail(ctx, tx, os))
			},
			func(ctx context.Context, _ *sqlx.DB, tx *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(after.ByEmail(ctx, tx, conv(os)))
			}},
		{"Lines",
			func(ctx context.Context, _ *sqlx.DB, _ *sqlx.Tx, s *store.Store, os []before.Order) outcome {
				return result(before.Lines(ctx, s, os))
			},
			func(ctx context.Context, _ *sqlx.DB, _ *sqlx.Tx, s *store.Store, os []before.Order) outcome {
				return result(after.Lines(ctx, s, conv(os)))
			}},
		{"Emails",
			func(ctx context.Context, _ *sqlx.DB, tx *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(before.Emails(ctx, tx, os))
			},
			func(ctx context.Context, _ *sqlx.DB, tx *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(after.Emails(ctx, tx, conv(os)))
			}},
		{"Pointers",
			func(ctx context.Context, _ *sqlx.DB, _ *sqlx.Tx, s *store.Store, os []before.Order) outcome {
				return result(before.Pointers(ctx, s, os))
			},
			func(ctx context.Context, _ *sqlx.DB, _ *sqlx.Tx, s *store.Store, os []before.Order) outcome {
				return result(after.Pointers(ctx, s, conv(os)))
			}},
		{"ByPointer",
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				m := map[string]*before.Order{}
				for i := range os {
					m[fmt.Sprint(os[i].ID)] = &os[i]
				}
				return result(before.ByPointer(ctx, db, m))
			},
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				m := map[string]*after.Order{}
				for _, o := range conv(os) {
					m[fmt.Sprint(o.ID)] = &o
				}
				return result(after.ByPointer(ctx, db, m))
			}},
		{"Taken",
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(before.Taken(ctx, db, os, []string{"first"}))
			},
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(after.Taken(ctx, db, conv(os), []string{"first"}))
			}},
		{"Logged",
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(before.Logged(ctx, db, os))
			},
			func(ctx context.Context, db *sqlx.DB, _ *sqlx.Tx, _ *store.Store, os []before.Order) outcome {
				return result(after.Logged(ctx, db, conv(os)))
			}},
	}
	sets := map[string][]before.Order{
		"all found": {{ID: 10, CustomerID: 1, Email: "ada@x"}, {ID: 11, CustomerID: 3, Email: "cy@x"}},
		"repeated":  {{ID: 10, CustomerID: 2, Email: "bob@x"}, {ID: 11, CustomerID: 1, Email: "ada@x"}, {ID: 12, CustomerID: 2, Email: "bob@x"}},
		"missing":   {{ID: 10, CustomerID: 1, Email: "ada@x"}, {ID: 11, CustomerID: 42, Email: "nobody@x"}, {ID: 12, CustomerID: 3, Email: "cy@x"}},
		"none":      nil,
	}
	for _, f := range funcs {
		for name, orders := range sets {
			t.Run(f.name+"/"+name, func(t *testing.T) {
				var got [2]outcome
				for i, fn := range []run{f.old, f.new} {
					db := open(t)
					tx, err := db.Beginx()
					if err != nil {
						t.Fatal(err)
					}
					got[i] = fn(t.Context(), db, tx, &store.Store{DB: db}, orders)
					tx.Rollback()
				}
				if !reflect.DeepEqual(got[0], got[1]) {
					t.Errorf("as written: %v\nas fixed:   %v", got[0], got[1])
				}
			})
		}
		// The table dropped: with orders both fail (the messages are the
		// database's and differ; a wrapping the loop adds is kept); with
		// none, neither reads, as bulk.Load of no keys makes no round trip.
		for _, c := range []struct {
			name   string
			orders []before.Order
		}{{"no table", sets["all found"]}, {"none, no table", nil}} {
			t.Run(f.name+"/"+c.name, func(t *testing.T) {
				var got [2]outcome
				for i, fn := range []run{f.old, f.new} {
					db := open(t)
					db.MustExec(`DROP TABLE customers`)
					tx, err := db.Beginx()
					if err != nil {
						t.Fatal(err)
					}
					got[i] = fn(t.Context(), db, tx, &store.Store{DB: db}, c.orders)
					tx.Rollback()
				}
				// Logged handles the errors itself: "?" for every order.
				fails := c.orders != nil && f.name != "Logged"
				if (got[0].Err != "") != fails || (got[1].Err != "") != fails || !reflect.DeepEqual(got[0].Result, got[1].Result) {
					t.Errorf("as written: %v\nas fixed:   %v", got[0], got[1])
				}
				if fails && f.name == "ByEmail" && (!strings.HasPrefix(got[0].Err, "loading customers: ") || !strings.HasPrefix(got[1].Err, "loading customers: ")) {
					t.Errorf("the loop's wrapping is lost: %q, %q", got[0].Err, got[1].Err)
				}
			})
		}
	}
}

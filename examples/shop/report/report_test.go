package report_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/bulklint/bulklint/examples/shop/report"
	"github.com/bulklint/bulklint/examples/shop/store"
	"github.com/bulklint/bulklint/runtime/queryguard"
)

// openShop opens an observed SQLite database with 3 customers and 4
// orders.
func openShop(t *testing.T) *store.Store {
	t.Helper()
	db, err := queryguard.OpenX("sqlite", "file:"+filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.MustExec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, tier TEXT NOT NULL);
		CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total_cents INTEGER NOT NULL);
		INSERT INTO customers VALUES (1, 'ada@x', 'Ada', 'gold'), (2, 'bob@x', 'Bob', 'none'), (3, 'cy@x', 'Cy', 'none');
		INSERT INTO orders VALUES (1, 1, 500), (2, 2, 700), (3, 3, 100), (4, 1, 900);`)
	return &store.Store{DB: db}
}

// TestDailyNPlusOne runs the report with the guard and asserts that the
// guard catches its N+1: one customer query per order, from
// (*Store).Customer, called in Daily's loop. The guard logs instead of
// failing (LogOnly) so that the suite stays green; without LogOnly this
// test fails with that report (run it with SHOP_GUARD_FAIL=1 to see).
//
// After `bulklint -fix ./examples/shop/...` has rewritten Daily's loop into
// one bulk.Load, the end-to-end test of the fix (cmd/bulklint
// TestExampleFix) runs this with SHOP_FIXED=1: then no N+1 may be left.
func TestDailyNPlusOne(t *testing.T) {
	s := openShop(t)
	if os.Getenv("SHOP_FIXED") != "" {
		guard := queryguard.Test(t, s.DB)
		if lines, err := report.Daily(guard.Context(), s); err != nil || len(lines) != 4 {
			t.Fatalf("fixed Daily: %d lines, %v", len(lines), err)
		}
		if rep := guard.Report(); len(rep.NPlusOne) != 0 {
			t.Errorf("N+1 left in the fixed Daily:\n%v", rep)
		}
		return
	}
	var opts []queryguard.Option
	if os.Getenv("SHOP_GUARD_FAIL") == "" {
		opts = append(opts, queryguard.LogOnly())
	}
	guard := queryguard.Test(t, s.DB, opts...)
	lines, err := report.Daily(guard.Context(), s)
	if err != nil || len(lines) != 4 {
		t.Fatalf("Daily: %d lines, %v", len(lines), err)
	}
	rep := guard.Report()
	if len(rep.NPlusOne) != 1 {
		t.Fatalf("want the report loop's N+1, got:\n%v", rep)
	}
	n := rep.NPlusOne[0]
	if n.Count != 4 || !strings.HasPrefix(n.Query, "SELECT id, email, name, tier FROM customers") {
		t.Errorf("want the customer query 4 times, got %d times %q", n.Count, n.Query)
	}
	if cs := n.CallSite(); !strings.HasSuffix(cs.Function, "(*Store).Customer") || filepath.Base(cs.File) != "store.go" {
		t.Errorf("call site %v, want (*Store).Customer in store.go", cs)
	}
	if n.LoopAt != 1 || !strings.HasSuffix(n.Stack[1].Function, "report.Daily") || filepath.Base(n.Stack[1].File) != "report.go" {
		t.Errorf("loop found in frame %d of %v, want report.Daily", n.LoopAt, n.Stack)
	}
}

// TestDailyLoadedIsClean: the same report with bulk.Load runs two
// statements, and the guard, failing on any N+1, passes.
func TestDailyLoadedIsClean(t *testing.T) {
	s := openShop(t)
	guard := queryguard.Test(t, s.DB)
	lines, err := report.DailyLoaded(guard.Context(), s)
	if err != nil || len(lines) != 4 || lines[0].Customer != "Ada" {
		t.Fatalf("DailyLoaded: %v, %v", lines, err)
	}
	if rep := guard.Report(); len(rep.NPlusOne) != 0 {
		t.Errorf("N+1 in DailyLoaded:\n%v", rep)
	}
}

// TestDailyMatchesLoaded checks that Daily, as written or as bulklint -fix
// rewrites it, gives the lines DailyLoaded gives, and that both fail the
// same way when an order's customer is missing: Daily's read returns
// sql.ErrNoRows, the fixed Daily's lookup too, DailyLoaded names no
// customer.
func TestDailyMatchesLoaded(t *testing.T) {
	s := openShop(t)
	ctx := t.Context()
	got, err := report.Daily(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	want, err := report.DailyLoaded(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Daily = %v, DailyLoaded = %v", got, want)
	}
	s.DB.MustExec(`INSERT INTO orders VALUES (5, 99, 1)`)
	if _, err := report.Daily(ctx, s); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("Daily with an order of no customer: %v, want sql.ErrNoRows", err)
	}
}

// TestSeedOneByOne seeds orders with one INSERT each: an N+1 in test code,
// which bulklint does not analyse (without -nplusone.tests) and the guard
// sees anyway; bulklint -confirmed lists it as a runtime-n-plus-one
// finding, one the static analysis did not report.
func TestSeedOneByOne(t *testing.T) {
	s := openShop(t)
	guard := queryguard.Test(t, s.DB, queryguard.LogOnly())
	for i, cents := range []int64{100, 200, 300} {
		if _, err := s.DB.ExecContext(guard.Context(), "INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2)", i+1, cents); err != nil {
			t.Fatal(err)
		}
	}
	if rep := guard.Report(); len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != 3 || rep.NPlusOne[0].LoopAt != 0 {
		t.Errorf("want the seeding loop's 3 inserts, got:\n%v", rep)
	}
}

package bulk_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestCancelInCallersTx: a context cancelled inside the caller's
// transaction. Between the call's statements, the call's savepoint is
// rolled back and the caller's transaction goes on with its earlier
// writes. During a statement the driver closes the connection (PostgreSQL,
// MySQL) or the database rolls the whole transaction back (SQLite): the
// error is ErrTxAborted wrapping the context's error, and the caller's
// later statements on the transaction fail rather than run outside it.
func TestCancelInCallersTx(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		bg := context.Background()

		// Between statements: cancelled from the hook of the third chunk.
		tx, err := tdb.db.BeginTxx(bg, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bulk.Insert(bg, tx, table, products(1, 7)); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(bg)
		chunks := 0
		_, err = bulk.Upsert(ctx, tx, table, products(50, 1), bulk.Key("org", "sku"), bulk.ChunkSize(10),
			bulk.BeforeChunk(func(context.Context, any) error {
				if chunks++; chunks == 3 {
					cancel()
				}
				return nil
			}))
		cancel()
		if !errors.Is(err, context.Canceled) || errors.Is(err, bulk.ErrTxAborted) {
			t.Fatalf("cancel between chunks: err = %v, want context.Canceled and the transaction kept", err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatalf("commit after a call cancelled between statements: %v", err)
		}
		if n := tdb.count(t, table); n != 1 {
			t.Fatalf("%d rows after commit, want the caller's 1 and none of the call's", n)
		}

		// During a statement: a deadline that ends while a large chunk runs.
		aborted, kept := 0, 0
		for i := range 6 {
			tx, err := tdb.db.BeginTxx(bg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := bulk.Insert(bg, tx, table, products(1, 100+i)); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(bg, time.Duration(2+3*i)*time.Millisecond)
			start := time.Now()
			_, err = bulk.Upsert(ctx, tx, table, products(20000, 1), bulk.Key("org", "sku"))
			late := time.Since(start)
			cancel()
			switch {
			case err == nil:
				_ = tx.Rollback()
				continue
			case !errors.Is(err, context.DeadlineExceeded):
				t.Fatalf("err = %v, want it to wrap context.DeadlineExceeded", err)
			case errors.Is(err, bulk.ErrTxAborted):
				aborted++
				if _, err := tx.Exec(tx.Rebind("INSERT INTO "+table+" (org, sku, name, stock, price) VALUES (?, 'after', 'x', 0, 0)"), 100+i); err == nil {
					t.Fatalf("a statement on the aborted transaction ran (outside it)")
				}
				_ = tx.Rollback()
			default:
				kept++
				if err := tx.Commit(); err != nil {
					t.Fatalf("transaction kept by the call would not commit: %v", err)
				}
			}
			t.Logf("deadline %v: returned %v after the call began: %v", time.Duration(2+3*i)*time.Millisecond, late.Round(time.Millisecond), err)
		}
		var stray int
		if err := tdb.db.Get(&stray, "SELECT count(*) FROM "+table+" WHERE org = 1 OR sku = 'after'"); err != nil {
			t.Fatal(err)
		}
		if stray != 0 {
			t.Fatalf("%d rows of cancelled calls or of statements after an abort were kept", stray)
		}
		t.Logf("%d calls aborted the caller's transaction, %d kept it", aborted, kept)
	})
}

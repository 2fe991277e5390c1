package bulk_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestInsertBesidePlainWriters: Insert's keys come back right, and no
// call fails, while other clients insert single rows that take their keys
// from the same auto-increment counter. On MariaDB, Insert used to take
// keys from the counter under an advisory lock that plain INSERTs ignore:
// 498 of 504 calls failed with a duplicate PRIMARY key.
func TestInsertBesidePlainWriters(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		const bulkers, plain, calls, rowsPerCall = 4, 2, 12, 40
		type result struct {
			rows []product
			err  error
		}
		results := make(chan result, bulkers*calls)
		var wg sync.WaitGroup
		for g := range bulkers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range calls {
					rows := products(rowsPerCall, 100+g)
					for j := range rows {
						rows[j].SKU = fmt.Sprintf("bulk-%d-%d-%d", g, i, j)
					}
					_, err := bulk.Insert(ctx, tdb.db, table, rows)
					results <- result{rows, err}
				}
			}()
		}
		plainErrs := make(chan error, plain*calls*rowsPerCall)
		for g := range plain {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range calls * rowsPerCall / 4 {
					_, err := tdb.db.ExecContext(ctx, tdb.db.Rebind("INSERT INTO "+table+" (org, sku, name, stock, price) VALUES (?, ?, 'plain', 0, 0)"),
						900+g, fmt.Sprintf("plain-%d-%d", g, i))
					if err != nil {
						plainErrs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(results)
		close(plainErrs)
		for err := range plainErrs {
			t.Errorf("plain writer: %v", err)
		}
		stored := tdb.byKey(t, table)
		var calledOK, checked int
		for r := range results {
			if r.err != nil {
				t.Errorf("Insert: %v", r.err)
				continue
			}
			calledOK++
			for _, p := range r.rows {
				got, ok := stored[fmt.Sprintf("%d/%s", p.Org, p.SKU)]
				if !ok || got.ID != p.ID {
					t.Fatalf("row %s came back with id %d; the table has it as %+v (found %v)", p.SKU, p.ID, got, ok)
				}
				checked++
			}
		}
		if want := bulkers*calls*rowsPerCall + plain*calls*rowsPerCall/4; len(stored) != want {
			t.Errorf("table has %d rows, want %d", len(stored), want)
		}
		t.Logf("%d Insert calls, %d rows checked by key, %d plain inserts beside them", calledOK, checked, plain*calls*rowsPerCall/4)
	})
}

// TestUpsertBesidePlainWriters: Upsert over overlapping keys from several
// goroutines, beside plain single-row INSERTs: no call fails, every key
// filled back is the key of the row with that natural key, and the counts
// add up.
func TestUpsertBesidePlainWriters(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		table := tdb.productTable(t)
		const upserters, plain, calls, keys = 4, 2, 12, 60
		var mu sync.Mutex
		var filled []product
		var wg sync.WaitGroup
		errs := make(chan error, upserters*calls+plain*calls*10)
		for g := range upserters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range calls {
					rows := products(keys, 1)
					for j := range rows {
						rows[j].Name = fmt.Sprintf("g%d call %d", g, i)
					}
					// Each call writes a different, overlapping window of keys.
					rows = rows[(g*7+i*5)%keys/2:][:keys/2]
					res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
					if err == nil && res.Inserted+res.Updated+res.Unchanged != len(rows) {
						err = fmt.Errorf("counts %+v for %d rows", res, len(rows))
					}
					if err != nil {
						errs <- fmt.Errorf("Upsert: %w", err)
						continue
					}
					mu.Lock()
					filled = append(filled, rows...)
					mu.Unlock()
				}
			}()
		}
		for g := range plain {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range calls * 10 {
					_, err := tdb.db.ExecContext(ctx, tdb.db.Rebind("INSERT INTO "+table+" (org, sku, name, stock, price) VALUES (?, ?, 'plain', 0, 0)"),
						900+g, fmt.Sprintf("plain-%d", i))
					if err != nil {
						errs <- fmt.Errorf("plain writer: %w", err)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		stored := tdb.byKey(t, table)
		distinct := map[string]bool{}
		for _, p := range filled {
			distinct[fmt.Sprintf("%d/%s", p.Org, p.SKU)] = true
			if got := stored[fmt.Sprintf("%d/%s", p.Org, p.SKU)]; got.ID != p.ID {
				t.Fatalf("row %d/%s came back with id %d; the table has id %d", p.Org, p.SKU, p.ID, got.ID)
			}
		}
		if want := len(distinct) + plain*calls*10; len(stored) != want {
			t.Errorf("table has %d rows, want %d", len(stored), want)
		}
		t.Logf("%d upserted rows checked by key beside %d plain inserts", len(filled), plain*calls*10)
	})
}

package bulk_test

// The reliability suite (issue 11): bulk calls beside other writers, under
// server-side kills and cancellation, on hostile names, non-unique and
// case-insensitive keys. Each check asserts all-or-nothing, no lost or
// duplicated row and the exact error. Counts and deadlines keep a plain
// `go test` run short; BULK_SOAK=1 runs the concurrent and cancellation
// checks ten times longer.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"
)

// soak reports whether the long runs were asked for.
func soak() bool { return os.Getenv("BULK_SOAK") == "1" }

// scaled returns n, or ten times n under BULK_SOAK=1.
func scaled(n int) int {
	if soak() {
		return 10 * n
	}
	return n
}

// eachServer runs fn on PostgreSQL and MySQL/MariaDB, the databases with
// other clients, server-side kills and a driver that closes connections.
func eachServer(t *testing.T, fn func(t *testing.T, tdb testDB)) {
	for _, name := range []string{"postgres", "mysql"} {
		t.Run(name, func(t *testing.T) { fn(t, openDB(t, name)) })
	}
}

// snapshot is the whole products table as text, ordered by id.
func (tdb testDB) snapshot(t testing.TB, table string) string {
	t.Helper()
	var rows []product
	if err := tdb.db.Select(&rows, "SELECT id, org, sku, name, stock, price FROM "+table+" ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d|%d|%s|%s|%d|%g\n", r.ID, r.Org, r.SKU, r.Name, r.Stock, r.Price)
	}
	return b.String()
}

// ph is the dialect's placeholder n, counting from 1.
func (tdb testDB) ph(n int) string {
	if tdb.name == "postgres" {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// errKind names an error for the summary counters: the sentinel it wraps,
// the context error, or the database error's code.
func errKind(err error) string {
	for _, s := range []error{bulk.ErrTxAborted, bulk.ErrNotUniqueKey, bulk.ErrUniqueConflict, bulk.ErrConcurrentWrite,
		bulk.ErrDuplicateKey, bulk.ErrInvalidName, bulk.ErrNilContext, context.DeadlineExceeded, context.Canceled} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return "postgres " + pe.Code
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		if me.Number == 1062 && strings.Contains(me.Message, "PRIMARY") {
			return "mysql 1062 on PRIMARY"
		}
		return fmt.Sprintf("mysql %d", me.Number)
	}
	return "other"
}

// naturalDup reports whether err is a unique violation on a key other
// than the primary key: the one error a plain writer over overlapping
// natural keys expects.
func naturalDup(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505" && !strings.HasSuffix(pe.ConstraintName, "_pkey")
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062 && !strings.Contains(me.Message, "PRIMARY")
	}
	return false
}

// deadlock reports a deadlock or lock wait timeout.
func deadlock(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40P01"
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1213 || me.Number == 1205
	}
	return false
}

// tally counts calls, rows and errors by kind for a test's summary line.
type tally struct {
	mu    sync.Mutex
	calls map[string]int
	rows  int
	errs  map[string]int
}

func newTally() *tally { return &tally{calls: map[string]int{}, errs: map[string]int{}} }

func (c *tally) add(kind string, rows int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[kind]++
	c.rows += rows
	if err != nil {
		c.errs[kind+": "+errKind(err)]++
	}
}

func (c *tally) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("calls %v, rows %d, errors %v", c.calls, c.rows, c.errs)
}

// bulkCall is one bulk call of the concurrent test, kept for the checks
// made once every writer has stopped.
type bulkCall struct {
	op   string // "upsert", "skip", "insert"
	rows []product
	res  bulk.Result
	err  error
}

// plainRow is a row a plain single-row INSERT wrote.
type plainRow struct {
	org int
	sku string
}

// TestReliabilityConcurrentWriters runs 8 goroutines of bulk.Upsert and
// bulk.Insert with SkipConflicts over overlapping composite keys, with 3
// goroutines of plain single-row INSERTs (the database assigns the id)
// beside them. No bulk call may fail; every key filled back must be the
// table's key for that row; each row of the table was created exactly once
// (by one plain INSERT or one row reported Inserted); the counts add up.
func TestReliabilityConcurrentWriters(t *testing.T) {
	eachServer(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		const writers, plains, perCall = 8, 4, 20
		calls, plainCalls := scaled(80), scaled(300)
		budget := time.Duration(scaled(40)) * time.Second
		var stopped atomic.Bool
		timer := time.AfterFunc(budget, func() { stopped.Store(true) })
		defer timer.Stop()
		ctx, cancel := context.WithTimeout(context.Background(), budget+time.Minute)
		defer cancel()
		key := func(rng *rand.Rand) (int, string) {
			return 1 + rng.IntN(3), fmt.Sprintf("k%04d", rng.IntN(2000))
		}
		sum := newTally()
		start := time.Now()
		var wg sync.WaitGroup
		done := make([][]bulkCall, writers)
		for g := range writers {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(11, uint64(g)))
				for c := 0; c < calls && !stopped.Load(); c++ {
					seen := map[string]bool{}
					rows := make([]product, 0, perCall)
					for len(rows) < perCall {
						org, sku := key(rng)
						if k := fmt.Sprintf("%d/%s", org, sku); !seen[k] {
							seen[k] = true
							rows = append(rows, product{Org: org, SKU: sku, Name: fmt.Sprintf("w%d-c%d", g, c), Stock: rng.IntN(50), Price: float64(c)})
						}
					}
					bc := bulkCall{op: "upsert", rows: rows}
					if g%2 == 0 {
						bc.res, bc.err = bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
					} else {
						bc.op = "skip"
						bc.res, bc.err = bulk.Insert(ctx, tdb.db, table, rows, bulk.SkipConflicts("org", "sku"))
					}
					sum.add(bc.op, len(rows), bc.err)
					done[g] = append(done[g], bc)
				}
			})
		}
		plainDone := make([][]plainRow, plains)
		var plainFail atomic.Int64
		for p := range plains {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(12, uint64(p)))
				q := fmt.Sprintf("INSERT INTO %s (org, sku, name, stock, price) VALUES (%s, %s, %s, %s, %s)",
					table, tdb.ph(1), tdb.ph(2), tdb.ph(3), tdb.ph(4), tdb.ph(5))
				for i := 0; i < plainCalls && !stopped.Load(); i++ {
					org, sku := key(rng)
					_, err := tdb.db.ExecContext(ctx, q, org, sku, fmt.Sprintf("plain%d-%d", p, i), 1, 0.5)
					switch {
					case err == nil:
						sum.add("plain", 1, nil)
						plainDone[p] = append(plainDone[p], plainRow{org, sku})
					case naturalDup(err):
						sum.add("plain", 0, nil)
						sum.add("plain dup on (org, sku), ignored", 0, err)
					case deadlock(err):
						// A single-row INSERT may deadlock against a multi-row
						// one over the same unique index; the database says so
						// plainly, and the client retries. Counted, not failed.
						sum.add("plain", 0, err)
					default:
						sum.add("plain", 0, err)
						if plainFail.Add(1) <= 3 {
							t.Errorf("plain INSERT %d/%s: %v", org, sku, err)
						}
					}
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)

		table0 := tdb.byKey(t, table)
		created := map[string]int{}
		for _, rows := range plainDone {
			for _, r := range rows {
				created[fmt.Sprintf("%d/%s", r.org, r.sku)]++
			}
		}
		var failed, wrongKey, badCount int
		for g := range done {
			for _, bc := range done[g] {
				if bc.err != nil {
					if failed++; failed <= 5 {
						t.Errorf("%s of %d rows failed (%s): %v", bc.op, len(bc.rows), errKind(bc.err), bc.err)
					}
					continue
				}
				res := bc.res
				n := res.Inserted + res.Updated + res.Unchanged
				if bc.op == "skip" {
					n = res.Inserted + res.Skipped
				}
				if n != len(bc.rows) || len(res.Outcomes) != len(bc.rows) {
					if badCount++; badCount <= 5 {
						t.Errorf("%s of %d rows: result %+v does not add up", bc.op, len(bc.rows), res)
					}
				}
				existing := map[int]string{}
				for _, c := range res.Conflicts {
					existing[c.Index] = fmt.Sprint(c.Existing["id"])
				}
				for i, r := range bc.rows {
					k := fmt.Sprintf("%d/%s", r.Org, r.SKU)
					db, ok := table0[k]
					var o bulk.Outcome
					if i < len(res.Outcomes) {
						o = res.Outcomes[i]
					}
					if o == bulk.Inserted {
						created[k]++
					}
					id := r.ID
					if o == bulk.Skipped {
						id = 0
						fmt.Sscan(existing[i], &id)
						if r.ID != 0 && r.ID != db.ID {
							if wrongKey++; wrongKey <= 5 {
								t.Errorf("%s: skipped row %s got id %d, the table has %d", bc.op, k, r.ID, db.ID)
							}
						}
					}
					if !ok || id != db.ID {
						if wrongKey++; wrongKey <= 5 {
							t.Errorf("%s: row %s (%v) has id %d, the table has %d (present %v)", bc.op, k, o, id, db.ID, ok)
						}
					}
				}
			}
		}
		var lost, dup, orphan int
		for k, n := range created {
			if _, ok := table0[k]; !ok {
				lost++
			} else if n > 1 {
				dup++
			}
		}
		for k := range table0 {
			if created[k] == 0 {
				orphan++
			}
		}
		t.Logf("%s in %v; %d rows in the table, %d keys created; wrong keys %d, lost %d, created twice %d, rows no writer created %d",
			sum, elapsed.Round(time.Millisecond), len(table0), len(created), wrongKey, lost, dup, orphan)
		if lost+dup+orphan > 0 || len(table0) != len(created) {
			t.Errorf("rows: %d in the table, %d distinct keys written; lost %d, created twice %d, created by no writer %d",
				len(table0), len(created), lost, dup, orphan)
		}
	})
}

// TestReliabilityInsertBesidePlainInserts runs bulk.Insert without a key
// beside plain single-row INSERTs that let the database assign the id.
// Every row carries a unique marker (org, sku): the id filled back into a
// bulk row must be the id of the table's row with that marker, and no
// writer may fail.
func TestReliabilityInsertBesidePlainInserts(t *testing.T) {
	eachServer(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		const writers, plains, perCall = 4, 2, 10
		calls, plainCalls := scaled(30), scaled(80)
		budget := time.Duration(scaled(30)) * time.Second
		var stopped atomic.Bool
		timer := time.AfterFunc(budget, func() { stopped.Store(true) })
		defer timer.Stop()
		ctx, cancel := context.WithTimeout(context.Background(), budget+time.Minute)
		defer cancel()
		sum := newTally()
		start := time.Now()
		var wg sync.WaitGroup
		done := make([][]bulkCall, writers)
		for g := range writers {
			wg.Go(func() {
				for c := 0; c < calls && !stopped.Load(); c++ {
					rows := make([]product, perCall)
					for i := range rows {
						rows[i] = product{Org: 100 + g, SKU: fmt.Sprintf("b%d-%d-%d", g, c, i), Name: "bulk", Price: 1}
					}
					bc := bulkCall{op: "insert", rows: rows}
					bc.res, bc.err = bulk.Insert(ctx, tdb.db, table, rows)
					sum.add("insert", len(rows), bc.err)
					done[g] = append(done[g], bc)
				}
			})
		}
		var plainOK atomic.Int64
		var plainFail atomic.Int64
		for p := range plains {
			wg.Go(func() {
				q := fmt.Sprintf("INSERT INTO %s (org, sku, name, stock, price) VALUES (%s, %s, 'plain', 0, 0)", table, tdb.ph(1), tdb.ph(2))
				for i := 0; i < plainCalls && !stopped.Load(); i++ {
					_, err := tdb.db.ExecContext(ctx, q, 200+p, fmt.Sprintf("p%d-%d", p, i))
					sum.add("plain", 1, err)
					if err == nil {
						plainOK.Add(1)
					} else if plainFail.Add(1) <= 3 {
						t.Errorf("plain INSERT beside bulk.Insert: %v", err)
					}
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)

		var all []product
		if err := tdb.db.Select(&all, "SELECT id, org, sku, name, stock, price FROM "+table); err != nil {
			t.Fatal(err)
		}
		byID := map[int64]product{}
		for _, r := range all {
			byID[r.ID] = r
		}
		var failed, wrongKey, bulkRows int
		for g := range done {
			for _, bc := range done[g] {
				if bc.err != nil {
					if failed++; failed <= 5 {
						t.Errorf("bulk.Insert of %d rows failed (%s): %v", len(bc.rows), errKind(bc.err), bc.err)
					}
					continue
				}
				bulkRows += len(bc.rows)
				if bc.res.Inserted != len(bc.rows) {
					t.Errorf("bulk.Insert: result %+v for %d rows", bc.res, len(bc.rows))
				}
				for _, r := range bc.rows {
					if db, ok := byID[r.ID]; !ok || db.Org != r.Org || db.SKU != r.SKU {
						if wrongKey++; wrongKey <= 5 {
							t.Errorf("row %d/%s was given id %d, which is the table's row %+v (present %v)", r.Org, r.SKU, r.ID, db, ok)
						}
					}
				}
			}
		}
		want := bulkRows + int(plainOK.Load())
		t.Logf("%s in %v; %d rows in the table, %d written; wrong keys %d, failed bulk calls %d",
			sum, elapsed.Round(time.Millisecond), len(all), want, wrongKey, failed)
		if len(all) != want {
			t.Errorf("%d rows in the table, %d written by calls that succeeded (lost or duplicated %d)", len(all), want, len(all)-want)
		}
	})
}

// connID returns the server's id of conn's session.
func connID(t *testing.T, tdb testDB, conn *sqlx.Conn) int64 {
	t.Helper()
	q := "SELECT pg_backend_pid()"
	if tdb.name == "mysql" {
		q = "SELECT CONNECTION_ID()"
	}
	var id int64
	if err := conn.GetContext(context.Background(), &id, q); err != nil {
		t.Fatal(err)
	}
	return id
}

// kill ends session id from another connection.
func kill(tdb testDB, id int64) error {
	if tdb.name == "mysql" {
		_, err := tdb.db.Exec(fmt.Sprintf("KILL %d", id))
		return err
	}
	_, err := tdb.db.Exec("SELECT pg_terminate_backend($1)", id)
	return err
}

// TestReliabilityServerKill kills the call's connection on the server
// (pg_terminate_backend, MySQL KILL): between chunks, from the hook of
// chunk 3, and at a seeded moment while a 20,000-row call runs. The call
// must fail with an error, or (if it committed before the kill) have
// written everything; a failed call leaves the table exactly as it was and
// fills no key back. Killed inside the caller's transaction, the error
// wraps ErrTxAborted.
func TestReliabilityServerKill(t *testing.T) {
	eachServer(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		for _, op := range []string{"upsert", "insert"} {
			t.Run(op+"/between-chunks", func(t *testing.T) {
				table := tdb.productTable(t)
				if _, err := bulk.Insert(ctx, tdb.db, table, products(100, 1)); err != nil {
					t.Fatal(err)
				}
				before := tdb.snapshot(t, table)
				conn, err := tdb.db.Connx(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				id := connID(t, tdb, conn)
				chunks := 0
				var killErr error
				hook := bulk.BeforeChunk(func(ctx context.Context, chunk any) error {
					if chunks++; chunks == 3 {
						killErr = kill(tdb, id)
						time.Sleep(50 * time.Millisecond) // let the server end the session
					}
					return nil
				})
				rows := products(2000, 2)
				rows = append(rows, products(100, 1)...) // existing rows: updated by upsert, conflicts for insert
				for i := range rows {
					rows[i].Name = "killed"
				}
				var res bulk.Result
				if op == "upsert" {
					res, err = bulk.Upsert(ctx, conn, table, rows, bulk.Key("org", "sku"), bulk.ChunkSize(100), hook)
				} else {
					res, err = bulk.Insert(ctx, conn, table, rows[:2000], bulk.ChunkSize(100), hook)
				}
				if killErr != nil {
					t.Fatalf("kill: %v", killErr)
				}
				if chunks < 3 {
					t.Fatalf("the hook ran %d times; the kill needs chunk 3 (err %v)", chunks, err)
				}
				if err == nil {
					t.Fatalf("no error after the connection was killed at chunk 3: %+v", res)
				}
				t.Logf("error (%s): %v", errKind(err), err)
				if after := tdb.snapshot(t, table); after != before {
					t.Errorf("the table changed: %d rows before, %d after", strings.Count(before, "\n"), strings.Count(after, "\n"))
				}
				for _, r := range rows {
					if r.ID != 0 {
						t.Fatalf("row %d/%s got key %d of a killed call", r.Org, r.SKU, r.ID)
					}
				}
			})
			t.Run(op+"/mid-statement", func(t *testing.T) {
				rng := rand.New(rand.NewPCG(21, 0))
				for i := range 3 {
					table := tdb.productTable(t)
					if _, err := bulk.Insert(ctx, tdb.db, table, products(1000, 1)); err != nil {
						t.Fatal(err)
					}
					before := tdb.snapshot(t, table)
					conn, err := tdb.db.Connx(ctx)
					if err != nil {
						t.Fatal(err)
					}
					id := connID(t, tdb, conn)
					delay := time.Duration(5+rng.IntN(60)) * time.Millisecond
					rows := products(20000, 2)
					rows = append(rows, products(1000, 1)...)
					for j := range rows {
						rows[j].Name = "killed"
					}
					killed := make(chan error, 1)
					timer := time.AfterFunc(delay, func() { killed <- kill(tdb, id) })
					var res bulk.Result
					if op == "upsert" {
						res, err = bulk.Upsert(ctx, conn, table, rows, bulk.Key("org", "sku"), bulk.ChunkSize(500))
					} else {
						rows = rows[:20000]
						res, err = bulk.Insert(ctx, conn, table, rows, bulk.ChunkSize(500))
					}
					ran := timer.Stop()
					// The kill ends before conn goes back to the pool: else
					// its statement could run on conn and end itself.
					if !ran {
						if kerr := <-killed; kerr != nil {
							t.Fatalf("kill: %v", kerr)
						}
					}
					conn.Close()
					n := tdb.count(t, table)
					t.Logf("kill after %v (before the call ended: %v): %d rows, err (%s) %v", delay, !ran, n, errKind(err), err)
					if err == nil {
						if n != 21000 || res.Inserted != 20000 {
							t.Errorf("call %d succeeded: %d rows in the table, result %+v", i, n, res)
						}
						continue
					}
					if after := tdb.snapshot(t, table); after != before {
						t.Errorf("call %d failed but the table changed: %d rows, want 1000", i, n)
					}
					for _, r := range rows {
						if r.ID != 0 {
							t.Fatalf("row %d/%s got key %d of a killed call", r.Org, r.SKU, r.ID)
						}
					}
				}
			})
		}
		t.Run("upsert/caller-tx", func(t *testing.T) {
			// A kill inside the caller's transaction ends it: the error must
			// say so (ErrTxAborted), nothing of the caller's Tx or of the
			// call is kept, and a further statement on the Tx fails.
			table := tdb.productTable(t)
			if _, err := bulk.Insert(ctx, tdb.db, table, products(100, 1)); err != nil {
				t.Fatal(err)
			}
			before := tdb.snapshot(t, table)
			conn, err := tdb.db.Connx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			id := connID(t, tdb, conn)
			tx, err := conn.BeginTxx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			ins := fmt.Sprintf("INSERT INTO %s (org, sku, name, stock, price) VALUES (%s, %s, 'caller', 0, 0)", table, tdb.ph(1), tdb.ph(2))
			if _, err := tx.Exec(ins, -1, "caller"); err != nil {
				t.Fatal(err)
			}
			chunks := 0
			hook := bulk.BeforeChunk(func(ctx context.Context, chunk any) error {
				if chunks++; chunks == 3 {
					if err := kill(tdb, id); err != nil {
						return err
					}
					time.Sleep(50 * time.Millisecond)
				}
				return nil
			})
			rows := products(2000, 2)
			_, err = bulk.Upsert(ctx, tx, table, rows, bulk.Key("org", "sku"), bulk.ChunkSize(100), hook)
			t.Logf("error (%s): %v", errKind(err), err)
			if !errors.Is(err, bulk.ErrTxAborted) {
				t.Errorf("err = %v, want ErrTxAborted: the caller's transaction died with its connection", err)
			}
			if _, err := tx.Exec(ins, -2, "later"); err == nil {
				t.Errorf("a further INSERT on the killed Tx succeeded")
			}
			_ = tx.Rollback()
			if after := tdb.snapshot(t, table); after != before {
				t.Errorf("the table changed: %d rows before, %d after", strings.Count(before, "\n"), strings.Count(after, "\n"))
			}
		})
		// The pool is usable after the kills.
		if err := tdb.db.PingContext(ctx); err != nil {
			t.Fatalf("ping after the kills: %v", err)
		}
	})
}

// TestReliabilityCancelOwnTx runs calls of 20,000 rows in small chunks with
// deadlines drawn from a seeded 0-30 ms range, each in a transaction of its
// own. A call either succeeds and wrote everything, or fails with an error
// wrapping context.DeadlineExceeded and left nothing. How long after its
// deadline a call returns is logged; it is asserted only below 5 s.
func TestReliabilityCancelOwnTx(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		base := products(1000, 0)
		if _, err := bulk.Insert(context.Background(), tdb.db, table, base); err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(31, 0))
		sum := newTally()
		var late []time.Duration
		for i := 1; i <= scaled(6); i++ {
			for _, op := range []string{"insert", "upsert", "update"} {
				rows := products(19000, i)
				name := fmt.Sprintf("call %s %d", op, i)
				for j := range rows {
					rows[j].Name = name
				}
				upd := slices.Clone(base)
				for j := range upd {
					upd[j].Name = name
				}
				wantOrg, wantBase := 0, 0
				deadline := time.Duration(rng.IntN(31)) * time.Millisecond
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				start := time.Now()
				var err error
				switch op {
				case "insert":
					_, err = bulk.Insert(ctx, tdb.db, table, rows, bulk.ChunkSize(500))
					wantOrg = len(rows)
				case "upsert":
					up := append(slices.Clone(rows), upd...)
					_, err = bulk.Upsert(ctx, tdb.db, table, up, bulk.Key("org", "sku"), bulk.ChunkSize(500))
					wantOrg, wantBase = len(rows), len(upd)
				case "update":
					_, err = bulk.Update(ctx, tdb.db, table, upd, bulk.ChunkSize(100))
					wantBase = len(upd)
				}
				took := time.Since(start)
				cancel()
				sum.add(op, len(rows), err)
				var nOrg, nBase int
				if err := tdb.db.Get(&nOrg, "SELECT count(*) FROM "+table+" WHERE name = "+tdb.ph(1)+" AND org <> 0", name); err != nil {
					t.Fatal(err)
				}
				if err := tdb.db.Get(&nBase, "SELECT count(*) FROM "+table+" WHERE name = "+tdb.ph(1)+" AND org = 0", name); err != nil {
					t.Fatal(err)
				}
				if err == nil {
					if nOrg != wantOrg || nBase != wantBase {
						t.Errorf("%s: succeeded with a %v deadline but wrote %d new and %d existing rows, want %d and %d", name, deadline, nOrg, nBase, wantOrg, wantBase)
					}
					continue
				}
				if l := took - deadline; l > 0 {
					late = append(late, l)
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%s: err = %v (%s), want one wrapping context.DeadlineExceeded", name, err, errKind(err))
				}
				if nOrg != 0 || nBase != 0 {
					t.Errorf("%s: failed (%v) but kept %d new and %d existing rows", name, err, nOrg, nBase)
				}
				if took > deadline+5*time.Second {
					t.Errorf("%s: returned %v after its %v deadline", name, took-deadline, deadline)
				}
			}
		}
		slices.Sort(late)
		var p50, max time.Duration
		if len(late) > 0 {
			p50, max = late[len(late)/2], late[len(late)-1]
		}
		t.Logf("%s; return after the deadline: median %v, max %v", sum, p50, max)
	})
}

// TestReliabilityCancelCallerTx runs calls inside the caller's *sqlx.Tx,
// which holds an earlier write of its own, with seeded 0-30 ms deadlines.
// After a failed call either the error wraps bulk.ErrTxAborted (and a
// further statement on the Tx fails, and nothing of the Tx is kept), or the
// call was rolled back to its savepoint: the caller's earlier write is
// still visible in the Tx, a further statement runs in the Tx (a rollback
// undoes it, a commit keeps it) and nothing of the call is kept. The
// caller's statements never run in autocommit.
func TestReliabilityCancelCallerTx(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		rng := rand.New(rand.NewPCG(41, 0))
		sum := newTally()
		ins := fmt.Sprintf("INSERT INTO %s (org, sku, name, stock, price) VALUES (%s, %s, 'caller', 0, 0)", table, tdb.ph(1), tdb.ph(2))
		cnt := fmt.Sprintf("SELECT count(*) FROM %s WHERE org = %s", table, tdb.ph(1))
		for i := 1; i <= scaled(8); i++ {
			for _, op := range []string{"upsert", "insert"} {
				org := i
				if op == "insert" {
					org += 1000
				}
				sku := fmt.Sprintf("caller-%s-%d", op, i)
				tx, err := tdb.db.Beginx()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.Exec(ins, -1, sku); err != nil {
					t.Fatal(err)
				}
				rows := products(20000, org)
				deadline := time.Duration(rng.IntN(31)) * time.Millisecond
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				if op == "upsert" {
					_, err = bulk.Upsert(ctx, tx, table, rows, bulk.Key("org", "sku"), bulk.ChunkSize(500))
				} else {
					_, err = bulk.Insert(ctx, tx, table, rows, bulk.ChunkSize(500))
				}
				cancel()
				sum.add(op, len(rows), err)
				name := fmt.Sprintf("%s %d (deadline %v)", op, i, deadline)
				mine := func() (marker, later, call int) {
					t.Helper()
					for _, p := range []struct {
						n    *int
						q    string
						args []any
					}{
						{&marker, cnt + " AND sku = " + tdb.ph(2), []any{-1, sku}},
						{&later, cnt + " AND sku = " + tdb.ph(2), []any{-2, sku}},
						{&call, cnt, []any{org}},
					} {
						if err := tdb.db.Get(p.n, p.q, p.args...); err != nil {
							t.Fatal(err)
						}
					}
					return marker, later, call
				}
				switch {
				case err == nil:
					if err := tx.Commit(); err != nil {
						t.Errorf("%s: the call succeeded but the commit failed: %v", name, err)
						continue
					}
					if m, _, c := mine(); m != 1 || c != len(rows) {
						t.Errorf("%s: succeeded and committed: caller's row %d, call's rows %d", name, m, c)
					}
				case !errors.Is(err, context.DeadlineExceeded):
					_ = tx.Rollback()
					t.Errorf("%s: err = %v (%s), want one wrapping context.DeadlineExceeded", name, err, errKind(err))
				case errors.Is(err, bulk.ErrTxAborted):
					_, later := tx.Exec(ins, -2, sku)
					_ = tx.Rollback()
					m, l, c := mine()
					if later == nil || l != 0 {
						t.Errorf("%s: ErrTxAborted, but a further INSERT on the Tx succeeded (err %v, %d rows kept): it ran outside the transaction", name, later, l)
					}
					if m != 0 || c != 0 {
						t.Errorf("%s: ErrTxAborted, but %d caller rows and %d call rows were kept", name, m, c)
					}
				default:
					// Rolled back to the savepoint: the Tx must still be whole.
					var problems []string
					var inTx int
					if err2 := tx.Get(&inTx, cnt+" AND sku = "+tdb.ph(2), -1, sku); err2 != nil || inTx != 1 {
						problems = append(problems, fmt.Sprintf("the caller's earlier write is gone from the Tx (%d rows, %v)", inTx, err2))
					}
					if _, err2 := tx.Exec(ins, -2, sku); err2 != nil {
						problems = append(problems, fmt.Sprintf("the Tx refuses a further INSERT (%v)", err2))
					}
					commit := i%2 == 0
					end := "rollback"
					if commit {
						end = "commit"
						if err2 := tx.Commit(); err2 != nil {
							problems = append(problems, fmt.Sprintf("the Tx does not commit (%v)", err2))
						}
					} else {
						_ = tx.Rollback()
					}
					m, l, c := mine()
					want := 0
					if commit {
						want = 1
					}
					if m != want || l != want || c != 0 {
						problems = append(problems, fmt.Sprintf("after a %s the table holds %d and %d caller rows, want %d each (else they ran in autocommit), and %d rows of the call, want 0", end, m, l, want, c))
					}
					if len(problems) > 0 {
						t.Errorf("%s: failed without ErrTxAborted, so the call should have rolled back to its savepoint, but %s; err: %v", name, strings.Join(problems, "; "), err)
					}
				}
			}
		}
		t.Logf("%s", sum)
	})
}

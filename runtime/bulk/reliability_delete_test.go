package bulk_test

// The reliability suite, part three: bulk.Delete beside other writers,
// under server-side kills and cancellation, on hostile names, non-unique
// and case-insensitive keys, and failing in a late chunk.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jmoiron/sqlx"
	"github.com/jmoiron/sqlx/reflectx"
)

// pkey is the composite key (org, sku) of the products table.
type pkey struct {
	Org int    `db:"org"`
	SKU string `db:"sku"`
}

func (k pkey) String() string { return fmt.Sprintf("%d/%s", k.Org, k.SKU) }

// pkeys returns the keys of rows.
func pkeys(rows []product) []pkey {
	out := make([]pkey, len(rows))
	for i, r := range rows {
		out[i] = pkey{r.Org, r.SKU}
	}
	return out
}

// checkDeleteResult says what is wrong with the result of a Delete of n
// keys that succeeded: one outcome per key, each Deleted or Missing, the
// counts adding up to n, MissingRows the sorted indexes of the Missing.
func checkDeleteResult(res bulk.Result, n int) error {
	if len(res.Outcomes) != n {
		return fmt.Errorf("%d outcomes for %d keys", len(res.Outcomes), n)
	}
	if res.Deleted+res.Missing != n {
		return fmt.Errorf("Deleted %d + Missing %d != %d keys", res.Deleted, res.Missing, n)
	}
	var missing []int
	deleted := 0
	for i, o := range res.Outcomes {
		switch o {
		case bulk.Deleted:
			deleted++
		case bulk.Missing:
			missing = append(missing, i)
		default:
			return fmt.Errorf("outcome %d is %v, want deleted or missing", i, o)
		}
	}
	if deleted != res.Deleted || len(missing) != res.Missing || !slices.Equal(missing, res.MissingRows) {
		return fmt.Errorf("outcomes say %d deleted and missing %v; result says %d deleted, %d missing, MissingRows %v",
			deleted, missing, res.Deleted, res.Missing, res.MissingRows)
	}
	return nil
}

// TestReliabilityDeleteConcurrentWriters runs bulk.Delete goroutines over
// the same overlapping composite keys as bulk.Upsert and bulk.Insert with
// SkipConflicts goroutines, with plain single-row INSERTs and DELETEs
// beside them. No bulk call may fail and each Delete's result must add up.
// A row is created once (a plain INSERT, or an Inserted outcome) and
// deleted at most once (a plain DELETE that affected it, or a Deleted
// outcome); whatever the interleaving, for each key the creations minus
// the deletions reported are the rows the table holds at the end (0 or 1).
// A deletion reported twice for one row, a row deleted but not reported,
// or one reported created but never written all break that equation; it is
// the exact check under concurrency, since the order of the calls on one
// key is not observable from outside.
func TestReliabilityDeleteConcurrentWriters(t *testing.T) {
	eachServer(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		const writers, plainIns, plainDel, perCall = 8, 2, 1, 20
		calls, plainCalls := scaled(60), scaled(300)
		budget := time.Duration(scaled(8)) * time.Second
		var stopped atomic.Bool
		timer := time.AfterFunc(budget, func() { stopped.Store(true) })
		defer timer.Stop()
		ctx, cancel := context.WithTimeout(context.Background(), budget+time.Minute)
		defer cancel()
		key := func(rng *rand.Rand) pkey {
			return pkey{1 + rng.IntN(3), fmt.Sprintf("k%04d", rng.IntN(300))}
		}
		var mu sync.Mutex
		created, deleted := map[pkey]int{}, map[pkey]int{}
		record := func(m map[pkey]int, k pkey) {
			mu.Lock()
			m[k]++
			mu.Unlock()
		}
		sum := newTally()
		var failed, badResult atomic.Int64
		start := time.Now()
		var wg sync.WaitGroup
		for g := range writers {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(51, uint64(g)))
				for c := 0; c < calls && !stopped.Load(); c++ {
					seen := map[pkey]bool{}
					var keys []pkey
					for len(keys) < perCall {
						if k := key(rng); !seen[k] {
							seen[k] = true
							keys = append(keys, k)
						}
					}
					rows := make([]product, len(keys))
					for i, k := range keys {
						rows[i] = product{Org: k.Org, SKU: k.SKU, Name: fmt.Sprintf("w%d-c%d", g, c), Stock: rng.IntN(50)}
					}
					var op string
					var res bulk.Result
					var err error
					switch g % 3 {
					case 0:
						op = "upsert"
						res, err = bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
					case 1:
						op = "skip"
						res, err = bulk.Insert(ctx, tdb.db, table, rows, bulk.SkipConflicts("org", "sku"))
					default:
						op = "delete"
						res, err = bulk.Delete(ctx, tdb.db, table, keys, bulk.ChunkSize(7))
					}
					sum.add(op, len(keys), err)
					if err != nil {
						if failed.Add(1) <= 5 {
							t.Errorf("%s of %d keys failed (%s): %v", op, len(keys), errKind(err), err)
						}
						continue
					}
					if op == "delete" {
						if err := checkDeleteResult(res, len(keys)); err != nil && badResult.Add(1) <= 5 {
							t.Errorf("delete of %d keys: %v", len(keys), err)
						}
					} else if len(res.Outcomes) != len(keys) && badResult.Add(1) <= 5 {
						t.Errorf("%s of %d rows: %d outcomes", op, len(keys), len(res.Outcomes))
					}
					for i, o := range res.Outcomes {
						switch o {
						case bulk.Inserted:
							record(created, keys[i])
						case bulk.Deleted:
							record(deleted, keys[i])
						}
					}
				}
			})
		}
		var plainFail atomic.Int64
		plain := func(err error, what string) {
			switch {
			case err == nil:
			case naturalDup(err):
				sum.add(what+" dup on (org, sku), ignored", 0, err)
			case deadlock(err):
				sum.add(what, 0, err) // the client retries; counted, not failed
			default:
				sum.add(what, 0, err)
				if plainFail.Add(1) <= 3 {
					t.Errorf("plain %s: %v", what, err)
				}
			}
		}
		for p := range plainIns {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(52, uint64(p)))
				q := fmt.Sprintf("INSERT INTO %s (org, sku, name, stock, price) VALUES (%s, %s, %s, 1, 0.5)", table, tdb.ph(1), tdb.ph(2), tdb.ph(3))
				for i := 0; i < plainCalls && !stopped.Load(); i++ {
					k := key(rng)
					_, err := tdb.db.ExecContext(ctx, q, k.Org, k.SKU, fmt.Sprintf("plain%d-%d", p, i))
					if err == nil {
						record(created, k)
						sum.add("plain insert", 1, nil)
					}
					plain(err, "plain insert")
				}
			})
		}
		for p := range plainDel {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(53, uint64(p)))
				q := fmt.Sprintf("DELETE FROM %s WHERE org = %s AND sku = %s", table, tdb.ph(1), tdb.ph(2))
				for i := 0; i < plainCalls && !stopped.Load(); i++ {
					k := key(rng)
					r, err := tdb.db.ExecContext(ctx, q, k.Org, k.SKU)
					if err == nil {
						n, err2 := r.RowsAffected()
						if err2 != nil || n > 1 {
							t.Errorf("plain DELETE %v: %d rows affected, %v", k, n, err2)
						}
						if n == 1 {
							record(deleted, k)
						}
						sum.add("plain delete", int(n), nil)
					}
					plain(err, "plain delete")
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)

		final := tdb.byKey(t, table)
		keys := map[pkey]bool{}
		for k := range created {
			keys[k] = true
		}
		for k := range deleted {
			keys[k] = true
		}
		for s := range final {
			var k pkey
			fmt.Sscanf(s, "%d/%s", &k.Org, &k.SKU)
			keys[k] = true
		}
		var wrong, totalDel int
		for k := range keys {
			_, present := final[k.String()]
			want := 0
			if present {
				want = 1
			}
			totalDel += deleted[k]
			if created[k]-deleted[k] != want {
				if wrong++; wrong <= 10 {
					t.Errorf("key %v: created %d times, deleted %d times, %d rows in the table", k, created[k], deleted[k], want)
				}
			}
		}
		t.Logf("%s in %v; %d rows in the table, %d keys touched, %d deletions; keys whose creations minus deletions differ from the table: %d",
			sum, elapsed.Round(time.Millisecond), len(final), len(keys), totalDel, wrong)
	})
}

// sleepAt makes deleting the row (org, sku) of table sleep for 3 s in a
// trigger, so that a kill can land inside that DELETE statement, and
// returns a function that waits until conn id sleeps there.
func sleepAt(t *testing.T, tdb testDB, table string, org int, sku string) func(id int64) error {
	t.Helper()
	switch tdb.name {
	case "postgres":
		tdb.exec(t, fmt.Sprintf(`CREATE FUNCTION %[1]s_sleep() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF OLD.org = %[2]d AND OLD.sku = '%[3]s' THEN PERFORM pg_sleep(3); END IF; RETURN OLD; END $$`, table, org, sku))
		tdb.exec(t, fmt.Sprintf(`CREATE TRIGGER %[1]s_sleep BEFORE DELETE ON %[1]s FOR EACH ROW EXECUTE FUNCTION %[1]s_sleep()`, table))
		t.Cleanup(func() {
			_, _ = tdb.db.Exec("DROP TABLE IF EXISTS " + table)
			_, _ = tdb.db.Exec("DROP FUNCTION IF EXISTS " + table + "_sleep()")
		})
	case "mysql":
		tdb.exec(t, fmt.Sprintf(`CREATE TRIGGER %[1]s_sleep BEFORE DELETE ON %[1]s FOR EACH ROW
			BEGIN IF OLD.org = %[2]d AND OLD.sku = '%[3]s' THEN DO SLEEP(3); END IF; END`, table, org, sku))
	}
	return func(id int64) error {
		q := "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event = 'PgSleep'"
		if tdb.name == "mysql" {
			q = "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND STATE = 'User sleep'"
		}
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			var n int
			if err := tdb.db.Get(&n, q, id); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
		}
		return errors.New("the call never reached the trigger's sleep")
	}
}

// idleInTx waits until session id sits between two statements of a
// transaction after one of the call's DELETEs ran (PostgreSQL: idle in
// transaction, its last query a DELETE; MySQL, whose process list keeps
// no last query: seen running a DELETE, then idle), or until the call
// ended. On MySQL the session may also be idle because the call has
// ended; the caller tells that case by the call's error.
func idleInTx(tdb testDB, id int64, done <-chan struct{}) (bool, error) {
	q := "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'idle in transaction' AND query LIKE 'DELETE FROM%'"
	if tdb.name == "mysql" {
		q = "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE 'DELETE FROM%'"
	}
	seen := tdb.name == "postgres" // MySQL: a DELETE was seen running
	for {
		select {
		case <-done:
			return false, nil
		default:
		}
		var n int
		if err := tdb.db.Get(&n, q, id); err != nil {
			return false, err
		}
		switch {
		case n == 0:
		case seen:
			return true, nil
		default:
			seen = true
			q = "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND COMMAND = 'Sleep'"
		}
	}
}

// TestReliabilityDeleteServerKill kills the connection of a Delete of
// 1,000 composite keys on the server: inside the DELETE of chunk 3 of 10
// (a trigger sleeps on one of its rows), and between chunks of 10 keys (a
// poller catches the session idle in a transaction that has deleted rows;
// skipped if it never does).
// In the call's own transaction the call fails and the table is exactly
// as before; in the caller's transaction the error wraps ErrTxAborted, a
// further statement on the Tx fails and nothing of the Tx is kept.
func TestReliabilityDeleteServerKill(t *testing.T) {
	eachServer(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		setup := func(t *testing.T, trigger bool) (string, []pkey, func(int64) error) {
			table := tdb.productTable(t)
			rows := products(1000, 1)
			if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
				t.Fatal(err)
			}
			var wait func(int64) error
			if trigger {
				wait = sleepAt(t, tdb, table, 1, "sku-000250") // chunk index 2: keys 200-299
			}
			return table, pkeys(rows), wait
		}
		for _, where := range []string{"mid-statement", "between-chunks"} {
			for _, inTx := range []bool{false, true} {
				name := where + "/own-tx"
				if inTx {
					name = where + "/caller-tx"
				}
				t.Run(name, func(t *testing.T) {
					table, keys, wait := setup(t, where == "mid-statement")
					before := tdb.snapshot(t, table)
					conn, err := tdb.db.Connx(ctx)
					if err != nil {
						t.Fatal(err)
					}
					defer conn.Close()
					id := connID(t, tdb, conn)
					var q bulk.Querier = conn
					ins := fmt.Sprintf("INSERT INTO %s (org, sku, name, stock, price) VALUES (%s, %s, 'caller', 0, 0)", table, tdb.ph(1), tdb.ph(2))
					var txx *sqlx.Tx
					if inTx {
						if txx, err = conn.BeginTxx(ctx, nil); err != nil {
							t.Fatal(err)
						}
						defer txx.Rollback()
						q = txx
						if _, err := txx.Exec(ins, -1, "caller"); err != nil {
							t.Fatal(err)
						}
					}
					done := make(chan struct{})
					killed := make(chan string, 1)
					go func() {
						var caught bool
						var err error
						if wait != nil {
							err = wait(id)
							caught = err == nil
						} else {
							caught, err = idleInTx(tdb, id, done)
						}
						switch {
						case err != nil:
							killed <- "no kill: " + err.Error()
						case !caught:
							killed <- "no kill: the call ended first"
						default:
							if err := kill(tdb, id); err != nil {
								killed <- "kill: " + err.Error()
								return
							}
							killed <- ""
						}
					}()
					size := 100
					if where == "between-chunks" {
						size = 10 // more gaps between statements for the poller to catch
					}
					res, err := bulk.Delete(ctx, q, table, keys, bulk.ChunkSize(size))
					close(done)
					if msg := <-killed; msg != "" {
						if where == "between-chunks" && strings.HasPrefix(msg, "no kill: the call ended first") {
							t.Skipf("the poller never caught the call between chunks (%d deleted, %v)", res.Deleted, err)
						}
						t.Fatalf("%s (call: %d deleted, %v)", msg, res.Deleted, err)
					}
					t.Logf("error (%s): %v", errKind(err), err)
					if err == nil {
						// Only if the kill landed after the call's last
						// statement: then the call did all of its work.
						t.Logf("no error: the kill landed after the call's last statement")
						if cerr := checkDeleteResult(res, len(keys)); cerr != nil || res.Deleted != len(keys) {
							t.Errorf("no error after the kill, but the result is %d deleted (%v)", res.Deleted, cerr)
						}
						if where == "mid-statement" {
							t.Errorf("no error though the kill landed inside the DELETE of chunk 3")
						}
						if !inTx {
							if n := tdb.count(t, table); n != 0 {
								t.Errorf("no error, but %d of the %d rows are left", n, len(keys))
							}
							return
						}
					}
					if inTx {
						if err != nil && !errors.Is(err, bulk.ErrTxAborted) {
							t.Errorf("err = %v, want ErrTxAborted: the caller's transaction died with its connection", err)
						}
						if _, err := txx.Exec(ins, -2, "later"); err == nil {
							t.Errorf("a further INSERT on the killed Tx succeeded")
						}
						_ = txx.Rollback()
					}
					if after := tdb.snapshot(t, table); after != before {
						t.Errorf("the table changed: %d rows before, %d after", strings.Count(before, "\n"), strings.Count(after, "\n"))
					}
				})
			}
		}
		if err := tdb.db.PingContext(ctx); err != nil {
			t.Fatalf("ping after the kills: %v", err)
		}
	})
}

// TestReliabilityDeleteCancel runs Deletes of 20,000 composite keys in
// chunks of 500 with seeded 0-200 ms deadlines (some end before the call,
// some after), in the call's own transaction and in the caller's (which
// holds an earlier write of its own), with the checks of
// TestReliabilityCancelOwnTx and TestReliabilityCancelCallerTx: a call
// either deleted every row, or failed wrapping context.DeadlineExceeded
// and deleted none; in the caller's Tx, either ErrTxAborted (a further
// statement fails, nothing of the Tx kept) or the call rolled back to its
// savepoint (the caller's write and all 20,000 rows still visible in the
// Tx, a further statement runs in the Tx and a rollback or commit decides
// it); never autocommit.
func TestReliabilityDeleteCancel(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		table := tdb.productTable(t)
		const n = 20000
		rows := products(n, 7)
		keys := pkeys(rows)
		seed := func() {
			t.Helper()
			if c := tdb.count(t, table+" WHERE org = 7"); c == n {
				return
			}
			if _, err := bulk.Insert(context.Background(), tdb.db, table, products(n, 7)); err != nil {
				t.Fatal(err)
			}
		}
		seed()
		rng := rand.New(rand.NewPCG(61, 0))
		sum := newTally()
		ins := fmt.Sprintf("INSERT INTO %s (org, sku, name, stock, price) VALUES (%s, %s, 'caller', 0, 0)", table, tdb.ph(1), tdb.ph(2))
		cnt := fmt.Sprintf("SELECT count(*) FROM %s WHERE org = %s", table, tdb.ph(1))
		get := func(g interface {
			Get(any, string, ...any) error
		}, q string, args ...any) int {
			t.Helper()
			var c int
			if err := g.Get(&c, q, args...); err != nil {
				t.Fatal(err)
			}
			return c
		}
		for i := 1; i <= scaled(5); i++ {
			// Own transaction.
			deadline := time.Duration(rng.IntN(201)) * time.Millisecond
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			res, err := bulk.Delete(ctx, tdb.db, table, keys, bulk.ChunkSize(500))
			cancel()
			sum.add("own tx", n, err)
			left := get(tdb.db, cnt, 7)
			name := fmt.Sprintf("own tx %d (deadline %v)", i, deadline)
			switch {
			case err == nil:
				if left != 0 || res.Deleted != n {
					t.Errorf("%s: succeeded, deleted %d, %d rows left", name, res.Deleted, left)
				}
				seed()
			case !errors.Is(err, context.DeadlineExceeded):
				t.Errorf("%s: err = %v (%s), want one wrapping context.DeadlineExceeded", name, err, errKind(err))
			case left != n:
				t.Errorf("%s: failed (%v) but deleted %d rows", name, err, n-left)
				seed()
			}

			// The caller's transaction.
			sku := fmt.Sprintf("caller-%d", i)
			tx, err := tdb.db.Beginx()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ins, -1, sku); err != nil {
				t.Fatal(err)
			}
			deadline = time.Duration(rng.IntN(201)) * time.Millisecond
			ctx, cancel = context.WithTimeout(context.Background(), deadline)
			_, err = bulk.Delete(ctx, tx, table, keys, bulk.ChunkSize(500))
			cancel()
			sum.add("caller tx", n, err)
			name = fmt.Sprintf("caller tx %d (deadline %v)", i, deadline)
			mine := cnt + " AND sku = " + tdb.ph(2)
			switch {
			case err == nil:
				if err := tx.Commit(); err != nil {
					t.Errorf("%s: the call succeeded but the commit failed: %v", name, err)
				}
				if m, c := get(tdb.db, mine, -1, sku), get(tdb.db, cnt, 7); m != 1 || c != 0 {
					t.Errorf("%s: succeeded and committed: caller's row %d, %d rows left", name, m, c)
				}
				seed()
			case !errors.Is(err, context.DeadlineExceeded):
				_ = tx.Rollback()
				t.Errorf("%s: err = %v (%s), want one wrapping context.DeadlineExceeded", name, err, errKind(err))
			case errors.Is(err, bulk.ErrTxAborted):
				_, later := tx.Exec(ins, -2, sku)
				_ = tx.Rollback()
				m, l, c := get(tdb.db, mine, -1, sku), get(tdb.db, mine, -2, sku), get(tdb.db, cnt, 7)
				if later == nil || l != 0 {
					t.Errorf("%s: ErrTxAborted, but a further INSERT on the Tx succeeded (err %v, %d rows kept)", name, later, l)
				}
				if m != 0 || c != n {
					t.Errorf("%s: ErrTxAborted, but %d caller rows kept and %d of %d rows left", name, m, c, n)
				}
			default:
				var problems []string
				if c := get(tx, mine, -1, sku); c != 1 {
					problems = append(problems, fmt.Sprintf("the caller's earlier write is gone from the Tx (%d rows)", c))
				}
				if c := get(tx, cnt, 7); c != n {
					problems = append(problems, fmt.Sprintf("the Tx sees %d of the %d rows the call should have kept", c, n))
				}
				if _, err2 := tx.Exec(ins, -2, sku); err2 != nil {
					problems = append(problems, fmt.Sprintf("the Tx refuses a further INSERT (%v)", err2))
				}
				commit, want := i%2 == 0, 0
				if commit {
					want = 1
					if err2 := tx.Commit(); err2 != nil {
						problems = append(problems, fmt.Sprintf("the Tx does not commit (%v)", err2))
					}
				} else {
					_ = tx.Rollback()
				}
				m, l, c := get(tdb.db, mine, -1, sku), get(tdb.db, mine, -2, sku), get(tdb.db, cnt, 7)
				if m != want || l != want || c != n {
					problems = append(problems, fmt.Sprintf("after the commit (%v) or rollback the table holds %d and %d caller rows, want %d each, and %d of the %d rows",
						commit, m, l, want, c, n))
				}
				if len(problems) > 0 {
					t.Errorf("%s: failed without ErrTxAborted, so the call should have rolled back to its savepoint, but %s; err: %v", name, strings.Join(problems, "; "), err)
				}
			}
		}
		t.Logf("%s", sum)
	})
}

// TestReliabilityDeleteHostileNames runs Delete on tables whose names
// hold quotes, backticks, dots, semicolons and statements, and with a key
// column of such a name (through Key, and through a mapper for a struct
// key). Each call either deletes exactly the row asked for (outcomes
// [deleted missing]) or is refused with ErrInvalidName and changes
// nothing; never a side effect of the name.
func TestReliabilityDeleteHostileNames(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		fx := newSideEffects(t, tdb)
		var refused, worked int
		verdict := func(t *testing.T, op string, res bulk.Result, err error, before, after, want string) {
			t.Helper()
			fx.check(t, op)
			switch {
			case err == nil:
				if !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Deleted, bulk.Missing}) || after != want {
					t.Errorf("%s: no error, outcomes %v (want [deleted missing]); table after:\n%swant:\n%s", op, res.Outcomes, after, want)
					return
				}
				worked++
			case errors.Is(err, bulk.ErrInvalidName):
				refused++
				if after != before {
					t.Errorf("%s: refused with ErrInvalidName, but the table changed:\nbefore:\n%safter:\n%s", op, before, after)
				}
			default:
				t.Errorf("%s: err = %v, want nil or ErrInvalidName", op, err)
				if after != before {
					t.Errorf("%s: failed, but the table changed:\nbefore:\n%safter:\n%s", op, before, after)
				}
			}
		}
		// without drops the line of key k from a hostileTable text.
		without := func(text, k string) string {
			var b strings.Builder
			for _, line := range strings.SplitAfter(text, "\n") {
				if parts := strings.SplitN(line, "|", 4); len(parts) == 4 && parts[1] == k {
					continue
				}
				b.WriteString(line)
			}
			return b.String()
		}
		type hostileKey struct{ H string }
		for i, col := range fx.names() {
			t.Run(fmt.Sprintf("column%d", i), func(t *testing.T) {
				t.Logf("column %q", col)
				table := tdb.table(t, "hdcol")
				tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (%s, k VARCHAR(40) NOT NULL UNIQUE, %s VARCHAR(40) NULL UNIQUE)", table, tdb.autoID(), tdb.qi(col)))
				t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
				tdb.exec(t, fmt.Sprintf("INSERT INTO %s (k, %s) VALUES ('a', 'va'), ('b', 'vb'), ('c', 'vc')", table, tdb.qi(col)))
				read := func() string { return hostileTable(t, tdb, table, col) }

				before := read()
				res, err := bulk.Delete(ctx, tdb.db, table, []string{"va", "nope"}, bulk.Key(col))
				verdict(t, "Delete Key(hostile)", res, err, before, read(), without(before, "a"))

				before = read()
				m := bulk.WithMapper(reflectx.NewMapperFunc("db", func(string) string { return col }))
				res, err = bulk.Delete(ctx, tdb.db, table, []hostileKey{{"vb"}, {"nope"}}, m)
				verdict(t, "Delete of a struct key mapped to the hostile column", res, err, before, read(), without(before, "b"))
			})
		}
		for i, name := range fx.names() {
			t.Run(fmt.Sprintf("table%d", i), func(t *testing.T) {
				table := fmt.Sprintf("bhd%d_%s", tableSeq.Add(1), name)
				if tdb.name != "sqlite" && len(table) > 60 {
					table = table[:60]
				}
				t.Logf("table %q", table)
				tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (%s, k VARCHAR(40) NOT NULL UNIQUE, h VARCHAR(40) NULL)", tdb.qi(table), tdb.autoID()))
				t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + tdb.qi(table)) })
				tdb.exec(t, fmt.Sprintf("INSERT INTO %s (k, h) VALUES ('a', 'va'), ('b', 'vb')", tdb.qi(table)))
				read := func() string { return hostileTable(t, tdb, table, "h") }
				before := read()
				res, err := bulk.Delete(ctx, tdb.db, table, []string{"a", "nope"}, bulk.Key("k"))
				if errors.Is(err, bulk.ErrUnknownTable) && strings.Contains(name, ".") {
					// A dotted name is schema.table, as documented; refused
					// before anything ran.
					err = fmt.Errorf("%w (unknown schema)", bulk.ErrInvalidName)
				}
				verdict(t, "Delete", res, err, before, read(), without(before, "a"))
			})
		}
		t.Logf("hostile names: %d Deletes worked, %d refused with ErrInvalidName", worked, refused)
	})
}

// TestReliabilityDeleteNotUniqueKey deletes by a Key that is not a unique
// key of the table (a non-unique column, part of a composite unique key,
// as Key and as a struct key): ErrNotUniqueKey listing the table's unique
// keys, nothing deleted. A Key that is one of several unique keys works.
func TestReliabilityDeleteNotUniqueKey(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		type orgKey struct {
			Org int `db:"org"`
		}
		calls := []struct {
			name string
			run  func(table string) (bulk.Result, error)
		}{
			{"Delete Key(val)", func(table string) (bulk.Result, error) {
				return bulk.Delete(ctx, tdb.db, table, []int{7}, bulk.Key("val"))
			}},
			{"Delete Key(org)", func(table string) (bulk.Result, error) {
				return bulk.Delete(ctx, tdb.db, table, []int{1}, bulk.Key("org"))
			}},
			{"Delete of struct key {org}", func(table string) (bulk.Result, error) {
				return bulk.Delete(ctx, tdb.db, table, []orgKey{{1}})
			}},
		}
		for _, c := range calls {
			table, _ := tdb.acctTable(t)
			before := tdb.acctSnapshot(t, table)
			res, err := c.run(table)
			switch {
			case !errors.Is(err, bulk.ErrNotUniqueKey):
				t.Errorf("%s: err = %v, result %+v; want ErrNotUniqueKey", c.name, err, res)
			case !strings.Contains(err.Error(), "email") || !strings.Contains(err.Error(), "sku"):
				t.Errorf("%s: %q does not list the unique keys (org, sku) and (email)", c.name, err)
			default:
				t.Logf("%s: %v", c.name, err)
			}
			if after := tdb.acctSnapshot(t, table); after != before {
				t.Errorf("%s: the table changed:\nbefore %s\nafter  %s", c.name, before, after)
			}
		}
		table, _ := tdb.acctTable(t)
		res, err := bulk.Delete(ctx, tdb.db, table, []string{"b@x", "z@x"}, bulk.Key("email"))
		if err != nil || !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Deleted, bulk.Missing}) || tdb.count(t, table) != 1 {
			t.Errorf("Delete Key(email), one of two unique keys: %+v, %v; want [deleted missing] and 1 row left", res, err)
		}
	})
}

// TestReliabilityDeleteCaseInsensitiveKeys deletes keys MariaDB's default
// collation compares equal. "Case" and "case" (or "skip " and "skip") in
// one Delete are an ErrDuplicateKey error that says the database compares
// them equal, nothing deleted; "skip" deletes a stored "Skip" (Deleted).
// PostgreSQL and SQLite compare as Go does: distinct keys, "skip" is
// Missing beside "Skip".
func TestReliabilityDeleteCaseInsensitiveKeys(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		ci := tdb.name == "mysql"
		for _, pair := range [][2]string{{"Case", "case"}, {"skip ", "skip"}} {
			table := tdb.productTable(t)
			if _, err := bulk.Insert(ctx, tdb.db, table, []product{{Org: 1, SKU: pair[0], Name: "stored"}}); err != nil {
				t.Fatal(err)
			}
			before := tdb.snapshot(t, table)
			res, err := bulk.Delete(ctx, tdb.db, table, []pkey{{1, pair[0]}, {1, pair[1]}})
			name := fmt.Sprintf("Delete of %q and %q", pair[0], pair[1])
			if !ci {
				if err != nil || !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Deleted, bulk.Missing}) || tdb.count(t, table) != 0 {
					t.Errorf("%s: %+v, %v; want [deleted missing], no row left", name, res, err)
				}
				continue
			}
			msg := ""
			if err != nil {
				msg = strings.ToLower(err.Error())
			}
			switch {
			case !errors.Is(err, bulk.ErrDuplicateKey):
				t.Errorf("%s: err = %v, result %+v; want ErrDuplicateKey", name, err, res)
			case !strings.Contains(msg, "collation"):
				t.Errorf("%s: %q does not say the column's collation compares the keys equal", name, err)
			default:
				t.Logf("%s: %v", name, err)
			}
			if after := tdb.snapshot(t, table); after != before {
				t.Errorf("%s: the table changed:\nbefore\n%safter\n%s", name, before, after)
			}
		}
		table := tdb.productTable(t)
		if _, err := bulk.Insert(ctx, tdb.db, table, []product{{Org: 1, SKU: "Skip", Name: "stored"}, {Org: 1, SKU: "keep", Name: "stored"}}); err != nil {
			t.Fatal(err)
		}
		res, err := bulk.Delete(ctx, tdb.db, table, []pkey{{1, "skip"}})
		want, left := []bulk.Outcome{bulk.Deleted}, 1
		if !ci {
			want, left = []bulk.Outcome{bulk.Missing}, 2
		}
		if err != nil || !slices.Equal(res.Outcomes, want) || tdb.count(t, table) != left {
			t.Errorf("Delete of %q beside a stored %q: %+v, %v, %d rows left; want %v and %d rows left", "skip", "Skip", res, err, tdb.count(t, table), want, left)
		}
	})
}

// TestReliabilityDeleteErrors checks what Delete's errors say: a nil
// context is ErrNilContext and leaves the DB usable; a key of the wrong
// type for its column (text for the integer id) deletes nothing, and
// either fails naming the column and table or reports the key Missing; a
// failure in chunk 3 (a row of another table referencing a key of that
// chunk, ON DELETE RESTRICT) deletes nothing of chunks 1 and 2 and the
// error says which chunk.
func TestReliabilityDeleteErrors(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		t.Run("nil context", func(t *testing.T) {
			table := tdb.productTable(t)
			rows := products(3, 1)
			if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
				t.Fatal(err)
			}
			db := reopen(t, tdb)
			defer db.Close()
			db.SetMaxOpenConns(1)
			var nilCtx context.Context
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				_, err = bulk.Delete(nilCtx, db, table, pkeys(rows))
				return err
			}()
			if !errors.Is(err, bulk.ErrNilContext) {
				t.Errorf("Delete(nil ctx): err = %v, want ErrNilContext", err)
			}
			ctx2, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			res, err := bulk.Delete(ctx2, db, table, []int64{rows[0].ID})
			if err != nil || res.Deleted != 1 || tdb.count(t, table) != 2 {
				t.Errorf("the Delete after Delete(nil ctx): %+v, %v, %d rows; want 1 deleted, 2 left", res, err, tdb.count(t, table))
			}
		})
		t.Run("wrong key type", func(t *testing.T) {
			table := tdb.productTable(t)
			rows := products(3, 1)
			if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
				t.Fatal(err)
			}
			before := tdb.snapshot(t, table)
			// "1abc" is not an integer; MySQL would compare it to id as 1.
			key := fmt.Sprintf("%dabc", rows[0].ID)
			res, err := bulk.Delete(ctx, tdb.db, table, []string{key}, bulk.Key("id"))
			t.Logf("Delete of id %q: %+v, %v", key, res, err)
			switch {
			case err == nil:
				if !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Missing}) {
					t.Errorf("Delete of id %q: outcomes %v, want [missing]", key, res.Outcomes)
				}
			case errors.Is(err, bulk.ErrRowType):
			case !strings.Contains(err.Error(), "id") || !strings.Contains(err.Error(), table):
				t.Errorf("Delete of id %q: %q does not name the column id of %s", key, err, table)
			}
			if after := tdb.snapshot(t, table); after != before {
				t.Errorf("Delete of id %q: the table changed:\nbefore\n%safter\n%s", key, before, after)
			}
		})
		t.Run("chunk 3 fails", func(t *testing.T) {
			table := tdb.productTable(t)
			rows := products(1000, 1)
			if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
				t.Fatal(err)
			}
			child := tdb.table(t, "child")
			switch tdb.name {
			case "sqlite":
				// Foreign keys are off on the suite's SQLite connections: a
				// trigger refuses the delete as RESTRICT would.
				tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (org INTEGER NOT NULL, sku TEXT NOT NULL)", child))
				tdb.exec(t, fmt.Sprintf(`CREATE TRIGGER %[1]s_restrict BEFORE DELETE ON %[2]s FOR EACH ROW
					WHEN EXISTS (SELECT 1 FROM %[1]s c WHERE c.org = OLD.org AND c.sku = OLD.sku)
					BEGIN SELECT RAISE(ABORT, 'restricted by %[1]s'); END`, child, table))
			default:
				engine := ""
				if tdb.name == "mysql" {
					engine = " ENGINE=InnoDB"
				}
				tdb.exec(t, fmt.Sprintf(`CREATE TABLE %s (org INT NOT NULL, sku VARCHAR(64) NOT NULL,
					FOREIGN KEY (org, sku) REFERENCES %s (org, sku) ON DELETE RESTRICT)%s`, child, table, engine))
			}
			t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + child) })
			tdb.exec(t, fmt.Sprintf("INSERT INTO %s (org, sku) VALUES (1, 'sku-000250')", child))
			before := tdb.snapshot(t, table)
			keys := pkeys(rows)
			rand.New(rand.NewPCG(71, 0)).Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
			keys = append(keys, pkey{1, "zz-missing"})
			res, err := bulk.Delete(ctx, tdb.db, table, keys, bulk.ChunkSize(100))
			var ce *bulk.ChunkError
			switch {
			case err == nil:
				t.Errorf("no error deleting a row another table references: %+v", res)
			case !errors.As(err, &ce) || ce.Chunk != 2 || ce.Done != 200 || !strings.Contains(err.Error(), "chunk 2"):
				t.Errorf("err = %v, want a ChunkError for chunk 2 (the third) with 200 earlier rows", err)
			default:
				t.Logf("%v", err)
			}
			if after := tdb.snapshot(t, table); after != before {
				t.Errorf("the call failed but the table changed: %d rows before, %d after", strings.Count(before, "\n"), strings.Count(after, "\n"))
			}
			// Without the reference the same call deletes every row.
			tdb.exec(t, "DELETE FROM "+child)
			res, err = bulk.Delete(ctx, tdb.db, table, keys, bulk.ChunkSize(100))
			if err == nil {
				err = checkDeleteResult(res, len(keys))
			}
			if err != nil || res.Deleted != 1000 || !slices.Equal(res.MissingRows, []int{1000}) || res.Chunks != 11 || tdb.count(t, table) != 0 {
				t.Errorf("Delete of 1000 keys and a missing one in chunks of 100: %v; deleted %d, missing %v, chunks %d, %d rows left",
					err, res.Deleted, res.MissingRows, res.Chunks, tdb.count(t, table))
			}
		})
	})
}

// Queries in goroutines started per element, and worker pools.

package loops

import (
	"context"
	"database/sql"
	"sync"

	"golang.org/x/sync/errgroup"
)

// --- positives ---

// Goroutines per item: still one query per element.
func goroutines(ctx context.Context, db *sql.DB, ids []int64) error { // want goroutines:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db.ExecContext(ctx, "UPDATE users SET seen = now() WHERE id = $1", id) // want `^query per goroutine: \(\*sql\.DB\)\.ExecContext runs in a goroutine started once per element of ids`
		}()
	}
	wg.Wait()
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			return db.QueryRowContext(ctx, "SELECT 1 FROM users WHERE id = $1", id).Err() // want `query per goroutine`
		})
	}
	var wg2 sync.WaitGroup
	for _, id := range ids {
		wg2.Go(func() { loadUser(ctx, db, id) }) // want `query per goroutine: loops\.loadUser runs a query`
	}
	wg2.Wait()
	for _, id := range ids {
		go func(id int64) {
			db.ExecContext(ctx, "DELETE FROM users WHERE id = $1", id) // want `query per goroutine`
		}(id)
	}
	return g.Wait()
}

// go f(x) in a loop: a goroutine per element.
func goCall(ctx context.Context, db *sql.DB, ids []int64) { // want goCall:`^query\(loops\.loadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	for _, id := range ids {
		go loadUser(ctx, db, id) // want `^query per goroutine: loops\.loadUser runs a query via \(\*sql\.DB\)\.QueryRowContext in a goroutine started once per element of ids`
	}
}

// --- negatives ---

// A worker pool: each worker waits for jobs and queries per job received;
// starting one per slot of the pool is not a query per element.
type worker struct {
	db   *sql.DB
	jobs <-chan int64
}

func (w *worker) run() { // want run:`^query\(\(\*sql\.DB\)\.Exec\) consumer$`
	for id := range w.jobs {
		w.db.Exec("UPDATE feeds SET checked = now() WHERE id = $1", id) // want `once per value received from w\.jobs`
	}
}

func startPool(db *sql.DB, jobs <-chan int64, n int) { // want startPool:`^query\(\(\*loops\.worker\)\.run \-> \(\*sql\.DB\)\.Exec\) consumer$`
	for i := range n {
		w := &worker{db: db, jobs: jobs}
		_ = i
		go w.run()
	}
}

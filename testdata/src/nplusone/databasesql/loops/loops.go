// Package loops holds database/sql loops: positives first, then negatives,
// each negative saying why it is silent.
package loops

import (
	"context"
	"database/sql"
	"errors"
	"iter"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

type User struct {
	ID     int64
	Name   string
	Parent int64
}

// --- positives ---

func rangeSlice(ctx context.Context, db *sql.DB, ids []int64) error { // want rangeSlice:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	for _, id := range ids {
		var u User
		if err := db.QueryRowContext(ctx, "SELECT id, name FROM users WHERE id = $1", id).Scan(&u.ID, &u.Name); err != nil { // want `^query in loop: \(\*sql\.DB\)\.QueryRowContext runs once per element of ids \(loop at line 25\); load them at once with bulk\.Load$`
			return err
		}
	}
	return nil
}

func countedLoop(db *sql.DB, ids []int64) { // want countedLoop:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for i := 0; i < len(ids); i++ {
		db.Exec("DELETE FROM users WHERE id = $1", ids[i]) // want `^query in loop: \(\*sql\.DB\)\.Exec runs once per iteration \(loop at line 35\); delete them at once with one statement over all keys \(WHERE id = ANY\(\$1\), or IN with sqlx\.In\)$`
	}
}

func rangeMap(db *sql.DB, names map[int64]string) { // want rangeMap:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for id, name := range names {
		db.Exec("UPDATE users SET name = $1 WHERE id = $2", name, id) // want `once per entry of names`
	}
}

func rangeChan(db *sql.DB, ids <-chan int64) { // want rangeChan:`^query\(\(\*sql\.DB\)\.QueryRow\) consumer$`
	for id := range ids {
		db.QueryRow("SELECT name FROM users WHERE id = $1", id) // want `once per value received from ids`
	}
}

func rangeInt(db *sql.DB, n int) { // want rangeInt:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for i := range n {
		db.Exec("INSERT INTO t (n) VALUES ($1)", i) // want `once per value below n`
	}
}

func rangeFunc(db *sql.DB, seq iter.Seq[int64]) { // want rangeFunc:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for id := range seq {
		db.Exec("DELETE FROM users WHERE id = $1", id) // want `once per value yielded by seq`
	}
}

func derivedInBody(db *sql.DB, users []User) { // want derivedInBody:`^query\(\(\*sql\.DB\)\.QueryRow\)$`
	for _, u := range users {
		key := u.Parent * 10
		args := []any{key}
		db.QueryRow("SELECT 1 FROM users WHERE id = $1", args[0]) // want `query in loop`
	}
}

func nested(db *sql.DB, groups [][]int64) { // want nested:`^query\(\(\*sql\.DB\)\.QueryRow\)$`
	for _, g := range groups {
		for _, id := range g {
			db.QueryRow("SELECT 1 FROM users WHERE id = $1", id) // want `once per element of g \(loop at line 74\)`
		}
	}
}

// Per row of an outer query: the classic N+1.
func perRow(ctx context.Context, db *sql.DB) error { // want perRow:`^query\(\(\*sql\.DB\)\.QueryContext\)$`
	rows, err := db.QueryContext(ctx, "SELECT id FROM users")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		var n int
		db.QueryRowContext(ctx, "SELECT count(*) FROM orders WHERE user_id = $1", id).Scan(&n) // want `^query per row: \(\*sql\.DB\)\.QueryRowContext runs once per row of \(\*sql\.DB\)\.QueryContext at line 82 \(loop at line 87\); load them at once with bulk\.Load$`
	}
	return rows.Err()
}

// A helper of the same package: reported at the call of the helper.
func loadUser(ctx context.Context, db *sql.DB, id int64) (User, error) { // want loadUser:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var u User
	err := db.QueryRowContext(ctx, "SELECT id, name FROM users WHERE id = $1", id).Scan(&u.ID, &u.Name)
	return u, err
}

type repo struct{ db *sql.DB }

func (r *repo) user(ctx context.Context, id int64) (User, error) { return loadUser(ctx, r.db, id) } // want user:`^query\(loops\.loadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`

func viaHelpers(ctx context.Context, r *repo, db *sql.DB, ids []int64) { // want viaHelpers:`^query\(loops\.loadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	for _, id := range ids {
		loadUser(ctx, db, id) // want `^query in loop: loops\.loadUser runs a query via \(\*sql\.DB\)\.QueryRowContext once per element of ids \(loop at line 110\); load them at once with bulk\.Load$`
		r.user(ctx, id)       // want `^query in loop: \(\*loops\.repo\)\.user runs a query via loops\.loadUser -> \(\*sql\.DB\)\.QueryRowContext once per element`
	}
}

// A closure variable called in the loop.
func closureVar(ctx context.Context, db *sql.DB, ids []int64) { // want closureVar:`^query\(get \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	get := func(id int64) error {
		return db.QueryRowContext(ctx, "SELECT 1 FROM users WHERE id = $1", id).Err()
	}
	for _, id := range ids {
		get(id) // want `query in loop: get runs a query via \(\*sql\.DB\)\.QueryRowContext`
	}
}

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

// A recursive walk that queries per node.
type Node struct {
	ID       int64
	Children []*Node
	Left     *Node
}

func loadTree(ctx context.Context, db *sql.DB, n *Node) error { // want loadTree:`^query\(\(\*sql\.DB\)\.QueryContext\)$`
	rows, err := db.QueryContext(ctx, "SELECT id FROM nodes WHERE parent = $1", n.ID)
	if err != nil {
		return err
	}
	rows.Close()
	for _, child := range n.Children {
		loadTree(ctx, db, child) // want `^query per node: loops\.loadTree runs a query via \(\*sql\.DB\)\.QueryContext, calling itself once per element of n\.Children`
	}
	return nil
}

func walkLeft(ctx context.Context, db *sql.DB, n *Node) { // want walkLeft:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	if n == nil {
		return
	}
	db.ExecContext(ctx, "UPDATE nodes SET seen = true WHERE id = $1", n.ID)
	walkLeft(ctx, db, n.Left) // want `^query per node: loops\.walkLeft queries via \(\*sql\.DB\)\.ExecContext and calls itself here once per node it walks`
}

// A loop that breaks after the query only on success is still a loop over
// elements: the break is conditional.
func firstMatch(db *sql.DB, ids []int64) int64 { // want firstMatch:`^query\(\(\*sql\.DB\)\.QueryRow\)$`
	for _, id := range ids {
		var ok bool
		db.QueryRow("SELECT active FROM users WHERE id = $1", id).Scan(&ok) // want `query in loop`
		if ok {
			return id
		}
	}
	return 0
}

// --- negatives ---

// Retry: the query's arguments do not come from the iteration.
func retry(ctx context.Context, db *sql.DB, id int64) error { // want retry:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if _, err = db.ExecContext(ctx, "UPDATE users SET n = n + 1 WHERE id = $1", id); err == nil {
			return nil
		}
	}
	for {
		if _, err = db.ExecContext(ctx, "UPDATE users SET n = n + 1 WHERE id = $1", id); !errors.Is(err, sql.ErrConnDone) {
			return err
		}
	}
}

// Poll and keyset pagination: for {} derives nothing from its iterations.
func paginate(db *sql.DB) { // want paginate:`^query\(\(\*sql\.DB\)\.Query\) consumer$`
	var last int64
	for {
		var ids []int64
		rows, _ := db.Query("SELECT id FROM users WHERE id > $1 ORDER BY id LIMIT 100", last)
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			return
		}
		last = ids[len(ids)-1]
	}
}

// The loop ends after its first query.
func firstOnly(db *sql.DB, ids []int64) (User, error) { // want firstOnly:`^query\(\(\*sql\.DB\)\.QueryRow\)$`
	for _, id := range ids {
		var u User
		err := db.QueryRow("SELECT id FROM users WHERE id = $1", id).Scan(&u.ID)
		return u, err
	}
	for _, id := range ids {
		db.Exec("DELETE FROM users WHERE id = $1", id)
		break
	}
	return User{}, nil
}

// Queries before and after the loop.
func beforeAfter(db *sql.DB, ids []int64) { // want beforeAfter:`^query\(\(\*sql\.DB\)\.Exec\)$`
	db.Exec("LOCK TABLE users")
	for _, id := range ids {
		_ = id
	}
	db.Exec("UNLOCK TABLE users")
}

// A small fixed set written in the code.
var partitions = []string{"users_2024", "users_2025", "users_2026"}

func fixedSets(db *sql.DB) { // want fixedSets:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, t := range []string{"users", "orders", "items"} {
		db.Exec("TRUNCATE " + t)
	}
	for _, t := range partitions {
		db.Exec("VACUUM " + t)
	}
	for i := range 3 {
		db.Exec("SELECT pg_sleep($1)", i)
	}
	for i := 0; i < 4; i++ {
		db.Exec("INSERT INTO shards (n) VALUES ($1)", i)
	}
}

// Chunks: each query loads a whole slice of keys.
func chunks(db *sql.DB, ids []int64) { // want chunks:`^query\(\(\*sql\.DB\)\.Query\)$`
	for start := 0; start < len(ids); start += 500 {
		end := min(start+500, len(ids))
		db.Query("SELECT * FROM users WHERE id = ANY($1)", ids[start:end])
	}
}

// The handle comes from the iteration: one query per shard is the design.
func perShard(shards []*sql.DB) { // want perShard:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, s := range shards {
		s.Exec("VACUUM")
	}
}

// Function literals created in a loop but not run there.
func handlers(mux *http.ServeMux, db *sql.DB, routes []string) {
	for _, r := range routes {
		mux.HandleFunc(r, func(w http.ResponseWriter, req *http.Request) {
			db.QueryRow("SELECT body FROM pages WHERE path = $1", r)
		})
	}
}

// Suppressed, with a reason.
func suppressed(db *sql.DB, ids []int64) { // want suppressed:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, id := range ids {
		db.Exec("SELECT 1 WHERE $1", id) //bulklint:ignore nplusone -- runs once a day over ten ids
	}
	for _, id := range ids {
		db.Exec("SELECT 1 WHERE $1", id) //nolint:nplusone // admin tool
	}
}

// Suppressed without a reason: the suppression itself is reported.
func suppressedNoReason(db *sql.DB, ids []int64) { // want suppressedNoReason:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, id := range ids {
		db.Exec("SELECT 1 WHERE $1", id) //bulklint:ignore nplusone // want `gives no reason`
	}
}

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

// go f(x) in a loop: a goroutine per element.
func goCall(ctx context.Context, db *sql.DB, ids []int64) { // want goCall:`^query\(loops\.loadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	for _, id := range ids {
		go loadUser(ctx, db, id) // want `^query per goroutine: loops\.loadUser runs a query via \(\*sql\.DB\)\.QueryRowContext in a goroutine started once per element of ids`
	}
}

// A statement per table of a list: each iteration runs a different
// statement, which no bulk call replaces.
func perTable(db *sql.DB, tables []string, before int64) { // want perTable:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, t := range tables {
		db.Exec("DELETE FROM "+t+" WHERE created_at < $1", before)
	}
}

// sync.Once runs its function once per program, not once per call.
var once sync.Once

func initTenant(db *sql.DB, tenant int64) {
	once.Do(func() { db.Exec("INSERT INTO tenants (id) VALUES ($1)", tenant) })
}

func handleAll(db *sql.DB, tenants []int64) {
	for _, t := range tenants {
		initTenant(db, t)
	}
}

// INSERT ... RETURNING run with QueryRow is an insert per element.
func insertReturning(db *sql.DB, names []string) { // want insertReturning:`^query\(\(\*sql\.DB\)\.QueryRow\)$`
	for _, n := range names {
		var id int64
		db.QueryRow("INSERT INTO users (name) VALUES ($1) RETURNING id", n).Scan(&id) // want `runs once per element of names .*; insert them at once with bulk\.Insert$`
	}
}

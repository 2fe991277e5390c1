// Package loops holds database/sql loops, by scenario: kinds of loop
// (this file), helpers and closures, goroutines, recursive walks and
// suppressions. In each file positives come first, then negatives, each
// negative saying why it is silent.
package loops

import (
	"context"
	"database/sql"
	"errors"
	"iter"
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
		if err := db.QueryRowContext(ctx, "SELECT id, name FROM users WHERE id = $1", id).Scan(&u.ID, &u.Name); err != nil { // want `^query in loop: \(\*sql\.DB\)\.QueryRowContext runs once per element of ids \(loop at line 23\); load them at once with bulk\.Load$`
			return err
		}
	}
	return nil
}

func countedLoop(db *sql.DB, ids []int64) { // want countedLoop:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for i := 0; i < len(ids); i++ {
		db.Exec("DELETE FROM users WHERE id = $1", ids[i]) // want `^query in loop: \(\*sql\.DB\)\.Exec runs once per iteration \(loop at line 33\); delete them at once with bulk\.Delete$`
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
			db.QueryRow("SELECT 1 FROM users WHERE id = $1", id) // want `once per element of g \(loop at line 72\)`
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
		db.QueryRowContext(ctx, "SELECT count(*) FROM orders WHERE user_id = $1", id).Scan(&n) // want `^query per row: \(\*sql\.DB\)\.QueryRowContext runs once per row of \(\*sql\.DB\)\.QueryContext at line 80 \(loop at line 85\); load them at once with bulk\.Load$`
	}
	return rows.Err()
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

// INSERT ... RETURNING run with QueryRow is an insert per element.
func insertReturning(db *sql.DB, names []string) { // want insertReturning:`^query\(\(\*sql\.DB\)\.QueryRow\)$`
	for _, n := range names {
		var id int64
		db.QueryRow("INSERT INTO users (name) VALUES ($1) RETURNING id", n).Scan(&id) // want `runs once per element of names .*; insert them at once with bulk\.Insert$`
	}
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

// A statement per table of a list: each iteration runs a different
// statement, which no bulk call replaces.
func perTable(db *sql.DB, tables []string, before int64) { // want perTable:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, t := range tables {
		db.Exec("DELETE FROM "+t+" WHERE created_at < $1", before)
	}
}

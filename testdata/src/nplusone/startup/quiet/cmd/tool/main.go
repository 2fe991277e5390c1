// Command tool is a one-off command-line tool: main and the functions only
// main calls run once per invocation. A handler it registers runs per
// request and is reported.
package main

import (
	"context"
	"database/sql"
	"net/http"
)

func main() { // want main:`^query\(\(\*sql\.DB\)\.ExecContext\) startup$`
	ctx := context.Background()
	db, _ := sql.Open("postgres", "")
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	// Silent: main runs once.
	for _, id := range ids {
		db.ExecContext(ctx, "UPDATE users SET active = true WHERE id = $1", id)
	}
	backfill(ctx, db, ids)
	http.HandleFunc("/touch", func(w http.ResponseWriter, r *http.Request) {
		for _, id := range ids {
			db.ExecContext(r.Context(), "UPDATE users SET seen = now() WHERE id = $1", id) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of ids`
		}
	})
	http.HandleFunc("/archive", archive(db, ids))
}

// Silent: called only from main.
func backfill(ctx context.Context, db *sql.DB, ids []int64) { // want backfill:`^query\(\(\*sql\.DB\)\.ExecContext\) startup$`
	for _, id := range ids {
		db.ExecContext(ctx, "UPDATE users SET plan = 'free' WHERE id = $1", id)
	}
}

// Reported: its literal is a handler, run per request.
func archive(db *sql.DB, ids []int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, id := range ids {
			db.ExecContext(r.Context(), "UPDATE users SET archived = true WHERE id = $1", id) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of ids`
		}
	}
}

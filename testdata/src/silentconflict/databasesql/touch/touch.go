// Package touch holds upserts whose update part only sets a timestamp to
// the clock: a duplicate is taken without an error and every value the new
// row brought is dropped, as with DO NOTHING.
package touch

import (
	"context"
	"database/sql"
)

func touchUser(ctx context.Context, db *sql.DB, email, name string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET updated_at = now()`, email, name) // want `^uncounted conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO UPDATE that only sets the time \(updated_at\) into users and its sql\.Result is dropped; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	return err
}

func touchMySQL(db *sql.DB, email, name string) {
	db.Exec("INSERT INTO users (email, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE updatedAt = CURRENT_TIMESTAMP", email, name) // want `^ignored conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON DUPLICATE KEY UPDATE that only sets the time \(updatedAt\) into users and its error is discarded`
}

// Only the key and the time are written: a duplicate loses nothing, its
// discarded error is still reported.
func seen(db *sql.DB, device string) {
	db.Exec(`INSERT INTO devices (id, last_seen_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET last_seen_at = now()`, device) // want `^ignored conflict: .* a failed write goes unnoticed, though a skipped row loses nothing here; check the error$`
}

// Negative: the new row's values are written on conflict.
func upsert(ctx context.Context, db *sql.DB, email, name string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`, email, name)
	return err
}

// Negative: a counter, whose update is the point.
func hit(ctx context.Context, db *sql.DB, path string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO hits (path, n) VALUES ($1, 1) ON CONFLICT (path) DO UPDATE SET n = hits.n + 1, updated_at = now()`, path)
	return err
}

// Negative: a condition on the update, which may be the point.
func touchIfOld(ctx context.Context, db *sql.DB, email, name string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET updated_at = now() WHERE users.updated_at < now() - interval '1 day'`, email, name)
	return err
}

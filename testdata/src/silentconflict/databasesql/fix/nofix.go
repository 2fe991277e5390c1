package fix

import (
	"context"
	"database/sql"
)

const insert = "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING"

// No fix: the count matters. Checking the error alone would leave a
// dropped sql.Result, reported in turn as an uncounted conflict, and what
// to do with skipped rows is the caller's decision (bulk.SkipConflicts).
func countMatters(ctx context.Context, db *sql.DB, email string) error {
	db.ExecContext(ctx, insert, email) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	return nil
}

// No fix: the function returns no error.
func noError(ctx context.Context, db *sql.DB, a, b int64) {
	db.ExecContext(ctx, follow, a, b) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs`
}

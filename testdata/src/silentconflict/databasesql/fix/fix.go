// Package fix holds writes whose discarded error a suggested fix checks.
package fix

import (
	"context"
	"database/sql"
	"time"
)

const insert = "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING"

type Summary struct{ Written int }

func onlyError(ctx context.Context, db *sql.DB, email string) error {
	db.ExecContext(ctx, insert, email) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs`
	return nil
}

func withResults(ctx context.Context, tx *sql.Tx, email string) (int, Summary, *Summary, time.Time, error) {
	_, _ = tx.ExecContext(ctx, insert, email) // want `^ignored conflict: \(\*sql\.Tx\)\.ExecContext runs`
	return 1, Summary{}, nil, time.Now(), nil
}

func inLiteral(ctx context.Context, db *sql.DB, emails []string) {
	run(func() error {
		for _, e := range emails {
			db.ExecContext(ctx, insert, e) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs`
		}
		return nil
	})
}

// The new lines take the line's own indentation, whatever precedes the
// statement on it.
func afterComment(ctx context.Context, db *sql.DB, email string) error {
	/* ü, é */ db.ExecContext(ctx, insert, email) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs`
	return nil
}

// No fix: the function returns no error.
func noError(ctx context.Context, db *sql.DB, email string) {
	db.ExecContext(ctx, insert, email) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs`
}

func run(f func() error) { _ = f() }

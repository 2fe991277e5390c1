// Package fix holds writes whose discarded error a suggested fix checks:
// writes whose skipped rows lose nothing, so that the fixed code, which
// keeps only the error, is accepted. Writes whose count matters get no fix
// (nofix.go).
package fix

import (
	"context"
	"database/sql"
	"time"
)

// follow binds only the columns of its conflict target: a skipped row is
// the existing one.
const follow = "INSERT INTO follows (follower, followee) VALUES ($1, $2) ON CONFLICT (follower, followee) DO NOTHING"

// seed binds no value of the program.
const seed = "INSERT INTO settings (key, value) VALUES ('theme', 'dark') ON CONFLICT DO NOTHING"

// archive copies rows the database holds.
const archive = "INSERT INTO archive (id, body) SELECT id, body FROM posts WHERE created < $1 ON CONFLICT DO NOTHING"

type Summary struct{ Written int }

func onlyError(ctx context.Context, db *sql.DB, a, b int64) error {
	db.ExecContext(ctx, follow, a, b) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into follows and its error is discarded; a failed write goes unnoticed, though a skipped row loses nothing here; check the error$`
	return nil
}

func withResults(ctx context.Context, tx *sql.Tx) (int, Summary, *Summary, time.Time, error) {
	_, _ = tx.ExecContext(ctx, seed) // want `^ignored conflict: \(\*sql\.Tx\)\.ExecContext runs`
	return 1, Summary{}, nil, time.Now(), nil
}

func inLiteral(ctx context.Context, db *sql.DB, before []time.Time) {
	run(func() error {
		for _, t := range before {
			db.ExecContext(ctx, archive, t) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs`
		}
		return nil
	})
}

// The new lines take the line's own indentation, whatever precedes the
// statement on it.
func afterComment(ctx context.Context, db *sql.DB, a, b int64) error {
	/* ü, é */ db.ExecContext(ctx, follow, a, b) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs`
	return nil
}

func run(f func() error) { _ = f() }

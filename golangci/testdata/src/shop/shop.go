// Package shop has one finding of each analyzer with default settings, and
// code whose findings depend on settings: a loop over a small literal set
// (nplusone fixedset), a query layer the analyzers cannot see into
// (nplusone funcs), and the same mistakes in shop_test.go (tests).
package shop

import (
	"context"
	"database/sql"

	"plugintest/runner"
)

type Account struct {
	ID      int64
	Owner   string
	Balance int64
}

// nplusone, query-in-loop.
func loadAll(ctx context.Context, db *sql.DB, ids []int64) error {
	for _, id := range ids {
		var a Account
		if err := db.QueryRowContext(ctx, "SELECT id, owner FROM accounts WHERE id = $1", id).Scan(&a.ID, &a.Owner); err != nil {
			return err
		}
	}
	return nil
}

// silentconflict, conflict-error-ignored.
func register(ctx context.Context, db *sql.DB, owner string) {
	db.ExecContext(ctx, "INSERT INTO accounts (owner) VALUES ($1) ON CONFLICT DO NOTHING", owner)
}

// missingfields, update-misses-fields: Balance is changed and not written.
func rename(ctx context.Context, db *sql.DB, a *Account) error {
	a.Owner = "bank"
	a.Balance = 0
	_, err := db.ExecContext(ctx, "UPDATE accounts SET owner = $1 WHERE id = $2", a.Owner, a.ID)
	return err
}

// Silent: suppressed by the analyzer, in every front end.
func ignored(db *sql.DB, ids []int64) {
	for _, id := range ids {
		db.Exec("DELETE FROM accounts WHERE id = $1", id) //bulklint:ignore nplusone -- a nightly job over a few ids
	}
}

// Reported by the plugin's analyzer: the nolint directive is left to
// golangci-lint, which drops the finding (and nolintlint sees it used).
func nolinted(db *sql.DB, ids []int64) {
	for _, id := range ids {
		db.Exec("DELETE FROM accounts WHERE id = $1", id) //nolint:nplusone
	}
}

// Silent by default: a loop over three values written in the code
// (fixedset 8); reported with fixedset 2.
func fixed(db *sql.DB) {
	for _, id := range []int64{1, 2, 3} {
		db.Exec("DELETE FROM accounts WHERE id = $1", id)
	}
}

// Silent by default: runner.Runner.Run is not known to query; reported when
// funcs names it.
func touch(ctx context.Context, r *runner.Runner, ids []int64) {
	for _, id := range ids {
		r.Run(ctx, "UPDATE accounts SET seen = now() WHERE id = $1", id)
	}
}

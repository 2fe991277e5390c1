// Package seed fills a new database with demo rows: its name says it runs
// once, and nothing in it is reported unless -startup.
package seed

import (
	"context"
	"database/sql"
)

// Silent: seeding, one INSERT per user.
func Users(ctx context.Context, db *sql.DB, names []string) error { // want Users:`^query\(\(\*sql\.DB\)\.ExecContext\) startup$`
	for _, n := range names {
		if _, err := db.ExecContext(ctx, "INSERT INTO users (name) VALUES ($1)", n); err != nil {
			return err
		}
	}
	return nil
}

func withTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Silent: a literal handed to a helper of the package, in a package that
// runs once.
func Tags(ctx context.Context, db *sql.DB, names []string) error {
	return withTx(ctx, db, func(tx *sql.Tx) error {
		for _, n := range names {
			if _, err := tx.ExecContext(ctx, "INSERT INTO tags (name) VALUES ($1)", n); err != nil {
				return err
			}
		}
		return nil
	})
}

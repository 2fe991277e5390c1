// Package goose holds Go migrations registered with goose: they run once
// per database, and their loops are not reported unless -startup. A
// function of the same package that is no migration still is.
package goose

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upRoles, downRoles)
	goose.AddMigrationContext(func(ctx context.Context, tx *sql.Tx) error {
		// Silent: a migration literal, one UPDATE per legacy role.
		for _, name := range legacy {
			if _, err := tx.ExecContext(ctx, "UPDATE roles SET name = $1 WHERE name = $2", name+"_v2", name); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}

var legacy = []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}

// Silent: a registered migration, one INSERT per role.
func upRoles(ctx context.Context, tx *sql.Tx) error { // want upRoles:`^query\(\(\*sql\.Tx\)\.ExecContext\) startup$`
	for _, name := range legacy {
		if _, err := tx.ExecContext(ctx, "INSERT INTO roles (name) VALUES ($1)", name); err != nil {
			return err
		}
	}
	return nil
}

func downRoles(ctx context.Context, tx *sql.Tx) error { // want downRoles:`^query\(\(\*sql\.Tx\)\.ExecContext\) startup$`
	_, err := tx.ExecContext(ctx, "DELETE FROM roles")
	return err
}

// --- positive ---

// Not a migration: an ordinary function of the same package.
func grant(ctx context.Context, db *sql.DB, userIDs []int64) { // want grant:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	for _, id := range userIDs {
		db.ExecContext(ctx, "INSERT INTO grants (user_id) VALUES ($1)", id) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of userIDs \(loop at line 47\); insert them at once with bulk\.Insert$`
	}
}

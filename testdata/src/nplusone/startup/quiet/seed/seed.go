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

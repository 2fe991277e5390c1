// Package seeds is checked with -startup: seeding is reported as any other
// code.
package seeds

import (
	"context"
	"database/sql"
)

func Users(ctx context.Context, db *sql.DB, names []string) error { // want Users:`^query\(\(\*sql\.DB\)\.ExecContext\) startup$`
	for _, n := range names {
		if _, err := db.ExecContext(ctx, "INSERT INTO users (name) VALUES ($1)", n); err != nil { // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of names \(loop at line 11\); insert them at once with bulk\.Insert$`
			return err
		}
	}
	return nil
}

// Command tool is checked with -startup: main's loops are reported.
package main

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func main() { // want main:`^query\(\(\*sql\.DB\)\.ExecContext\) startup$`
	ctx := context.Background()
	db, _ := sql.Open("postgres", "")
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, id := range ids {
		db.ExecContext(ctx, "UPDATE users SET active = true WHERE id = $1", id) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of ids`
	}
	goose.AddMigrationContext(func(ctx context.Context, tx *sql.Tx) error {
		for _, id := range ids {
			tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", id) // want `^query in loop: \(\*sql\.Tx\)\.ExecContext runs once per element of ids \(loop at line 19\); delete them at once with bulk\.Delete$`
		}
		return nil
	}, nil)
}

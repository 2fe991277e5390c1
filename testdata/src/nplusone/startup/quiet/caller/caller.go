// Package caller calls run-once code from elsewhere: the fact of a seeding
// function says so, and its callers are not reported either.
package caller

import (
	"context"
	"database/sql"

	"fixtures/nplusone/startup/quiet/seed"
)

// Silent: seeding per tenant is still seeding.
func SeedTenants(ctx context.Context, db *sql.DB, tenants [][]string) { // want SeedTenants:`^query\(seed\.Users -> \(\*sql\.DB\)\.ExecContext\) startup$`
	for _, names := range tenants {
		seed.Users(ctx, db, names)
	}
}

// A function that seeds and also serves requests is not run-once code.
func Serve(ctx context.Context, db *sql.DB, ids []int64) { // want Serve:`^query\(seed\.Users -> \(\*sql\.DB\)\.ExecContext\)$`
	seed.Users(ctx, db, nil)
	for _, id := range ids {
		db.ExecContext(ctx, "UPDATE users SET seen = now() WHERE id = $1", id) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of ids`
	}
}

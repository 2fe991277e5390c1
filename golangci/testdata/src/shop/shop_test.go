package shop

import (
	"context"
	"database/sql"
)

// Silent by default, as every _test.go file; each analyzer reports here
// with its tests setting.

func seed(db *sql.DB, ids []int64) {
	for _, id := range ids {
		db.Exec("INSERT INTO accounts (id) VALUES ($1)", id)
	}
}

func seedOwner(db *sql.DB) {
	db.Exec("INSERT INTO accounts (owner) VALUES ('bank') ON CONFLICT DO NOTHING")
}

func resetBalance(ctx context.Context, db *sql.DB, a *Account) {
	a.Owner = "test"
	a.Balance = 0
	db.ExecContext(ctx, "UPDATE accounts SET balance = $1 WHERE id = $2", a.Balance, a.ID)
}

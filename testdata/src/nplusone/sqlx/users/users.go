// Package users holds sqlx loops.
package users

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type User struct {
	ID    int64  `db:"id"`
	Name  string `db:"name"`
	Email string `db:"email"`
}

type Order struct {
	ID     int64 `db:"id"`
	UserID int64 `db:"user_id"`
}

// Per row of a slice filled by Select.
func ordersPerUser(ctx context.Context, db *sqlx.DB) error { // want ordersPerUser:`^query\(\(\*sqlx\.DB\)\.SelectContext\)$`
	var users []User
	if err := db.SelectContext(ctx, &users, "SELECT * FROM users"); err != nil {
		return err
	}
	for _, u := range users {
		var orders []Order
		if err := db.SelectContext(ctx, &orders, "SELECT * FROM orders WHERE user_id = $1", u.ID); err != nil { // want `^query per row: \(\*sqlx\.DB\)\.SelectContext runs once per row of \(\*sqlx\.DB\)\.SelectContext at line 24 \(loop at line 27\); load them at once with bulk\.Load$`
			return err
		}
	}
	return nil
}

// A write per element: the fix is a bulk write.
func rename(ctx context.Context, tx *sqlx.Tx, users []User) { // want rename:`^query\(\(\*sqlx\.Tx\)\.NamedExecContext\)$`
	for _, u := range users {
		tx.NamedExecContext(ctx, "UPDATE users SET name = :name WHERE id = :id", u) // want `^query in loop: \(\*sqlx\.Tx\)\.NamedExecContext runs once per element of users .*; update them at once with bulk\.Update$`
	}
}

// An application's own interface embedding sqlx's.
type Accessor interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
}

func viaAccessor(ctx context.Context, a Accessor, ids []int64) { // want viaAccessor:`^query\(\(users\.Accessor\)\.GetContext\)$`
	for _, id := range ids {
		var u User
		a.GetContext(ctx, &u, "SELECT * FROM users WHERE id = $1", id) // want `^query in loop: \(users\.Accessor\)\.GetContext runs once per element of ids`
	}
}

// Negative: sqlx.In batches each chunk.
func batched(ctx context.Context, db *sqlx.DB, chunks [][]int64) error { // want batched:`^query\(\(\*sqlx\.DB\)\.SelectContext\)$`
	for _, chunk := range chunks {
		q, args, err := sqlx.In("SELECT * FROM users WHERE id IN (?)", chunk)
		if err != nil {
			return err
		}
		var users []User
		if err := db.SelectContext(ctx, &users, db.Rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

// Negative: NamedExec with the whole slice is one statement.
func insertAll(db *sqlx.DB, users []User) { // want insertAll:`^query\(\(\*sqlx\.DB\)\.NamedExec\)$`
	db.NamedExec("INSERT INTO users (name, email) VALUES (:name, :email)", users)
}

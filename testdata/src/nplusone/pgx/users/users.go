// Package users holds pgx v5 loops.
package users

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type User struct {
	ID   int64
	Name string
}

func perID(ctx context.Context, pool *pgxpool.Pool, ids []int64) { // want perID:`^query\(\(\*pgxpool\.Pool\)\.QueryRow\)$`
	for _, id := range ids {
		var name string
		pool.QueryRow(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&name) // want `^query in loop: \(\*pgxpool\.Pool\)\.QueryRow runs once per element of ids \(loop at line 17\); load them at once with bulk\.Load$`
	}
}

// Per row of rows collected with pgx.CollectRows.
func perCollectedRow(ctx context.Context, conn *pgx.Conn) error { // want perCollectedRow:`^query\(\(\*pgx\.Conn\)\.Query\)$`
	rows, err := conn.Query(ctx, "SELECT id, name FROM users")
	if err != nil {
		return err
	}
	users, err := pgx.CollectRows(rows, pgx.RowToStructByPos[User])
	if err != nil {
		return err
	}
	for _, u := range users {
		conn.Exec(ctx, "UPDATE users SET seen = now() WHERE id = $1", u.ID) // want `^query per row: \(\*pgx\.Conn\)\.Exec runs once per row of \(\*pgx\.Conn\)\.Query at line 25`
	}
	return nil
}

func inTx(ctx context.Context, tx pgx.Tx, ids []int64) { // want inTx:`^query\(\(pgx\.Tx\)\.Exec\)$`
	for _, id := range ids {
		tx.Exec(ctx, "DELETE FROM users WHERE id = $1", id) // want `^query in loop: \(pgx\.Tx\)\.Exec runs once per element of ids`
	}
}

// Negative: queued in a batch in the loop, sent once after it.
func batch(ctx context.Context, pool *pgxpool.Pool, ids []int64) error { // want batch:`^query\(\(\*pgxpool\.Pool\)\.SendBatch\)$`
	b := &pgx.Batch{}
	for _, id := range ids {
		b.Queue("UPDATE users SET seen = now() WHERE id = $1", id)
	}
	return pool.SendBatch(ctx, b).Close()
}

// Negative: one query for every key with ANY($1).
func anyKeys(ctx context.Context, pool *pgxpool.Pool, ids []int64) (pgx.Rows, error) { // want anyKeys:`^query\(\(\*pgxpool\.Pool\)\.Query\)$`
	return pool.Query(ctx, "SELECT * FROM users WHERE id = ANY($1)", ids)
}

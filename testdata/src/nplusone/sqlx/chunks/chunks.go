// Package chunks holds sqlx loops over chunks of keys expanded with
// sqlx.In: one statement per chunk is the batched form.
package chunks

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type User struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// --- positives ---

// The chunk is expanded with sqlx.In, but the second query looks up one
// element of it.
func firstOfChunk(ctx context.Context, db *sqlx.DB, chunks [][]int64) error { // want firstOfChunk:`^query\(\(\*sqlx\.DB\)\.SelectContext\)$`
	for _, chunk := range chunks {
		q, args, err := sqlx.In("SELECT * FROM users WHERE id IN (?)", chunk)
		if err != nil {
			return err
		}
		var users []User
		if err := db.SelectContext(ctx, &users, db.Rebind(q), args...); err != nil {
			return err
		}
		var owner User
		if err := db.GetContext(ctx, &owner, "SELECT * FROM users WHERE id = $1", chunk[0]); err != nil { // want `^query in loop: \(\*sqlx\.DB\)\.GetContext runs once per element of chunks \(loop at line 21\); load them at once with bulk\.Load$`
			return err
		}
	}
	return nil
}

// --- negatives ---

// Silent: a stride loop cuts the keys into chunks, each expanded with
// sqlx.In and deleted in one statement.
func deleteStride(ctx context.Context, tx *sqlx.Tx, ids []int64) error { // want deleteStride:`^query\(\(\*sql\.Tx\)\.ExecContext\)$`
	const n = 500
	for i := 0; i < len(ids); i += n {
		batch := ids[i:min(i+n, len(ids))]
		q, args, err := sqlx.In("DELETE FROM users WHERE id IN (?)", batch)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

// Silent: a range over chunks, each expanded with sqlx.In together with a
// value that does not come from the loop.
func renameChunks(ctx context.Context, db *sqlx.DB, chunks [][]int64, name string) error { // want renameChunks:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	for _, chunk := range chunks {
		q, args, err := sqlx.In("UPDATE users SET name = ? WHERE id IN (?)", name, chunk)
		if err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, db.Rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

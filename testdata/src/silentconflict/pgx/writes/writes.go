// Package writes holds ignore-conflict writes through pgx v5.
package writes

import (
	"context"
	"fmt"
	"log"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

const insertNothing = "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING"

func dropAll(ctx context.Context, pool *pgxpool.Pool, email string) {
	pool.Exec(ctx, insertNothing, email) // want `^ignored conflict: \(\*pgxpool\.Pool\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

func tagDropped(ctx context.Context, conn *pgx.Conn, email string) error {
	_, err := conn.Exec(ctx, insertNothing, email) // want `^uncounted conflict: \(\*pgx\.Conn\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its pgconn\.CommandTag is dropped`
	return err
}

// Insert() says the statement was an INSERT, not how many rows it wrote.
func tagKind(ctx context.Context, tx pgx.Tx, email string) (bool, error) {
	tag, err := tx.Exec(ctx, insertNothing, email) // want `^uncounted conflict: \(pgx\.Tx\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and RowsAffected is never called on its pgconn\.CommandTag`
	if err != nil {
		return false, err
	}
	return tag.Insert(), nil
}

// The count is asked for and influences nothing.
func countUnused(ctx context.Context, pool *pgxpool.Pool, email string) error {
	tag, err := pool.Exec(ctx, "INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET email = excluded.email", email, "") // want `^uncounted conflict: \(\*pgxpool\.Pool\)\.Exec runs INSERT \.\.\. ON CONFLICT DO UPDATE that changes nothing \(email\) into users and the count RowsAffected returns is never used`
	if err != nil {
		return err
	}
	skipped := 1 - tag.RowsAffected()
	_ = skipped
	return nil
}

// Negative: the count is compared.
func compared(ctx context.Context, pool *pgxpool.Pool, email string) error {
	tag, err := pool.Exec(ctx, insertNothing, email)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s exists", email)
	}
	return nil
}

// The command tag's text carries the count, and it is only logged.
func logged(ctx context.Context, conn *pgx.Conn, email string) error {
	tag, err := conn.Exec(ctx, insertNothing, email) // want `^uncounted conflict: \(\*pgx\.Conn\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its RowsAffected is only logged`
	log.Print(tag.String())
	return err
}

// Negative: the tag and the error go back to the caller; a fact says so.
func returned(ctx context.Context, conn *pgx.Conn, email string) (pgconn.CommandTag, error) { // want returned:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING into users via \(\*pgx\.Conn\)\.Exec; err 1, count 0\)$`
	return conn.Exec(ctx, insertNothing, email)
}

func callsReturned(ctx context.Context, conn *pgx.Conn, email string) {
	returned(ctx, conn, email) // want `^ignored conflict: writes\.returned runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(through \(\*pgx\.Conn\)\.Exec\) and its error is discarded`
}

// Negative: RETURNING rows are the count.
func returning(ctx context.Context, pool *pgxpool.Pool, email string) (int64, error) {
	var id int64
	err := pool.QueryRow(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", email).Scan(&id)
	return id, err
}

// Negative: without a conflict clause the insert fails on a duplicate.
func plain(ctx context.Context, pool *pgxpool.Pool, email string) error {
	_, err := pool.Exec(ctx, "INSERT INTO users (email) VALUES ($1)", email)
	return err
}

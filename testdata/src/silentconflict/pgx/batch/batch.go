// Package batch holds pgx batches that queue ignore-conflict writes.
package batch

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

const insertUser = "INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT DO NOTHING"

type User struct{ Email, Name string }

func closeOnly(ctx context.Context, pool *pgxpool.Pool, users []User) error {
	b := &pgx.Batch{}
	for _, u := range users {
		b.Queue(insertUser, u.Email, u.Name)
	}
	return pool.SendBatch(ctx, b).Close() // want `^uncounted conflict: \(\*pgxpool\.Pool\)\.SendBatch sends a batch that queues INSERT \.\.\. ON CONFLICT DO NOTHING into users \(line 20\) and its results are only closed; rows that conflict vanish without a trace; read each statement's command tag with Exec on the results, or use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

func deferredClose(ctx context.Context, conn *pgx.Conn, emails []string) error {
	b := new(pgx.Batch)
	for _, e := range emails {
		b.Queue("INSERT IGNORE INTO users (email) VALUES (?)", e)
	}
	br := conn.SendBatch(ctx, b) // want `^uncounted conflict: \(\*pgx\.Conn\)\.SendBatch sends a batch that queues INSERT IGNORE into users`
	defer br.Close()
	return nil
}

var ErrExists = errors.New("exists")

// Negative: each result is read with Exec and its count compared.
func readEach(ctx context.Context, pool *pgxpool.Pool, users []User) error {
	b := &pgx.Batch{}
	for _, u := range users {
		b.Queue(insertUser, u.Email, u.Name)
	}
	br := pool.SendBatch(ctx, b)
	defer br.Close()
	for range users {
		tag, err := br.Exec()
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrExists
		}
	}
	return nil
}

// Negative: a callback per queued statement reads its command tag.
func callback(ctx context.Context, pool *pgxpool.Pool, u User) error {
	b := &pgx.Batch{}
	b.Queue(insertUser, u.Email, u.Name).Exec(func(ct pgconn.CommandTag) error {
		if ct.RowsAffected() == 0 {
			return ErrExists
		}
		return nil
	})
	return pool.SendBatch(ctx, b).Close()
}

// Negative: key-only rows lose nothing when skipped.
func linkTags(ctx context.Context, pool *pgxpool.Pool, post int64, tags []string) error {
	b := &pgx.Batch{}
	for _, t := range tags {
		b.Queue("INSERT INTO post_tags (post_id, tag) VALUES ($1, $2) ON CONFLICT (post_id, tag) DO NOTHING", post, t)
	}
	return pool.SendBatch(ctx, b).Close()
}

// Negative: the batch is filled by another function, which may read.
func elsewhere(ctx context.Context, pool *pgxpool.Pool, u User) error {
	b := &pgx.Batch{}
	fill(b, u)
	return pool.SendBatch(ctx, b).Close()
}

func fill(b *pgx.Batch, u User) { b.Queue(insertUser, u.Email, u.Name) }

// Negative: a batch value whose address is taken may be filled anywhere.
func byValue(ctx context.Context, conn *pgx.Conn, email string) error {
	var b pgx.Batch
	b.Queue(insertUser, email, "")
	return conn.SendBatch(ctx, &b).Close()
}

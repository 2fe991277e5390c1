// Package app calls the queries sqlc generated into package db.
package app

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgxpool"

	"fixtures/silentconflict/pgx/sqlc/db"
)

type Service struct {
	pool *pgxpool.Pool
	q    *db.Queries
}

func (s *Service) Register(ctx context.Context, email, name string) error {
	return s.q.InsertUser(ctx, db.InsertUserParams{Email: email, Name: name}) // want `^uncounted conflict: \(\*db\.Queries\)\.InsertUser runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(through \(db\.DBTX\)\.Exec\) and returns only its error, the count dropped by sqlc's :exec \(query InsertUser\); rows that conflict vanish without a trace; annotate the query :execrows to get the count, or use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

// The error is dropped too.
func (s *Service) RegisterQuietly(ctx context.Context, email string) {
	s.q.InsertUser(ctx, db.InsertUserParams{Email: email}) // want `^ignored conflict: \(\*db\.Queries\)\.InsertUser runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(through \(db\.DBTX\)\.Exec\) and its error is discarded`
}

var ErrExists = errors.New("user exists")

// Negative: :execrows, and the count is compared.
func (s *Service) RegisterOnce(ctx context.Context, email, name string) error {
	n, err := s.q.InsertUserRows(ctx, db.InsertUserRowsParams{Email: email, Name: name})
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrExists
	}
	return nil
}

// Negative: RETURNING, its error returned.
func (s *Service) RegisterReturning(ctx context.Context, email, name string) (int64, error) {
	return s.q.InsertUserReturning(ctx, db.InsertUserReturningParams{Email: email, Name: name})
}

// Negative: a key-only link, and a real upsert.
func (s *Service) Tag(ctx context.Context, post int64, tag, email string) error {
	if err := s.q.LinkTag(ctx, db.LinkTagParams{PostID: post, Tag: tag}); err != nil {
		return err
	}
	return s.q.UpsertUser(ctx, db.UpsertUserParams{Email: email})
}

// The duplicate's name is dropped by a no-op touch, and no count says so.
func (s *Service) Touch(ctx context.Context, email, name string) error {
	return s.q.TouchUser(ctx, db.TouchUserParams{Email: email, Name: name}) // want `^uncounted conflict: \(\*db\.Queries\)\.TouchUser runs INSERT \.\.\. ON CONFLICT DO UPDATE that only sets the time \(updated_at\) into users \(through \(db\.DBTX\)\.Exec\) and returns only its error, the count dropped by sqlc's :exec \(query TouchUser\)`
}

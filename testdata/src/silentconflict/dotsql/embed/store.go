// Package embed holds writes whose SQL lives in a .sql file of named
// blocks that the package embeds and dotsql loads.
package embed

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"

	"github.com/qustavo/dotsql"
)

//go:embed queries.sql
var queries string

//go:embed queries.sql
var queryBytes []byte

type Store struct {
	db  *sql.DB
	dot *dotsql.DotSql
}

func New(db *sql.DB) (*Store, error) {
	dot, err := dotsql.LoadFromString(queries)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, dot: dot}, nil
}

func (s *Store) AddUser(ctx context.Context, email, name string) error {
	_, err := s.dot.ExecContext(ctx, s.db, "insert-user", email, name) // want `^uncounted conflict: \(dotsql\.DotSql\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(query "insert-user" of queries\.sql\) and its sql\.Result is dropped; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	return err
}

// Loaded in the function, from the embedded bytes.
func addIgnore(db *sql.DB, email, name string) {
	dot, _ := dotsql.LoadFromString(string(queryBytes))
	dot.Exec(db, "insert-user-ignore", email, name) // want `^ignored conflict: \(dotsql\.DotSql\)\.Exec runs INSERT IGNORE into users \(query "insert-user-ignore" of queries\.sql\) and its error is discarded`
}

var ErrExists = errors.New("exists")

// Negative: the count is compared.
func (s *Store) AddUserOnce(ctx context.Context, email, name string) error {
	res, err := s.dot.ExecContext(ctx, s.db, "insert-user", email, name)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrExists
	}
	return nil
}

// Negative: a key-only insert, whose skipped row loses nothing, and a real
// upsert.
func (s *Store) Follow(ctx context.Context, a, b int64, email string) error {
	if _, err := s.dot.ExecContext(ctx, s.db, "follow", a, b); err != nil {
		return err
	}
	_, err := s.dot.ExecContext(ctx, s.db, "upsert-user", email, "")
	return err
}

// Negative: a template, whose text is only known at run time.
func (s *Store) Templated(ctx context.Context, email string) error {
	_, err := s.dot.ExecContext(ctx, s.db, "insert-templated", email)
	return err
}

// Negative: a file opened by path at run time, relative to the program's
// working directory, which the analyzer does not read.
func fromFile(ctx context.Context, db *sql.DB, email, name string) error {
	dot, err := dotsql.LoadFromFile("queries.sql")
	if err != nil {
		return err
	}
	_, err = dot.ExecContext(ctx, db, "insert-user", email, name)
	return err
}

// Package store wraps ignore-conflict writes in helpers.
package store

import (
	"context"
	"database/sql"
)

type User struct {
	Email, Name string
}

const insertUser = "INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING"

// Negative: the outcome is handed to the caller; a fact says so.
func InsertUser(ctx context.Context, db *sql.DB, u User) (sql.Result, error) { // want InsertUser:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING into users via \(\*sql\.DB\)\.ExecContext; err 1, count 0\)$`
	return db.ExecContext(ctx, insertUser, u.Email, u.Name)
}

type Store struct{ DB *sql.DB }

// Negative: a method that returns the outcome, through a branch.
func (s *Store) Add(ctx context.Context, u User, tx *sql.Tx) (res sql.Result, err error) { // want Add:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING into users via \(\*sql\.(Tx|DB)\)\.ExecContext; err 1, count 0\)$`
	if tx != nil {
		res, err = tx.ExecContext(ctx, insertUser, u.Email, u.Name)
	} else {
		res, err = s.DB.ExecContext(ctx, insertUser, u.Email, u.Name)
	}
	return res, err
}

// A helper that swallows the outcome is reported at the write inside.
func Swallow(ctx context.Context, db *sql.DB, u User) {
	db.ExecContext(ctx, insertUser, u.Email, u.Name) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

// A helper that returns the error and drops the count: reported inside,
// its callers have no count to look at.
func Save(ctx context.Context, db *sql.DB, u User) error {
	_, err := db.ExecContext(ctx, insertUser, u.Email, u.Name) // want `^uncounted conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its sql\.Result is dropped`
	return err
}

// Package store hides its queries behind methods: the query that app runs
// once per id is in this package, not at the call site.
package store

import (
	"context"
	"database/sql"
)

type User struct {
	ID   int
	Name string
}

type Store struct{ db *sql.DB }

func New(db *sql.DB) *Store { return &Store{db: db} }

// User runs one query.
func (s *Store) User(ctx context.Context, id int) (User, error) {
	u := User{ID: id}
	err := s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&u.Name)
	return u, err
}

// Users runs one query for all ids.
func (s *Store) Users(ctx context.Context, ids []int) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name FROM users WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

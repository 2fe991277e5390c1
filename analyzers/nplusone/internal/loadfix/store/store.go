// Package store is a data layer whose helpers load one row by one key: a
// caller's loop over them can be rewritten into one bulk.Load.
package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type Customer struct {
	ID    int64  `db:"id"`
	Email string `db:"email"`
	Name  string `db:"name"`
}

type Store struct{ DB *sqlx.DB }

// Customer loads one customer by id, and does nothing else.
func (s *Store) Customer(ctx context.Context, id int64) (Customer, error) {
	var c Customer
	err := s.DB.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", id)
	return c, err
}

// ByEmail loads one customer by email through a handle it is given.
func ByEmail(ctx context.Context, db *sqlx.Tx, email string) (Customer, error) {
	var c Customer
	if err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE email = $1", email); err != nil {
		return Customer{}, err
	}
	return c, nil
}

// Active also filters: not one row by one key, no load.
func (s *Store) Active(ctx context.Context, id int64) (Customer, error) {
	var c Customer
	err := s.DB.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1 AND name <> ''", id)
	return c, err
}

// Named changes what it read: no load.
func (s *Store) Named(ctx context.Context, id int64) (Customer, error) {
	var c Customer
	err := s.DB.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", id)
	c.Name = "Dr " + c.Name
	return c, err
}

// Find returns a pointer, nil with the error.
func (s *Store) Find(ctx context.Context, id int64) (*Customer, error) {
	var c Customer
	err := s.DB.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", id)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// FindAnyway returns a pointer to the zero row with the error: no load,
// a lookup gives nil.
func (s *Store) FindAnyway(ctx context.Context, id int64) (*Customer, error) {
	var c Customer
	err := s.DB.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", id)
	return &c, err
}

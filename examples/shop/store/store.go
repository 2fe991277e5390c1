// Package store is the example's data layer on sqlx.
package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type Customer struct {
	ID    int64  `db:"id"`
	Email string `db:"email"`
	Name  string `db:"name"`
	Tier  string `db:"tier"`
}

type Order struct {
	ID         int64 `db:"id"`
	CustomerID int64 `db:"customer_id"`
	TotalCents int64 `db:"total_cents"`
}

type Store struct{ DB *sqlx.DB }

// Customer loads one customer.
func (s *Store) Customer(ctx context.Context, id int64) (Customer, error) {
	var c Customer
	err := s.DB.GetContext(ctx, &c, "SELECT id, email, name, tier FROM customers WHERE id = $1", id)
	return c, err
}

// RecentOrders loads the recent orders of all customers.
func (s *Store) RecentOrders(ctx context.Context) ([]Order, error) {
	var orders []Order
	err := s.DB.SelectContext(ctx, &orders, "SELECT id, customer_id, total_cents FROM orders ORDER BY id DESC LIMIT 1000")
	return orders, err
}

// ImportCustomers inserts customers, skipping the ones that exist.
func (s *Store) ImportCustomers(ctx context.Context, cs []Customer) error {
	for _, c := range cs {
		s.DB.ExecContext(ctx, "INSERT INTO customers (email, name, tier) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING", c.Email, c.Name, c.Tier)
	}
	return nil
}

// Promote upgrades customers to the gold tier and marks their names, but
// the update only writes the name: every tier change is lost.
func (s *Store) Promote(ctx context.Context, cs []Customer) error {
	for i := range cs {
		cs[i].Tier = "gold"
		cs[i].Name = cs[i].Name + " (gold)"
	}
	_, err := s.DB.NamedExecContext(ctx, "UPDATE customers SET name = :name WHERE id = :id", cs)
	return err
}

package fix

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"

	"github.com/jmoiron/sqlx"

	"fixtures/nplusone/sqlx/fix/store"
)

type Order struct {
	ID         int64
	CustomerID int64
	Email      string
}

// Names reads each order's customer and returns the first error.
func Names(ctx context.Context, db *sqlx.DB, orders []Order) ([]string, error) { // want Names:`^query\(\(\*sqlx\.DB\)\.GetContext\)$`
	var names []string
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: \(\*sqlx\.DB\)\.GetContext runs once per element of orders \(loop at line 24\); load them at once with bulk\.Load$`
		if err != nil {
			return nil, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}

// ByEmail skips orders whose customer is gone: a missing key takes the
// sql.ErrNoRows branch after the rewrite too.
func ByEmail(ctx context.Context, tx *sqlx.Tx, orders []Order) (map[int64]string, error) { // want ByEmail:`^query\(\(\*sqlx\.Tx\)\.Get\)$`
	names := map[int64]string{}
	for i := range orders {
		var c store.Customer
		err := tx.Get(&c, "SELECT id, email, name FROM customers WHERE email = ?", orders[i].Email) // want `^query in loop: \(\*sqlx\.Tx\)\.Get runs once per element of orders .*`
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("loading customers: %w", err)
		}
		names[orders[i].ID] = c.Name
	}
	return names, nil
}

// Lines reads through a helper of another package whose fact says it
// loads one customer by id.
func Lines(ctx context.Context, s *store.Store, orders []Order) ([]string, error) { // want Lines:`^query\(\(\*store\.Store\)\.Customer -> \(\*sqlx\.DB\)\.GetContext\)$`
	var lines []string
	for _, o := range orders {
		c, err := s.Customer(ctx, o.CustomerID) // want `^query in loop: \(\*store\.Store\)\.Customer runs a query via \(\*sqlx\.DB\)\.GetContext once per element of orders .*`
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, errors.New("an order has no customer")
			}
			return nil, err
		}
		lines = append(lines, fmt.Sprintf("%d: %s", o.ID, c.Name))
	}
	return lines, nil
}

// Emails reads through a helper by email, on a transaction.
func Emails(ctx context.Context, tx *sqlx.Tx, orders []Order) (int, error) { // want Emails:`^query\(store\.ByEmail -> \(\*sqlx\.Tx\)\.GetContext\)$`
	found := 0
	for _, o := range orders {
		c, err := store.ByEmail(ctx, tx, o.Email) // want `^query in loop: store\.ByEmail runs a query via \(\*sqlx\.Tx\)\.GetContext once per element of orders .*`
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return 0, err
		}
		if c.ID != 0 {
			found++
		}
	}
	return found, nil
}

// Pointers reads through a helper that returns a pointer, nil when the
// customer is missing; the loop keeps the pointers.
func Pointers(ctx context.Context, s *store.Store, orders []Order) ([]*store.Customer, error) { // want Pointers:`^query\(\(\*store\.Store\)\.Find -> \(\*sqlx\.DB\)\.GetContext\)$`
	var out []*store.Customer
	for _, o := range orders {
		c, err := s.Find(ctx, o.CustomerID) // want `^query in loop: \(\*store\.Store\)\.Find runs a query via \(\*sqlx\.DB\)\.GetContext once per element of orders .*`
		if errors.Is(err, sql.ErrNoRows) {
			out = append(out, nil)
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ByPointer ranges over a map of pointers to orders, and checks the read's
// error in the if that makes it.
func ByPointer(ctx context.Context, db *sqlx.DB, orders map[string]*Order) (map[string]string, error) { // want ByPointer:`^query\(\(\*sqlx\.DB\)\.GetContext\)$`
	names := make(map[string]string, len(orders))
	for code, o := range orders {
		var c store.Customer
		if err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID); err != nil { // want `^query in loop: \(\*sqlx\.DB\)\.GetContext runs once per entry of orders .*`
			return nil, err
		}
		names[code] = c.Name
	}
	return names, nil
}

// Taken already uses the names the fix would give: it picks others.
func Taken(ctx context.Context, db *sqlx.DB, orders []Order, customers []string) ([]string, error) { // want Taken:`^query\(\(\*sqlx\.DB\)\.GetContext\)$`
	customerIDs := len(customers)
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: \(\*sqlx\.DB\)\.GetContext runs once per element of orders .*`
		if err != nil {
			return nil, err
		}
		customers = append(customers, c.Name)
	}
	_ = customerIDs
	return customers, nil
}

// Logged logs a failed read and goes on. The loop has no return for the
// load's error: when the load fails, every order gets its error, as every
// read would have failed.
func Logged(ctx context.Context, db *sqlx.DB, orders []Order) ([]string, error) { // want Logged:`^query\(\(\*sqlx\.DB\)\.GetContext\)$`
	var names []string
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			log.Print(err)
			names = append(names, "?")
			continue
		}
		names = append(names, c.Name)
	}
	return names, nil
}

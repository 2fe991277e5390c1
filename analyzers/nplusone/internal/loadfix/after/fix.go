// Package after is testdata/src/nplusone/sqlx/fix/fix.go.golden: the loops of
// package before as bulklint -fix rewrites them, compiled. TestCopies keeps
// the function bodies equal.
package after

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jmoiron/sqlx"

	"github.com/bulklint/bulklint/analyzers/nplusone/internal/loadfix/store"
)

type Order struct {
	ID         int64
	CustomerID int64
	Email      string
}

// Names reads each order's customer and returns the first error.
func Names(ctx context.Context, db *sqlx.DB, orders []Order) ([]string, error) {
	var names []string
	customerIDs := make([]int64, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, err := bulk.Load[store.Customer](ctx, db, "customers", customerIDs)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		var c store.Customer
		err := sql.ErrNoRows
		if row, ok := customers[o.CustomerID]; ok {
			c, err = row, nil
		}
		if err != nil {
			return nil, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}

// ByEmail skips orders whose customer is gone: a missing key takes the
// sql.ErrNoRows branch after the rewrite too.
func ByEmail(ctx context.Context, tx *sqlx.Tx, orders []Order) (map[int64]string, error) {
	names := map[int64]string{}
	customerEmails := make([]string, 0, len(orders))
	for i := range orders {
		customerEmails = append(customerEmails, orders[i].Email)
	}
	customers, err := bulk.Load[store.Customer](context.Background(), tx, "customers", customerEmails, bulk.Key("email"))
	if err != nil {
		return nil, fmt.Errorf("loading customers: %w", err)
	}
	for i := range orders {
		var c store.Customer
		err := sql.ErrNoRows
		if row, ok := customers[orders[i].Email]; ok {
			c, err = row, nil
		}
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
func Lines(ctx context.Context, s *store.Store, orders []Order) ([]string, error) {
	var lines []string
	customerIDs := make([]int64, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, err := bulk.Load[store.Customer](ctx, s.DB, "customers", customerIDs)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		c, err := customers[o.CustomerID], sql.ErrNoRows
		if _, ok := customers[o.CustomerID]; ok {
			err = nil
		}
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
func Emails(ctx context.Context, tx *sqlx.Tx, orders []Order) (int, error) {
	found := 0
	customerEmails := make([]string, 0, len(orders))
	for _, o := range orders {
		customerEmails = append(customerEmails, o.Email)
	}
	customers, err := bulk.Load[store.Customer](ctx, tx, "customers", customerEmails, bulk.Key("email"))
	if err != nil {
		return 0, err
	}
	for _, o := range orders {
		c, err := customers[o.Email], sql.ErrNoRows
		if _, ok := customers[o.Email]; ok {
			err = nil
		}
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
func Pointers(ctx context.Context, s *store.Store, orders []Order) ([]*store.Customer, error) {
	var out []*store.Customer
	customerIDs := make([]int64, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, err := bulk.Load[store.Customer](ctx, s.DB, "customers", customerIDs)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		c, err := (*store.Customer)(nil), sql.ErrNoRows
		if row, ok := customers[o.CustomerID]; ok {
			c, err = &row, nil
		}
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
func ByPointer(ctx context.Context, db *sqlx.DB, orders map[string]*Order) (map[string]string, error) {
	names := make(map[string]string, len(orders))
	customerIDs := make([]int64, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, err := bulk.Load[store.Customer](ctx, db, "customers", customerIDs)
	if err != nil {
		return nil, err
	}
	for code, o := range orders {
		var c store.Customer
		err := sql.ErrNoRows
		if row, ok := customers[o.CustomerID]; ok {
			c, err = row, nil
		}
		if err != nil {
			return nil, err
		}
		names[code] = c.Name
	}
	return names, nil
}

// Taken already uses the names the fix would give: it picks others.
func Taken(ctx context.Context, db *sqlx.DB, orders []Order, customers []string) ([]string, error) {
	customerIDs := len(customers)
	customerIDs2 := make([]int64, 0, len(orders))
	for _, o := range orders {
		customerIDs2 = append(customerIDs2, o.CustomerID)
	}
	customers2, err := bulk.Load[store.Customer](ctx, db, "customers", customerIDs2)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		var c store.Customer
		err := sql.ErrNoRows
		if row, ok := customers2[o.CustomerID]; ok {
			c, err = row, nil
		}
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
func Logged(ctx context.Context, db *sqlx.DB, orders []Order) ([]string, error) {
	var names []string
	customerIDs := make([]int64, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, loadErr := bulk.Load[store.Customer](ctx, db, "customers", customerIDs)
	for _, o := range orders {
		var c store.Customer
		err := loadErr
		if loadErr == nil {
			err = sql.ErrNoRows
			if row, ok := customers[o.CustomerID]; ok {
				c, err = row, nil
			}
		}
		if err != nil {
			log.Print(err)
			names = append(names, "?")
			continue
		}
		names = append(names, c.Name)
	}
	return names, nil
}

// Package bunafter is testdata/src/nplusone/bun/fix/fix.go.golden: the loops of
// package bunbefore as bulklint -fix rewrites them, compiled.
// TestORMCopies keeps the function bodies equal.
package bunafter

import (
	"context"
	"database/sql"
	"errors"

	"github.com/bulklint/bulklint/runtime/bulk/bulkbun"
	"github.com/uptrace/bun"
)

type Customer struct {
	bun.BaseModel `bun:"table:customers"`

	ID    int64 `bun:",pk,autoincrement"`
	Email string
	Name  string
}

type Order struct {
	ID         int64
	CustomerID int64
	Email      string
}

// Names reads each order's customer by id and returns the first error.
func Names(ctx context.Context, db *bun.DB, orders []Order) ([]string, error) {
	var names []string
	customerIDs := make([]int64, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, err := bulkbun.Load[Customer](ctx, db, "id", customerIDs)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		var c Customer
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

// ByEmail skips orders whose customer is gone, in a transaction: a
// missing key takes the sql.ErrNoRows branch after the rewrite too.
func ByEmail(ctx context.Context, tx bun.Tx, orders []*Order) (map[int64]string, error) {
	names := map[int64]string{}
	customerEmails := make([]string, 0, len(orders))
	for _, o := range orders {
		customerEmails = append(customerEmails, o.Email)
	}
	customers, err := bulkbun.Load[Customer](ctx, tx, "email", customerEmails)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		var c Customer
		err := sql.ErrNoRows
		if row, ok := customers[o.Email]; ok {
			c, err = row, nil
		}
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		names[o.ID] = c.Name
	}
	return names, nil
}

// customerByEmail reads one customer by email: its fact says it loads one
// row, so a loop over it gets the fix.
func customerByEmail(ctx context.Context, db bun.IDB, email string) (Customer, error) {
	var c Customer
	err := db.NewSelect().Model(&c).Where("email = ?", email).Scan(ctx)
	return c, err
}

// Emails reads each order's customer through customerByEmail.
func Emails(ctx context.Context, db *bun.DB, orders []Order) ([]string, error) {
	var names []string
	customerEmails := make([]string, 0, len(orders))
	for _, o := range orders {
		customerEmails = append(customerEmails, o.Email)
	}
	customers, err := bulkbun.Load[Customer](ctx, db, "email", customerEmails)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		c, err := customers[o.Email], sql.ErrNoRows
		if _, ok := customers[o.Email]; ok {
			err = nil
		}
		if err != nil {
			return nil, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}

// Package bunbefore is testdata/src/nplusone/bun/fix/fix.go: the bun loops
// the load fix rewrites, compiled.
// TestORMCopies keeps the function bodies equal.
package bunbefore

import (
	"context"
	"database/sql"
	"errors"

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
	for _, o := range orders {
		var c Customer
		if err := db.NewSelect().Model(&c).Where("id = ?", o.CustomerID).Scan(ctx); err != nil { //bulklint:ignore nplusone -- the loop as written, run against its fix
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
	for _, o := range orders {
		var c Customer
		err := tx.NewSelect().Model(&c).Where("email = ?", o.Email).Scan(ctx) //bulklint:ignore nplusone -- the loop as written, run against its fix
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
	for _, o := range orders {
		c, err := customerByEmail(ctx, db, o.Email) //bulklint:ignore nplusone -- the loop as written, run against its fix
		if err != nil {
			return nil, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}

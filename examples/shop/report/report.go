// Package report builds the example's daily report on top of the store.
package report

import (
	"context"

	"github.com/bulklint/bulklint/examples/shop/store"
)

type Line struct {
	Customer string
	Cents    int64
}

// Daily loads the recent orders, then each order's customer: one query per
// order, the classic N+1.
func Daily(ctx context.Context, s *store.Store) ([]Line, error) {
	orders, err := s.RecentOrders(ctx)
	if err != nil {
		return nil, err
	}
	var lines []Line
	for _, o := range orders {
		c, err := s.Customer(ctx, o.CustomerID)
		if err != nil {
			return nil, err
		}
		lines = append(lines, Line{Customer: c.Name, Cents: o.TotalCents})
	}
	return lines, nil
}

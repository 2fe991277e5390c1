package report

import (
	"context"

	"github.com/bulklint/bulklint/examples/shop/store"
	"github.com/bulklint/bulklint/runtime/bulk"
)

// DailyLoaded is Daily with the customers loaded at once: one query per
// chunk of ids, whatever the number of orders.
func DailyLoaded(ctx context.Context, s *store.Store) ([]Line, error) {
	orders, err := s.RecentOrders(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.CustomerID
	}
	byID, err := bulk.Load[store.Customer](ctx, s.DB, "customers", ids)
	if err != nil {
		return nil, err
	}
	lines := make([]Line, 0, len(orders))
	for _, o := range orders {
		lines = append(lines, Line{Customer: byID[o.CustomerID].Name, Cents: o.TotalCents})
	}
	return lines, nil
}

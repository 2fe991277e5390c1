package fix

import (
	"context"

	"github.com/uptrace/bun"
)

// Each loop below is reported and gets no fix.

// Limited reads with more than the key in its chain.
func Limited(ctx context.Context, db *bun.DB, ids []int64) error { // want Limited:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	for _, id := range ids {
		var c Customer
		if err := db.NewSelect().Model(&c).Column("name").Where("id = ?", id).Scan(ctx); err != nil { // want `^query in loop: .*Scan .*bulkbun\.Load$`
			return err
		}
	}
	return nil
}

// Slices loads many rows per key: Load reads one.
func Slices(ctx context.Context, db bun.IDB, ids []int64) error { // want Slices:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	for _, id := range ids {
		var orders []Order
		if err := db.NewSelect().Model(&orders).Where("customer_id = ?", id).Scan(ctx); err != nil { // want `^query in loop: .*Scan .*bulkbun\.Load$`
			return err
		}
	}
	return nil
}

// Updates changes the customer it read and writes it back.
func Updates(ctx context.Context, db *bun.DB, orders []Order) error { // want Updates:`^query\(.*\)`
	for _, o := range orders {
		var c Customer
		if err := db.NewSelect().Model(&c).Where("id = ?", o.CustomerID).Scan(ctx); err != nil { // want `^query in loop: .*Scan .*bulkbun\.Load$`
			return err
		}
		c.Name = o.Email
		if _, werr := db.NewUpdate().Model(&c).WherePK().Exec(ctx); werr != nil { // want `^query in loop: .*Exec .*bulk\.Update$`
			return werr
		}
	}
	return nil
}

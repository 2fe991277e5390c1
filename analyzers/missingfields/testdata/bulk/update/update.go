package update

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/bulklint/bulklint/runtime/bulk"
)

type Product struct {
	ID    int64  `db:"id"`
	Name  string `db:"name"`
	Price int64  `db:"price"`
	Stock int    `db:"stock"`
}

func reprice(ctx context.Context, db *sqlx.DB, products []*Product) error {
	for _, p := range products {
		p.Price = p.Price * 110 / 100
		p.Stock--
	}
	_, err := bulk.Update(ctx, db, "products", products, bulk.Columns("price")) // want `^update skips mutated fields: bulk\.Update writes price of products but Stock \(stock\) was changed at line 21 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
	return err
}

// Silent: without Columns, bulk.Update writes every mapped column.
func all(ctx context.Context, db *sqlx.DB, products []*Product) {
	for _, p := range products {
		p.Stock--
	}
	bulk.Update(ctx, db, "products", products)
}

// Silent: Track and Save write exactly the columns that changed.
func tracked(ctx context.Context, db *sqlx.DB, products []*Product) error {
	t, err := bulk.Track(products)
	if err != nil {
		return err
	}
	for _, p := range products {
		p.Stock--
	}
	_, err = t.Save(ctx, db, "products")
	return err
}

// Silent: the options come from a variable.
func dynamic(ctx context.Context, db *sqlx.DB, products []*Product, opts []bulk.Option) {
	for _, p := range products {
		p.Stock--
	}
	bulk.Update(ctx, db, "products", products, opts...)
}

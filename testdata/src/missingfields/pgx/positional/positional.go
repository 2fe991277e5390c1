package positional

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Item struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
	Stock int    `db:"stock"`
}

const updateTitle = "UPDATE items SET title = $1 WHERE id = $2"

func restock(ctx context.Context, pool *pgxpool.Pool, items []*Item) error {
	for _, it := range items {
		it.Stock += 100
		it.Title = it.Title + " (restocked)"
		if _, err := pool.Exec(ctx, updateTitle, it.Title, it.ID); err != nil { // want `^update skips mutated fields: \(\*pgxpool\.Pool\)\.Exec writes title of items but Stock \(stock\) was changed at line 20 and is not written`
			return err
		}
	}
	return nil
}

func inTx(ctx context.Context, tx pgx.Tx, it *Item) error {
	it.Stock = 0
	_, err := tx.Exec(ctx, "UPDATE items SET "+"title = $1 WHERE id = $2", it.Title, it.ID) // want `^update skips mutated fields: \(pgx\.Tx\)\.Exec writes title of items but Stock \(stock\) was changed at line 30`
	return err
}

// Silent: both changed columns are written.
func both(ctx context.Context, conn *pgx.Conn, it *Item) {
	it.Stock = 0
	it.Title = "t"
	conn.Exec(ctx, "UPDATE items SET title = $1, stock = $2 WHERE id = $3", it.Title, it.Stock, it.ID)
}

// Changes made before the loop reach the range value, a pointer to each
// element in turn.
func beforeLoop(ctx context.Context, conn *pgx.Conn, items []*Item) {
	for i := range items {
		items[i].Stock = 0
	}
	for _, it := range items {
		conn.Exec(ctx, updateTitle, it.Title, it.ID) // want `^update skips mutated fields: \(\*pgx\.Conn\)\.Exec writes title of items but Stock \(stock\) was changed at line 46`
	}
}

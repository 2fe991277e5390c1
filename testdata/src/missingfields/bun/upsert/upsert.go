// Package upsert shows bun inserts whose conflict clause sets some
// columns only.
package upsert

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

type Stock struct {
	ID       int64 `bun:",pk"`
	SKU      string
	Quantity int
	Checked  time.Time
}

func refresh(ctx context.Context, db *bun.DB, rows []Stock, now time.Time) error {
	for i := range rows {
		rows[i].Quantity++
		rows[i].Checked = now
	}
	_, err := db.NewInsert().Model(&rows). // want `^upsert skips mutated fields: \(\*bun\.InsertQuery\)\.Exec updates only quantity of existing rows of rows but Checked \(checked\) was changed at line 22`
						On("CONFLICT (sku) DO UPDATE").
						Set("quantity = EXCLUDED.quantity").
						Exec(ctx)
	return err
}

// Silent: without Set, bun updates every column on conflict.
func everything(ctx context.Context, db *bun.DB, rows []Stock, now time.Time) {
	for i := range rows {
		rows[i].Checked = now
	}
	db.NewInsert().Model(&rows).On("CONFLICT (sku) DO UPDATE").Exec(ctx)
}

// Silent: DO NOTHING updates no row.
func nothing(ctx context.Context, db *bun.DB, rows []Stock, now time.Time) {
	for i := range rows {
		rows[i].Checked = now
	}
	db.NewInsert().Model(&rows).On("CONFLICT (sku) DO NOTHING").Exec(ctx)
}

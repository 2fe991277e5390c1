// Package upsert shows named upserts whose update part sets some columns
// only.
package upsert

import (
	"time"

	"github.com/jmoiron/sqlx"
)

type Price struct {
	SKU     string    `db:"sku"`
	Amount  int       `db:"amount"`
	Changed time.Time `db:"changed"`
}

const storeAmount = `INSERT INTO prices (sku, amount, changed) VALUES (:sku, :amount, :changed)
	ON CONFLICT (sku) DO UPDATE SET amount = EXCLUDED.amount`

func store(db *sqlx.DB, prices []Price, now time.Time) error {
	for i := range prices {
		prices[i].Changed = now
		prices[i].Amount = 1
	}
	_, err := db.NamedExec(storeAmount, prices) // want `^upsert skips mutated fields: \(\*sqlx\.DB\)\.NamedExec updates only amount of existing rows of prices but Changed \(changed\) was changed at line 22`
	return err
}

// Silent: the update part sets every changed column.
func complete(db *sqlx.DB, prices []Price, now time.Time) {
	for i := range prices {
		prices[i].Changed = now
	}
	db.NamedExec(`INSERT INTO prices (sku, amount, changed) VALUES (:sku, :amount, :changed)
		ON CONFLICT (sku) DO UPDATE SET amount = EXCLUDED.amount, changed = EXCLUDED.changed`, prices)
}

// Silent: DO NOTHING.
func skip(db *sqlx.DB, prices []Price, now time.Time) {
	for i := range prices {
		prices[i].Changed = now
	}
	db.NamedExec(`INSERT INTO prices (sku, amount, changed) VALUES (:sku, :amount, :changed) ON CONFLICT DO NOTHING`, prices)
}

// Package bulk holds bun bulk updates that write fewer columns than the
// loop before them changed.
package bulk

import (
	"context"

	"github.com/uptrace/bun"
)

type Customer struct {
	bun.BaseModel `bun:"table:customers"`

	ID   int64 `bun:",pk"`
	Name string
	Tier string `bun:"tier"`
}

// Column before Bulk: bun's SET holds name only.
func promote(ctx context.Context, db *bun.DB, rows []Customer) error {
	for i := range rows {
		rows[i].Name = rows[i].Name + " (gold)"
		rows[i].Tier = "gold"
	}
	_, err := db.NewUpdate().Model(&rows).Column("name").Bulk().Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes name of rows but Tier \(tier\) was changed at line 23 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
	return err
}

// A VALUES list written by hand: Set names the columns.
func promoteSet(ctx context.Context, db *bun.DB, rows []Customer) error {
	for i := range rows {
		rows[i].Name = "x"
		rows[i].Tier = "gold"
	}
	_, err := db.NewUpdate().With("_data", db.NewValues(&rows)).Model(&rows).TableExpr("_data").Set("name = _data.name").Where("customer.id = _data.id").Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes name of rows but Tier \(tier\) was changed at line 33 and is not written`
	return err
}

// One struct, SetColumn: only that column is written.
func one(ctx context.Context, db bun.IDB, c *Customer) error {
	c.Name = "x"
	c.Tier = "gold"
	_, err := db.NewUpdate().Model(c).SetColumn("name", "?", c.Name).WherePK().Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes name of c but Tier \(tier\) was changed at line 42 and is not written`
	return err
}

// Silent: every mutated field is listed.
func listed(ctx context.Context, db *bun.DB, rows []Customer) error {
	for i := range rows {
		rows[i].Name = "x"
		rows[i].Tier = "gold"
	}
	_, err := db.NewUpdate().Model(&rows).Column("name", "tier").Bulk().Exec(ctx)
	return err
}

// Silent: every mutated field is listed, partly by Set after Bulk.
func listedSet(ctx context.Context, db *bun.DB, rows []Customer) error {
	for i := range rows {
		rows[i].Name = "x"
		rows[i].Tier = "gold"
	}
	_, err := db.NewUpdate().Model(&rows).Column("name").Bulk().Set("tier = _data.tier").Exec(ctx)
	return err
}

// Silent: Bulk without Column writes every column.
func everyColumn(ctx context.Context, db *bun.DB, rows []Customer) error {
	for i := range rows {
		rows[i].Tier = "gold"
	}
	_, err := db.NewUpdate().Model(&rows).Bulk().Exec(ctx)
	return err
}

// Silent: a Set whose text is only known at run time.
func dynamicSet(ctx context.Context, db *bun.DB, rows []Customer, set string) error {
	for i := range rows {
		rows[i].Tier = "gold"
	}
	_, err := db.NewUpdate().Model(&rows).Column("name").Bulk().Set(set).Exec(ctx)
	return err
}

// Silent: rows is handed to another call (NewValues) between the change
// and the write, which may have written it: the write is not checked.
func valuesFirst(ctx context.Context, db *bun.DB, rows []Customer) error {
	for i := range rows {
		rows[i].Tier = "gold"
	}
	values := db.NewValues(&rows)
	_, err := db.NewUpdate().With("_data", values).Model(&rows).TableExpr("_data").Set("name = _data.name").Where("customer.id = _data.id").Exec(ctx)
	return err
}

// Silent: Column on a slice without Bulk is ignored by bun, and with no
// Set the update fails at run time, loudly.
func noBulk(ctx context.Context, db *bun.DB, rows []Customer) error {
	for i := range rows {
		rows[i].Tier = "gold"
	}
	_, err := db.NewUpdate().Model(&rows).Column("name").Exec(ctx)
	return err
}

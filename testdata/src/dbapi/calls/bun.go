package calls

import (
	"context"

	"github.com/uptrace/bun"
)

type Account struct {
	bun.BaseModel `bun:"table:accounts"`

	ID    int64 `bun:",pk"`
	Email string
}

// bunCalls exercises bun: the finishers of its builders match, the calls
// that build the statement (NewSelect, Model, Where, On, Column) do not.
func bunCalls(ctx context.Context, db *bun.DB, tx bun.Tx, idb bun.IDB, ids []int64) {
	var a Account
	var as []Account
	db.NewSelect().Model(&a).Where("id = ?", 1).Scan(ctx)                           // db:query
	in := bun.In(ids)                                                               // db:batched
	db.NewSelect().Model(&as).Where("id IN (?)", in).Scan(ctx)                      // db:query
	db.NewSelect().Model(&as).ScanAndCount(ctx)                                     // db:query
	db.NewSelect().Model((*Account)(nil)).Count(ctx)                                // db:query-row
	db.NewSelect().Model((*Account)(nil)).Where("email = ?", "x").Exists(ctx)       // db:query-row
	db.NewSelect().Model((*Account)(nil)).Rows(ctx)                                 // db:query
	db.NewInsert().Model(&as).On("CONFLICT (email) DO NOTHING").Exec(ctx)           // db:exec
	db.NewInsert().Model(&a).Returning("id").Scan(ctx)                              // db:query
	tx.NewUpdate().Model(&a).Column("email").WherePK().Exec(ctx)                    // db:exec
	idb.NewDelete().Model(&a).WherePK().Exec(ctx)                                   // db:exec
	db.NewRaw("SELECT id FROM accounts WHERE email = ?", "x").Scan(ctx, &a.ID)      // db:query
	db.NewMerge().Model(&a).Using("accounts AS src").On("src.id = a.id").Exec(ctx)  // db:exec
	db.ExecContext(ctx, "DELETE FROM accounts")                                     // db:exec
	tx.QueryRowContext(ctx, "SELECT 1")                                             // db:query-row
	idb.QueryContext(ctx, "SELECT 1")                                               // db:query
	db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return nil }) // db:begin
	_ = db.NewSelect().Model(&a).String()
}

// Counter and Finder have the signatures of bun finishers, but nothing in
// them speaks SQL: a count or a scan through an application interface is
// not taken for a query.
type Counter interface {
	Count(ctx context.Context) (int, error)
}

type Finder interface {
	Scan(ctx context.Context, dest ...any) error
}

func bunLookalikes(ctx context.Context, c Counter, f Finder) {
	c.Count(ctx)
	f.Scan(ctx)
}

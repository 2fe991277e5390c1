package bulkbun_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk/bulkbun"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // the examples' database: register the driver you use
)

// Account is the row type of the examples.
type Account struct {
	bun.BaseModel `bun:"table:accounts"`

	ID        int64  `bun:",pk"`
	Email     string `bun:"email_address"`
	Team      string
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

// Order refers to an account.
type Order struct {
	ID        int64
	AccountID int64
}

// openExample opens bun on an in-memory SQLite database with three
// accounts, the second soft-deleted.
func openExample(ctx context.Context) *bun.DB {
	sqlDB, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(1) // one connection: one in-memory database
	db := bun.NewDB(sqlDB, sqlitedialect.New())
	if _, err := db.NewCreateTable().Model((*Account)(nil)).Exec(ctx); err != nil {
		log.Fatal(err)
	}
	accounts := []Account{
		{ID: 1, Email: "ann@example.com", Team: "red"},
		{ID: 2, Email: "bob@example.com", Team: "red"},
		{ID: 3, Email: "cy@example.com", Team: "blue"},
	}
	if _, err := db.NewInsert().Model(&accounts).Exec(ctx); err != nil {
		log.Fatal(err)
	}
	if _, err := db.NewDelete().Model(&accounts[1]).WherePK().Exec(ctx); err != nil {
		log.Fatal(err)
	}
	return db
}

func ExampleLoad() {
	ctx := context.Background()
	db := openExample(ctx)
	defer db.Close()
	orders := []Order{{ID: 10, AccountID: 3}, {ID: 11, AccountID: 1}, {ID: 12, AccountID: 2}, {ID: 13, AccountID: 3}}

	// Instead of a Scan per order, one query for all of them.
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.AccountID
	}
	accounts, err := bulkbun.Load[Account](ctx, db, "id", ids)
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range orders {
		a, ok := accounts[o.AccountID]
		if !ok { // where Scan says sql.ErrNoRows: account 2 is soft-deleted
			fmt.Println(o.ID, "no account")
			continue
		}
		fmt.Println(o.ID, a.Email)
	}
	// Output:
	// 10 cy@example.com
	// 11 ann@example.com
	// 12 no account
	// 13 cy@example.com
}

func ExampleLoad_nonUniqueColumn() {
	ctx := context.Background()
	db := openExample(ctx)
	defer db.Close()
	if _, err := db.NewInsert().Model(&Account{ID: 4, Email: "dee@example.com", Team: "blue"}).Exec(ctx); err != nil {
		log.Fatal(err)
	}

	// By a column several rows share, the row with the lowest primary key
	// (account 2 is soft-deleted, so red's is account 1). The column is
	// the database's name of it, "email_address" for Email.
	byTeam, err := bulkbun.Load[Account](ctx, db, "team", []string{"red", "blue", "green"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(byTeam), byTeam["red"].ID, byTeam["blue"].ID)
	byEmail, err := bulkbun.Load[Account](ctx, db, "email_address", []string{"ann@example.com", "bob@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(byEmail), byEmail["ann@example.com"].ID)
	// Output:
	// 2 1 3
	// 1 1
}

package bulkgorm_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"

	"github.com/bulklint/bulklint/runtime/bulk/bulkgorm"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	_ "modernc.org/sqlite" // the examples' database: register the driver you use
)

// Account is the row type of the examples.
type Account struct {
	ID        int64
	Email     string `gorm:"column:email_address"`
	Team      string
	DeletedAt gorm.DeletedAt
}

// Order refers to an account.
type Order struct {
	ID        int64
	AccountID int64
}

// openExample opens gorm on an in-memory SQLite database with three
// accounts, the second soft-deleted.
func openExample() *gorm.DB {
	sqlDB, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(1) // one connection: one in-memory database
	db, err := gorm.Open(gormsqlite.Dialector{Conn: sqlDB}, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		log.Fatal(err)
	}
	db.AutoMigrate(&Account{})
	db.Create(&[]Account{
		{ID: 1, Email: "ann@example.com", Team: "red"},
		{ID: 2, Email: "bob@example.com", Team: "red"},
		{ID: 3, Email: "cy@example.com", Team: "blue"},
	})
	db.Delete(&Account{}, 2)
	return db
}

func ExampleLoad() {
	ctx := context.Background()
	db := openExample()
	orders := []Order{{ID: 10, AccountID: 3}, {ID: 11, AccountID: 1}, {ID: 12, AccountID: 2}, {ID: 13, AccountID: 3}}

	// Instead of a First per order, one query for all of them.
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.AccountID
	}
	accounts, err := bulkgorm.Load[Account](db.WithContext(ctx), "id", ids)
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range orders {
		a, ok := accounts[o.AccountID]
		if !ok { // where First says gorm.ErrRecordNotFound: account 2 is soft-deleted
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
	db := openExample()
	db.Create(&Account{ID: 4, Email: "dee@example.com", Team: "blue"})

	// By a column several rows share, the row First reads: the lowest
	// primary key (account 2 is soft-deleted, so red's is account 1). The
	// column is the database's name of it, "email_address" for Email.
	byTeam, err := bulkgorm.Load[Account](db, "team", []string{"red", "blue", "green"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(byTeam), byTeam["red"].ID, byTeam["blue"].ID)
	byEmail, err := bulkgorm.Load[Account](db.Unscoped(), "email_address", []string{"bob@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(byEmail["bob@example.com"].ID)
	// Output:
	// 2 1 3
	// 2
}

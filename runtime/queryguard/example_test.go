package queryguard_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // the examples' database: register the driver you use

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/bulklint/bulklint/runtime/queryguard"
)

// openExample opens an observed in-memory SQLite database with a customers
// table of three rows.
func openExample() *sqlx.DB {
	db, err := queryguard.OpenX("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	db.MustExec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
		INSERT INTO customers VALUES (1, 'Ada'), (2, 'Bob'), (3, 'Cy')`)
	return db
}

type customer struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

func ExampleGuard_Run() {
	db := openExample()
	defer db.Close()
	g, err := queryguard.New(queryguard.OnReport(func(queryguard.Report) {}))
	if err != nil {
		log.Fatal(err)
	}
	rep, err := g.Run(context.Background(), "names", func(ctx context.Context) error {
		for _, id := range []int64{1, 2, 3} {
			var c customer
			if err := db.GetContext(ctx, &c, "SELECT id, name FROM customers WHERE id = ?", id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	n := rep.NPlusOne[0]
	fmt.Println(n.Count, n.Fingerprint)
	fmt.Println("loop found:", n.LoopAt >= 0)
	// Output:
	// 3 select id, name from customers where id = ?
	// loop found: true
}

func ExampleGuard_Begin() {
	db := openExample()
	defer db.Close()
	g, err := queryguard.New()
	if err != nil {
		log.Fatal(err)
	}
	ctx, scope := g.Begin(context.Background(), "names")
	// One query per chunk of ids: bulk's statements are not an N+1.
	byID, err := bulk.Load[customer](ctx, db, "customers", []int64{1, 2, 3}, bulk.ChunkSize(2))
	if err != nil {
		log.Fatal(err)
	}
	rep := scope.End()
	fmt.Println(len(byID), "customers,", len(rep.NPlusOne), "N+1")
	// Output:
	// 3 customers, 0 N+1
}

func ExampleFingerprint() {
	fmt.Println(queryguard.Fingerprint(`SELECT * FROM "orders" WHERE "orders"."user_id" IN ($1,$2,$3)`))
	fmt.Println(queryguard.Fingerprint("select * from `orders` where `orders`.`user_id` in (?, ?)"))
	fmt.Println(queryguard.Fingerprint("INSERT INTO t (a, b) VALUES ('x', 1), ('y', 2)"))
	// Output:
	// select * from orders where orders.user_id in (...)
	// select * from orders where orders.user_id in (...)
	// insert into t(a, b) values (...)
}

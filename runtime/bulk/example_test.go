package bulk_test

import (
	"context"
	"fmt"
	"log"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // the examples' database: register the driver you use
)

// Item is the row type of the examples.
type Item struct {
	ID    int64  `db:"id"`
	Shop  string `db:"shop"`
	SKU   string `db:"sku"`
	Stock int    `db:"stock"`
}

// openExample opens an in-memory SQLite database with an items table.
func openExample() *sqlx.DB {
	db := sqlx.MustOpen("sqlite", ":memory:")
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	db.MustExec(`CREATE TABLE items (id INTEGER PRIMARY KEY, shop TEXT NOT NULL, sku TEXT NOT NULL,
		stock INTEGER NOT NULL, UNIQUE (shop, sku))`)
	return db
}

func ExampleInsert() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	items := []Item{{Shop: "north", SKU: "a", Stock: 5}, {Shop: "north", SKU: "b", Stock: 0}}
	res, err := bulk.Insert(ctx, db, "items", items)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("inserted:", res.Inserted)
	for _, it := range items {
		fmt.Println(it.ID, it.SKU) // keys are filled back
	}
	// Output:
	// inserted: 2
	// 1 a
	// 2 b
}

func ExampleInsert_skipConflicts() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	db.MustExec(`INSERT INTO items (id, shop, sku, stock) VALUES (7, 'north', 'a', 1)`)
	items := []Item{{Shop: "north", SKU: "a", Stock: 5}, {Shop: "north", SKU: "b", Stock: 2}}
	res, err := bulk.Insert(ctx, db, "items", items, bulk.SkipConflicts("shop", "sku"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("inserted:", res.Inserted, "skipped:", res.Skipped)
	for _, c := range res.Conflicts {
		fmt.Printf("row %d exists with id %v\n", c.Index, c.Existing["id"])
	}
	fmt.Println(res.Outcomes)
	// Output:
	// inserted: 1 skipped: 1
	// row 0 exists with id 7
	// [skipped inserted]
}

func ExampleInsertSeq() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	// A sequence is written chunk by chunk, never held in memory whole.
	items := func(yield func(Item) bool) {
		for i := range 1000 {
			if !yield(Item{Shop: "south", SKU: fmt.Sprint(i), Stock: i}) {
				return
			}
		}
	}
	res, err := bulk.InsertSeq(ctx, db, "items", items, bulk.ChunkSize(300))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("inserted:", res.Inserted, "in chunks:", res.Chunks)
	// Output:
	// inserted: 1000 in chunks: 4
}

func ExampleUpsert() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	db.MustExec(`INSERT INTO items (shop, sku, stock) VALUES ('north', 'a', 1), ('north', 'b', 2)`)
	items := []Item{
		{Shop: "north", SKU: "a", Stock: 1}, // same values
		{Shop: "north", SKU: "b", Stock: 9}, // changed
		{Shop: "north", SKU: "c", Stock: 3}, // new
	}
	res, err := bulk.Upsert(ctx, db, "items", items, bulk.Key("shop", "sku"))
	if err != nil {
		log.Fatal(err)
	}
	for i, it := range items {
		fmt.Println(it.ID, it.SKU, res.Outcomes[i])
	}
	// Output:
	// 1 a unchanged
	// 2 b updated
	// 3 c inserted
}

func ExampleUpdate() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	db.MustExec(`INSERT INTO items (id, shop, sku, stock) VALUES (1, 'north', 'a', 10), (2, 'north', 'b', 10)`)
	// Take the ordered quantities off the stock: stock = stock - ?.
	orders := []Item{{ID: 1, Stock: 3}, {ID: 2, Stock: 4}, {ID: 42, Stock: 1}}
	res, err := bulk.Update(ctx, db, "items", orders, bulk.Columns("stock"), bulk.Expr("stock", "stock - ?"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("updated:", res.Updated, "missing rows:", res.MissingRows)
	var stock []int
	_ = db.Select(&stock, "SELECT stock FROM items ORDER BY id")
	fmt.Println(stock)
	// Output:
	// updated: 2 missing rows: [2]
	// [7 6]
}

func ExampleLoad() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	db.MustExec(`INSERT INTO items (shop, sku, stock) VALUES ('north', 'a', 1), ('south', 'a', 2), ('south', 'b', 3)`)
	// A composite key: a struct whose fields are the key columns.
	type ShopSKU struct {
		Shop string `db:"shop"`
		SKU  string `db:"sku"`
	}
	byKey, err := bulk.Load[Item](ctx, db, "items", []ShopSKU{{"south", "b"}, {"north", "a"}, {"east", "z"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(byKey), byKey[ShopSKU{"south", "b"}].Stock)
	// In input order, nil where no row has the key.
	rows, err := bulk.LoadInOrder[Item](ctx, db, "items", []int64{3, 99, 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rows[0].SKU, rows[1] == nil, rows[2].Shop)
	// Output:
	// 2 3
	// b true north
}

func ExampleTrack() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	db.MustExec(`INSERT INTO items (shop, sku, stock) VALUES ('north', 'a', 1), ('north', 'b', 2)`)
	var items []*Item
	_ = db.Select(&items, "SELECT * FROM items ORDER BY id")
	tr, err := bulk.Track(items)
	if err != nil {
		log.Fatal(err)
	}
	items[1].Stock = 20
	changes, _ := tr.Changes()
	fmt.Println(changes)
	res, err := tr.Save(ctx, db, "items") // UPDATE of stock only, for row 1 only
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Outcomes)
	// Output:
	// map[1:[stock]]
	// [unchanged updated]
}

func ExampleDelete() {
	ctx := context.Background()
	db := openExample()
	defer db.Close()
	db.MustExec(`INSERT INTO items (shop, sku, stock) VALUES ('north', 'a', 1), ('north', 'b', 2), ('south', 'a', 3)`)
	// By id: one DELETE for all the keys, and what became of each.
	res, err := bulk.Delete(ctx, db, "items", []int64{3, 99, 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted:", res.Deleted, "missing:", res.MissingRows)
	fmt.Println(res.Outcomes)
	// By a composite key, a struct of its columns; RequireAll deletes
	// nothing unless every key has a row.
	type shopSKU struct {
		Shop string `db:"shop"`
		SKU  string `db:"sku"`
	}
	_, err = bulk.Delete(ctx, db, "items", []shopSKU{{"north", "b"}, {"east", "z"}}, bulk.RequireAll())
	fmt.Println(err)
	res, err = bulk.Delete(ctx, db, "items", []shopSKU{{"north", "b"}}, bulk.RequireAll())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted:", res.Deleted)
	// Output:
	// deleted: 2 missing: [1]
	// [deleted missing deleted]
	// bulk: row 1: key matched no row: [east z] in items
	// deleted: 1
}

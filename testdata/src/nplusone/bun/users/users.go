// Package users holds loops over bun queries.
package users

import (
	"context"

	"github.com/uptrace/bun"
)

type User struct {
	bun.BaseModel `bun:"table:users"`

	ID    int64 `bun:",pk,autoincrement"`
	Name  string
	Email string
}

type Order struct {
	ID     int64 `bun:",pk"`
	UserID int64
}

// One select per id: the Where of the chain takes the element.
func selectEach(ctx context.Context, db *bun.DB, ids []int64) error { // want selectEach:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	for _, id := range ids {
		var u User
		if err := db.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx); err != nil { // want `^query in loop: \(\*bun\.SelectQuery\)\.Scan runs once per element of ids \(loop at line 25\); load them at once with bulkbun\.Load$`
			return err
		}
	}
	return nil
}

// Per row of a slice filled by an earlier select.
func ordersPerUser(ctx context.Context, db bun.IDB) error { // want ordersPerUser:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	var users []User
	if err := db.NewSelect().Model(&users).Scan(ctx); err != nil {
		return err
	}
	for _, u := range users {
		var orders []Order
		if err := db.NewSelect().Model(&orders).Where("user_id = ?", u.ID).Scan(ctx); err != nil { // want `^query per row: \(\*bun\.SelectQuery\)\.Scan runs once per row of \(\*bun\.SelectQuery\)\.Scan at line 37 \(loop at line 40\); load them at once with bulkbun\.Load$`
			return err
		}
	}
	return nil
}

// One insert per element: Model of the element itself.
func insertEach(ctx context.Context, tx bun.Tx, users []User) error { // want insertEach:`^query\(\(\*bun\.InsertQuery\)\.Exec\)$`
	for _, u := range users {
		if _, err := tx.NewInsert().Model(&u).Exec(ctx); err != nil { // want `^query in loop: \(\*bun\.InsertQuery\)\.Exec runs once per element of users \(loop at line 51\); insert them at once with bulk\.Insert$`
			return err
		}
	}
	return nil
}

// One update per element, counted loop over the slice.
func updateEach(ctx context.Context, db *bun.DB, users []User) error { // want updateEach:`^query\(\(\*bun\.UpdateQuery\)\.Exec\)$`
	for i := 0; i < len(users); i++ {
		if _, err := db.NewUpdate().Model(&users[i]).Column("name").WherePK().Exec(ctx); err != nil { // want `^query in loop: \(\*bun\.UpdateQuery\)\.Exec runs once per iteration \(loop at line 61\); update them at once with bulk\.Update$`
			return err
		}
	}
	return nil
}

// One delete per key.
func deleteEach(ctx context.Context, db *bun.DB, ids []int64) { // want deleteEach:`^query\(\(\*bun\.DeleteQuery\)\.Exec\)$`
	for _, id := range ids {
		db.NewDelete().TableExpr("users").Where("id = ?", id).Exec(ctx) // want `^query in loop: \(\*bun\.DeleteQuery\)\.Exec runs once per element of ids \(loop at line 71\); delete them at once with bulk\.Delete$`
	}
}

// Count and Exists are a round trip each too.
func existsEach(ctx context.Context, db *bun.DB, emails []string) int { // want existsEach:`^query\(\(\*bun\.SelectQuery\)\.Exists\)$`
	n := 0
	for _, e := range emails {
		ok, _ := db.NewSelect().Model((*User)(nil)).Where("email = ?", e).Exists(ctx) // want `^query in loop: \(\*bun\.SelectQuery\)\.Exists runs once per element of emails \(loop at line 79\); load them at once with bulkbun\.Load$`
		if ok {
			n++
		}
	}
	return n
}

// A builder kept in a variable carries the element it was built from.
func builtInSteps(ctx context.Context, db *bun.DB, ids []int64) { // want builtInSteps:`^query\(\(\*bun\.SelectQuery\)\.Count\)$`
	for _, id := range ids {
		q := db.NewSelect().Model((*Order)(nil)).Where("user_id = ?", id)
		q.Count(ctx) // want `^query in loop: \(\*bun\.SelectQuery\)\.Count runs once per element of ids \(loop at line 90\); load them at once with bulkbun\.Load$`
	}
}

// Raw SQL through NewRaw: the text is SQL like any other.
func rawEach(ctx context.Context, db *bun.DB, ids []int64) { // want rawEach:`^query\(\(\*bun\.RawQuery\)\.Scan\)$`
	for _, id := range ids {
		var u User
		db.NewRaw("SELECT * FROM users WHERE id = ?", id).Scan(ctx, &u) // want `^query in loop: \(\*bun\.RawQuery\)\.Scan runs once per element of ids`
	}
}

// database/sql-style calls of bun's handle.
func execEach(ctx context.Context, db *bun.DB, ids []int64) { // want execEach:`^query\(\(\*bun\.DB\)\.ExecContext\)$`
	for _, id := range ids {
		db.ExecContext(ctx, "DELETE FROM users WHERE id = ?", id) // want `^query in loop: \(\*bun\.DB\)\.ExecContext runs once per element of ids \(loop at line 106\); delete them at once`
	}
}

// A helper that queries, called per element.
func userByID(ctx context.Context, db bun.IDB, id int64) (User, error) { // want userByID:`^query\(\(\*bun\.SelectQuery\)\.Scan\) load\(users\.id\)$`
	var u User
	err := db.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx)
	return u, err
}

func viaHelper(ctx context.Context, db *bun.DB, ids []int64) { // want viaHelper:`^query\(users\.userByID -> \(\*bun\.SelectQuery\)\.Scan\)$`
	for _, id := range ids {
		userByID(ctx, db, id) // want `^query in loop: users\.userByID runs a query via \(\*bun\.SelectQuery\)\.Scan once per element of ids \(loop at line 119\); load them at once with bulkbun\.Load$`
	}
}

// Statements run in a transaction per element are still one per element.
func inTx(ctx context.Context, db *bun.DB, users []User) error { // want inTx:`^query\(\(\*bun\.UpdateQuery\)\.Exec\)$`
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, u := range users {
			if _, err := tx.NewUpdate().Model(&u).WherePK().Exec(ctx); err != nil { // want `^query in loop: \(\*bun\.UpdateQuery\)\.Exec runs once per element of users`
				return err
			}
		}
		return nil
	})
}

// Silent: one select with bun.In for every key, outside any loop.
func batched(ctx context.Context, db *bun.DB, ids []int64) ([]User, error) { // want batched:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	var us []User
	err := db.NewSelect().Model(&us).Where("id IN (?)", bun.In(ids)).Scan(ctx)
	return us, err
}

// Silent: one bulk insert of the whole slice.
func bulkInsert(ctx context.Context, db *bun.DB, rows []User) error { // want bulkInsert:`^query\(\(\*bun\.InsertQuery\)\.Exec\)$`
	_, err := db.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// Silent: a loop over chunks inserts a slice per iteration: each
// statement is a batch.
func chunks(ctx context.Context, db *bun.DB, chunks [][]User) error { // want chunks:`^query\(\(\*bun\.InsertQuery\)\.Exec\)$`
	for _, chunk := range chunks {
		if _, err := db.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Silent: a loop over chunks of keys with bun.In loads a batch per
// iteration.
func chunkedIn(ctx context.Context, db *bun.DB, chunks [][]int64) error { // want chunkedIn:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	for _, ids := range chunks {
		var us []User
		if err := db.NewSelect().Model(&us).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Silent: one handle per shard, the same statement on each: the handle
// is no evidence.
func perShard(ctx context.Context, shards []*bun.DB) { // want perShard:`^query\(\(\*bun\.SelectQuery\)\.Count\)$`
	for _, db := range shards {
		db.NewSelect().Model((*User)(nil)).Count(ctx)
	}
}

// Silent: a retry loop; nothing derives from its iterations.
func retry(ctx context.Context, db *bun.DB, id int64) error { // want retry:`^query\(\(\*bun\.SelectQuery\)\.Scan\) consumer$`
	var err error
	for {
		var u User
		if err = db.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx); err == nil {
			return nil
		}
	}
}

// Silent: the builder kept in a variable was built from a chunk: each
// statement is a batch.
func chunkBuilder(ctx context.Context, db *bun.DB, chunks [][]User) error { // want chunkBuilder:`^query\(\(\*bun\.InsertQuery\)\.Exec\)$`
	for _, chunk := range chunks {
		q := db.NewInsert().Model(&chunk)
		if _, err := q.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

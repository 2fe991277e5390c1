// Package steps holds bun queries built in steps through a variable inside
// loops: they are reported as the same query written in one expression is
// (see package users).
package steps

import (
	"context"

	"github.com/uptrace/bun"
)

type User struct {
	bun.BaseModel `bun:"table:users"`

	ID   int64 `bun:",pk,autoincrement"`
	Name string
}

// The Where added on a line of its own takes the element.
func selectInSteps(ctx context.Context, db *bun.DB, ids []int64) error { // want selectInSteps:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	for _, id := range ids {
		var u User
		q := db.NewSelect().Model(&u)
		q.Where("id = ?", id)
		if err := q.Scan(ctx); err != nil { // want `^query in loop: \(\*bun\.SelectQuery\)\.Scan runs once per element of ids \(loop at line 21\); load them at once with bulkbun\.Load$`
			return err
		}
	}
	return nil
}

// The same, assigning the builder back to its variable, the Where only on
// some paths.
func selectSelfAssign(ctx context.Context, db bun.IDB, ids []int64, active bool) error { // want selectSelfAssign:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	for _, id := range ids {
		var u User
		q := db.NewSelect().Model(&u)
		if active {
			q = q.Where("active")
		}
		q = q.Where("id = ?", id)
		if err := q.Scan(ctx); err != nil { // want `^query in loop: \(\*bun\.SelectQuery\)\.Scan runs once per element of ids \(loop at line 35\); load them at once with bulkbun\.Load$`
			return err
		}
	}
	return nil
}

// Silent: each query loads a whole chunk (bun.In), a batch per iteration.
func chunkInSteps(ctx context.Context, db *bun.DB, chunks [][]int64) error { // want chunkInSteps:`^query\(\(\*bun\.SelectQuery\)\.Scan\)$`
	for _, chunk := range chunks {
		var users []User
		q := db.NewSelect().Model(&users)
		q.Where("id IN (?)", bun.In(chunk))
		if err := q.Scan(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Silent: the builder is made once, before the loop, from nothing of the
// iteration; the loop runs the same query again (a poll).
func pollInSteps(ctx context.Context, db *bun.DB, tries []int) (n int64, err error) { // want pollInSteps:`^query\(\(\*bun\.SelectQuery\)\.Count\)$`
	q := db.NewSelect().Model((*User)(nil))
	q.Where("name = ?", "x")
	for range tries {
		if n, err = q.Count(ctx); err == nil {
			return n, nil
		}
	}
	return 0, err
}

// Package fix holds a bun write whose discarded error a suggested fix
// checks.
package fix

import (
	"context"

	"github.com/uptrace/bun"
)

type User struct {
	ID    int64 `bun:",pk"`
	Email string
}

func save(ctx context.Context, db *bun.DB, users []User) (int, error) {
	db.NewInsert().Model(&users).Ignore().Exec(ctx) // want `^ignored conflict: \(\*bun\.InsertQuery\)\.Exec runs Ignore\(\)`
	return len(users), nil
}

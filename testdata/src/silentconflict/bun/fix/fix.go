// Package fix holds a bun write that gets no suggested fix: checking its
// error alone would leave its sql.Result dropped, reported in turn.
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

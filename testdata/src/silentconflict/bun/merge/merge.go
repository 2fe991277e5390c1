// Package merge holds bun MERGE statements that insert what they do not
// match and do nothing with what they match.
package merge

import (
	"context"

	"github.com/uptrace/bun"
)

type User struct {
	bun.BaseModel `bun:"table:users"`
	ID            int64 `bun:",pk"`
	Email         string
	Name          string
}

func mergeNothing(ctx context.Context, db *bun.DB, users []User) error {
	_, err := db.NewMerge().Model(&User{}). // want `^uncounted conflict: \(\*bun\.MergeQuery\)\.Exec runs MERGE \.\.\. WHEN MATCHED THEN DO NOTHING into users \(When\("MATCHED THEN DO NOTHING"\)\) and its sql\.Result is dropped; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
						With("_data", db.NewValues(&users)).
						Using("_data").
						On("u.email = _data.email").
						WhenInsert("NOT MATCHED", func(q *bun.InsertQuery) *bun.InsertQuery { return q.Value("email", "_data.email") }).
						When("MATCHED THEN DO NOTHING").
						Exec(ctx)
	return err
}

// Negative: what it matches, it updates.
func mergeUpdate(ctx context.Context, db *bun.DB, users []User) (int64, error) {
	_, err := db.NewMerge().Model(&User{}).
		With("_data", db.NewValues(&users)).
		Using("_data").
		On("u.email = _data.email").
		WhenInsert("NOT MATCHED", func(q *bun.InsertQuery) *bun.InsertQuery { return q.Value("email", "_data.email") }).
		WhenUpdate("MATCHED", func(q *bun.UpdateQuery) *bun.UpdateQuery { return q.Set("name = _data.name") }).
		Exec(ctx)
	return 0, err
}

// Negative: the count is returned.
func mergeCounted(ctx context.Context, db *bun.DB, users []User) (int64, error) {
	res, err := db.NewMerge().Model(&User{}).
		With("_data", db.NewValues(&users)).
		Using("_data").
		On("u.email = _data.email").
		WhenInsert("NOT MATCHED", func(q *bun.InsertQuery) *bun.InsertQuery { return q.Value("email", "_data.email") }).
		When("MATCHED THEN DO NOTHING").
		Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

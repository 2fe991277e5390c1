// Package steps holds bun inserts built in steps through a local variable:
// bun changes a builder in place, so the calls made on the variable before
// the finisher are part of the statement it runs.
package steps

import (
	"context"
	"errors"

	"github.com/uptrace/bun"
)

type User struct {
	bun.BaseModel `bun:"table:users"`

	ID    int64 `bun:",pk,autoincrement"`
	Email string
	Name  string
}

func ignore(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewInsert().Model(&users)
	q.Ignore()
	q.Exec(ctx) // want `^ignored conflict: \(\*bun\.InsertQuery\)\.Exec runs Ignore\(\) \(INSERT \.\.\. ON CONFLICT DO NOTHING, or INSERT IGNORE on MySQL\) into users and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

// The conflict clause is set in a branch: the write may skip conflicts.
func conditional(ctx context.Context, db bun.IDB, users []User, skipExisting bool) error {
	q := db.NewInsert().Model(&users)
	if skipExisting {
		q.Ignore()
	}
	_, err := q.Exec(ctx) // want `^uncounted conflict: \(\*bun\.InsertQuery\)\.Exec runs Ignore\(\) \(INSERT \.\.\. ON CONFLICT DO NOTHING, or INSERT IGNORE on MySQL\) into users and its sql\.Result is dropped; rows that conflict vanish without a trace`
	return err
}

// The builder assigned back to itself is the same builder.
func reassignedToItself(ctx context.Context, tx bun.Tx, u *User) error {
	q := tx.NewInsert().Model(u)
	q = q.On("CONFLICT DO NOTHING")
	_, err := q.Returning("id").Exec(ctx) // want `^uncounted conflict: \(\*bun\.InsertQuery\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(On\("CONFLICT DO NOTHING"\)\) and its sql\.Result is dropped`
	return err
}

// A no-op update branch set in steps.
func noopUpdate(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewInsert().Model(&users)
	q.On("CONFLICT (email) DO UPDATE")
	q.Set("email = EXCLUDED.email")
	q.Exec(ctx) // want `^ignored conflict: \(\*bun\.InsertQuery\)\.Exec runs INSERT \.\.\. ON CONFLICT DO UPDATE that changes nothing \(email\) into users \(On\("CONFLICT \(email\) DO UPDATE"\)\) and its error is discarded`
}

var ErrSkipped = errors.New("some users exist")

// Silent: the count is compared.
func counted(ctx context.Context, db *bun.DB, users []User) error {
	q := db.NewInsert().Model(&users)
	q.Ignore()
	res, err := q.Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(users)) {
		return ErrSkipped
	}
	return nil
}

func onConflict(q *bun.InsertQuery) { q.On("CONFLICT (email) DO UPDATE").Set("name = EXCLUDED.name") }

// Silent: the builder is handed to a helper, which may change its
// conflict clause.
func helper(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewInsert().Model(&users).Ignore()
	onConflict(q)
	q.Exec(ctx)
}

// Silent: a builder from a parameter may carry any clause by now.
func parameter(ctx context.Context, q *bun.InsertQuery) {
	q.Ignore()
	q.Exec(ctx)
}

// Silent: no conflict clause, a plain insert fails loudly.
func plain(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewInsert().Model(&users)
	q.Returning("id")
	q.Exec(ctx)
}

// Silent: the variable is given another query, without the clause,
// before the write. A variable assigned two queries is not followed.
func reassigned(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewInsert().Model(&users).Ignore()
	q = db.NewInsert().Model(&users)
	q.Exec(ctx)
}

// Silent: the branch that ignores conflicts returns with its count
// checked; the write below runs without the clause.
func earlyReturn(ctx context.Context, db *bun.DB, u *User, skip bool) (bool, error) {
	q := db.NewInsert().Model(u)
	if skip {
		q.Ignore()
		res, err := q.Exec(ctx)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n == 1, err
	}
	_, err := q.Exec(ctx)
	return true, err
}

// Silent: the call that ignores conflicts is written after the write.
func after(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewInsert().Model(&users)
	q.Exec(ctx)
	q.Ignore()
}

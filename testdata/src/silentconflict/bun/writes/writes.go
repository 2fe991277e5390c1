// Package writes holds ignore-conflict writes through bun.
package writes

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"
)

type User struct {
	bun.BaseModel `bun:"table:users"`

	ID    int64 `bun:",pk,autoincrement"`
	Email string
	Name  string
}

func dropAll(ctx context.Context, db *bun.DB, users []User) {
	db.NewInsert().Model(&users).On("CONFLICT DO NOTHING").Exec(ctx) // want `^ignored conflict: \(\*bun\.InsertQuery\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(On\("CONFLICT DO NOTHING"\)\) and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

// The error is read, the sql.Result is dropped.
func errorOnly(ctx context.Context, db bun.IDB, users []User) error {
	_, err := db.NewInsert().Model(&users).On("CONFLICT (email) DO NOTHING").Exec(ctx) // want `^uncounted conflict: \(\*bun\.InsertQuery\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(On\("CONFLICT \(email\) DO NOTHING"\)\) and its sql\.Result is dropped; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	return err
}

// Ignore is INSERT IGNORE on MySQL and ON CONFLICT DO NOTHING elsewhere.
func ignore(ctx context.Context, tx bun.Tx, u *User) error {
	res, err := tx.NewInsert().Model(u).Ignore().Exec(ctx) // want `^uncounted conflict: \(\*bun\.InsertQuery\)\.Exec runs Ignore\(\) \(INSERT \.\.\. ON CONFLICT DO NOTHING, or INSERT IGNORE on MySQL\) into users and its sql\.Result is dropped; rows that conflict vanish without a trace`
	if err != nil {
		return err
	}
	_ = res
	return nil
}

// Ignore with the error discarded.
func ignoreDropped(ctx context.Context, db *bun.DB, users []User) {
	_, _ = db.NewInsert().Model(&users).Ignore().Exec(ctx) // want `^ignored conflict: \(\*bun\.InsertQuery\)\.Exec runs Ignore\(\) .* and its error is discarded`
}

// An update branch that writes a column to itself changes nothing.
func noopUpdate(ctx context.Context, db *bun.DB, users []User) error {
	_, err := db.NewInsert().Model(&users).On("CONFLICT (email) DO UPDATE").Set("email = EXCLUDED.email").Exec(ctx) // want `^uncounted conflict: \(\*bun\.InsertQuery\)\.Exec runs INSERT \.\.\. ON CONFLICT DO UPDATE that changes nothing \(email\) into users \(On\("CONFLICT \(email\) DO UPDATE"\)\) and its sql\.Result is dropped`
	return err
}

// MySQL's ON DUPLICATE KEY UPDATE of the key to itself changes nothing.
func duplicateNoop(ctx context.Context, db *bun.DB, users []User) {
	db.NewInsert().Model(&users).On("DUPLICATE KEY UPDATE").Set("id = id").Exec(ctx) // want `^ignored conflict: \(\*bun\.InsertQuery\)\.Exec runs INSERT \.\.\. ON DUPLICATE KEY UPDATE that changes nothing \(id\) into users \(On\("DUPLICATE KEY UPDATE"\)\) and its error is discarded`
}

// Silent: ON DUPLICATE KEY UPDATE without Set: bun sets every column
// from VALUES.
func duplicateAll(ctx context.Context, db *bun.DB, users []User) error {
	_, err := db.NewInsert().Model(&users).On("DUPLICATE KEY UPDATE").Exec(ctx)
	return err
}

// RETURNING into the model: the error of Scan is the error.
func returning(ctx context.Context, db *bun.DB, u *User) {
	db.NewInsert().Model(u).On("CONFLICT (email) DO NOTHING").Returning("id").Scan(ctx) // want `^ignored conflict: \(\*bun\.InsertQuery\)\.Scan runs INSERT \.\.\. ON CONFLICT DO NOTHING .* and its error is discarded`
}

// Raw SQL through NewRaw.
func raw(ctx context.Context, db *bun.DB, email string) {
	db.NewRaw("INSERT INTO users (email) VALUES (?) ON CONFLICT DO NOTHING", email).Exec(ctx) // want `^ignored conflict: \(\*bun\.RawQuery\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

// SQL text through the handle, as database/sql runs it.
func handle(ctx context.Context, db *bun.DB, email string) {
	db.ExecContext(ctx, "INSERT IGNORE INTO users (email) VALUES (?)", email) // want `^ignored conflict: \(\*bun\.DB\)\.ExecContext runs INSERT IGNORE into users and its error is discarded; rows that conflict vanish without a trace, and IGNORE also turns invalid values`
}

var ErrSkipped = errors.New("some users exist")

// Silent: the count is compared.
func counted(ctx context.Context, db *bun.DB, users []User) error {
	res, err := db.NewInsert().Model(&users).On("CONFLICT (email) DO NOTHING").Exec(ctx)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != int64(len(users)) {
		return ErrSkipped
	}
	return nil
}

// Silent: Ignore with the count checked.
func ignoreCounted(ctx context.Context, db *bun.DB, u *User) (bool, error) {
	res, err := db.NewInsert().Model(u).Ignore().Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Silent: the conflict updates the row; bun sets every column from the
// new row when DO UPDATE has no Set.
func upsert(ctx context.Context, db *bun.DB, users []User) error {
	_, err := db.NewInsert().Model(&users).On("CONFLICT (id) DO UPDATE").Exec(ctx)
	return err
}

// Silent: the conflict updates the name.
func upsertSet(ctx context.Context, db *bun.DB, users []User) error {
	_, err := db.NewInsert().Model(&users).On("CONFLICT (id) DO UPDATE").Set("name = EXCLUDED.name").Exec(ctx)
	return err
}

// Silent: a plain insert fails on a conflict; its error is the report.
func plain(ctx context.Context, db *bun.DB, users []User) {
	db.NewInsert().Model(&users).Exec(ctx)
}

// Silent: the conflict clause is only known at run time.
func dynamic(ctx context.Context, db *bun.DB, users []User, clause string) {
	db.NewInsert().Model(&users).On(clause).Exec(ctx)
}

// A helper that hands the outcome to its caller is not reported; its fact
// tells callers which results carry it.
func insertUser(ctx context.Context, db bun.IDB, u *User) (sql.Result, error) { // want insertUser:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING into users \(On\("CONFLICT \(email\) DO NOTHING"\)\) via \(\*bun\.InsertQuery\)\.Exec; err 1, count 0\)$`
	return db.NewInsert().Model(u).On("CONFLICT (email) DO NOTHING").Exec(ctx)
}

// The caller drops the count the helper hands it.
func callsHelper(ctx context.Context, db *bun.DB, u *User) error {
	_, err := insertUser(ctx, db, u) // want `^uncounted conflict: writes\.insertUser runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(On\("CONFLICT \(email\) DO NOTHING"\)\) \(through \(\*bun\.InsertQuery\)\.Exec\) and its sql\.Result is dropped`
	return err
}

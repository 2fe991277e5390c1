// Package writes holds ignore-conflict writes through sqlx.
package writes

import (
	"context"
	"errors"

	"github.com/jmoiron/sqlx"
)

type User struct {
	Email string `db:"email"`
	Name  string `db:"name"`
}

const insertUsers = "INSERT INTO users (email, name) VALUES (:email, :name) ON CONFLICT (email) DO NOTHING"

// NamedExec with a slice inserts every element in one statement; the
// error is checked, the count of rows written is not.
func namedSlice(db *sqlx.DB, users []User) error {
	_, err := db.NamedExec(insertUsers, users) // want `^uncounted conflict: \(\*sqlx\.DB\)\.NamedExec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its sql\.Result is dropped; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	return err
}

// NamedExecContext on a transaction, error dropped.
func namedTx(ctx context.Context, tx *sqlx.Tx, users []User) {
	tx.NamedExecContext(ctx, insertUsers, users) // want `^ignored conflict: \(\*sqlx\.Tx\)\.NamedExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

// MustExec panics on error; its result is dropped.
func mustExec(db *sqlx.DB, email string) {
	db.MustExec("INSERT IGNORE INTO users (email) VALUES (?)", email) // want `^uncounted conflict: \(\*sqlx\.DB\)\.MustExec runs INSERT IGNORE into users and its sql\.Result is dropped; rows that conflict vanish without a trace, and IGNORE also turns invalid values and NOT NULL violations into warnings; use bulk\.Insert`
}

// The package function sqlx.NamedExec.
func namedPkg(e sqlx.Ext, users []User) {
	_, _ = sqlx.NamedExec(e, insertUsers, users) // want `^ignored conflict: sqlx\.NamedExec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

// The methods of *sql.DB promoted through *sqlx.DB.
func promoted(ctx context.Context, db *sqlx.DB, email string) {
	db.ExecContext(ctx, "INSERT OR IGNORE INTO users (email) VALUES (?)", email) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs INSERT OR IGNORE into users and its error is discarded`
}

// An application's interface embedding sqlx's.
type Accessor interface {
	sqlx.ExtContext
}

func viaInterface(ctx context.Context, a Accessor, email string) error {
	_, err := a.ExecContext(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING", email) // want `^uncounted conflict: \(sqlx\.ExecerContext\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its sql\.Result is dropped`
	return err
}

// Get with RETURNING: the error, sql.ErrNoRows on a conflict, is dropped.
func getReturning(ctx context.Context, db *sqlx.DB, email string) int64 {
	var id int64
	_ = db.GetContext(ctx, &id, "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", email) // want `^ignored conflict: \(\*sqlx\.DB\)\.GetContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
	return id
}

// Negative: Get's error says whether the row was written.
func getChecked(ctx context.Context, db *sqlx.DB, email string) (int64, error) {
	var id int64
	err := db.GetContext(ctx, &id, "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", email)
	return id, err
}

// A named statement prepared once.
func preparedNamed(db *sqlx.DB, users []User) error {
	stmt, err := db.PrepareNamed("INSERT INTO users (email, name) VALUES (:email, :name) ON CONFLICT DO NOTHING")
	if err != nil {
		return err
	}
	for _, u := range users {
		stmt.Exec(u) // want `^ignored conflict: \(\*sqlx\.NamedStmt\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(prepared at line \d+\) and its error is discarded`
	}
	return nil
}

var ErrSkipped = errors.New("some users exist")

// Negative: the count is compared with the number of rows sent.
func counted(db *sqlx.DB, users []User) error {
	res, err := db.NamedExec(insertUsers, users)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != int64(len(users)) {
		return ErrSkipped
	}
	return nil
}

// Negative: MustExec's result is returned.
func mustReturned(db *sqlx.DB, email string) int64 {
	n, _ := db.MustExec("INSERT IGNORE INTO users (email) VALUES (?)", email).RowsAffected()
	return n
}

// Negative: ON CONFLICT DO UPDATE with a real change.
func upsert(db *sqlx.DB, users []User) error {
	_, err := db.NamedExec("INSERT INTO users (email, name) VALUES (:email, :name) ON CONFLICT (email) DO UPDATE SET name = excluded.name", users)
	return err
}

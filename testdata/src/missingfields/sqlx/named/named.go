package named

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"
)

type User struct {
	ID    int64  `db:"id"`
	Name  string `db:"name"`
	Email string `db:"email"`
	Score int    `db:"score"`
	cache string // unexported: not a column
	Note  string `db:"-"`
}

// Elements of a slice of pointers changed in a range loop.
func pointerLoop(db *sqlx.DB, users []*User) error {
	for _, u := range users {
		u.Name = strings.TrimSpace(u.Name)
		u.Email = strings.ToLower(u.Email)
	}
	_, err := db.NamedExec("UPDATE users SET name = :name WHERE id = :id", users) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of users but Email \(email\) was changed at line 23 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
	return err
}

// Index expressions, a compound assignment and an increment.
func indexLoop(ctx context.Context, tx *sqlx.Tx, users []User) error {
	for i := range users {
		users[i].Name = "x"
		users[i].Score += 10
		users[i].Score++
		users[i].Email = ""
	}
	_, err := tx.NamedExecContext(ctx, "UPDATE users SET name = :name WHERE id = :id", users) // want `^update skips mutated fields: \(\*sqlx\.Tx\)\.NamedExecContext writes name of users but Score \(score\) and Email \(email\) were changed at lines 33 and 35 and are not written; add the columns, or write changed columns with bulk\.Update and bulk\.Track$`
	return err
}

// A pointer taken to an element.
func pointerToElement(db *sqlx.DB, users []User) {
	for i := range users {
		u := &users[i]
		u.Email = "e"
	}
	db.NamedExec(`UPDATE users SET name = :name WHERE id = :id`, users) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of users but Email \(email\) was changed at line 45 and is not written`
}

// One struct, through a pointer, with the package function.
func single(ctx context.Context, db *sqlx.DB, u *User) {
	u.Email = "e"
	(*u).Score = 3
	sqlx.NamedExecContext(ctx, db, "UPDATE users SET name = :name WHERE id = :id", u) // want `^update skips mutated fields: sqlx\.NamedExecContext writes name of users but Email \(email\) and Score \(score\) were changed at lines 52 and 53`
}

// Silent: every mutated column is written.
func allWritten(db *sqlx.DB, users []*User) {
	for _, u := range users {
		u.Name = "n"
		u.Email = "e"
	}
	db.NamedExec("UPDATE users SET name = :name, email = :email WHERE id = :id", users)
}

// Silent: the mutated fields are not columns.
func notColumns(db *sqlx.DB, u *User) {
	u.cache = "c"
	u.Note = "n"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

// Silent: the range value is a copy of each element; the slice written
// is not changed.
func copyNotWritten(db *sqlx.DB, users []User) { // want copyNotWritten:`^writes\(param 1: id,name via \(\*sqlx\.DB\)\.NamedExec\)$`
	for _, u := range users {
		u.Email = "e"
		_ = u
	}
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", users)
}

// Silent: the email change is written by another statement first.
func writtenFirst(db *sqlx.DB, u *User) {
	u.Email = "e"
	db.NamedExec("UPDATE users SET email = :email WHERE id = :id", u)
	u.Name = "n"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

// Silent: the SQL text is not known.
func unknownText(db *sqlx.DB, u *User, query string) {
	u.Email = "e"
	db.NamedExec(query, u)
}

// Silent: the change is in the other branch.
func otherBranch(db *sqlx.DB, u *User, fix bool) {
	if fix {
		u.Email = "e"
	} else {
		db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
	}
}

// Silent: the value is replaced after the change.
func reassigned(db *sqlx.DB, u *User, v *User) {
	u.Email = "e"
	u = v
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

// Silent: the change returns before the write.
func returnsFirst(db *sqlx.DB, u *User, ok bool) error {
	if ok {
		u.Email = "e"
		return nil
	}
	_, err := db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
	return err
}

// Silent: a change of another value than the one written.
func otherValue(db *sqlx.DB, u, v *User) { // want otherValue:`^writes\(param 1: id,name via \(\*sqlx\.DB\)\.NamedExec\)$` otherValue:`^assigns\(param 2: Email\)$`
	v.Email = "e"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

// Silent: the whole row is written, every column in the SET list.
func wholeRow(db *sqlx.DB, u *User) {
	u.Email = "e"
	u.Score = 1
	db.NamedExec("UPDATE users SET name = :name, email = :email, score = :score WHERE id = :id", u)
}

// Silent: the change happens after the write.
func after(db *sqlx.DB, u *User) {
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
	u.Email = "e"
}

func save(db *sqlx.DB, u *User) error { return nil }

// Silent: the value is given to a helper, which may save it, between the
// change and the write.
func helperFirst(db *sqlx.DB, u *User) {
	u.Email = "e"
	save(db, u)
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

// Silent: the value is loaded anew between the change and the write.
func reloaded(db *sqlx.DB, u *User) {
	u.Email = "e"
	db.Get(u, "SELECT * FROM users WHERE id = $1", u.ID)
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

// Silent: suppressed with a reason.
func suppressed(db *sqlx.DB, u *User) {
	u.Email = "e"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u) //bulklint:ignore missingfields -- the email is written by the nightly sync
}

// A later read does not save the change.
func readAfter(db *sqlx.DB, u *User) {
	u.Email = "e"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of users but Email \(email\) was changed at line 167`
	db.Get(u, "SELECT * FROM users WHERE id = $1", u.ID)
}

// Silent: v is a copy of *u; the written value is not changed.
func copied(db *sqlx.DB, u *User) { // want copied:`^writes\(param 1: id,name via \(\*sqlx\.DB\)\.NamedExec\)$`
	v := *u
	v.Email = "e"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
	_ = v
}

// Silent: two partial writes that together write every change.
func twoWrites(db *sqlx.DB, u *User) {
	u.Name = "n"
	u.Email = "e"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
	db.NamedExec("UPDATE users SET email = :email WHERE id = :id", u)
}

// The same value changed and written in a transaction.
func inTx(db *sqlx.DB, u *User) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u.Score = 10
	if _, err := tx.NamedExec("UPDATE users SET name = :name WHERE id = :id", u); err != nil { // want `^update skips mutated fields: \(\*sqlx\.Tx\)\.NamedExec writes name of users but Score \(score\) was changed at line 195`
		return err
	}
	return tx.Commit()
}

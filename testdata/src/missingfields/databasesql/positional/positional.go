package positional

import (
	"context"
	"database/sql"
)

type Account struct {
	ID      int64
	Owner   string
	Balance int64
	Limit   int64 `db:"credit_limit"`
}

// A hand-built update per element: the range value copies elements that
// were changed before the loop.
func perElement(ctx context.Context, db *sql.DB, accounts []Account) error {
	for i := range accounts {
		accounts[i].Balance -= 10
		accounts[i].Limit = 0
	}
	for _, a := range accounts {
		if _, err := db.ExecContext(ctx, "UPDATE accounts SET balance = $1 WHERE id = $2", a.Balance, a.ID); err != nil { // want `^update skips mutated fields: \(\*sql\.DB\)\.ExecContext writes balance of accounts but Limit \(credit_limit\) was changed at line 20 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
			return err
		}
	}
	return nil
}

// Changes inside the loop that writes.
func inLoop(tx *sql.Tx, accounts []*Account) {
	for _, a := range accounts {
		a.Owner = "o"
		a.Balance = 0
		tx.Exec("UPDATE accounts SET owner = ? WHERE id = ?", a.Owner, a.ID) // want `^update skips mutated fields: \(\*sql\.Tx\)\.Exec writes owner of accounts but Balance \(balance\) was changed at line 34`
	}
}

// Silent: the column is in the SET list, written from an expression.
func expression(db *sql.DB, a *Account) { // want expression:`writes\(param 1: id,owner,balance via \(\*sql\.DB\)\.Exec\)`
	a.Balance++
	db.Exec("UPDATE accounts SET owner = $1, balance = balance + 1 WHERE id = $2", a.Owner, a.ID)
}

// Silent: the arguments are spread from a slice: which fields they hold
// is not known.
func spread(db *sql.DB, a *Account, args []any) { // want spread:`^assigns\(param 1: Balance\)$`
	a.Balance++
	db.Exec("UPDATE accounts SET owner = $1 WHERE id = $2", args...)
}

// Silent: the arguments come from two values.
func twoValues(db *sql.DB, a, b *Account) {
	a.Balance++
	db.Exec("UPDATE accounts SET owner = $1 WHERE id = $2", a.Owner, b.ID)
}

// Silent: an insert writes a new row, not a subset of a changed one.
func insert(db *sql.DB, a *Account) {
	a.Balance = 5
	db.Exec("INSERT INTO accounts (id, owner) VALUES ($1, $2)", a.ID, a.Owner)
}

// Silent: the range value is a copy, changed after the loop's start: the
// written elements are not changed.
func copyInLoop(db *sql.DB, accounts []Account) { // want copyInLoop:`^writes\(param 1: id,owner via \(\*sql\.DB\)\.Exec\)$`
	for _, a := range accounts {
		db.Exec("UPDATE accounts SET owner = $1 WHERE id = $2", a.Owner, a.ID)
	}
	for _, a := range accounts {
		a.Balance = 1
		_ = a
	}
}

// Silent: the balance change is saved by a statement the analyzer does
// not understand before the write.
func savedFirst(db *sql.DB, a *Account, q string) {
	a.Balance = 1
	db.Exec(q, a.Balance, a.ID)
	db.Exec("UPDATE accounts SET owner = $1 WHERE id = $2", a.Owner, a.ID)
}

// Silent: an argument that is not a field of the written value may hold
// the changed field's value (owner_name = $1 from a local variable).
func localArgument(db *sql.DB, a *Account, owner string) {
	a.Owner = owner
	db.Exec("UPDATE accounts SET owner_name = $1 WHERE id = $2", owner, a.ID)
}

// Silent: the balance change is written by a later statement.
func writtenAfter(db *sql.DB, a *Account) {
	a.Balance = 1
	a.Owner = "o"
	db.Exec("UPDATE accounts SET owner = $1 WHERE id = $2", a.Owner, a.ID)
	db.Exec("UPDATE accounts SET balance = $1 WHERE id = $2", a.Balance, a.ID)
}

// The element written is the element changed, by the same index.
func byIndex(db *sql.DB, accounts []Account) {
	for i := range accounts {
		accounts[i].Limit = 100
		db.Exec("UPDATE accounts SET balance = $1 WHERE id = $2", accounts[i].Balance, accounts[i].ID) // want `^update skips mutated fields: \(\*sql\.DB\)\.Exec writes balance of accounts but Limit \(credit_limit\) was changed at line 102`
	}
}

// Silent: another element than the one written.
func otherIndex(db *sql.DB, accounts []Account, j int) {
	for i := range accounts {
		accounts[j].Limit = 100
		db.Exec("UPDATE accounts SET balance = $1 WHERE id = $2", accounts[i].Balance, accounts[i].ID)
	}
}

// Silent: the limit is written by a later loop over the same slice.
func twoLoops(db *sql.DB, accounts []Account) {
	for i := range accounts {
		accounts[i].Balance = 0
		accounts[i].Limit = 0
	}
	for _, a := range accounts {
		db.Exec("UPDATE accounts SET balance = $1 WHERE id = $2", a.Balance, a.ID)
	}
	for _, a := range accounts {
		db.Exec("UPDATE accounts SET credit_limit = $1 WHERE id = $2", a.Limit, a.ID)
	}
}

func saveAccount(db *sql.DB, a Account) {}

// Silent: every element is given to a helper, which may save it, before
// the partial write.
func helperLoop(db *sql.DB, accounts []Account) {
	for i := range accounts {
		accounts[i].Limit = 0
	}
	for _, a := range accounts {
		saveAccount(db, a)
	}
	for _, a := range accounts {
		db.Exec("UPDATE accounts SET balance = $1 WHERE id = $2", a.Balance, a.ID)
	}
}

package positional

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// A statement prepared once and run per element.
func prepared(ctx context.Context, tx *sql.Tx, accounts []*Account) error {
	stmt, err := tx.PrepareContext(ctx, "UPDATE accounts SET balance = $1 WHERE id = $2")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, a := range accounts {
		a.Balance += 5
		a.Owner = "bank"
		if _, err := stmt.ExecContext(ctx, a.Balance, a.ID); err != nil { // want `^update skips mutated fields: \(\*sql\.Stmt\)\.ExecContext writes balance of accounts but Owner \(owner\) was changed at line 19 and is not written`
			return err
		}
	}
	return nil
}

// A named statement prepared with sqlx.
func preparedNamed(db *sqlx.DB, accounts []Account) error {
	stmt, err := db.PrepareNamed("UPDATE accounts SET owner = :owner WHERE id = :id")
	if err != nil {
		return err
	}
	for i := range accounts {
		accounts[i].Limit = 0
		if _, err := stmt.Exec(accounts[i]); err != nil { // want `^update skips mutated fields: \(\*sqlx\.NamedStmt\)\.Exec writes owner of accounts but Limit \(credit_limit\) was changed at line 34`
			return err
		}
	}
	return nil
}

// Silent: the statement variable is assigned twice: which text it runs
// is not known.
func preparedTwice(db *sql.DB, a *Account, other bool) {
	stmt, _ := db.Prepare("UPDATE accounts SET owner = $1 WHERE id = $2")
	if other {
		stmt, _ = db.Prepare("UPDATE accounts SET owner = upper($1) WHERE id = $2")
	}
	a.Balance = 0
	stmt.Exec(a.Owner, a.ID)
}

// Package app wires the implementation: it imports it, so the analyzer
// sees which implementation of the interface queries.
package app

import (
	"context"
	"database/sql"

	"fixtures/nplusone/layered/model"
	"fixtures/nplusone/layered/store/pg"
)

func Run(ctx context.Context, db *sql.DB, ids []int64) { // want Run:`^query\(\(\*pg\.userStore\)\.Find \-> pg\.LoadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	var users model.UserStore = pg.NewUserStore(db)
	for _, id := range ids {
		users.Find(ctx, id)      // want `^query in loop: \(model\.UserStore\)\.Find \(implemented by \(\*pg\.userStore\)\.Find\) runs a query via pg\.LoadUser -> \(\*sql\.DB\)\.QueryRowContext once per element of ids`
		pg.LoadUser(ctx, db, id) // want `^query in loop: pg\.LoadUser runs a query via \(\*sql\.DB\)\.QueryRowContext once per element of ids`
	}
}

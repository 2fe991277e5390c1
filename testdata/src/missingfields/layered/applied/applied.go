// Package applied writes orders changed by apply's helpers.
package applied

import (
	"github.com/jmoiron/sqlx"

	"fixtures/missingfields/layered/apply"
)

func update(db *sqlx.DB, o *apply.Order, r apply.Request) error {
	apply.Changes(o, r)
	_, err := db.NamedExec("UPDATE orders SET status = :status WHERE id = :id", o) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes status of orders but Note \(note\) was changed at line 11 and is not written`
	return err
}

// Silent: every column the helper assigns is written.
func complete(db *sqlx.DB, o *apply.Order, r apply.Request) { // want complete:`writes\(param 1: id,status,note via \(\*sqlx\.DB\)\.NamedExec\)`
	apply.Changes(o, r)
	db.NamedExec("UPDATE orders SET status = :status, note = :note WHERE id = :id", o)
}

// Silent: the helper changes a copy that is not written.
func other(db *sqlx.DB, o *apply.Order, r apply.Request) { // want other:`^writes\(param 1: id,status via \(\*sqlx\.DB\)\.NamedExec\)$`
	c := *o
	apply.Changes(&c, r)
	db.NamedExec("UPDATE orders SET status = :status WHERE id = :id", o)
}

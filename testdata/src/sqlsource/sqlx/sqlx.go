// Package sqlx exercises sqlsource on sqlx's Rebind and In, which rewrite
// only the bind variables of their query: the text is read through them.
package sqlx

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"
)

// want marks an expression whose recovered text (holes shown as …) the
// test compares with display; wantSSA does the same through go/ssa.
func want(expr any, display string)    {}
func wantSSA(expr any, display string) {}

const ins = "INSERT OR IGNORE INTO tags (a, b) VALUES (?, ?)"

// Store embeds *sqlx.DB: its Rebind is promoted.
type Store struct{ *sqlx.DB }

func rebind(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, conn *sqlx.Conn, s Store, e sqlx.Ext, ec sqlx.ExtContext, table string) {
	want(db.Rebind(ins), ins)
	want(tx.Rebind(ins), ins)
	want(conn.Rebind(ins), ins)
	want(s.Rebind(ins), ins)
	want(e.Rebind(ins), ins)
	want(ec.Rebind(ins), ins)
	want(sqlx.Rebind(sqlx.DOLLAR, ins), ins)
	want(tx.Rebind("DELETE FROM "+table+" WHERE id = ?"), "DELETE FROM … WHERE id = ?")
	want(db.Rebind(tx.Rebind(ins)), ins)
	wantSSA(tx.Rebind(ins), ins)
	wantSSA(sqlx.Rebind(sqlx.QUESTION, "DELETE FROM "+table), "DELETE FROM …")
	wantSSA(e.Rebind(ins), ins)

	q := tx.Rebind(ins)
	want(q, ins)

	// Rebound in place: the text stays what it was.
	r := ins
	r = db.Rebind(r)
	want(r, ins)
	wantSSA(r, ins)
}

func in(db *sqlx.DB, ids []int, cond bool) {
	q, args, err := sqlx.In("DELETE FROM t WHERE id IN (?)", ids)
	_, _ = args, err
	want(q, "DELETE FROM t WHERE id IN (?)")
	wantSSA(q, "DELETE FROM t WHERE id IN (?)")

	// The usual pair: In, then Rebind in place.
	q2, args2, err := sqlx.In("UPDATE t SET a = 1 WHERE id IN (?)", ids)
	q2 = db.Rebind(q2)
	want(q2, "UPDATE t SET a = 1 WHERE id IN (?)")
	q2, args2, err = sqlx.In(q2, args2...)
	want(q2, "UPDATE t SET a = 1 WHERE id IN (?)")
}

func negatives(db *sqlx.DB, tx *sqlx.Tx, query string, ids []int, cond bool) {
	// Unknown stays unknown.
	want(tx.Rebind(query), "…")

	// Other sqlx calls that return a string are not rebinders.
	want(db.DriverName(), "…")

	// Another function that takes and returns the text is not followed.
	want(strings.TrimSpace(ins), "…")

	// Assigned the rebinding of another variable: a second write.
	a := ins
	b := "DELETE FROM t"
	if cond {
		a = db.Rebind(b)
	}
	want(a, "…")

	// In's other results are not the text.
	_, args, _ := sqlx.In("DELETE FROM t WHERE id IN (?)", ids)
	want(args, "…")
}

// Package rebind holds ignore-conflict writes whose text goes through
// sqlx's Rebind or In, which rewrite only bind variables.
package rebind

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// A column outside the key (a link with a note): a skipped row may carry
// another note. A link of references only would lose nothing (keyonly).
const insTag = `INSERT OR IGNORE INTO bookmark_tag (bookmark_id, tag_id, note) VALUES (?, ?, 'auto')`

func rebound(ctx context.Context, tx *sqlx.Tx, b, t int) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(insTag), b, t) // want `^uncounted conflict: \(\*sql\.Tx\)\.ExecContext runs INSERT OR IGNORE into bookmark_tag and its sql\.Result is dropped`
	return err
}

func discarded(tx *sqlx.Tx, email string) {
	tx.Exec(tx.Rebind("INSERT INTO users (email, name) VALUES (?, 'x') ON CONFLICT DO NOTHING"), email) // want `^ignored conflict: \(\*sql\.Tx\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

func reboundPrepared(ctx context.Context, tx *sqlx.Tx, b, t int) error {
	stmt, err := tx.PreparexContext(ctx, tx.Rebind(insTag))
	if err != nil {
		return err
	}
	_, err = stmt.ExecContext(ctx, b, t) // want `^uncounted conflict: \(\*sql\.Stmt\)\.ExecContext runs INSERT OR IGNORE into bookmark_tag \(prepared at line \d+\) and its sql\.Result is dropped`
	return err
}

func packageRebind(ctx context.Context, db *sqlx.DB, b, t int) error {
	_, err := db.ExecContext(ctx, sqlx.Rebind(sqlx.DOLLAR, insTag), b, t) // want `^uncounted conflict: \(\*sql\.DB\)\.ExecContext runs INSERT OR IGNORE into bookmark_tag and its sql\.Result is dropped`
	return err
}

// Rebound in place and through the sqlx.Ext interface.
func inPlace(ctx context.Context, e sqlx.Ext, b, t int) error {
	q := insTag
	q = e.Rebind(q)
	_, err := e.Exec(q, b, t) // want `^uncounted conflict: \(sqlx\.Execer\)\.Exec runs INSERT OR IGNORE into bookmark_tag and its sql\.Result is dropped`
	return err
}

// sqlx.In expands the slice; its first result is the query.
func tagAll(db *sqlx.DB, b int, tags []int) error {
	q, args, err := sqlx.In(`INSERT IGNORE INTO bookmark_tag (bookmark_id, tag_id) SELECT ?, id FROM tags WHERE id IN (?)`, b, tags)
	if err != nil {
		return err
	}
	q = db.Rebind(q)
	db.Exec(q, args...) // want `^ignored conflict: \(\*sql\.DB\)\.Exec runs INSERT IGNORE into bookmark_tag and its error is discarded`
	return nil
}

// Negative: the count is checked.
func counted(ctx context.Context, tx *sqlx.Tx, b, t int) (bool, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(insTag), b, t)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Negative: the rebound text is the caller's, unknown.
func callerQuery(tx *sqlx.Tx, query string, b, t int) {
	tx.Exec(tx.Rebind(query), b, t)
}

// Negative: every inserted column is in the conflict target.
func keyOnly(tx *sqlx.Tx, b, t int) error {
	_, err := tx.Exec(tx.Rebind(`INSERT INTO bookmark_tag (bookmark_id, tag_id) VALUES (?, ?) ON CONFLICT (bookmark_id, tag_id) DO NOTHING`), b, t)
	return err
}

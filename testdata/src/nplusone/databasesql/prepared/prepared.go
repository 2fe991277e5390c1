// Package prepared runs prepared statements once per element: the fix a
// diagnostic names follows the text given to Prepare, so an INSERT ...
// RETURNING read with QueryRow is an insert, not a load.
package prepared

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

type tag struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

func insertReturning(ctx context.Context, tx *sql.Tx, names []string) error { // want insertReturning:`^query\(\(\*sql\.Stmt\)\.QueryRowContext\)$`
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO tags (name) VALUES ($1) RETURNING id")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, name := range names {
		var id int64
		if err := stmt.QueryRowContext(ctx, name).Scan(&id); err != nil { // want `^query in loop: \(\*sql\.Stmt\)\.QueryRowContext runs once per element of names \(loop at line 24\); insert them at once with bulk\.Insert$`
			return err
		}
	}
	return nil
}

func selectByName(ctx context.Context, tx *sqlx.Tx, names []string) error { // want selectByName:`^query\(\(\*sqlx\.Stmt\)\.GetContext\)$`
	stmt, err := tx.PreparexContext(ctx, "SELECT id, name FROM tags WHERE name = $1")
	if err != nil {
		return err
	}
	for _, name := range names {
		var t tag
		if err := stmt.GetContext(ctx, &t, name); err != nil { // want `^query in loop: \(\*sqlx\.Stmt\)\.GetContext runs once per element of names \(loop at line 38\); load them at once with bulk\.Load$`
			return err
		}
	}
	return nil
}

func updateReturning(ctx context.Context, tx *sqlx.Tx, tags []tag) error { // want updateReturning:`^query\(\(\*sqlx\.Stmt\)\.GetContext\)$`
	stmt, err := tx.PreparexContext(ctx, "UPDATE tags SET name = $1 WHERE id = $2 RETURNING id")
	if err != nil {
		return err
	}
	for _, t := range tags {
		var id int64
		if err := stmt.GetContext(ctx, &id, t.Name, t.ID); err != nil { // want `^query in loop: \(\*sqlx\.Stmt\)\.GetContext runs once per element of tags \(loop at line 52\); update them at once with bulk\.Update$`
			return err
		}
	}
	return nil
}

// reassigned: the statement variable is written twice, so its text is not
// known and the kind of call (QueryRow) names the fix.
func reassigned(ctx context.Context, tx *sql.Tx, names []string, returning bool) error { // want reassigned:`^query\(\(\*sql\.Stmt\)\.QueryRowContext\)$`
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO tags (name) VALUES ($1) RETURNING id")
	if returning {
		stmt, err = tx.PrepareContext(ctx, "SELECT id FROM tags WHERE name = $1")
	}
	if err != nil {
		return err
	}
	for _, name := range names {
		var id int64
		if err := stmt.QueryRowContext(ctx, name).Scan(&id); err != nil { // want `^query in loop: \(\*sql\.Stmt\)\.QueryRowContext runs once per element of names \(loop at line 71\); load them at once with bulk\.Load$`
			return err
		}
	}
	return nil
}

// insertGet reads the key of each inserted row with sqlx's Get, which reads
// by default: the text says it inserts.
func insertGet(ctx context.Context, db *sqlx.DB, names []string) error { // want insertGet:`^query\(\(\*sqlx\.DB\)\.GetContext\)$`
	for _, name := range names {
		var id int64
		if err := db.GetContext(ctx, &id, "INSERT INTO tags (name) VALUES ($1) RETURNING id", name); err != nil { // want `^query in loop: \(\*sqlx\.DB\)\.GetContext runs once per element of names \(loop at line 83\); insert them at once with bulk\.Insert$`
			return err
		}
	}
	return nil
}

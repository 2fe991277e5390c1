// Package users holds squirrel loops.
package users

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

func perID(db *sql.DB, ids []int64) { // want perID:`^query\(\(squirrel\.SelectBuilder\)\.QueryRow\)$`
	for _, id := range ids {
		sq.Select("name").From("users").Where(sq.Eq{"id": id}).RunWith(db).QueryRow() // want `^query in loop: \(squirrel\.SelectBuilder\)\.QueryRow runs once per element of ids \(loop at line 11\); load them at once with bulk\.Load$`
	}
}

func toSQL(db *sql.DB, ids []int64) error { // want toSQL:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, id := range ids {
		q, args, err := sq.Delete("users").Where(sq.Eq{"id": id}).PlaceholderFormat(sq.Dollar).ToSql()
		if err != nil {
			return err
		}
		db.Exec(q, args...) // want `query in loop: \(\*sql\.DB\)\.Exec runs once per element of ids`
	}
	return nil
}

// Negative: sq.Eq with a slice is one IN query.
func batched(db *sql.DB, ids []int64) { // want batched:`^query\(\(squirrel\.SelectBuilder\)\.Query\)$`
	sq.Select("name").From("users").Where(sq.Eq{"id": ids}).RunWith(db).Query()
}

// Package stmttext holds loops that run a whole statement that varies per
// iteration, directly and through helpers whose statement text comes from
// a parameter: each iteration runs a different statement, which no bulk
// call replaces.
//
// It is not named migrate: a package so named runs once, and is not
// reported unless -startup (see the startup scenarios).
package stmttext

import (
	"context"
	"database/sql"
	"embed"
	"strconv"
)

var migrations embed.FS

func execute(ctx context.Context, tx *sql.Tx, stmt string) error { // want execute:`^query\(\(\*sql\.Tx\)\.ExecContext\) stmt\(2\)$`
	_, err := tx.ExecContext(ctx, stmt)
	return err
}

// run passes its statement on to execute.
func run(ctx context.Context, tx *sql.Tx, name, stmt string) error { // want run:`^query\(stmttext\.execute \-> \(\*sql\.Tx\)\.ExecContext\) stmt\(3\)$`
	return execute(ctx, tx, stmt)
}

// exec takes a statement and its arguments.
func exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error { // want exec:`^query\(\(\*sql\.Tx\)\.ExecContext\) stmt\(2\)$`
	_, err := tx.ExecContext(ctx, query, args...)
	return err
}

// purge deletes from the table it is given.
func purge(db *sql.DB, table string, before int64) { // want purge:`^query\(\(\*sql\.DB\)\.Exec\) stmt\(1\)$`
	db.Exec("DELETE FROM "+table+" WHERE created_at < $1", before)
}

// apply runs the migration, then records it with a statement of its own.
func apply(ctx context.Context, tx *sql.Tx, name, stmt string) error { // want apply:`^query\(\(\*sql\.Tx\)\.ExecContext\)$`
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO migrations (name) VALUES ($1)", name)
	return err
}

// --- positives ---

// A fixed statement through the helper, with an argument per element.
func deleteEach(ctx context.Context, tx *sql.Tx, ids []int64) { // want deleteEach:`^query\(stmttext\.exec \-> \(\*sql\.Tx\)\.ExecContext\)$`
	for _, id := range ids {
		exec(ctx, tx, "DELETE FROM users WHERE id = $1", id) // want `^query in loop: stmttext\.exec runs a query via \(\*sql\.Tx\)\.ExecContext once per element of ids`
	}
}

// The statement varies only in a value: its table is known, as it would
// be for the direct call.
func deleteInlined(ctx context.Context, tx *sql.Tx, ids []int64) { // want deleteInlined:`^query\(stmttext\.execute \-> \(\*sql\.Tx\)\.ExecContext\)$`
	for _, id := range ids {
		execute(ctx, tx, "DELETE FROM users WHERE id = "+strconv.FormatInt(id, 10)) // want `once per element of ids`
	}
}

// The helper also records each migration with an insert of its own: an
// insert per element, as the same two calls written in the loop are.
func applyAll(ctx context.Context, tx *sql.Tx, files []string) error { // want applyAll:`^query\(stmttext\.apply \-> \(\*sql\.Tx\)\.ExecContext\)$`
	for _, f := range files {
		b, err := migrations.ReadFile(f)
		if err != nil {
			return err
		}
		if err := apply(ctx, tx, f, string(b)); err != nil { // want `once per element of files`
			return err
		}
	}
	return nil
}

// The table the helper deletes from is fixed; the value varies.
func purgeBefore(db *sql.DB, times []int64) { // want purgeBefore:`^query\(stmttext\.purge \-> \(\*sql\.DB\)\.Exec\)$`
	for _, t := range times {
		purge(db, "sessions", t) // want `once per element of times`
	}
}

// --- negatives ---

// Silent: a migration file per iteration, run directly
// (usememos/memos store/migrator.go).
func migrateDirect(ctx context.Context, tx *sql.Tx, files []string) error { // want migrateDirect:`^query\(\(\*sql\.Tx\)\.ExecContext\)$`
	for _, f := range files {
		b, err := migrations.ReadFile(f)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// Silent: the same through a helper, and through two.
func migrateHelper(ctx context.Context, tx *sql.Tx, files []string) error { // want migrateHelper:`^query\(stmttext\.execute \-> \(\*sql\.Tx\)\.ExecContext\)$`
	for _, f := range files {
		b, err := migrations.ReadFile(f)
		if err != nil {
			return err
		}
		if err := execute(ctx, tx, string(b)); err != nil {
			return err
		}
		if err := run(ctx, tx, f, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// Silent: a statement per table of a list through a helper, as the direct
// call is.
func purgeTables(db *sql.DB, tables []string, before int64) { // want purgeTables:`^query\(stmttext\.purge \-> \(\*sql\.DB\)\.Exec\)$`
	for _, t := range tables {
		purge(db, t, before)
	}
}

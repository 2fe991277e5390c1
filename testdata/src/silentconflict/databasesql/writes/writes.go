// Package writes holds ignore-conflict writes through database/sql.
package writes

import (
	"context"
	"database/sql"
	"fmt"
	"log"

	"fixtures/silentconflict/databasesql/sqlnames"
)

const insertNothing = "INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT DO NOTHING"

// The error and the result are dropped: an expression statement.
func dropAll(ctx context.Context, db *sql.DB, email, name string) {
	db.ExecContext(ctx, insertNothing, email, name) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

// Both assigned to blanks.
func blanks(db *sql.DB, email string) {
	_, _ = db.Exec("INSERT OR IGNORE INTO users (email) VALUES (?)", email) // want `^ignored conflict: \(\*sql\.DB\)\.Exec runs INSERT OR IGNORE into users and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert`
}

// A named constant from another package: MySQL's IGNORE also hides data
// errors.
func mysqlIgnore(tx *sql.Tx, email, name string) error {
	if _, err := tx.Exec(sqlnames.InsertIgnore, email, name); err != nil { // want `^uncounted conflict: \(\*sql\.Tx\)\.Exec runs INSERT IGNORE into users and its sql\.Result is dropped; rows that conflict vanish without a trace, and IGNORE also turns invalid values and NOT NULL violations into warnings; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
		return err
	}
	return nil
}

// The error is assigned and never read: overwritten first.
func overwritten(ctx context.Context, db *sql.DB, email string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING", email) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
	err = audit(ctx, db)
	return err
}

// The result is kept, but RowsAffected is never called.
func noRowsAffected(ctx context.Context, conn *sql.Conn, id int64) (int64, error) {
	res, err := conn.ExecContext(ctx, "INSERT INTO users (id) VALUES (?) ON DUPLICATE KEY UPDATE id = id", id) // want `^uncounted conflict: \(\*sql\.Conn\)\.ExecContext runs INSERT \.\.\. ON DUPLICATE KEY UPDATE that changes nothing \(id\) into users and RowsAffected is never called on its sql\.Result; rows`
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// RowsAffected is called and its value influences nothing.
func countUnused(db *sql.DB, table, email string) error {
	q := fmt.Sprintf("INSERT INTO %s (email) VALUES ($1) ON CONFLICT DO NOTHING", table)
	res, err := db.Exec(q, email) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING and the count RowsAffected returns is never used; rows`
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	total := n + 1
	_ = total
	return nil
}

// fmt.Sprintf with a constant argument: the table is known.
func sprintfConst(db *sql.DB, email string) {
	db.Exec(fmt.Sprintf("INSERT INTO %s (email) VALUES ($1) ON CONFLICT DO NOTHING", sqlnames.Table), email) // want `^ignored conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

// A statement prepared once and run per row.
func prepared(ctx context.Context, tx *sql.Tx, emails []string) error {
	stmt, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO users (email) VALUES (?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, e := range emails {
		if _, err := stmt.ExecContext(ctx, e); err != nil { // want `^uncounted conflict: \(\*sql\.Stmt\)\.ExecContext runs INSERT OR IGNORE into users \(prepared at line \d+\) and its sql\.Result is dropped`
			return err
		}
	}
	return nil
}

// Negative: a statement prepared elsewhere: its text is not known here.
func preparedElsewhere(ctx context.Context, stmt *sql.Stmt, email string) {
	stmt.ExecContext(ctx, email)
}

// Negative: the count is compared with the rows sent.
func compared(ctx context.Context, db *sql.DB, email, name string) error {
	res, err := db.ExecContext(ctx, insertNothing, email, name)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("user %s exists", email)
	}
	return nil
}

// The count is only logged: the function returns nil whether the row was
// written or skipped (see databasesql/logged).
func logged(db *sql.DB, email string) error {
	res, err := db.Exec("INSERT OR IGNORE INTO users (email) VALUES (?)", email) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT OR IGNORE into users and its RowsAffected is only logged; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	log.Printf("inserted %d", n)
	return nil
}

// UPDATE IGNORE skips rows that would violate a unique key, and hides data
// errors as INSERT IGNORE does.
func updateIgnore(db *sql.DB, id int64, email string) error {
	_, err := db.Exec("UPDATE IGNORE users SET email = ? WHERE id = ?", email, id) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs UPDATE IGNORE on users and its sql\.Result is dropped; rows that conflict vanish without a trace, and IGNORE also`
	return err
}

// Negative: the no-op ON DUPLICATE KEY UPDATE with its count compared
// (MySQL reports 0 rows for a row left as it was).
func noopCounted(db *sql.DB, id int64) (bool, error) {
	res, err := db.Exec("INSERT INTO users (id) VALUES (?) ON DUPLICATE KEY UPDATE id = id", id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Negative: the write really updates on conflict.
func upsert(db *sql.DB, email, name string) error {
	_, err := db.Exec(sqlnames.Upsert, email, name)
	return err
}

// Negative: MySQL's VALUES(name) is a real update.
func realUpdate(db *sql.DB, email, name string) {
	db.Exec("INSERT INTO users (email, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)", email, name)
}

// Negative: no conflict clause, the write fails loudly (if anyone looks).
func plainInsert(db *sql.DB, email string) {
	db.Exec("INSERT INTO users (email) VALUES ($1)", email)
}

// Negative: the suffix comes from the caller, so the conflict behaviour
// is unknown; nothing is guessed.
func unknownSuffix(db *sql.DB, suffix, email string) {
	db.Exec("INSERT INTO users (email) VALUES ($1) "+suffix, email)
}

// Negative: the result and the error are returned to the caller.
func returned(ctx context.Context, db *sql.DB, email, name string) (sql.Result, error) { // want returned:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING into users via \(\*sql\.DB\)\.ExecContext; err 1, count 0\)$`
	return db.ExecContext(ctx, insertNothing, email, name)
}

// Negative: the result is stored where the analyzer cannot follow it.
type recorder struct{ last sql.Result }

func (r *recorder) stored(db *sql.DB, email string) error {
	res, err := db.Exec("INSERT OR IGNORE INTO users (email) VALUES (?)", email)
	r.last = res
	return err
}

// Negative: the result is passed on.
func passed(db *sql.DB, email string) error {
	res, err := db.Exec("INSERT OR IGNORE INTO users (email) VALUES (?)", email)
	if err != nil {
		return err
	}
	return check(res, 1)
}

// Negative: the rows of RETURNING are the count.
func returning(ctx context.Context, db *sql.DB, email string) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", email).Scan(&id)
	return id, err
}

// The row of RETURNING is never scanned for its error: on a conflict the
// id stays zero and sql.ErrNoRows is dropped.
func returningUnchecked(ctx context.Context, db *sql.DB, email string) int64 {
	var id int64
	db.QueryRowContext(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", email).Scan(&id) // want `^ignored conflict: \(\*sql\.DB\)\.QueryRowContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and the error of its Scan is discarded; rows that conflict vanish without a trace; use bulk\.Insert`
	return id
}

// Query's error is dropped.
func queryDropped(db *sql.DB, email string) *sql.Rows {
	rows, _ := db.Query("INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", email) // want `^ignored conflict: \(\*sql\.DB\)\.Query runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
	return rows
}

// Negative: the row escapes to the caller, who scans it.
func returningRow(ctx context.Context, db *sql.DB, email string) *sql.Row {
	return db.QueryRowContext(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", email)
}

// Negative: suppressed with a reason.
func suppressed(db *sql.DB, email string) {
	db.Exec("INSERT OR IGNORE INTO seen (email) VALUES (?)", email) //bulklint:ignore silentconflict -- a cache of seen addresses; duplicates are expected
}

func check(res sql.Result, want int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("wrote %d rows, want %d", n, want)
	}
	return nil
}

func audit(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "INSERT INTO audit (at) VALUES (now())")
	return err
}

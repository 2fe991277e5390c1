// Package writes holds ignore-conflict writes built with squirrel.
package writes

import (
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"
)

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

func suffixRun(db *sql.DB, email string) {
	sq.StatementBuilder.PlaceholderFormat(sq.Dollar).Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING").RunWith(db).Exec() // want `^ignored conflict: \(squirrel\.InsertBuilder\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

func optionsIgnore(db *sql.DB, email, name string) error {
	_, err := sq.Insert("users").Options("IGNORE").Columns("email", "name").Values(email, name).RunWith(db).Exec() // want `^uncounted conflict: \(squirrel\.InsertBuilder\)\.Exec runs INSERT IGNORE into users and its sql\.Result is dropped; rows that conflict vanish without a trace, and IGNORE also turns invalid values and NOT NULL violations into warnings`
	return err
}

// ToSql handed to db.Exec.
func toSQL(db *sql.DB, emails []string) error {
	b := sq.Insert("users").Columns("email")
	for _, e := range emails {
		b = b.Values(e)
	}
	q, args, err := sq.Insert("users").Columns("email", "name").Values("a@b", "A").Suffix("ON CONFLICT (email) DO NOTHING").ToSql()
	if err != nil {
		return err
	}
	_, _ = b, emails
	_, err = db.Exec(q, args...) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its sql\.Result is dropped`
	return err
}

// The package function ExecWith.
func execWith(db *sql.DB, email string) {
	sq.ExecWith(db, sq.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING")) // want `^ignored conflict: squirrel\.ExecWith runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

// Scan with RETURNING: its error, sql.ErrNoRows on a conflict, is dropped.
func returningScan(db *sql.DB, email string) int64 {
	var id int64
	_ = sq.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING RETURNING id").PlaceholderFormat(sq.Dollar).RunWith(db).Scan(&id) // want `^ignored conflict: \(squirrel\.InsertBuilder\)\.Scan runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
	return id
}

var errExists = errors.New("exists")

// Negative: the count is compared.
func counted(db *sql.DB, email string) error {
	res, err := sq.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING").RunWith(db).Exec()
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errExists
	}
	return nil
}

// Negative: INSERT IGNORE built with Options, its count returned.
func ignoreCounted(db *sql.DB, email string) (int64, error) {
	res, err := sq.Insert("users").Options("IGNORE").Columns("email").Values(email).RunWith(db).Exec()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Negative: the suffix really updates.
func upsert(db *sql.DB, email, name string) error {
	pg := sq.StatementBuilder.PlaceholderFormat(sq.Dollar)
	_, err := pg.Insert("users").Columns("email", "name").Values(email, name).
		Suffix("ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name").RunWith(db).Exec()
	return err
}

// Negative: the suffix is the caller's: unknown, not guessed.
func callerSuffix(db *sql.DB, email, suffix string) {
	sq.Insert("users").Columns("email").Values(email).Suffix(suffix).RunWith(db).Exec()
}

// Negative: every inserted column is in the conflict target, so a skipped
// row equals the existing one (see databasesql/keyonly).
func linkKeyOnly(db *sql.DB, memoID int, tag string) error {
	_, err := sq.Insert("memo_tag").Columns("memo_id", "tag").Values(memoID, tag).
		Suffix("ON CONFLICT (memo_id, tag) DO NOTHING").RunWith(db).Exec()
	return err
}

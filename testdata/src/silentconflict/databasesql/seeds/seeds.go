// Package seeds holds idempotent seeds: statements that send none of the
// program's data, so a skipped row loses nothing, and copies: INSERT ...
// SELECT, whose rows come from the database, so a skipped row is one the
// target already has. Their count need not be read; a discarded error is
// still reported.
package seeds

import "database/sql"

const defaults = `
	INSERT INTO settings (key, value) VALUES ('privacy.tracking', 'false') ON CONFLICT DO NOTHING;
`

func migrate(db *sql.DB) error {
	if _, err := db.Exec(defaults); err != nil {
		return err
	}
	db.Exec(`INSERT INTO roles (name) VALUES ('admin') ON CONFLICT (name) DO NOTHING`)            // want `^ignored conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into roles and its error is discarded; a failed write goes unnoticed, though a skipped row loses nothing here; check the error$`
	_, err := db.Exec(`INSERT INTO roles (name) VALUES ('viewer') ON CONFLICT (name) DO NOTHING`) // a seed: the count is not needed
	return err
}

// Positive for contrast: the program's data is bound, and its row may vanish
// (its label is not in the conflict target).
func addRole(db *sql.DB, name, label string) error {
	_, err := db.Exec(`INSERT INTO roles (name, label) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, label) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into roles and its sql\.Result is dropped`
	return err
}

// Copies: the rows come from the database, the parameter only picks them.
func tombstone(db *sql.DB, feedID int64) error {
	_, err := db.Exec(`INSERT INTO entry_tombstones (feed_id, hash) SELECT feed_id, hash FROM entries WHERE feed_id = $1 ON CONFLICT DO NOTHING`, feedID) // a copy: the count is not needed
	return err
}

func archive(db *sql.DB, day string) {
	db.Exec(`INSERT IGNORE INTO archive SELECT * FROM events WHERE day = ?`, day) // want `^ignored conflict: \(\*sql\.DB\)\.Exec runs INSERT IGNORE into archive and its error is discarded; a failed write goes unnoticed, though a skipped row loses nothing here, and IGNORE also turns invalid values and NOT NULL violations into warnings; check the error$`
}

// Package seeds holds idempotent seeds: statements that send none of the
// program's data, so a skipped row loses nothing. Their count need not be
// read; a discarded error is still reported.
package seeds

import "database/sql"

const defaults = `
	INSERT INTO settings (key, value) VALUES ('privacy.tracking', 'false') ON CONFLICT DO NOTHING;
`

func migrate(db *sql.DB) error {
	if _, err := db.Exec(defaults); err != nil {
		return err
	}
	db.Exec(`INSERT INTO roles (name) VALUES ('admin') ON CONFLICT (name) DO NOTHING`) // want `^ignored conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into roles and its error is discarded`
	_, err := db.Exec(`INSERT INTO roles (name) VALUES ('viewer') ON CONFLICT (name) DO NOTHING`) // a seed: the count is not needed
	return err
}

// Positive for contrast: the program's data is bound, and its row may vanish.
func addRole(db *sql.DB, name string) error {
	_, err := db.Exec(`INSERT INTO roles (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, name) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into roles and its sql\.Result is dropped`
	return err
}

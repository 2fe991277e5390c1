package named

import "github.com/jmoiron/sqlx"

// Silent: _test.go files are not checked unless -tests.
func inTest(db *sqlx.DB, u *User) {
	u.Email = "e"
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

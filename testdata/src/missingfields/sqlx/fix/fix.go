package fix

import "github.com/jmoiron/sqlx"

type User struct {
	ID    int64  `db:"id"`
	Name  string `db:"name"`
	Email string `db:"email"`
	Score int    `db:"score"`
}

func where(db *sqlx.DB, users []*User) {
	for _, u := range users {
		u.Email = "e"
		u.Score = 1
	}
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", users) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of users but Email \(email\) and Score \(score\) were changed at lines 14 and 15`
}

func raw(db *sqlx.DB, u *User) {
	u.Email = "e"
	db.NamedExec( // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of users but Email \(email\)`
		`UPDATE users
		SET name = :name
		WHERE id = :id`, u)
}

func noWhere(db *sqlx.DB, u *User) {
	u.Score++
	db.NamedExec("UPDATE users SET name = :name;", u) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of users but Score \(score\)`
}

// No fix: the text is a constant, not a literal at the call.
const q = "UPDATE users SET name = :name WHERE id = :id"

func constant(db *sqlx.DB, u *User) {
	u.Score++
	db.NamedExec(q, u) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of users but Score \(score\)`
}

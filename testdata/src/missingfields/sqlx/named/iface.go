package named

import "database/sql"

// An application interface with sqlx's method signatures.
type namedExecer interface {
	NamedExec(query string, arg interface{}) (sql.Result, error)
}

func throughInterface(db namedExecer, u *User) { // want throughInterface:`^writes\(param 1: id,name via \(named\.namedExecer\)\.NamedExec\)$`
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u)
}

func viaInterface(db namedExecer, u *User) {
	u.Score = 1
	db.NamedExec("UPDATE users SET name = :name WHERE id = :id", u) // want `^update skips mutated fields: \(named\.namedExecer\)\.NamedExec writes name of users but Score \(score\)`
}

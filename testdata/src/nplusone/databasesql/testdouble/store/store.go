// Package store is the SQL implementation of notify.UserRepo.
package store

import (
	"context"
	"database/sql"
)

type Users struct{ db *sql.DB }

func New(db *sql.DB) *Users { return &Users{db: db} }

func (u *Users) Language(ctx context.Context, id string) (string, error) { // want Language:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var lang string
	err := u.db.QueryRowContext(ctx, "SELECT language FROM users WHERE id = $1", id).Scan(&lang)
	return lang, err
}

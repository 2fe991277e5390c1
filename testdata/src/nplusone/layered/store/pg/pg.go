// Package pg implements the model's stores on database/sql.
package pg

import (
	"context"
	"database/sql"

	"fixtures/nplusone/layered/model"
)

type userStore struct{ db *sql.DB }

func NewUserStore(db *sql.DB) model.UserStore { return &userStore{db: db} } // want NewUserStore:`^returns\(\*pg\.userStore\) queries\(Find, Get\)$`

func (s *userStore) Get(ctx context.Context, id int64) (*model.User, error) { // want Get:`^query\(pg\.LoadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	return LoadUser(ctx, s.db, id)
}

func (s *userStore) Find(ctx context.Context, id int64) (*model.User, error) { // want Find:`^query\(pg\.LoadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	return LoadUser(ctx, s.db, id)
}

// LoadUser is a helper that other packages call.
func LoadUser(ctx context.Context, db *sql.DB, id int64) (*model.User, error) { // want LoadUser:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	u := &model.User{ID: id}
	return u, db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&u.Name)
}

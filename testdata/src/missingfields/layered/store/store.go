// Package store is a repository layer whose methods write chosen columns.
package store

import (
	"context"

	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type User struct {
	ID    int64  `db:"id"`
	Name  string `db:"name"`
	Email string `db:"email"`
	Plan  string `db:"plan"`
}

type Store struct {
	db *sqlx.DB
}

// SaveName writes the name only: a call is a partial write of u.
func (s *Store) SaveName(ctx context.Context, u *User) error { // want SaveName:`^writes\(param 1: id,name via \(\*sqlx\.DB\)\.NamedExecContext\)$`
	_, err := s.db.NamedExecContext(ctx, "UPDATE users SET name = :name WHERE id = :id", u)
	return err
}

// SavePlans writes the plan of every user, row by row.
func (s *Store) SavePlans(ctx context.Context, users []User) error { // want SavePlans:`^writes\(param 1: id,plan via \(\*sql\.DB\)\.ExecContext\)$`
	for _, u := range users {
		if _, err := s.db.ExecContext(ctx, "UPDATE users SET plan = $1 WHERE id = $2", u.Plan, u.ID); err != nil {
			return err
		}
	}
	return nil
}

// Save writes every column: no fact.
func (s *Store) Save(ctx context.Context, u *User) error {
	_, err := s.db.NamedExecContext(ctx, "UPDATE users SET name = :name, email = :email, plan = :plan WHERE id = :id", u)
	return err
}

// Touch also logs the value: the write is not all it does with u, no fact.
func (s *Store) Touch(ctx context.Context, u *User) error {
	audit(u)
	_, err := s.db.NamedExecContext(ctx, "UPDATE users SET name = :name WHERE id = :id", u)
	return err
}

func audit(u *User) {}

// Profile is a gorm model.
type Profile struct {
	ID  uint
	Bio string
	Age int
}

// SaveBio writes the bio through gorm.
func SaveBio(db *gorm.DB, p *Profile) error { // want SaveBio:`^writes\(param 1: bio via \(\*gorm\.DB\)\.Updates\)$`
	return db.Select("bio").Updates(p).Error
}

// Rename changes the plan too, then writes through SaveName of this
// package.
func (s *Store) Rename(ctx context.Context, u *User, name string) error {
	u.Name = name
	u.Plan = "free"
	return s.SaveName(ctx, u) // want `^update skips mutated fields: \(\*store\.Store\)\.SaveName writes name of users \(through \(\*sqlx\.DB\)\.NamedExecContext\) but Plan \(plan\) was changed at line 69`
}

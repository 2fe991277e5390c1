// Package service changes users and saves them through the store.
package service

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"fixtures/missingfields/layered/store"
)

func Normalize(ctx context.Context, s *store.Store, u *store.User) error {
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.ToLower(u.Email)
	return s.SaveName(ctx, u) // want `^update skips mutated fields: \(\*store\.Store\)\.SaveName writes name of users \(through \(\*sqlx\.DB\)\.NamedExecContext\) but Email \(email\) was changed at line 15 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
}

func Upgrade(ctx context.Context, s *store.Store, users []store.User) error {
	for i := range users {
		users[i].Plan = "pro"
		users[i].Name += " (pro)"
	}
	return s.SavePlans(ctx, users) // want `^update skips mutated fields: \(\*store\.Store\)\.SavePlans writes plan of users \(through \(\*sql\.DB\)\.ExecContext\) but Name \(name\) was changed at line 22`
}

func Birthday(db *gorm.DB, p *store.Profile) error {
	p.Age++
	return store.SaveBio(db, p) // want `^update skips mutated fields: store\.SaveBio writes bio of p \(through \(\*gorm\.DB\)\.Updates\) but Age \(age\) was changed at line 28`
}

// Silent: Save writes every column.
func Rename(ctx context.Context, s *store.Store, u *store.User) error {
	u.Email = "e"
	return s.Save(ctx, u)
}

// Silent: Touch has no fact: it does more with the value than one write.
func Touch(ctx context.Context, s *store.Store, u *store.User) error {
	u.Email = "e"
	return s.Touch(ctx, u)
}

// Silent: both changes are saved, the email by Save first.
func Both(ctx context.Context, s *store.Store, u *store.User) error {
	u.Email = "e"
	if err := s.Save(ctx, u); err != nil {
		return err
	}
	u.Name = "n"
	return s.SaveName(ctx, u)
}

// Package notify calls its users through an interface whose one
// implementation, store.Users, it imports. Its tests declare a fake
// implementation (notify_test.go): that does not make the package's own
// calls ambiguous, whose program never runs the fake (Apache Answer's
// notification service, whose user per subscriber was lost that way).
package notify

import (
	"context"
	"database/sql"

	"fixtures/nplusone/databasesql/testdouble/store"
)

type UserRepo interface {
	Language(ctx context.Context, id string) (string, error)
}

type Service struct{ users UserRepo }

func New(db *sql.DB) *Service { return &Service{users: store.New(db)} }

func (s *Service) Notify(ctx context.Context, subscribers []string) { // want Notify:`^query\(`
	for _, id := range subscribers {
		s.users.Language(ctx, id) // want `^query in loop: \(notify\.UserRepo\)\.Language \(implemented by \(\*store\.Users\)\.Language\) runs a query`
	}
}

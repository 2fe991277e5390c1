// Package caller calls the helpers of package store.
package caller

import (
	"context"
	"database/sql"
	"errors"

	"fixtures/silentconflict/databasesql/helpers/gen"
	"fixtures/silentconflict/databasesql/helpers/store"
)

// A sqlc :execresult query whose result is dropped.
func tag(ctx context.Context, q *gen.Queries, name string) error {
	_, err := q.InsertTag(ctx, name) // want `^uncounted conflict: \(\*gen\.Queries\)\.InsertTag runs INSERT \.\.\. ON CONFLICT DO NOTHING into tags \(through \(gen\.DBTX\)\.ExecContext\) and its sql\.Result is dropped`
	return err
}

func dropAll(ctx context.Context, db *sql.DB, u store.User) {
	store.InsertUser(ctx, db, u) // want `^ignored conflict: store\.InsertUser runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(through \(\*sql\.DB\)\.ExecContext\) and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

func dropCount(ctx context.Context, s *store.Store, u store.User) error {
	_, err := s.Add(ctx, u, nil) // want `^uncounted conflict: \(\*store\.Store\)\.Add runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(through \(\*sql\.(Tx|DB)\)\.ExecContext\) and its sql\.Result is dropped`
	return err
}

// A helper of this package around a helper of another.
func addBoth(ctx context.Context, s *store.Store, u store.User) (sql.Result, error) { // want addBoth:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING into users via`
	return s.Add(ctx, u, nil)
}

func viaLocal(ctx context.Context, s *store.Store, u store.User) {
	_, _ = addBoth(ctx, s, u) // want `^ignored conflict: caller\.addBoth runs INSERT \.\.\. ON CONFLICT DO NOTHING into users \(through`
}

var errExists = errors.New("user exists")

// Negative: the caller looks at the count.
func checked(ctx context.Context, db *sql.DB, u store.User) error {
	res, err := store.InsertUser(ctx, db, u)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errExists
	}
	return nil
}

// Negative: Save has dropped the count already and is reported there.
func saved(ctx context.Context, db *sql.DB, u store.User) error {
	return store.Save(ctx, db, u)
}

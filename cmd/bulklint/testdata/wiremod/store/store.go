// Package store declares the store the service calls; its implementation
// lives in package sqlstore, which the service does not import.
package store

import "context"

type Store interface {
	UserName(ctx context.Context, id int64) (string, error)
	DeleteUser(ctx context.Context, id int64) error
}

// Sessions has two implementations, one in memory and one in SQL: the
// program picks one at run time, and a whole-module run assumes neither.
type Sessions interface {
	Touch(ctx context.Context, id int64) error
}

// Package model declares the store interfaces of a layered service; it
// imports no database package.
package model

import "context"

type User struct {
	ID   int64
	Name string
}

type Store interface {
	Users() UserStore
}

type UserStore interface {
	// Get loads one user.
	//
	//bulklint:query
	Get(ctx context.Context, id int64) (*User, error) // want Get:`^query\(//bulklint:query\)$`

	// Find is not annotated: callers that cannot see an implementation
	// stay quiet.
	Find(ctx context.Context, id int64) (*User, error)
}

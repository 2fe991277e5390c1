// Package runner is a team's own query layer that the analyzer cannot see
// into: it runs statements through a function value.
package runner

import "context"

type Runner struct {
	Exec func(ctx context.Context, q string, args ...any) error
}

func (r *Runner) Run(ctx context.Context, q string, args ...any) error {
	return r.Exec(ctx, q, args...)
}

// Users is a store whose methods say what they do only by their names.
type Users struct {
	call func(ctx context.Context, op string, id int64) error
}

func (u *Users) DeleteUser(ctx context.Context, id int64) error { return u.call(ctx, "delete", id) }
func (u *Users) SaveUser(ctx context.Context, id int64) error   { return u.call(ctx, "save", id) }
func (u *Users) CreateUser(ctx context.Context, id int64) error { return u.call(ctx, "create", id) }
func (u *Users) MarkSeen(ctx context.Context, id int64) error   { return u.call(ctx, "mark", id) }
func (u *Users) GetUser(ctx context.Context, id int64) error    { return u.call(ctx, "get", id) }
func (u *Users) Sync(ctx context.Context, id int64) error       { return u.call(ctx, "sync", id) }

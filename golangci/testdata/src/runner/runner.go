// Package runner is a team's own query layer that the analyzers cannot see
// into: it runs statements through a function value. nplusone knows it runs
// a query only when told with its funcs setting.
package runner

import "context"

type Runner struct {
	Exec func(ctx context.Context, q string, args ...any) error
}

func (r *Runner) Run(ctx context.Context, q string, args ...any) error {
	return r.Exec(ctx, q, args...)
}

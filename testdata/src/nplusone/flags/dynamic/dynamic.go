// Package dynamic is checked with -dynamic: calls of function values that
// take a context and arguments from the iteration are reported as possible
// queries.
package dynamic

import "context"

type Loader interface {
	Load(ctx context.Context, id int64) error
}

func each(ctx context.Context, load func(context.Context, int64) error, l Loader, ids []int64) {
	for _, id := range ids {
		load(ctx, id)   // want `^call in loop: load cannot be resolved and may query once per element of ids \(loop at line 13\); if it does, load them at once with bulk\.Load$`
		l.Load(ctx, id) // want `call in loop: \(dynamic\.Loader\)\.Load cannot be resolved`
	}
	for _, id := range ids {
		_ = id
		load(ctx, 0) // no argument from the iteration: not reported
	}
}

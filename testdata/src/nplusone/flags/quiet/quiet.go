// Package quiet is the same code checked without -funcs: the analyzer cannot see a query.
package quiet

import (
	"context"

	"fixtures/nplusone/flags/runner"
)

func touch(ctx context.Context, r *runner.Runner, ids []int64) {
	for _, id := range ids {
		r.Run(ctx, "UPDATE users SET seen = now() WHERE id = $1", id)
	}
}

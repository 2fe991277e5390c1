// Package named is checked with -funcs=fixtures/nplusone/flags/runner.Runner.Run.
package named

import (
	"context"

	"fixtures/nplusone/flags/runner"
)

func touch(ctx context.Context, r *runner.Runner, ids []int64) { // want touch:`^query\(\(\*runner\.Runner\)\.Run\)$`
	for _, id := range ids {
		r.Run(ctx, "UPDATE users SET seen = now() WHERE id = $1", id) // want `^query in loop: \(\*runner\.Runner\)\.Run runs once per element of ids`
	}
}

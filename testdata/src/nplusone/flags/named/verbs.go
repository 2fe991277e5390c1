package named

import (
	"context"

	"fixtures/nplusone/flags/runner"
)

// Checked with -funcs=fixtures/nplusone/flags/runner.Users.*: the fix is
// named by the first word of each method's name.
func byName(ctx context.Context, u *runner.Users, ids []int64) { // want byName:`^query\(\(\*runner\.Users\)\.DeleteUser\)$`
	for _, id := range ids {
		u.DeleteUser(ctx, id) // want `^query in loop: \(\*runner\.Users\)\.DeleteUser runs once per element of ids \(loop at line 12\); delete them at once with bulk\.Delete$`
		u.SaveUser(ctx, id)   // want `; write them at once with bulk\.Upsert$`
		u.CreateUser(ctx, id) // want `; insert them at once with bulk\.Insert$`
		u.MarkSeen(ctx, id)   // want `; update them at once with bulk\.Update$`
		u.GetUser(ctx, id)    // want `; load them at once with bulk\.Load$`
		u.Sync(ctx, id)       // want `; load them at once with bulk\.Load$`
	}
}

// Package sessions sees only the store.Sessions interface, which has two
// implementations: a whole-module run assumes neither.
package sessions

import (
	"context"

	"example.com/wire/store"
)

func TouchAll(ctx context.Context, s store.Sessions, ids []int64) {
	for _, id := range ids {
		s.Touch(ctx, id)
	}
}

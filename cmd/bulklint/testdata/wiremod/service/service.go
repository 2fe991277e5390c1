// Package service sees only the store interface.
package service

import (
	"context"

	"example.com/wire/store"
)

func Names(ctx context.Context, s store.Store, ids []int64) []string {
	var names []string
	for _, id := range ids {
		n, _ := s.UserName(ctx, id)
		names = append(names, n)
	}
	return names
}

func Purge(ctx context.Context, s store.Store, ids []int64) {
	for _, id := range ids {
		s.DeleteUser(ctx, id)
	}
}

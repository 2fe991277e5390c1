// Package app calls the store from a loop.
package app

import (
	"context"

	"vetmod/store"
)

// Names runs a query per id through store.User.
func Names(ctx context.Context, st *store.Store, ids []int) ([]string, error) {
	var names []string
	for _, id := range ids {
		u, err := st.User(ctx, id)
		if err != nil {
			return nil, err
		}
		names = append(names, u.Name)
	}
	return names, nil
}

// AllNames loads the users at once: silent.
func AllNames(ctx context.Context, st *store.Store, ids []int) ([]string, error) {
	us, err := st.Users(ctx, ids)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Name
	}
	return names, nil
}

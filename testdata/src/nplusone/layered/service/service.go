// Package service calls the stores through the model's interfaces only, as
// layered services do: the implementation is in a package it does not
// import.
package service

import (
	"context"

	"fixtures/nplusone/layered/model"
)

type Service struct{ store model.Store }

func (s *Service) Names(ctx context.Context, ids []int64) []string { // want Names:`^query\(\(model\.UserStore\)\.Get \-> //bulklint:query\)$`
	var names []string
	for _, id := range ids {
		u, err := s.store.Users().Get(ctx, id) // want `^query in loop: \(model\.UserStore\)\.Get \(marked //bulklint:query\) runs a query once per element of ids \(loop at line 16\); load them at once with bulk\.Load$`
		if err == nil {
			names = append(names, u.Name)
		}
	}
	return names
}

// Negative: Find has no annotation and no implementation is visible here.
func (s *Service) Found(ctx context.Context, ids []int64) int { // want Found:`^opaque$`
	n := 0
	for _, id := range ids {
		if _, err := s.store.Users().Find(ctx, id); err == nil {
			n++
		}
	}
	return n
}

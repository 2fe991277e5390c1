// Package models declares a store interface; its SQL implementation lives
// in a package that studio, below, does not import (Stash's models and
// sqlite packages).
package models

import "context"

type StudioWriter interface {
	Create(ctx context.Context, name string) error
}

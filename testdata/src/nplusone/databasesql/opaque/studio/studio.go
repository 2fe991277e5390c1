// Package studio imports a studio through the store's interface: its
// Create reaches no query the analyzer can see from here, but it calls a
// store (opaque), so it is no evidence that an importer does not query.
package studio

import (
	"context"

	"fixtures/nplusone/databasesql/opaque/models"
)

type Importer struct {
	W    models.StudioWriter
	Name string
}

func (i *Importer) Create(ctx context.Context) error { // want Create:`^opaque$`
	return i.W.Create(ctx, i.Name)
}

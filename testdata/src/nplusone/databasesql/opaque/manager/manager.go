// Package manager runs importers and exporters through interfaces whose
// implementations it imports.
package manager

import (
	"context"

	"fixtures/nplusone/databasesql/opaque/gallery"
	"fixtures/nplusone/databasesql/opaque/memory"
	"fixtures/nplusone/databasesql/opaque/models"
	"fixtures/nplusone/databasesql/opaque/studio"
)

type importer interface {
	Create(ctx context.Context) error
}

type exporter interface {
	Export(ctx context.Context, id int64) error
}

var (
	_ importer = (*gallery.Importer)(nil)
	_ exporter = (*memory.Exporter)(nil)
)

func perform(ctx context.Context, i importer) error { // want perform:`^query\(\(\*gallery\.Importer\)\.Create -> \(\*sql\.DB\)\.ExecContext\)$`
	return i.Create(ctx)
}

// Reported: every importer this package can see queries, or writes
// through a store it cannot see (studio's is opaque).
func ImportStudios(ctx context.Context, w models.StudioWriter, names []string) error { // want ImportStudios:`^query\(`
	for _, n := range names {
		if err := perform(ctx, &studio.Importer{W: w, Name: n}); err != nil { // want `^query in loop: manager\.perform runs a query via \(\*gallery\.Importer\)\.Create -> \(\*sql\.DB\)\.ExecContext once per element of names`
			return err
		}
	}
	return nil
}

// Silent: the exporters this package can see disagree: the in-memory one
// calls no store and runs no query.
func ExportAll(ctx context.Context, e exporter, ids []int64) error { // want ExportAll:`^opaque$`
	for _, id := range ids {
		if err := e.Export(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

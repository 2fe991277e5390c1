// Package gallery imports a gallery with SQL of its own.
package gallery

import (
	"context"
	"database/sql"
)

type Importer struct {
	DB    *sql.DB
	Title string
}

func (i *Importer) Create(ctx context.Context) error { // want Create:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	_, err := i.DB.ExecContext(ctx, "INSERT INTO galleries (title) VALUES ($1)", i.Title)
	return err
}

// Exporter writes a gallery out through SQL.
type Exporter struct{ DB *sql.DB }

func (e *Exporter) Export(ctx context.Context, id int64) error { // want Export:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	_, err := e.DB.ExecContext(ctx, "UPDATE galleries SET exported = true WHERE id = $1", id)
	return err
}

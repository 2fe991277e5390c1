// Package sqlite is a second SQL implementation of storage.TenantReader.
package sqlite

import (
	"context"
	"database/sql"
)

type TenantReader struct{ db *sql.DB }

func NewTenantReader(db *sql.DB) *TenantReader { return &TenantReader{db: db} }

func (r *TenantReader) Tenant(ctx context.Context, id string) (string, error) { // want Tenant:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var name string
	err := r.db.QueryRowContext(ctx, "SELECT name FROM tenants WHERE id = ?", id).Scan(&name)
	return name, err
}

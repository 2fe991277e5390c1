// Package postgres implements the stores on database/sql.
package postgres

import (
	"context"
	"database/sql"
)

type SchemaReader struct{ db *sql.DB }

func NewSchemaReader(db *sql.DB) *SchemaReader { return &SchemaReader{db: db} }

func (r *SchemaReader) ReadEntityDefinition(ctx context.Context, tenant, name string) (string, error) { // want ReadEntityDefinition:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var def string
	err := r.db.QueryRowContext(ctx, "SELECT serialized_definition FROM schema_definitions WHERE tenant_id = $1 AND name = $2", tenant, name).Scan(&def)
	return def, err
}

type TenantReader struct{ db *sql.DB }

func NewTenantReader(db *sql.DB) *TenantReader { return &TenantReader{db: db} }

func (r *TenantReader) Tenant(ctx context.Context, id string) (string, error) { // want Tenant:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var name string
	err := r.db.QueryRowContext(ctx, "SELECT name FROM tenants WHERE id = $1", id).Scan(&name)
	return name, err
}

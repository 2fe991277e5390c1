// Package storage declares the store interfaces of an authorization
// service shaped like Permify's: an SQL engine, an in-memory engine for
// the development container and the validate command, and factories that
// pick one by the engine named in the configuration.
package storage

import "context"

type SchemaReader interface {
	ReadEntityDefinition(ctx context.Context, tenant, name string) (string, error)
}

// TenantReader has two SQL implementations (postgres and sqlite) and no
// in-memory one.
type TenantReader interface {
	Tenant(ctx context.Context, id string) (string, error)
}

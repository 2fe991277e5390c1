// Package development is Permify's development container and validate
// command: it takes its stores from the factories, which import both the
// SQL and the in-memory engine.
package development

import (
	"context"
	"database/sql"

	"fixtures/nplusone/databasesql/factory/factories"
	"fixtures/nplusone/databasesql/factory/storage"
)

type Container struct {
	SR storage.SchemaReader
	TR storage.TenantReader
}

func NewContainer() *Container {
	return &Container{SR: factories.SchemaReaderFactory("memory", nil)}
}

// --- negatives ---

// Silent: a field, whose value is not known here, and the implementations
// this package can see disagree: the in-memory engine does not query, and
// which one the program wires is configuration (Permify's validate
// command, 8 false reports when the SQL engine was assumed).
func (c *Container) Validate(ctx context.Context, names []string) error { // want Validate:`^opaque$`
	for _, n := range names {
		if _, err := c.SR.ReadEntityDefinition(ctx, "t1", n); err != nil {
			return err
		}
	}
	return nil
}

// Silent: the value comes from a factory that returns only the in-memory
// engine.
func memoryOnly(ctx context.Context, names []string) {
	sr := factories.Memory()
	for _, n := range names {
		sr.ReadEntityDefinition(ctx, "t1", n)
	}
}

// Silent: the factory returns either engine, by its argument.
func configured(ctx context.Context, engine string, db *sql.DB, names []string) {
	sr := factories.SchemaReaderFactory(engine, db)
	for _, n := range names {
		sr.ReadEntityDefinition(ctx, "t1", n)
	}
}

// Silent: a factory that returns a variable says nothing of its type, so
// the implementations this package can see decide, and they disagree.
func stored(ctx context.Context, db *sql.DB, names []string) {
	sr := factories.Stored(db)
	for _, n := range names {
		sr.ReadEntityDefinition(ctx, "t1", n)
	}
}

// --- positives ---

// The value comes from a factory that returns only the SQL engine, though
// the in-memory one is visible here.
func postgresOnly(ctx context.Context, db *sql.DB, names []string) error { // want postgresOnly:`^query\(\(\*postgres\.SchemaReader\)\.ReadEntityDefinition -> \(\*sql\.DB\)\.QueryRowContext\)$`
	sr, err := factories.Postgres(db)
	if err != nil {
		return err
	}
	for _, n := range names {
		sr.ReadEntityDefinition(ctx, "t1", n) // want `^query in loop: \(storage\.SchemaReader\)\.ReadEntityDefinition \(implemented by \(\*postgres\.SchemaReader\)\.ReadEntityDefinition\) runs a query via \(\*sql\.DB\)\.QueryRowContext once per element of names`
	}
	return nil
}

// The same through a factory that passes another one's results on.
func checked(ctx context.Context, db *sql.DB, names []string) { // want checked:`^query\(`
	sr, _ := factories.Checked(ctx, db)
	for _, n := range names {
		sr.ReadEntityDefinition(ctx, "t1", n) // want `implemented by \(\*postgres\.SchemaReader\)\.ReadEntityDefinition`
	}
}

// A field again, but every implementation of TenantReader this package
// can see queries (two SQL dialects, as shiori's model.DB has three).
func (c *Container) Tenants(ctx context.Context, ids []string) { // want Tenants:`^query\(`
	for _, id := range ids {
		c.TR.Tenant(ctx, id) // want `^query in loop: \(storage\.TenantReader\)\.Tenant \(implemented by \(\*postgres\.TenantReader\)\.Tenant\) runs a query`
	}
}

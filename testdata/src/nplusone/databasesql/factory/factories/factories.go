// Package factories builds the stores; it imports both engines.
package factories

import (
	"context"
	"database/sql"
	"errors"

	"fixtures/nplusone/databasesql/factory/storage"
	"fixtures/nplusone/databasesql/factory/storage/memory"
	"fixtures/nplusone/databasesql/factory/storage/postgres"
	"fixtures/nplusone/databasesql/factory/storage/sqlite"
)

// SchemaReaderFactory returns the engine the configuration names: which
// one runs is not known to a caller.
func SchemaReaderFactory(engine string, db *sql.DB) storage.SchemaReader { // want SchemaReaderFactory:`^returns\(\*memory\.SchemaReader, \*postgres\.SchemaReader\) queries\(\)$`
	switch engine {
	case "postgres":
		return postgres.NewSchemaReader(db)
	default:
		return memory.NewSchemaReader()
	}
}

// Memory returns the in-memory engine, and nothing else.
func Memory() storage.SchemaReader { // want Memory:`^returns\(\*memory\.SchemaReader\) queries\(\)$`
	return memory.NewSchemaReader()
}

// Postgres returns the SQL engine, or nil and an error.
func Postgres(db *sql.DB) (storage.SchemaReader, error) { // want Postgres:`^returns\(\*postgres\.SchemaReader\) queries\(ReadEntityDefinition\)$`
	if db == nil {
		return nil, errors.New("no database")
	}
	return postgres.NewSchemaReader(db), nil
}

// Checked passes on another factory's results.
func Checked(ctx context.Context, db *sql.DB) (storage.SchemaReader, error) { // want Checked:`^returns\(\*postgres\.SchemaReader\) queries\(ReadEntityDefinition\)$`
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	return Postgres(db)
}

// TenantReaderFactory returns one of two SQL engines: either queries.
func TenantReaderFactory(engine string, db *sql.DB) storage.TenantReader { // want TenantReaderFactory:`^returns\(\*postgres\.TenantReader, \*sqlite\.TenantReader\) queries\(Tenant\)$`
	if engine == "sqlite" {
		return sqlite.NewTenantReader(db)
	}
	return postgres.NewTenantReader(db)
}

// Stored returns what a variable holds: not known, no fact.
func Stored(db *sql.DB) storage.SchemaReader {
	var r storage.SchemaReader = postgres.NewSchemaReader(db)
	return r
}

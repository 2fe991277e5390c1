// Package server wires the SQL engine only: the one implementation of
// storage.SchemaReader it can see queries.
package server

import (
	"context"
	"database/sql"

	"fixtures/nplusone/databasesql/factory/storage"
	"fixtures/nplusone/databasesql/factory/storage/postgres"
)

type Server struct{ SR storage.SchemaReader }

func New(db *sql.DB) *Server { return &Server{SR: postgres.NewSchemaReader(db)} }

func (s *Server) Definitions(ctx context.Context, names []string) { // want Definitions:`^query\(`
	for _, n := range names {
		s.SR.ReadEntityDefinition(ctx, "t1", n) // want `^query in loop: \(storage\.SchemaReader\)\.ReadEntityDefinition \(implemented by \(\*postgres\.SchemaReader\)\.ReadEntityDefinition\) runs a query`
	}
}

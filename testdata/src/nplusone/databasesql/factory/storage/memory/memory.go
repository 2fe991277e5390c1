// Package memory implements the schema reader in memory: no query.
package memory

import "context"

type SchemaReader struct{ defs map[string]string }

func NewSchemaReader() *SchemaReader { return &SchemaReader{defs: map[string]string{}} }

func (r *SchemaReader) ReadEntityDefinition(_ context.Context, tenant, name string) (string, error) {
	return r.defs[tenant+"/"+name], nil
}

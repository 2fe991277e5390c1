// Package ifaces holds interface method calls whose receiver is made, in
// the calling function, from a known concrete type: that type's method
// decides whether the call queries.
package ifaces

import (
	"context"
	"database/sql"
)

type SchemaReader interface {
	ReadDefinition(ctx context.Context, name string) (string, error)
}

type sqlReader struct{ db *sql.DB }

func (r *sqlReader) ReadDefinition(ctx context.Context, name string) (string, error) { // want ReadDefinition:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var def string
	err := r.db.QueryRowContext(ctx, "SELECT def FROM schema_definitions WHERE name = $1", name).Scan(&def)
	return def, err
}

type memReader struct{ defs map[string]string }

func (r *memReader) ReadDefinition(_ context.Context, name string) (string, error) {
	return r.defs[name], nil
}

type cacheReader struct{ memReader }

func NewReader(engine string, db *sql.DB) SchemaReader {
	if engine == "postgres" {
		return &sqlReader{db: db}
	}
	return &memReader{defs: map[string]string{}}
}

// Annotated: implementations the caller cannot see query.
type Store interface {
	//bulklint:query
	Load(ctx context.Context, id int64) (string, error) // want Load:`^query\(//bulklint:query\)$`
}

type memStore struct{ rows map[int64]string }

func (s memStore) Load(_ context.Context, id int64) (string, error) { return s.rows[id], nil }

// --- positives ---

// The value may hold either type, and one of them queries.
func either(ctx context.Context, db *sql.DB, names []string, live bool) { // want either:`^query\(\(\*ifaces\.sqlReader\)\.ReadDefinition \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	var sr SchemaReader = &memReader{}
	if live {
		sr = &sqlReader{db: db}
	}
	for _, n := range names {
		sr.ReadDefinition(ctx, n) // want `^query in loop: \(ifaces\.SchemaReader\)\.ReadDefinition \(implemented by \(\*ifaces\.sqlReader\)\.ReadDefinition\) runs a query via \(\*sql\.DB\)\.QueryRowContext once per element of names`
	}
}

// The querying type itself, converted to the interface.
func local(ctx context.Context, db *sql.DB, names []string) { // want local:`^query\(`
	var sr SchemaReader = &sqlReader{db: db}
	for _, n := range names {
		sr.ReadDefinition(ctx, n) // want `implemented by \(\*ifaces\.sqlReader\)\.ReadDefinition`
	}
}

// A value from another function (a factory): its type is not known here,
// and an implementation the package can see queries.
func factory(ctx context.Context, db *sql.DB, names []string) { // want factory:`^query\(`
	sr := NewReader("memory", db)
	for _, n := range names {
		sr.ReadDefinition(ctx, n) // want `implemented by \(\*ifaces\.sqlReader\)\.ReadDefinition`
	}
}

// A variable a closure may reassign: its type is not known here.
func captured(ctx context.Context, db *sql.DB, names []string) { // want captured:`^query\(`
	var sr SchemaReader = &memReader{}
	connect := func() { sr = &sqlReader{db: db} }
	connect()
	for _, n := range names {
		sr.ReadDefinition(ctx, n) // want `query in loop`
	}
}

// A parameter, and a field: their types are not known here.
func param(ctx context.Context, sr SchemaReader, names []string) { // want param:`^query\(`
	for _, n := range names {
		sr.ReadDefinition(ctx, n) // want `implemented by \(\*ifaces\.sqlReader\)\.ReadDefinition`
	}
}

type service struct{ reader SchemaReader }

func (s *service) all(ctx context.Context, names []string) { // want all:`^query\(`
	for _, n := range names {
		s.reader.ReadDefinition(ctx, n) // want `implemented by \(\*ifaces\.sqlReader\)\.ReadDefinition`
	}
}

// --- negatives ---

// Silent: the parameter is given the in-memory implementation before the
// loop, so it holds nothing else there.
func reassigned(ctx context.Context, sr SchemaReader, names []string) {
	sr = &memReader{}
	for _, n := range names {
		sr.ReadDefinition(ctx, n)
	}
}

// Silent: the value is the in-memory implementation (permify
// pkg/development), even though the SQL one queries.
func memory(ctx context.Context, names []string) {
	var sr SchemaReader = &memReader{defs: map[string]string{}}
	for _, n := range names {
		sr.ReadDefinition(ctx, n)
	}
}

// Silent: either of two types, neither of which queries, through a copy.
func twoMemories(ctx context.Context, names []string, cached bool) {
	var sr SchemaReader = &memReader{}
	if cached {
		sr = &cacheReader{}
	}
	r := sr
	for _, n := range names {
		r.ReadDefinition(ctx, n)
	}
}

// Silent: a helper that reads from a memory value exports no fact, so its
// caller is silent too.
func readOne(ctx context.Context, name string) string {
	var sr SchemaReader = &memReader{}
	def, _ := sr.ReadDefinition(ctx, name)
	return def
}

func viaHelper(ctx context.Context, names []string) {
	for _, n := range names {
		readOne(ctx, n)
	}
}

// Silent: the annotation speaks for implementations the caller cannot
// see; this value is a memory store.
func annotated(ctx context.Context, ids []int64) {
	var s Store = memStore{}
	for _, id := range ids {
		s.Load(ctx, id)
	}
}

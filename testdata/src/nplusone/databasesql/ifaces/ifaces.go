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

func NewReader(engine string, db *sql.DB) SchemaReader { // want NewReader:`^returns\(\*ifaces\.memReader, \*ifaces\.sqlReader\) queries\(\)$`
	if engine == "postgres" {
		return &sqlReader{db: db}
	}
	return &memReader{defs: map[string]string{}}
}

// Counter has one implementation, which queries.
type Counter interface {
	Count(ctx context.Context, id int64) (int, error)
}

type sqlCounter struct{ db *sql.DB }

func (c *sqlCounter) Count(ctx context.Context, id int64) (int, error) { // want Count:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var n int
	err := c.db.QueryRowContext(ctx, "SELECT count(*) FROM rows WHERE owner = $1", id).Scan(&n)
	return n, err
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

// A parameter, and a field: their types are not known here, and the one
// implementation of Counter the package can see queries.
func param(ctx context.Context, c Counter, ids []int64) { // want param:`^query\(`
	for _, id := range ids {
		c.Count(ctx, id) // want `implemented by \(\*ifaces\.sqlCounter\)\.Count`
	}
}

type service struct {
	reader  SchemaReader
	counter Counter
}

func (s *service) all(ctx context.Context, ids []int64) { // want all:`^query\(`
	for _, id := range ids {
		s.counter.Count(ctx, id) // want `implemented by \(\*ifaces\.sqlCounter\)\.Count`
	}
}

// A local copy of a field: no more known than the field.
func (s *service) copied(ctx context.Context, ids []int64) { // want copied:`^query\(`
	c := s.counter
	for _, id := range ids {
		c.Count(ctx, id) // want `implemented by \(\*ifaces\.sqlCounter\)\.Count`
	}
}

// --- negatives ---

// Silent: a parameter and a field of type SchemaReader: their types are
// not known here, and the implementations the package can see disagree
// (memReader does not query): which one runs is the program's choice.
func paramReader(ctx context.Context, sr SchemaReader, names []string) {
	for _, n := range names {
		sr.ReadDefinition(ctx, n)
	}
}

func (s *service) definitions(ctx context.Context, names []string) { // want definitions:`^opaque$`
	for _, n := range names {
		s.reader.ReadDefinition(ctx, n)
	}
}

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

// Silent: a factory's value, and the factory returns either type, chosen
// by its argument: configuration the analyzer does not evaluate (permify's
// validate command takes the in-memory engine from such a factory).
func factory(ctx context.Context, db *sql.DB, names []string) {
	sr := NewReader("memory", db)
	for _, n := range names {
		sr.ReadDefinition(ctx, n)
	}
}

// Silent: a variable a closure may reassign: its type is not known here,
// and the implementations the package can see disagree (memReader does
// not query), so none is assumed.
func captured(ctx context.Context, db *sql.DB, names []string) {
	var sr SchemaReader = &memReader{}
	connect := func() { sr = &sqlReader{db: db} }
	connect()
	for _, n := range names {
		sr.ReadDefinition(ctx, n)
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

// Package bulkgorm loads gorm rows for many keys at once: the replacement
// bulklint's nplusone fix writes for a First per loop element.
//
// # When to use it
//
// A loop that reads one row per element,
//
//	for _, o := range orders {
//		var c Customer
//		if err := db.WithContext(ctx).Where("id = ?", o.CustomerID).First(&c).Error; err != nil {
//			// gorm.ErrRecordNotFound or a failure
//		}
//		// use c
//	}
//
// makes one round trip per order. [Load] reads the same rows in one query
// per chunk of keys, before the loop; the loop looks them up:
//
//	ids := make([]int64, len(orders))
//	for i, o := range orders {
//		ids[i] = o.CustomerID
//	}
//	customers, err := bulkgorm.Load[Customer](db.WithContext(ctx), "id", ids)
//	if err != nil {
//		return err
//	}
//	for _, o := range orders {
//		c, ok := customers[o.CustomerID] // !ok where First says gorm.ErrRecordNotFound
//		// use c
//	}
//
// # What it keeps of gorm
//
// Load queries through gorm itself, on a Session of db, so db's own
// statement is never changed and everything First applies still applies:
// the context given with WithContext, conditions and scopes chained on
// db, Unscoped, Preload, soft delete (gorm.DeletedAt), AfterFind hooks,
// serializers, column names (naming strategy, `gorm:"column:..."`) and
// table names (TableName, Table). Each chunk is one
//
//	SELECT ... FROM <table> WHERE <table>.<column> IN (?, ...) [and db's conditions]
//	ORDER BY [db's order,] <table>.<primary key>
//
// The column must be a column of T by gorm's schema (its DBName, not the Go
// field name): anything else, a name with quotes, a semicolon or a table
// prefix included, is an [ErrUnknownColumn] error before any round trip,
// and the name is never written into SQL text. An Offset on db, which
// First would apply per key, is refused ([ErrUnsupportedQuery]); a Limit
// on db is dropped, as First replaces it with its own.
//
// # Keys
//
// Repeated keys are queried once, and the map's keys are the caller's K
// values. K is the key field's Go type, or one of the same kind family:
// integers (signed or not), floats, complex numbers, strings, booleans.
// So int keys for an int64 field, int64 keys for
// gorm.Model's uint ID, string keys for a
// named string type. A key is converted to the field's type when it
// converts there and back unchanged; one the field cannot hold (-1 for a
// uint field) is used as it is, as the loop uses it, and the database
// answers as it answers the loop: no row, or the driver's error (a
// uint64 of 2^63 or more on SQLite and PostgreSQL). A pointer key or
// pointer field converts through the pointed value, and a nil key is
// absent, as First finds no row equal to NULL. Other types are an
// [ErrKeyType] error naming both types. No keys, no round trip: an empty
// map.
//
// When several rows share a key (a column that is not unique), the map
// holds the row First reads: the first by db's order then by the primary
// key, so the lowest primary key. T must therefore have a primary key gorm
// prioritizes (a field named ID, or a single primaryKey field); without
// one First orders by T's first column, which picks no definite row, and
// Load returns an [ErrRowType] error instead of guessing.
//
// Rows are matched to keys by Go equality of the key field, and a key is
// given the row the database matched it to. Where the database equates
// keys Go tells apart (MySQL's case-insensitive collations: "ABC" finds
// "abc"; pad-space collations, char(n)), or an AfterFind hook or serializer changes the
// key field, a key with no row equal to it in Go is read again alone, and
// the row the database gives it is its own, as the loop's First would have
// read it: every key without a row, once a chunk returned a row equal to
// no key asked for; else a string key that folds like a key that has a
// row (lower case, no accents, no trailing spaces: "ABC" beside "abc").
// Each costs a round trip, as in the loop. Left out: collations that
// equate more than that, asked for both spellings at once, and a hook
// that turns a row's key into another key asked for (the row goes to
// that key).
//
// # Chunks and cost
//
// Keys are bound 900 to a query, below SQLite's oldest parameter limit
// (999) with room for db's own conditions: 2,500 keys are 3 queries where
// the loop made 2,500 (plus one query per Preload per chunk). On a column
// that is not unique, every row of each key is read, preloaded and passed
// to AfterFind, and all but the first are dropped.
// Every row found is in memory at once, in the map. Chunks are separate
// queries: outside a transaction, a write between two chunks can be seen
// by one and not the other, as between two iterations of the loop.
//
// # Errors
//
// A failing query (missing table, cancelled context, closed connection)
// returns a nil map and the error wrapped with %w behind "bulkgorm: ", so
// errors.Is(err, context.Canceled) works; an error already set on db is
// returned the same way. Bad input (a nil db, T not a struct or a
// pointer type, an unknown column, an unsupported K) is a sentinel error
// ([ErrNilDB], [ErrRowType], [ErrUnknownColumn], [ErrKeyType]) before any
// round trip, never a panic.
package bulkgorm

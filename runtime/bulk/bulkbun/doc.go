// Package bulkbun loads bun rows for many keys at once: the replacement
// bulklint's nplusone fix writes for a Scan per loop element.
//
// # When to use it
//
// A loop that reads one row per element,
//
//	for _, o := range orders {
//		var c Customer
//		err := db.NewSelect().Model(&c).Where("? = ?", bun.Ident("id"), o.CustomerID).Scan(ctx)
//		if err != nil {
//			// sql.ErrNoRows or a failure
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
//	customers, err := bulkbun.Load[Customer](ctx, db, "id", ids)
//	if err != nil {
//		return err
//	}
//	for _, o := range orders {
//		c, ok := customers[o.CustomerID] // !ok where Scan says sql.ErrNoRows
//		// use c
//	}
//
// db is a *bun.DB, a bun.Tx or a bun.Conn.
//
// # What it keeps of bun
//
// Load queries through bun's own SelectQuery on a slice of T, so what the
// loop's Scan applies still applies: the table and alias of the bun tags,
// column names, soft delete (soft_delete: deleted rows are absent), the
// model's BeforeSelect and AfterSelect hooks (run once per chunk instead of
// once per key), AfterScanRow hooks (once per row read), the database's
// query hooks, and the context. Each chunk is one
//
//	SELECT ... FROM <table> AS <alias> WHERE <alias>.<column> IN (...)
//	ORDER BY <alias>.<primary key>
//
// The column must be a column of T's table (its SQL name, not the Go field
// name; scanonly and relation fields are not columns): anything else, a
// name with quotes, a semicolon or a table prefix included, is an
// [ErrUnknownColumn] error before any round trip, and the name is never
// written into SQL text but as bun.Ident of the table's own field.
//
// # Keys
//
// Repeated keys are queried once, and the map's keys are the caller's K
// values. K is the key field's Go type, or one of the same kind family:
// integers (signed or not), floats, complex numbers, strings, booleans.
// So int keys for an int64 field, int64 keys for a
// uint field, string keys for a
// named string type. A key is converted to the field's type when it
// converts there and back unchanged; one the field cannot hold (-1 for a
// uint field) is used as it is, as the loop uses it, and the database
// answers as it answers the loop: no row, or an error. A pointer key or
// pointer field converts through the pointed value, and a nil key is
// absent, as Scan finds no row equal to NULL. Other types are an
// [ErrKeyType] error naming both types. No keys, no round trip: an empty
// map.
//
// When several rows share a key (a column that is not unique), bun's Scan
// of one struct takes whichever row the database sends first, so any of
// them is what the loop may read. Load makes it definite: the row with the
// lowest primary key (composite keys compared column by column). T must
// therefore have a primary key (bun tag pk), or Load returns an
// [ErrRowType] error.
//
// Rows are matched to keys by Go equality of the key field, and a key is
// given the row the database matched it to. Where the database equates
// keys Go tells apart (MySQL's case-insensitive collations: "ABC" finds
// "abc"; pad-space collations, char(n)), or an AfterScanRow hook changes the
// key field, a key with no row equal to it in Go is read again alone, and
// the row the database gives it is its own, as the loop's Scan would have
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
// bun writes values into the SQL text rather than binding them, so no
// parameter limit applies; keys go 1,000 to a query to keep statements of
// a bounded size: 2,500 keys are 3 queries where the loop made 2,500. On a
// column that is not unique, every row of each key is read and passed to
// AfterScanRow, and all but the first are dropped.
// Every row found is in memory at once, in the map. Chunks are separate
// queries: outside a transaction, a write between two chunks can be seen
// by one and not the other, as between two iterations of the loop.
//
// # Errors
//
// A failing query (missing table, cancelled context, closed connection)
// returns a nil map and the error wrapped with %w behind "bulkbun: ", so
// errors.Is(err, context.Canceled) works. Bad input (a nil db or context,
// a zero bun.Tx, T not a struct or a pointer type, an unknown column, an
// unsupported K) is a sentinel error ([ErrNilDB], [ErrNilContext],
// [ErrRowType], [ErrUnknownColumn], [ErrKeyType]) before any round trip,
// never a panic.
package bulkbun

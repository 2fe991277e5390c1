// Package bulk is the runtime side of bulklint: set-based inserts, upserts,
// updates and loads over github.com/jmoiron/sqlx for PostgreSQL,
// MySQL/MariaDB and SQLite. Every bulklint diagnostic names a call of this
// package as its fix.
//
// # Calls
//
//   - [Insert] and [InsertSeq] write rows, a slice or a streamed iter.Seq,
//     one statement per chunk. Keys and generated columns are filled back
//     into the rows by key. [SkipConflicts] skips rows whose conflict key
//     exists and reports them with the existing row's key.
//   - [Upsert] updates or creates rows by a natural key (composite allowed),
//     and says per row whether it was inserted, updated or unchanged.
//   - [Update] writes many rows by key in one UPDATE per chunk, joined to the
//     rows; [Expr] writes an expression on the current value; keys that
//     match nothing are reported.
//   - [Load] and [LoadInOrder] fetch the rows for many (composite) keys in
//     one query per chunk: the replacement for a query per loop element.
//   - [Delete] deletes the rows of many (composite) keys in one DELETE per
//     chunk, in key order, and says per key whether its row was deleted or
//     missing; [RequireAll] makes a missing key an error, nothing deleted.
//   - [Track] snapshots rows; [Tracker.Save] writes exactly the columns that
//     changed.
//
// Every call takes ctx first and a [Querier]: a *sqlx.DB, *sqlx.Conn or
// *sqlx.Tx. The dialect comes from the driver (pgx's stdlib, lib/pq,
// go-sql-driver/mysql, modernc.org/sqlite and other SQLite drivers) or from
// [WithDialect]. Rows are structs or pointers to structs mapped to columns
// through sqlx's reflectx: the db tag, else the lowercased field name
// ([WithMapper] to change it). Every mapped field must be a column of the
// table: a field without one is an [ErrUnknownColumn] error, never dropped.
//
//	res, err := bulk.Upsert(ctx, db, "items", items, bulk.Key("shop", "sku"))
//	// res.Inserted, res.Updated, res.Unchanged; res.Outcomes[i] per row;
//	// items[i].ID filled in for every row.
//
// # What each call fixes in Django's bulk_create and bulk_update
//
//   - bulk_create fills primary keys only on PostgreSQL (and recent
//     MariaDB/SQLite), by position. Insert fills them on the three
//     databases by key: the auto-increment key is taken before the write
//     (the column's sequence on PostgreSQL; on MySQL and SQLite the table's
//     counter, under an advisory lock or SQLite's write lock), so a row is
//     never matched to its key by position or by LastInsertId + i, which
//     is wrong on MySQL as soon as a row conflicts. Other generated columns
//     are read back by that key or by the natural key named with [Key].
//   - bulk_create(ignore_conflicts=True) drops conflicting rows silently,
//     and on MySQL uses INSERT IGNORE, which also turns data errors
//     (truncation, bad values) into warnings. SkipConflicts reports every
//     skipped row with the existing row's key, and on MySQL takes the
//     conflict with a key-only no-op ON DUPLICATE KEY UPDATE, so data
//     errors still fail.
//   - bulk_create(update_conflicts=True) says nothing about which rows were
//     inserted or updated, and PostgreSQL fails with "ON CONFLICT DO UPDATE
//     command cannot affect row a second time" when two input rows share a
//     key. Upsert returns the outcome per row, finds rows that would not
//     change ("IS DISTINCT FROM" on PostgreSQL, "IS NOT" on SQLite, a
//     read under lock before the write on MySQL, checked against the
//     affected-rows count), and reports shared keys as
//     [ErrDuplicateKey] before writing, or merges them with
//     [MergeDuplicates].
//   - bulk_update writes one CASE WHEN per column and row, its fields
//     argument is easy to get wrong, and it cannot express F(). Update
//     joins the rows (UNNEST or VALUES on PostgreSQL, a staged temporary
//     table on MySQL, UPDATE FROM on SQLite), writes the columns named by
//     [Columns] or every mapped column, zero values included, takes [Expr]
//     for "stock = stock - ?", and reports keys that matched no row
//     ([RequireAll] makes them an error).
//   - Neither checks rows in bulk: rows with a Validate() error method are
//     validated in Go, chunk by chunk, and [BeforeChunk] runs a hook on
//     each chunk; neither issues a query per row.
//
// # Chunks, transactions and errors
//
// Rows are written in chunks sized from the database's bind parameter limit
// (65,535 on PostgreSQL and MySQL, 32,766 on SQLite, 999 otherwise; MySQL
// chunks also stay far below the 4 MiB floor of max_allowed_packet, and
// SQLite chunks stay near 2,500 values, which it parses fastest, 10,000
// for an upsert); on
// PostgreSQL with pgx, rows bind as one typed array per column, 20,000 rows
// a chunk. [ChunkSize] lowers it. On MySQL and SQLite each chunk's statement
// is prepared once per call. MySQL reads and updates rows by key
// through a temporary table of the chunk's rows joined to the table: an
// index lookup per key, where a long IN list may be planned as a scan.
//
// A call is atomic: with a *sqlx.DB or *sqlx.Conn it runs in a
// transaction of its own, with a *sqlx.Tx inside a savepoint, so a failure
// in chunk k, a cancelled context or a lost connection leaves nothing of
// chunks 1..k-1 behind, and rows keep no key of the rolled back write. Rows
// of [Upsert], [Update] and SkipConflicts are written in key order, so that
// concurrent calls over overlapping keys lock rows in the same order; if
// the database still picks the call as a deadlock victim and the call owns
// its transaction, it runs again.
//
// Errors wrap sentinels to branch on ([ErrDuplicateKey], [ErrUnknownColumn],
// [ErrMissingKey], ...) and carry data in [*RowError] (the input row) and
// [*ChunkError] (the chunk, the rows rolled back). Bad input (an empty or
// invalid table name, an unknown column, a row type that does not map, a
// nil row, duplicate keys, an option that does not apply) is rejected
// before anything is written. Table and column names are checked to be
// plain identifiers and quoted; values are always bound parameters.
//
// # Speed
//
// On PostgreSQL with pgx, Insert from a *sqlx.DB or *sqlx.Conn uses COPY
// (keys are taken from the sequence first, so they still come back), its
// binary rows encoded straight from the struct fields for plain bool,
// integer, float and string fields, by pgx for every other type; with
// a *sqlx.Tx, Generated or SkipConflicts it uses INSERT ... SELECT FROM
// UNNEST. Update returns, per chunk, the positions of the rows that
// matched, not their keys, and looks each row up by its key. Load binds
// the keys as one array and, from a *sqlx.DB or *sqlx.Conn whose fields
// are plain integers, floats, strings and booleans, reads the rows through
// pgx's binary protocol rather than database/sql's conversions. The
// benchmarks in this package compare each call with pgx's CopyFrom, sqlx's
// NamedExec, gorm and a prepared statement per row.
//
// On MySQL, Update finds the keys that matched no row after the write: in
// a transaction of its own (repeatable read) by reading which staged keys
// have no row, which the UPDATE's gap locks keep true; in the caller's
// transaction, whose isolation it cannot know, by a mark the UPDATE sets
// on the staged rows it joined. Upsert, in a transaction of its own, reads
// the chunk's existing rows under lock once, foresees each row's outcome
// in Go, gives new rows keys from the table's counter (as Insert does),
// and writes; the affected-rows count confirms the outcomes, and if it
// does not (a key added by another transaction in between, a value the
// database stores differently from how Go compares it) the chunk is
// rolled back to a savepoint and written again, read before and after.
// On SQLite, Upsert tells new rows by a rowid above the table's largest
// before the write (read back through the INTEGER PRIMARY KEY column when
// that is filled back anyway), matches the returned rows to the input in
// their order before falling back to a map of keys, and Update reads keys
// back only when the count of changed rows falls short of the chunk.
//
// [InsertSeq] holds one chunk of rows at a time, whatever the length of the
// sequence: its peak heap stays flat from 10,000 to 1,000,000 rows
// (BenchmarkInsertSeqMemory). Result.Outcomes, one byte per row, is the
// only part that grows with the input.
//
// # Why not a library
//
// No well-kept Go library does a set-based upsert with an outcome per row
// across these three databases, maps generated keys back by key rather
// than by position, or reports skipped conflicts; ORMs that batch (gorm's
// CreateInBatches and OnConflict, bun) return neither. This package is
// written by hand over sqlx, which bulklint already understands, and keeps
// its own SQL small: one statement shape per operation and dialect.
//
// # Limits
//
// On MySQL, per-row upsert outcomes come from a read under lock and the
// affected-rows count; with go-sql-driver's clientFoundRows=true, where an
// unchanged row counts 1 as an inserted one does, a row that another
// transaction inserted in between with the same values, or a plain INSERT
// that took the key Upsert gave a new row and holds the same values, may be
// reported as inserted.
// Multi-table UPDATE on MySQL may let an [Expr] see columns assigned
// earlier in the same statement. Keys are matched by their driver value:
// a time key must round-trip exactly.
package bulk

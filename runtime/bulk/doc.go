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
// # Chunks and transactions
//
// Rows are written in chunks sized from the database's bind parameter
// limit; on PostgreSQL with pgx they bind as one typed array per column.
// [ChunkSize] lowers the size. A call is atomic: with a *sqlx.DB or
// *sqlx.Conn it runs in a transaction of its own, with a *sqlx.Tx inside a
// savepoint, so a failure in chunk k leaves nothing of chunks 1..k-1
// behind, and rows keep no key of the rolled back write. Rows are written
// in key order, so that concurrent calls over overlapping keys lock rows in
// the same order; a call that owns its transaction and is picked as a
// deadlock victim runs again.
//
// # Beside other writers
//
// Other clients may write the same tables at the same time, with this
// package or with plain statements:
//
//   - Keys are assigned by the database, never guessed: a sequence on
//     PostgreSQL; on MySQL the server's auto-increment, mapped back through
//     LAST_INSERT_ID() where InnoDB guarantees a multi-row insert
//     consecutive keys (innodb_autoinc_lock_mode 0 or 1) and read back by a
//     unique key otherwise (with none, the call fails before writing and
//     names the setting); on SQLite the write lock is held from the first
//     key taken.
//   - [Key] must be the primary key or a unique index of the table
//     ([ErrNotUniqueKey] lists them). A row that duplicates an existing
//     row on another unique key fails the call ([ErrUniqueConflict]): the
//     other row is never overwritten, as MySQL's ON DUPLICATE KEY UPDATE
//     would.
//   - Keys are compared as the database compares them: on MySQL, two input
//     keys that a case-insensitive or pad-space collation equates are
//     duplicate keys ([ErrDuplicateKey]), and a key spelled otherwise
//     finds the stored row.
//   - Upsert outcomes are exact when the call owns its transaction; on
//     MySQL a key another client adds between the read and the write
//     makes the chunk run again, the careful way.
//
// # Cancellation
//
// The context is checked before every statement. A call that owns its
// transaction and is cancelled keeps nothing, and its error wraps the
// context's error. Inside the caller's *sqlx.Tx it depends on when:
//
//   - between two statements of the call, the call's savepoint is rolled
//     back and the caller's transaction goes on with its earlier writes;
//   - during a statement, pgx and go-sql-driver/mysql close the
//     connection, and SQLite's interrupt rolls back the whole transaction:
//     the caller's earlier writes are gone. The error wraps [ErrTxAborted]
//     and the context's error, and the transaction is rolled back so that
//     the caller's later statements on it fail (sql.ErrTxDone) rather than
//     run outside any transaction.
//
// # Errors
//
// Errors wrap sentinels to branch on ([ErrDuplicateKey], [ErrUnknownColumn],
// [ErrMissingKey], [ErrTxAborted], ...) and carry data in [*RowError] (the
// input row) and [*ChunkError] (the chunk, the rows rolled back); a value
// the database refuses is reported with its input row, column and table.
// Bad input (an empty or invalid table name, an unknown column, a row type
// that does not map, a nil row or context, duplicate keys, an option that
// does not apply) is rejected before anything is written. Table names must
// be plain identifiers; every identifier is quoted with its dialect's
// quote doubled inside it, and values are always bound parameters.
//
// Design notes (what each call fixes in Django's bulk_create and
// bulk_update, the SQL per database, speed, limits) are in the
// repository's docs/runtime.md.
package bulk

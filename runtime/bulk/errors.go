package bulk

import (
	"errors"
	"fmt"
)

// Sentinel errors to branch on with errors.Is. Every error returned by this
// package wraps one of them or a database error.
var (
	// ErrEmptyTable: the table name is empty.
	ErrEmptyTable = errors.New("bulk: empty table name")
	// ErrInvalidName: a table or column name is not a plain identifier.
	ErrInvalidName = errors.New("bulk: invalid identifier")
	// ErrUnknownTable: the table does not exist for this connection.
	ErrUnknownTable = errors.New("bulk: unknown table")
	// ErrUnknownColumn: a named or mapped column is not a column of the table.
	ErrUnknownColumn = errors.New("bulk: unknown column")
	// ErrRowType: the rows are not structs or pointers to structs, or a key
	// type does not match the row type.
	ErrRowType = errors.New("bulk: unsupported row type")
	// ErrNilRow: a row is a nil pointer.
	ErrNilRow = errors.New("bulk: nil row")
	// ErrDuplicateKey: two input rows share a key.
	ErrDuplicateKey = errors.New("bulk: duplicate key in input")
	// ErrNoKey: the operation needs key columns and none were given or found.
	ErrNoKey = errors.New("bulk: no key columns")
	// ErrMissingKey: with RequireAll, a key matched no row.
	ErrMissingKey = errors.New("bulk: key matched no row")
	// ErrUnknownDialect: the dialect could not be found from the driver.
	ErrUnknownDialect = errors.New("bulk: unknown dialect")
	// ErrInvalidOption: an option has a bad value or does not apply to the call.
	ErrInvalidOption = errors.New("bulk: invalid option")
	// ErrConcurrentWrite: on MySQL, other transactions kept changing the rows
	// of a chunk between its reads and its write; the outcome per row could
	// not be established, so nothing was kept.
	ErrConcurrentWrite = errors.New("bulk: rows changed concurrently")
	// ErrNotUniqueKey: the Key of Upsert, SkipConflicts, Load or Delete is
	// not the primary key or a unique index of the table (a partial or
	// expression index does not count). The message lists the table's
	// unique keys. Nothing is read or written.
	ErrNotUniqueKey = errors.New("bulk: key is not a unique key of the table")
	// ErrUniqueConflict: a row conflicts with an existing row on a unique
	// key other than the call's Key. The other row is never overwritten:
	// the call fails and keeps nothing.
	ErrUniqueConflict = errors.New("bulk: row conflicts on another unique key")
	// ErrTxAborted: the call ran inside the caller's *sqlx.Tx and that
	// transaction can no longer be used: a cancelled context or a lost
	// connection made the driver close it (PostgreSQL, MySQL), or the
	// database rolled all of it back (SQLite's interrupt). The caller's
	// earlier writes in it are gone; roll it back and start again. The
	// context's error, if any, is wrapped too.
	ErrTxAborted = errors.New("bulk: the caller's transaction was aborted")
	// ErrNilContext: the context is nil.
	ErrNilContext = errors.New("bulk: nil context")
	// ErrValidation wraps an error returned by a row's Validate method or by
	// a chunk hook.
	ErrValidation = errors.New("bulk: validation failed")
)

// RowError reports which input row an error is about.
type RowError struct {
	Index int // position in the input, counting from 0
	Err   error
}

func (e *RowError) Error() string { return fmt.Sprintf("bulk: row %d: %v", e.Index, trimPrefix(e.Err)) }
func (e *RowError) Unwrap() error { return e.Err }

// ChunkError reports a failure of one chunk's statements. Nothing of the
// call was kept: the transaction (or the savepoint in the caller's
// transaction) was rolled back.
type ChunkError struct {
	Op    string // "insert", "upsert", "update", "load"
	Table string
	Chunk int // index of the failing chunk, counting from 0
	Rows  int // rows in that chunk
	Done  int // rows of earlier chunks written before the failure, and rolled back
	Err   error
}

func (e *ChunkError) Error() string {
	return fmt.Sprintf("bulk: %s %s: chunk %d (%d rows, %d earlier rows rolled back): %v",
		e.Op, e.Table, e.Chunk, e.Rows, e.Done, trimPrefix(e.Err))
}
func (e *ChunkError) Unwrap() error { return e.Err }

// trimPrefix keeps nested messages from repeating "bulk: ".
func trimPrefix(err error) string {
	s := err.Error()
	if len(s) > 6 && s[:6] == "bulk: " {
		return s[6:]
	}
	return s
}

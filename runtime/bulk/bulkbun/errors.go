package bulkbun

import "errors"

// Sentinel errors to branch on with errors.Is. Each is returned before any
// round trip.
var (
	// ErrNilDB: the bun.IDB is nil or a zero bun.Tx or bun.Conn.
	ErrNilDB = errors.New("bulkbun: nil bun.IDB")
	// ErrNilContext: the context is nil.
	ErrNilContext = errors.New("bulkbun: nil context")
	// ErrRowType: T is not a struct type, bun cannot make a table of it,
	// or it has no primary key to pick one row per key by.
	ErrRowType = errors.New("bulkbun: unsupported row type")
	// ErrUnknownColumn: the column is not a column of T's table.
	ErrUnknownColumn = errors.New("bulkbun: unknown column")
	// ErrKeyType: K does not convert to the key field's type.
	ErrKeyType = errors.New("bulkbun: unsupported key type")
)

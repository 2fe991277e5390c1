package bulkgorm

import "errors"

// Sentinel errors to branch on with errors.Is. Each is returned before any
// round trip, except ErrKeyMismatch.
var (
	// ErrNilDB: the *gorm.DB is nil or was not opened with gorm.Open (no
	// Config, Statement, Dialector or connection pool).
	ErrNilDB = errors.New("bulkgorm: nil or unopened *gorm.DB")
	// ErrRowType: T is not a struct type, gorm cannot parse it, or it has
	// no single primary key to pick First's row by.
	ErrRowType = errors.New("bulkgorm: unsupported row type")
	// ErrUnknownColumn: the column is not a readable column of T.
	ErrUnknownColumn = errors.New("bulkgorm: unknown column")
	// ErrKeyType: K does not convert to the key field's type.
	ErrKeyType = errors.New("bulkgorm: unsupported key type")
	// ErrUnsupportedQuery: db carries a clause the bulk query cannot keep
	// (an Offset).
	ErrUnsupportedQuery = errors.New("bulkgorm: unsupported query")
	// ErrKeyMismatch: the database returned a row whose key field holds no
	// key asked for. The database equates keys that Go tells apart (a
	// case-insensitive or pad-space collation), or a hook or serializer
	// changed the field after the read: keep the loop of First for such a column.
	ErrKeyMismatch = errors.New("bulkgorm: row matches no key asked for")
)

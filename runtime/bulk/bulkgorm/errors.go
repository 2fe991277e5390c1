package bulkgorm

import "errors"

// Sentinel errors to branch on with errors.Is. Each is returned before any
// round trip.
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
)

package dbapi

// Import paths of the libraries bulklint knows. They are declared here
// only: the analyzers and the other internal packages refer to these.
const (
	PathSQL        = "database/sql"
	PathSQLX       = "github.com/jmoiron/sqlx"
	PathPGX        = "github.com/jackc/pgx/v5"
	PathPGXPool    = "github.com/jackc/pgx/v5/pgxpool"
	PathPGConn     = "github.com/jackc/pgx/v5/pgconn"
	PathGorm       = "gorm.io/gorm"
	PathGormClause = "gorm.io/gorm/clause"
	PathSquirrel   = "github.com/Masterminds/squirrel"
	PathBun        = "github.com/uptrace/bun"
	PathBunSchema  = "github.com/uptrace/bun/schema"
	PathXorm       = "xorm.io/xorm"
	PathEnt        = "entgo.io/ent"
	PathBulk       = "github.com/bulklint/bulklint/runtime/bulk"
)

// RootPaths lists the import paths whose functions the table names. A
// package that imports none of them, directly or indirectly, cannot reach a
// table call except through an interface or a user-named wrapper.
func RootPaths() []string {
	return []string{PathSQL, PathSQLX, PathPGX, PathPGXPool, PathGorm, PathSquirrel, PathBun}
}

// methods adds one entry per name for a receiver type.
func methods(entries []Entry, pkg, recv string, kind Kind, verb Verb, names ...string) []Entry {
	for _, n := range names {
		entries = append(entries, Entry{Pkg: pkg, Recv: recv, Name: n, Kind: kind, Verb: verb})
	}
	return entries
}

// builtinTable returns the built-in entries. It is a function, not a
// package variable, so that no caller can change another's table.
func builtinTable() []Entry {
	var t []Entry

	// database/sql
	for _, recv := range []string{"DB", "Tx", "Conn"} {
		t = methods(t, PathSQL, recv, Query, VerbFromSQL, "Query", "QueryContext")
		t = methods(t, PathSQL, recv, QueryRow, VerbFromSQL, "QueryRow", "QueryRowContext")
		t = methods(t, PathSQL, recv, Exec, VerbFromSQL, "Exec", "ExecContext")
		t = methods(t, PathSQL, recv, Prepare, VerbFromSQL, "Prepare", "PrepareContext")
	}
	t = methods(t, PathSQL, "DB", Begin, VerbNone, "Begin", "BeginTx")
	t = methods(t, PathSQL, "Conn", Begin, VerbNone, "BeginTx")
	t = methods(t, PathSQL, "Stmt", Query, VerbFromSQL, "Query", "QueryContext")
	t = methods(t, PathSQL, "Stmt", QueryRow, VerbFromSQL, "QueryRow", "QueryRowContext")
	t = methods(t, PathSQL, "Stmt", Exec, VerbFromSQL, "Exec", "ExecContext")

	// sqlx: DB, Tx and Conn share most methods; Stmt and NamedStmt run a
	// prepared statement.
	for _, recv := range []string{"DB", "Tx", "Conn"} {
		t = methods(t, PathSQLX, recv, Query, VerbSelect, "Select", "SelectContext")
		t = methods(t, PathSQLX, recv, QueryRow, VerbSelect, "Get", "GetContext")
		t = methods(t, PathSQLX, recv, Query, VerbFromSQL, "Queryx", "QueryxContext")
		t = methods(t, PathSQLX, recv, QueryRow, VerbFromSQL, "QueryRowx", "QueryRowxContext")
		t = methods(t, PathSQLX, recv, Prepare, VerbFromSQL, "Preparex", "PreparexContext", "PrepareNamed", "PrepareNamedContext")
	}
	for _, recv := range []string{"DB", "Tx"} {
		t = methods(t, PathSQLX, recv, Exec, VerbFromSQL, "MustExec", "MustExecContext", "NamedExec", "NamedExecContext")
		t = methods(t, PathSQLX, recv, Query, VerbFromSQL, "NamedQuery", "NamedQueryContext")
	}
	t = methods(t, PathSQLX, "DB", Begin, VerbNone, "Beginx", "BeginTxx", "MustBegin", "MustBeginTx")
	t = methods(t, PathSQLX, "Conn", Begin, VerbNone, "BeginTxx")
	for _, recv := range []string{"Stmt", "NamedStmt"} {
		t = methods(t, PathSQLX, recv, Query, VerbSelect, "Select", "SelectContext")
		t = methods(t, PathSQLX, recv, QueryRow, VerbSelect, "Get", "GetContext")
		t = methods(t, PathSQLX, recv, Query, VerbFromSQL, "Queryx", "QueryxContext")
		t = methods(t, PathSQLX, recv, QueryRow, VerbFromSQL, "QueryRowx", "QueryRowxContext")
		t = methods(t, PathSQLX, recv, Exec, VerbFromSQL, "MustExec", "MustExecContext")
	}
	t = methods(t, PathSQLX, "NamedStmt", Query, VerbFromSQL, "Query", "QueryContext")
	t = methods(t, PathSQLX, "NamedStmt", QueryRow, VerbFromSQL, "QueryRow", "QueryRowContext")
	t = methods(t, PathSQLX, "NamedStmt", Exec, VerbFromSQL, "Exec", "ExecContext")
	t = methods(t, PathSQLX, "", Query, VerbSelect, "Select", "SelectContext")
	t = methods(t, PathSQLX, "", QueryRow, VerbSelect, "Get", "GetContext")
	t = methods(t, PathSQLX, "", Exec, VerbFromSQL, "MustExec", "MustExecContext", "NamedExec", "NamedExecContext")
	t = methods(t, PathSQLX, "", Query, VerbFromSQL, "NamedQuery", "NamedQueryContext")
	// sqlx.In rewrites a query for a slice argument: the batched load that
	// replaces a loop. It runs nothing.
	t = methods(t, PathSQLX, "", Batched, VerbFromSQL, "In")

	// pgx v5: Conn, the pool and its connections, and the Tx interface.
	for _, c := range []struct{ pkg, recv string }{
		{PathPGX, "Conn"}, {PathPGX, "Tx"}, {PathPGXPool, "Pool"}, {PathPGXPool, "Conn"}, {PathPGXPool, "Tx"},
	} {
		t = methods(t, c.pkg, c.recv, Query, VerbFromSQL, "Query")
		t = methods(t, c.pkg, c.recv, QueryRow, VerbFromSQL, "QueryRow")
		t = methods(t, c.pkg, c.recv, Exec, VerbFromSQL, "Exec")
		t = methods(t, c.pkg, c.recv, BatchSend, VerbNone, "SendBatch")
		t = methods(t, c.pkg, c.recv, Copy, VerbInsert, "CopyFrom")
		t = methods(t, c.pkg, c.recv, Begin, VerbNone, "Begin")
	}
	t = methods(t, PathPGX, "Conn", Begin, VerbNone, "BeginTx")
	t = methods(t, PathPGX, "Conn", Prepare, VerbFromSQL, "Prepare")
	t = methods(t, PathPGXPool, "Pool", Begin, VerbNone, "BeginTx")
	t = methods(t, PathPGXPool, "Conn", Begin, VerbNone, "BeginTx")
	t = methods(t, PathPGX, "Batch", BatchQueue, VerbFromSQL, "Queue")
	t = methods(t, PathPGX, "", Begin, VerbNone, "BeginFunc", "BeginTxFunc")

	// gorm: the finishers of *gorm.DB. Chain methods (Where, Model, Select,
	// Raw, Clauses) build the statement and run nothing.
	t = methods(t, PathGorm, "DB", Query, VerbSelect, "Find", "FindInBatches", "Scan", "Pluck", "Rows")
	t = methods(t, PathGorm, "DB", QueryRow, VerbSelect, "First", "Take", "Last", "FirstOrInit", "Row", "Count")
	t = methods(t, PathGorm, "DB", Exec, VerbInsert, "Create", "CreateInBatches", "FirstOrCreate")
	t = methods(t, PathGorm, "DB", Exec, VerbSave, "Save")
	t = methods(t, PathGorm, "DB", Exec, VerbUpdate, "Update", "Updates", "UpdateColumn", "UpdateColumns")
	t = methods(t, PathGorm, "DB", Exec, VerbDelete, "Delete")
	t = methods(t, PathGorm, "DB", Exec, VerbFromSQL, "Exec")
	t = methods(t, PathGorm, "DB", Begin, VerbNone, "Begin", "Transaction")
	t = methods(t, PathGorm, "Association", Query, VerbSelect, "Find")
	t = methods(t, PathGorm, "Association", QueryRow, VerbSelect, "Count")
	t = methods(t, PathGorm, "Association", Exec, VerbUpdate, "Append", "Replace", "Delete", "Clear")

	// squirrel: builders run through their RunWith runner, and the package
	// functions that take a runner and a Sqlizer.
	for _, recv := range []string{"SelectBuilder", "InsertBuilder", "UpdateBuilder", "DeleteBuilder"} {
		verb := map[string]Verb{"SelectBuilder": VerbSelect, "InsertBuilder": VerbInsert, "UpdateBuilder": VerbUpdate, "DeleteBuilder": VerbDelete}[recv]
		t = methods(t, PathSquirrel, recv, Exec, verb, "Exec", "ExecContext")
		t = methods(t, PathSquirrel, recv, Query, verb, "Query", "QueryContext")
		t = methods(t, PathSquirrel, recv, QueryRow, verb, "QueryRow", "QueryRowContext", "Scan", "ScanContext")
	}
	t = methods(t, PathSquirrel, "", Exec, VerbFromSQL, "ExecWith", "ExecContextWith")
	t = methods(t, PathSquirrel, "", Query, VerbFromSQL, "QueryWith", "QueryContextWith")
	t = methods(t, PathSquirrel, "", QueryRow, VerbFromSQL, "QueryRowWith", "QueryRowContextWith")

	// bun: the finishers of its query builders. NewSelect, Model, Where,
	// On, Column and the rest build the statement and run nothing; the
	// statement runs when a finisher is called. The builder says what the
	// statement does, so the verb comes from the receiver; a RawQuery's
	// verb depends on the text given to NewRaw. Scan and Exec take their
	// destinations as dest ...any; no finisher takes SQL text.
	t = methods(t, PathBun, "SelectQuery", Query, VerbSelect, "Scan", "ScanAndCount", "Exec", "Rows")
	t = methods(t, PathBun, "SelectQuery", QueryRow, VerbSelect, "Count", "Exists")
	t = methods(t, PathBun, "InsertQuery", Exec, VerbInsert, "Exec")
	t = methods(t, PathBun, "InsertQuery", Query, VerbInsert, "Scan") // RETURNING into the model
	t = methods(t, PathBun, "UpdateQuery", Exec, VerbUpdate, "Exec")
	t = methods(t, PathBun, "UpdateQuery", Query, VerbUpdate, "Scan")
	t = methods(t, PathBun, "DeleteQuery", Exec, VerbDelete, "Exec")
	t = methods(t, PathBun, "DeleteQuery", Query, VerbDelete, "Scan")
	t = methods(t, PathBun, "MergeQuery", Exec, VerbSave, "Exec")
	t = methods(t, PathBun, "MergeQuery", Query, VerbSave, "Scan")
	t = methods(t, PathBun, "RawQuery", Exec, VerbFromSQL, "Exec")
	t = methods(t, PathBun, "RawQuery", Query, VerbFromSQL, "Scan")
	// bun's DB, Tx and Conn run SQL text as database/sql does (formatting
	// bun's ? placeholders first); IConn is the interface they share, and
	// IDB embeds it.
	for _, recv := range []string{"DB", "Tx", "Conn", "IConn"} {
		t = methods(t, PathBun, recv, Query, VerbFromSQL, "QueryContext")
		t = methods(t, PathBun, recv, QueryRow, VerbFromSQL, "QueryRowContext")
		t = methods(t, PathBun, recv, Exec, VerbFromSQL, "ExecContext")
	}
	for _, recv := range []string{"DB", "Tx"} {
		t = methods(t, PathBun, recv, Query, VerbFromSQL, "Query")
		t = methods(t, PathBun, recv, QueryRow, VerbFromSQL, "QueryRow")
		t = methods(t, PathBun, recv, Exec, VerbFromSQL, "Exec")
	}
	t = methods(t, PathBun, "DB", Prepare, VerbFromSQL, "Prepare", "PrepareContext")
	t = methods(t, PathBun, "DB", Begin, VerbNone, "Begin", "BeginTx", "RunInTx")
	t = methods(t, PathBun, "Conn", Begin, VerbNone, "BeginTx", "RunInTx")
	t = methods(t, PathBun, "IDB", Begin, VerbNone, "BeginTx", "RunInTx")
	// bun.In expands a slice into a list of values (WHERE id IN (?)): the
	// batched load that replaces a loop. It runs nothing.
	t = methods(t, PathBun, "", Batched, VerbFromSQL, "In")
	return t
}

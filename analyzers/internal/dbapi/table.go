package dbapi

// Import paths of the libraries in the table.
const (
	pathSQL      = "database/sql"
	pathSQLX     = "github.com/jmoiron/sqlx"
	pathPGX      = "github.com/jackc/pgx/v5"
	pathPGXPool  = "github.com/jackc/pgx/v5/pgxpool"
	pathGorm     = "gorm.io/gorm"
	pathSquirrel = "github.com/Masterminds/squirrel"
	pathBun      = "github.com/uptrace/bun"
)

// RootPaths lists the import paths whose functions the table names. A
// package that imports none of them, directly or indirectly, cannot reach a
// table call except through an interface or a user-named wrapper.
func RootPaths() []string {
	return []string{pathSQL, pathSQLX, pathPGX, pathPGXPool, pathGorm, pathSquirrel, pathBun}
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
		t = methods(t, pathSQL, recv, Query, VerbFromSQL, "Query", "QueryContext")
		t = methods(t, pathSQL, recv, QueryRow, VerbFromSQL, "QueryRow", "QueryRowContext")
		t = methods(t, pathSQL, recv, Exec, VerbFromSQL, "Exec", "ExecContext")
		t = methods(t, pathSQL, recv, Prepare, VerbFromSQL, "Prepare", "PrepareContext")
	}
	t = methods(t, pathSQL, "DB", Begin, VerbNone, "Begin", "BeginTx")
	t = methods(t, pathSQL, "Conn", Begin, VerbNone, "BeginTx")
	t = methods(t, pathSQL, "Stmt", Query, VerbFromSQL, "Query", "QueryContext")
	t = methods(t, pathSQL, "Stmt", QueryRow, VerbFromSQL, "QueryRow", "QueryRowContext")
	t = methods(t, pathSQL, "Stmt", Exec, VerbFromSQL, "Exec", "ExecContext")

	// sqlx: DB, Tx and Conn share most methods; Stmt and NamedStmt run a
	// prepared statement.
	for _, recv := range []string{"DB", "Tx", "Conn"} {
		t = methods(t, pathSQLX, recv, Query, VerbSelect, "Select", "SelectContext")
		t = methods(t, pathSQLX, recv, QueryRow, VerbSelect, "Get", "GetContext")
		t = methods(t, pathSQLX, recv, Query, VerbFromSQL, "Queryx", "QueryxContext")
		t = methods(t, pathSQLX, recv, QueryRow, VerbFromSQL, "QueryRowx", "QueryRowxContext")
		t = methods(t, pathSQLX, recv, Prepare, VerbFromSQL, "Preparex", "PreparexContext", "PrepareNamed", "PrepareNamedContext")
	}
	for _, recv := range []string{"DB", "Tx"} {
		t = methods(t, pathSQLX, recv, Exec, VerbFromSQL, "MustExec", "MustExecContext", "NamedExec", "NamedExecContext")
		t = methods(t, pathSQLX, recv, Query, VerbFromSQL, "NamedQuery", "NamedQueryContext")
	}
	t = methods(t, pathSQLX, "DB", Begin, VerbNone, "Beginx", "BeginTxx", "MustBegin", "MustBeginTx")
	t = methods(t, pathSQLX, "Conn", Begin, VerbNone, "BeginTxx")
	for _, recv := range []string{"Stmt", "NamedStmt"} {
		t = methods(t, pathSQLX, recv, Query, VerbSelect, "Select", "SelectContext")
		t = methods(t, pathSQLX, recv, QueryRow, VerbSelect, "Get", "GetContext")
		t = methods(t, pathSQLX, recv, Query, VerbFromSQL, "Queryx", "QueryxContext")
		t = methods(t, pathSQLX, recv, QueryRow, VerbFromSQL, "QueryRowx", "QueryRowxContext")
		t = methods(t, pathSQLX, recv, Exec, VerbFromSQL, "MustExec", "MustExecContext")
	}
	t = methods(t, pathSQLX, "NamedStmt", Query, VerbFromSQL, "Query", "QueryContext")
	t = methods(t, pathSQLX, "NamedStmt", QueryRow, VerbFromSQL, "QueryRow", "QueryRowContext")
	t = methods(t, pathSQLX, "NamedStmt", Exec, VerbFromSQL, "Exec", "ExecContext")
	t = methods(t, pathSQLX, "", Query, VerbSelect, "Select", "SelectContext")
	t = methods(t, pathSQLX, "", QueryRow, VerbSelect, "Get", "GetContext")
	t = methods(t, pathSQLX, "", Exec, VerbFromSQL, "MustExec", "MustExecContext", "NamedExec", "NamedExecContext")
	t = methods(t, pathSQLX, "", Query, VerbFromSQL, "NamedQuery", "NamedQueryContext")
	// sqlx.In rewrites a query for a slice argument: the batched load that
	// replaces a loop. It runs nothing.
	t = methods(t, pathSQLX, "", Batched, VerbFromSQL, "In")

	// pgx v5: Conn, the pool and its connections, and the Tx interface.
	for _, c := range []struct{ pkg, recv string }{
		{pathPGX, "Conn"}, {pathPGX, "Tx"}, {pathPGXPool, "Pool"}, {pathPGXPool, "Conn"}, {pathPGXPool, "Tx"},
	} {
		t = methods(t, c.pkg, c.recv, Query, VerbFromSQL, "Query")
		t = methods(t, c.pkg, c.recv, QueryRow, VerbFromSQL, "QueryRow")
		t = methods(t, c.pkg, c.recv, Exec, VerbFromSQL, "Exec")
		t = methods(t, c.pkg, c.recv, BatchSend, VerbNone, "SendBatch")
		t = methods(t, c.pkg, c.recv, Copy, VerbInsert, "CopyFrom")
		t = methods(t, c.pkg, c.recv, Begin, VerbNone, "Begin")
	}
	t = methods(t, pathPGX, "Conn", Begin, VerbNone, "BeginTx")
	t = methods(t, pathPGX, "Conn", Prepare, VerbFromSQL, "Prepare")
	t = methods(t, pathPGXPool, "Pool", Begin, VerbNone, "BeginTx")
	t = methods(t, pathPGXPool, "Conn", Begin, VerbNone, "BeginTx")
	t = methods(t, pathPGX, "Batch", BatchQueue, VerbFromSQL, "Queue")
	t = methods(t, pathPGX, "", Begin, VerbNone, "BeginFunc", "BeginTxFunc")

	// gorm: the finishers of *gorm.DB. Chain methods (Where, Model, Select,
	// Raw, Clauses) build the statement and run nothing.
	t = methods(t, pathGorm, "DB", Query, VerbSelect, "Find", "FindInBatches", "Scan", "Pluck", "Rows")
	t = methods(t, pathGorm, "DB", QueryRow, VerbSelect, "First", "Take", "Last", "FirstOrInit", "Row", "Count")
	t = methods(t, pathGorm, "DB", Exec, VerbInsert, "Create", "CreateInBatches", "FirstOrCreate")
	t = methods(t, pathGorm, "DB", Exec, VerbSave, "Save")
	t = methods(t, pathGorm, "DB", Exec, VerbUpdate, "Update", "Updates", "UpdateColumn", "UpdateColumns")
	t = methods(t, pathGorm, "DB", Exec, VerbDelete, "Delete")
	t = methods(t, pathGorm, "DB", Exec, VerbFromSQL, "Exec")
	t = methods(t, pathGorm, "DB", Begin, VerbNone, "Begin", "Transaction")
	t = methods(t, pathGorm, "Association", Query, VerbSelect, "Find")
	t = methods(t, pathGorm, "Association", QueryRow, VerbSelect, "Count")
	t = methods(t, pathGorm, "Association", Exec, VerbUpdate, "Append", "Replace", "Delete", "Clear")

	// squirrel: builders run through their RunWith runner, and the package
	// functions that take a runner and a Sqlizer.
	for _, recv := range []string{"SelectBuilder", "InsertBuilder", "UpdateBuilder", "DeleteBuilder"} {
		verb := map[string]Verb{"SelectBuilder": VerbSelect, "InsertBuilder": VerbInsert, "UpdateBuilder": VerbUpdate, "DeleteBuilder": VerbDelete}[recv]
		t = methods(t, pathSquirrel, recv, Exec, verb, "Exec", "ExecContext")
		t = methods(t, pathSquirrel, recv, Query, verb, "Query", "QueryContext")
		t = methods(t, pathSquirrel, recv, QueryRow, verb, "QueryRow", "QueryRowContext", "Scan", "ScanContext")
	}
	t = methods(t, pathSquirrel, "", Exec, VerbFromSQL, "ExecWith", "ExecContextWith")
	t = methods(t, pathSquirrel, "", Query, VerbFromSQL, "QueryWith", "QueryContextWith")
	t = methods(t, pathSquirrel, "", QueryRow, VerbFromSQL, "QueryRowWith", "QueryRowContextWith")

	// bun: the finishers of its query builders. NewSelect, Model, Where,
	// On, Column and the rest build the statement and run nothing; the
	// statement runs when a finisher is called. The builder says what the
	// statement does, so the verb comes from the receiver; a RawQuery's
	// verb depends on the text given to NewRaw. Scan and Exec take their
	// destinations as dest ...any; no finisher takes SQL text.
	t = methods(t, pathBun, "SelectQuery", Query, VerbSelect, "Scan", "ScanAndCount", "Exec", "Rows")
	t = methods(t, pathBun, "SelectQuery", QueryRow, VerbSelect, "Count", "Exists")
	t = methods(t, pathBun, "InsertQuery", Exec, VerbInsert, "Exec")
	t = methods(t, pathBun, "InsertQuery", Query, VerbInsert, "Scan") // RETURNING into the model
	t = methods(t, pathBun, "UpdateQuery", Exec, VerbUpdate, "Exec")
	t = methods(t, pathBun, "UpdateQuery", Query, VerbUpdate, "Scan")
	t = methods(t, pathBun, "DeleteQuery", Exec, VerbDelete, "Exec")
	t = methods(t, pathBun, "DeleteQuery", Query, VerbDelete, "Scan")
	t = methods(t, pathBun, "MergeQuery", Exec, VerbSave, "Exec")
	t = methods(t, pathBun, "MergeQuery", Query, VerbSave, "Scan")
	t = methods(t, pathBun, "RawQuery", Exec, VerbFromSQL, "Exec")
	t = methods(t, pathBun, "RawQuery", Query, VerbFromSQL, "Scan")
	// bun's DB, Tx and Conn run SQL text as database/sql does (formatting
	// bun's ? placeholders first); IConn is the interface they share, and
	// IDB embeds it.
	for _, recv := range []string{"DB", "Tx", "Conn", "IConn"} {
		t = methods(t, pathBun, recv, Query, VerbFromSQL, "QueryContext")
		t = methods(t, pathBun, recv, QueryRow, VerbFromSQL, "QueryRowContext")
		t = methods(t, pathBun, recv, Exec, VerbFromSQL, "ExecContext")
	}
	for _, recv := range []string{"DB", "Tx"} {
		t = methods(t, pathBun, recv, Query, VerbFromSQL, "Query")
		t = methods(t, pathBun, recv, QueryRow, VerbFromSQL, "QueryRow")
		t = methods(t, pathBun, recv, Exec, VerbFromSQL, "Exec")
	}
	t = methods(t, pathBun, "DB", Prepare, VerbFromSQL, "Prepare", "PrepareContext")
	t = methods(t, pathBun, "DB", Begin, VerbNone, "Begin", "BeginTx", "RunInTx")
	t = methods(t, pathBun, "Conn", Begin, VerbNone, "BeginTx", "RunInTx")
	t = methods(t, pathBun, "IDB", Begin, VerbNone, "BeginTx", "RunInTx")
	// bun.In expands a slice into a list of values (WHERE id IN (?)): the
	// batched load that replaces a loop. It runs nothing.
	t = methods(t, pathBun, "", Batched, VerbFromSQL, "In")
	return t
}

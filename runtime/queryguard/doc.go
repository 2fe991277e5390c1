// Package queryguard confirms N+1 queries at run time: it watches the
// statements a test, a request or a job runs, and reports each statement
// shape that ran once per element, with the count, the call site and the
// loop. It is bulklint's runtime half of the nplusone analyzer: the
// analyzer says a query may run per element, the guard says it did, and
// bulklint -confirmed joins the two.
//
// # In a test
//
// Open the test database through the guard, then start a scope:
//
//	db, err := queryguard.OpenX("sqlite", dsn) // or Open for a *sql.DB, Wrap for a connector
//	...
//	guard := queryguard.Test(t, db)
//	lines, err := report.Daily(guard.Context(), store)
//
// When the test ends, each N+1 fails it:
//
//	report_test.go:43: queryguard: N+1 query: SELECT id, email, name, tier FROM customers WHERE id = $1
//	    	ran 4 times with different arguments (2.91ms in all)
//	    	call site: ../store/store.go:28 store.(*Store).Customer
//	    	called from: report.go:24 report.Daily, in the loop at line 23
//	    	shape: select id, email, name, tier from customers where id = ?
//	    	fix: load them at once with bulk.Load, or expect the shape with queryguard.Allow
//
// [LogOnly] logs instead; [Allow] lists shapes the test expects;
// [Scope.Report] returns what the scope saw so far, for tests that assert
// on it. Other options: [Threshold], [MinDuration], [Libraries],
// [OnReport], [Output].
//
// # In a server or a job
//
//	g, err := queryguard.New(queryguard.Logger(logger))
//	http.ListenAndServe(addr, g.Middleware(mux))    // a scope per request, N+1s logged
//	rep, err := g.Run(ctx, "nightly", job)           // a scope around a function
//	ctx, scope := g.Begin(ctx, "import"); ...; rep := scope.End()
//
// # What is an N+1
//
// Each statement is recorded with its text, its arguments and its stack.
// When a scope reports, statements are grouped by fingerprint ([Fingerprint]:
// literals and placeholders replaced, IN, VALUES and ANY lists collapsed,
// layout and case ignored, so the three dialects and the ORMs' renderings
// of one query agree) and by call path: the call site, the first frame
// outside database/sql, the drivers (pgx, go-sql-driver/mysql, lib/pq,
// modernc.org/sqlite, mattn/go-sqlite3), sqlx, gorm, bun, squirrel, ent,
// xorm, runtime/bulk and this package, and the program's frames above it.
// A group that ran [Threshold] times or more (2 by default), with
// different arguments, is an N+1, as in Ruby's Prosopite: the same
// statement with the same arguments again is a missing cache, not an N+1.
// Grouping by the whole path, not the call site alone, keeps a helper
// called once from each of two places from counting as a loop; frames a
// recursion repeats are kept once, so a query per node of a tree is one
// path whatever the depth. The loop is the innermost for statement around
// the first frame that has one, found by parsing that file when a report
// needs it.
//
// runtime/bulk runs one statement per chunk of rows. It marks each call's
// context, and the guard counts a call's statements once, whatever the
// number of chunks: bulk calls are never an N+1, unless the program makes a
// bulk call per element, which is reported as "ran in N calls of
// runtime/bulk". [Batch] marks a context the same way for a chunked loop
// of the program's own; a pgx batch counts once too.
//
// # Scopes and contexts
//
// A statement belongs to the scope its context carries: the driver wrapper
// reads the context database/sql hands to ExecContext and QueryContext,
// the pgx tracer the one pgx hands to it. Parallel tests and concurrent
// requests never mix, and goroutines join a scope by using its context
// ([Scope.Attach] for one that was not derived from it). A statement whose
// context carries no scope belongs to none, with one exception: while a
// single Test scope is live on a database, that database's statements
// without a scope are the test's (code under test that uses
// context.Background()). Two Test scopes live on one database at once
// (parallel tests sharing it) turn the exception off.
//
// # Drivers
//
// [Wrap] returns a driver.Connector whose connections forward each
// optional interface of database/sql/driver (ExecerContext,
// QueryerContext, ConnPrepareContext, ConnBeginTx, NamedValueChecker,
// SessionResetter, Validator, Pinger, and the statements' own) when the
// driver's connection implements it, and otherwise answer as database/sql
// answers its absence, so database/sql takes the same path with or without
// the guard. Code that type-asserts the connection (*sql.Conn).Raw hands
// it gets the wrapper; pgx's stdlib connection keeps its Conn() *pgx.Conn
// method, so runtime/bulk's COPY still runs, unobserved by the wrapper.
// For pgx pools and connections, set a [Tracer] as the config's Tracer.
// Use one of the two on a database, not both.
//
// # Linking with bulklint
//
// When BULKLINT_GUARD_OUT names a directory, each scope that saw an N+1
// writes it there as JSON (call path, fingerprint, count, scope name):
//
//	BULKLINT_GUARD_OUT=/tmp/guard go test ./...
//	bulklint -confirmed=/tmp/guard ./...
//
// bulklint then marks each nplusone finding whose call a recorded path went
// through as confirmed, with its count, and reports each recorded N+1 no
// finding covers as runtime-n-plus-one. See docs/queryguard.md.
//
// # Cost
//
// Recording a statement takes its stack (runtime.Callers), hashes its
// arguments and updates a map under the scope's lock: 1.5 to 3 µs,
// growing with the stack's depth, and no allocation once a statement and
// path have been seen (BenchmarkExec, on a no-op driver; BenchmarkSQLite
// for a query-heavy test); frames are resolved, statements fingerprinted and
// loops found only when a scope reports, each cached by the guard. A
// statement whose context carries no scope costs a context lookup.
package queryguard

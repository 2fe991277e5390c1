// Package nplusone defines an Analyzer that reports database round trips
// made once per iteration of a loop: the N+1 query.
//
// # Analyzer nplusone
//
// nplusone: report queries run once per element of a loop
//
// A loop that runs a query per element turns one round trip into N: the
// page that was fast with ten rows in development takes seconds with ten
// thousand in production. The analyzer reports such a call at the call in
// the loop body:
//
//	for _, id := range ids {
//		var u User
//		err := db.GetContext(ctx, &u, "SELECT * FROM users WHERE id = $1", id)
//		// query in loop: (*sqlx.DB).GetContext runs once per element of ids
//		// (loop at line 12); load them at once with bulk.Load
//	}
//
// The fix loads every row in one query per chunk:
//
//	byID, err := bulk.Load[User](ctx, db, "users", ids) // map[int64]User, one query per chunk
//
// # Suggested fix
//
// A range over a slice or a map whose body reads one row by a key of the
// element gets a fix that loads every row at once (bulklint -fix, go fix, an
// editor's quick fix):
//
//	for _, o := range orders {
//		c, err := s.Customer(ctx, o.CustomerID)
//		if err != nil {
//			return nil, err
//		}
//		lines = append(lines, c.Name)
//	}
//
// becomes
//
//	customerIDs := make([]int64, 0, len(orders))
//	for _, o := range orders {
//		customerIDs = append(customerIDs, o.CustomerID)
//	}
//	customers, err := bulk.Load[store.Customer](ctx, s.DB, "customers", customerIDs)
//	if err != nil {
//		return nil, err
//	}
//	for _, o := range orders {
//		c, err := customers[o.CustomerID], sql.ErrNoRows
//		if _, ok := customers[o.CustomerID]; ok {
//			err = nil
//		}
//		if err != nil {
//			return nil, err
//		}
//		lines = append(lines, c.Name)
//	}
//
// The read is sqlx's Get or GetContext on a *sqlx.DB, *sqlx.Tx or
// *sqlx.Conn (bulk.Load takes those) scanning into a struct variable
// declared in the loop body, with fully known text of the form SELECT
// a, b, c FROM t WHERE k = $1 (an alias and LIMIT 1 allowed) whose columns
// are exactly the fields the struct maps (sqlx's db tags); or a helper,
// in any package, whose fact says it does only that and returns the row
// (T, or *T with nil on error) with the read's error: such a fact ends in
// load(table.key). The read is a statement of the loop body, or the init
// of the if that checks its error. The key is the range value or x[i],
// through fields (through pointers when the loop writes none of those
// fields), an integer or a string. bulk.Key names the key column when it is not id.
// A key no row has gives sql.ErrNoRows, as the read did, so a branch on
// it keeps its meaning. Where the loop returns the read's error, the
// load's error is returned before the loop, by that return; where it
// handles the error itself (continue, a log, a default value, err == nil),
// every element gets the load's error as its read's:
//
//	customers, loadErr := bulk.Load[store.Customer](ctx, db, "customers", customerIDs)
//	for _, o := range orders {
//		var c store.Customer
//		err := loadErr
//		if loadErr == nil {
//			err = sql.ErrNoRows
//			if row, ok := customers[o.CustomerID]; ok {
//				c, err = row, nil
//			}
//		}
//		if err != nil {
//			log.Print(err)
//			continue
//		}
//
// Imports are added, and the import of a helper's package the file used
// only for the read is dropped. A row read only to learn whether it exists
// loses its variable. A helper's handle may come from a getter, a
// package-level function without arguments that returns the handle
// (db := database.GetDB()): the load calls it once. A helper may also
// name its results (func Get(id string) (c Client, err error)) or read
// into a pointer it makes (c := &Customer{}; db.First(c, id)).
//
// gorm and bun reads are loaded with the ORM itself, so that what it adds
// to a read (soft delete, hooks, scopes, its column and table names) still
// applies: gorm's First or Take of one row by one key,
//
//	err := db.WithContext(ctx).First(&c, o.CustomerID).Error  // an integer key: the primary key
//	err := db.Where("email = ?", o.Email).First(&c).Error
//	err := db.Take(&c, "email = ?", o.Email).Error
//
// on a variable or field, with WithContext, Debug or Unscoped chained on
// it, becomes
//
//	customers, err := bulkgorm.Load[Customer](db.WithContext(ctx), "id", customerIDs)
//
// and in the loop a lookup that gives gorm.ErrRecordNotFound for a key no
// row has; bun's
//
//	err := db.NewSelect().Model(&c).Where("email = ?", o.Email).Scan(ctx)
//
// on a *bun.DB, bun.Tx, bun.Conn or bun.IDB becomes
// bulkbun.Load[Customer](ctx, db, "email", customerEmails), with
// sql.ErrNoRows for a missing key. The column must be one the row type
// maps; where several rows share a key, both load the row First would
// read, the lowest primary key. The diagnostics of gorm and bun reads name
// bulkgorm.Load and bulkbun.Load (runtime/bulk/bulkgorm, bulkbun).
//
// No fix is offered, and the diagnostic stays, where the rewrite could
// change what the code does: the loop runs another statement that may
// write (it could write a row a later read sees); the key depends on an
// earlier iteration, or the loop changes the slice; the statement has a
// condition besides the key, a join, an expression, ORDER BY or FOR
// UPDATE, or selects * or other columns than the struct maps; the query
// is not a single-row read (Select, QueryRow with Scan: database/sql
// reads are reported without a fix);
// the loop does not check the read's error, or returns values the loop
// sets with it; a gorm or bun read with more in its chain than the key
// (a Select, a Where of its own, a Preload); the row holds slices, maps
// or pointers and the loop changes it (two elements with one key would
// share them); the context or handle changes in the loop. A call counts
// as a write when any query it reaches by any path may write (a helper
// that reads, then deletes). bulk.Load fails, rather than guessing, when
// the key column is not a unique key of the table; with no keys it makes
// no round trip, as the loop made none. On a load error, the loop's
// iterations before the failing read do not run. -whynofix says, at each
// loop of reads, why it gets no fix.
//
// # What is reported
//
// A round trip is a call of the database API model (database/sql, sqlx, pgx
// v5 and pgxpool, gorm finishers, squirrel runners, bun finishers, and
// calls through any interface with the same method signatures, such as the
// DBTX interface sqlc generates or bun.IDB), or a call of a function that
// reaches one: a helper, a method, a repository layer in another package,
// xorm in a dependency, any depth down. The analyzer exports a fact for each function
// that reaches a query (and only for those), so this works in go vet mode.
//
// A loop is a for statement with a counter, a range over a slice, array,
// map, channel, integer or iterator function, or a rows.Next() loop. The
// call is reported when its arguments come from the iteration: the range
// key or value, the counter, what was scanned from the row, or anything
// computed from those in the loop body. This evidence is what tells an
// N+1 from a retry or a poll, which repeat the same query.
//
// For a builder chain the evidence is in the chain: gorm's
// db.Where("id = ?", id).First(&u), squirrel's Where(sq.Eq{"id": id}). A
// bun chain is weighed call by call, so that a batch stays a batch:
//
//	for _, id := range ids {
//		var u User
//		err := db.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx)
//		// query in loop: (*bun.SelectQuery).Scan runs once per element of
//		// ids (loop at line 12); load them at once with bulk.Load
//	}
//
// bun's verb comes from the builder: NewInsert's Exec names bulk.Insert,
// NewUpdate's bulk.Update, NewSelect's Scan, Count and Exists bulk.Load.
//
// The report is made at the call in the loop that runs the query or leads
// to it: for a helper, the call of the helper (the query inside it may be
// called from elsewhere too), with the chain of calls; for a function
// literal called in the loop, started as a goroutine per item (go func,
// errgroup.Group.Go, sync.WaitGroup.Go) or run by a transaction helper,
// the query inside it; for a function that queries and calls itself per
// node of a tree, the recursive call. Outside a loop, a recursive call is
// a walk when one of its arguments is a field or an element of a
// parameter, or a local assigned one (walk(n.Left), next := n.Next):
// it moves to another node taken out of the current one.
//
// # Code that runs once
//
// Migrations, start-up bootstrap, seeding and one-off command-line tools
// run a statement per table, version or seeded row once per deployment;
// batching them buys nothing. Unless -startup is set, nothing is reported
// in such code, and a call of a function all of whose queries run in such
// code is not reported either (its fact says startup). Recognised:
//
//   - migration libraries: any function of github.com/golang-migrate/migrate,
//     github.com/pressly/goose, github.com/go-gormigrate/gormigrate,
//     src.techknowlogick.com/xormigrate, xorm.io/xorm/migrate and
//     ariga.io/atlas; gorm's (*gorm.DB).AutoMigrate and Migrator (also
//     github.com/jinzhu/gorm's AutoMigrate); xorm's Sync, Sync2 and
//     SyncWithOptions on Engine, Session and EngineGroup;
//   - a function that calls one of those where it runs (not in a literal
//     it only creates);
//   - a function or function literal handed to a migration library: an
//     argument of one of its functions (goose.AddMigrationContext(up,
//     down)) or a field of one of its struct literals
//     (gormigrate.Migration{Migrate: func(tx *gorm.DB) error {...}});
//   - a package whose import path below its module, or whose name, holds
//     one of the words migrate, migration(s), migrator(s), seed(s),
//     seeder(s), seeding, bootstrap (split at any character other than a
//     letter: internal/db/migrations, seed_data, bootstrap);
//   - in package main: main, init, and the functions that only they call,
//     directly or through each other, where they run; a function that is
//     also used as a value (a handler, a command's action) or called from
//     a literal that is only created does not count, and neither does a
//     literal in main that is only created (a handler registered there).
//
// A function of another package that only main calls is not recognised:
// a package analysed on its own does not know its callers.
//
// # Categories
//
//   - query-in-loop: a query per element of a loop.
//   - query-per-row: the loop walks the rows of another query (rows.Next,
//     or a slice filled by Select or Find, or returned by a function that
//     queries): the classic N+1. The message names the outer query.
//   - query-per-goroutine: a goroutine per element, each running a query.
//     Concurrency hides the latency, not the load.
//   - query-per-node: a recursive function that queries once per node.
//   - dynamic-call-in-loop: only with -dynamic, see below.
//
// Each message names the runtime/bulk call that replaces the loop, by
// what the statement does (its verb travels with the facts of the helpers
// that reach it): bulk.Load for reads, bulk.Insert for inserts,
// bulk.Update for updates, bulk.Upsert for inserts that update on
// conflict, and bulk.Delete for deletes; gorm and bun reads name
// bulkgorm.Load and bulkbun.Load. A helper whose chain reads but which
// may write by another path (it reads, then deletes) is told to load and
// write: bulk.Load, then the write's call. A function named by -funcs runs
// no text the analyzer sees: the first word of its name decides (Insert,
// Create, Add; Update, Set, Mark, Touch, Incr, Increment; Upsert, Save,
// Put, Merge; Delete, Remove, Del, Purge), and any other name reads.
//
// # Interfaces
//
// Layered services call their stores through interfaces whose
// implementation lives in a package the caller does not import; in go vet
// mode no fact can reach the caller from there. The analyzer resolves an
// interface method call in five ways, in this order:
//
//  1. A //bulklint:query comment on the interface method declares that
//     implementations query. This is the precise, documented contract.
//  2. Implementations visible to the caller: the concrete types of the
//     module, in the caller's package or in a package it imports,
//     directly or not, that implement the interface. The call queries
//     when every one of them queries: with an in-memory engine, a no-op
//     or another store beside the SQL one, the program picks one at run
//     time, and what the package imports does not say which (Permify's
//     validate command takes the in-memory engine from the factory
//     package that imports the SQL one too). An implementation that
//     reaches no query but calls a store through an interface of the
//     module taking a context.Context (an importer writing through its
//     store) is no evidence either way, and neither is a type that only
//     embeds the method (a decorator around another store). Test
//     doubles do not count: packages that import testing or a mocking
//     library, and types declared in _test.go files. For a call outside
//     the package's _test.go files, what only those files import does
//     not count either: a package whose tests import the SQL
//     implementation does not have its own calls reported for it.
//  3. In a run over the whole module (bulklint ./..., with or without
//     -format), each package that calls a method of an interface declared
//     in the module is analysed after the module's packages that
//     implement it (unless that would make an import cycle), and an
//     implementation in a package the caller does not import, whose method
//     reaches a query, resolves the call: no configuration is needed. Only
//     an interface implemented in one package of the module is followed
//     (packages that import testing or a mocking library aside): with an
//     in-memory engine or a cache decorator beside the SQL store, the
//     program picks one at run time, and none is assumed. The types of
//     the package wired this way count as in 2: an in-memory type beside
//     the SQL one in that package leaves the call unresolved. The
//     interfaces file below follows the same rules.
//  4. The interfaces file read with -ifaces=FILE names, for each interface
//     method of the module, an implementation in the module that queries,
//     wherever it lives. `bulklint -write-ifaces=FILE ./...` writes it from
//     a run over the whole module, one sorted line per method; commit it
//     and run that command again when a store changes (a CI step that
//     writes it and fails on `git diff --exit-code` keeps it current). go
//     vet (-vettool=$(which bulklint) -nplusone.ifaces=$PWD/FILE),
//     golangci-lint and nogo, which see one package at a time, then report
//     calls through a Store interface that main wires to a sibling
//     package's SQL implementation. Give the path as an absolute one: vet
//     runs the tool in each package's directory.
//  5. The -funcs flag names interfaces (importpath.Store.*) or methods.
//
// What the receiver holds decides first, when the calling function shows
// it. A value the function itself makes from concrete types (var r Reader
// = &memReader{}, through copies, branches or a local variable no closure
// writes) runs their methods only: the in-memory implementation does not
// query, even when another implementation does, and a value that may hold
// either, by a branch of the function, is reported through the one that
// queries, as a helper with a branch that queries is. A value returned by
// a factory of the module (a function whose every return is a concrete
// value, nil, or another factory's result: func Memory() SchemaReader {
// return memory.New() }) runs the methods of the types it returns: a
// factory that returns only the SQL engine is reported even where the
// in-memory one is visible, one that returns only the in-memory engine is
// not, and one that returns either by its argument (an engine named in
// the configuration) counts only for the methods that query on every type
// it returns. A value from a field, a parameter or any other function is
// resolved as above.
//
// Calls it still cannot resolve (function values, interfaces with no known
// implementation) are not reported unless -dynamic is set.
//
// # What is not reported
//
//   - Retry loops, polls and paginations: a for loop with no counter (for
//     {} or for cond {}) derives nothing from its iterations, and a query
//     whose arguments do not come from the iteration is not an N+1.
//   - Retries and paginations written as recursion: a function that calls
//     itself with the same arguments (after refreshing a token), or with
//     a value computed from them or taken from the last result (page+1,
//     resp.NextCursor), repeats or pages; it walks no tree.
//   - What a helper runs only before retrying itself: a branch that ends
//     by calling the enclosing function again with its own parameters,
//     unchanged, on the same receiver (if the session expired {
//     saveNewToken(); return c.request(ctx, url) }) runs once per expiry,
//     not once per call; its statements do not make the helper query.
//     What the helper runs outside the branch still does (a get-or-create
//     that looks the row up on every call).
//   - Batches flushed every N items: a call in the body of an if whose
//     condition holds once per batch, i%n == 0 or len(buf) >= n (also ==,
//     >, n <= len(buf), or one operand of &&), with n not 0 or 1.
//   - Loops over steps of code: the body calls a function value taken
//     from the iteration (m.up(tx), migrations[i](tx)), as a migration
//     runner does; a statement run along each step (recording its
//     version) belongs to the step. Likewise an interface method called
//     on a value from the iteration (for _, m := range middlewares {
//     m.OnRequest(c) }) may run a different implementation each time.
//   - Statements that are no statement: fully known text made only of
//     whitespace, comments and semicolons ("", ";").
//   - Loops that end after their first query: a return, a break out of the
//     loop or a panic follows the query at some level of the body, with no
//     continue in between.
//   - Queries before or after the loop.
//   - A whole statement that varies per iteration, with no table known
//     (a migration runner, a statement per table of a list): each
//     iteration runs a different statement. This holds for a direct call
//     and for a helper whose statement text comes from one of its string
//     parameters (execute(ctx, tx, stmt)), when every query it reaches
//     does so; the argument passed for that parameter is weighed as the
//     direct call's text would be. A helper that also runs a statement of
//     its own (recording each migration) is reported, as the same calls
//     written in the loop are.
//   - Loops over a small set written in the code: a literal of at most
//     -fixedset elements (8), a constant count, an array of small length.
//   - Batches: pgx.Batch.Queue in a loop (SendBatch after it is one round
//     trip), a loop over elements whose body rewrites a query with sqlx.In
//     or expands keys with bun.In, and queries whose iteration-derived
//     arguments are whole slices or maps (a bun Model(&chunk)).
//   - Loops over chunks: a range whose value is itself a slice, array or
//     map (for _, batch := range chunks(ids, 500), slices.Chunk), or a
//     counter stepped by more than one (i += n, or i = i + n) that cuts a
//     slice in the body (for i := 0; i < len(ids); i += n { batch :=
//     ids[i:end] }). What is
//     computed from the chunk as a whole is no evidence: the IN list and
//     arguments built from it, by a helper, by sqlx.In or by an inner loop
//     gathering its keys, and len(batch). A query that passes one element
//     of the chunk (batch[0], ids[i], what an inner loop over it left in
//     a variable) is still reported, and so is one that passes the key of
//     a map of groups (for tenant, ids := range byTenant): it names one
//     element. A counter that strides without cutting a slice (a bucket
//     per hour) stays an element.
//   - A database handle that comes from the iteration (a loop over shards).
//   - Function literals that are only created in a loop (stored, returned
//     or registered as handlers): they do not run there.
//   - Test code (_test.go files, and files that import package testing,
//     such as a test-support package's helpers) unless -tests, and
//     generated files.
//   - Lines suppressed with //nolint:nplusone or
//     //bulklint:ignore nplusone -- reason. A bulklint:ignore without a
//     reason, or one that suppresses nothing, is itself reported.
//
// # Flags
//
//	-tests     report in test code too
//	-startup   report code that runs once too (see Code that runs once)
//	-funcs     comma-separated functions, methods or interfaces that query:
//	           importpath.Func, importpath.Type.Method, importpath.Iface.*
//	-ifaces    a file of interface methods whose implementations query,
//	           written by bulklint -write-ifaces (see Interfaces)
//	-fixedset  size of a literal set that is not reported (default 8)
//	-dynamic   report unresolvable calls that take a context.Context and
//	           arguments from the iteration (category dynamic-call-in-loop)
//	-whynofix  at a loop of reads that gets no fix, say why in a related
//	           position starting "no fix:"
package nplusone

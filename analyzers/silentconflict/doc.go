// Package silentconflict defines an Analyzer that reports writes that skip
// conflicting rows without a trace: an ignore-conflict insert whose error
// is discarded or whose row count is never looked at.
//
// # Analyzer silentconflict
//
// silentconflict: report ignore-conflict writes whose outcome is ignored
//
// INSERT ... ON CONFLICT DO NOTHING, MySQL's INSERT IGNORE, SQLite's
// INSERT OR IGNORE and an upsert whose update changes nothing (ON DUPLICATE
// KEY UPDATE id = id) skip every row that conflicts with an existing one:
// no error, no log, only a smaller count of rows written. Code that drops
// that count, or the error too, loses those rows silently, as Django's
// bulk_create(ignore_conflicts=True) does. MySQL's IGNORE is worse: it also
// turns invalid values, truncations and NOT NULL violations into warnings.
//
//	db.ExecContext(ctx, "INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", u.Email, u.Name)
//	// ignored conflict: (*sql.DB).ExecContext runs INSERT ... ON CONFLICT DO
//	// NOTHING into users and its error is discarded; rows that conflict
//	// vanish without a trace; use bulk.Insert with bulk.SkipConflicts to
//	// get the skipped rows back
//
//	if _, err := tx.Exec("INSERT IGNORE INTO users (email) VALUES (?)", email); err != nil {
//	// uncounted conflict: (*sql.Tx).Exec runs INSERT IGNORE into users and
//	// its sql.Result is dropped; rows that conflict vanish without a trace,
//	// and IGNORE also turns invalid values and NOT NULL violations into
//	// warnings; use bulk.Insert with bulk.SkipConflicts to get the skipped
//	// rows back
//
// The fix inserts with runtime/bulk, which says which rows were skipped and
// which existing keys they ran into:
//
//	res, err := bulk.Insert(ctx, db, "users", users, bulk.SkipConflicts("email"))
//	// res.Skipped counts the rows left out; res.Conflicts gives, for each,
//	// its index in users and the key of the row that exists
//
// On MySQL, bulk.SkipConflicts takes the conflict with a key-only no-op
// update, never INSERT IGNORE, so data errors still fail the call. Where
// keeping the count is all that is wanted, look at it: compare
// res.RowsAffected() with the number of rows sent.
//
// # What is reported
//
// An ignore-conflict write is a call of the database API model (database/sql,
// sqlx including MustExec and NamedExec with a slice, pgx v5 and pgxpool,
// gorm, squirrel, bun, xorm's Exec of text, dotsql's Exec of a named query,
// ent's upserts, and interfaces with the same methods) that runs a
// statement whose conflict behaviour is DO NOTHING, IGNORE, OR IGNORE, a
// no-op update, or an update that only sets timestamp columns (named *_at,
// *_time, *_on, *At, updated, modified) to the clock (ON CONFLICT (email)
// DO UPDATE SET updated_at = now(), without a WHERE): it takes a duplicate
// without an error and drops every value the new row brought. Such a
// touch writing only its conflict target and timestamps loses nothing. On
// PostgreSQL the count of a touch counts the updated row too, so reading
// it keeps the analyzer quiet without telling the duplicate; RETURNING
// (xmax = 0) does. The analyzer recovers the statement's text from the code:
// string constants, concatenations of constants, fmt.Sprintf with a
// constant format, named constants from other packages, local variables
// assigned once, text passed through sqlx's Rebind or In (tx.Rebind(q),
// q = db.Rebind(q), q, args, err := sqlx.In(q, ids)), statements prepared
// into a local variable (stmt, err := tx.Prepare(q); stmt.Exec(...)),
// squirrel builder chains (Options("IGNORE"),
// Suffix("ON CONFLICT DO NOTHING"), run with Exec or rendered with ToSql
// and handed to an Exec), started from squirrel or from a builder root: an
// unexported struct field or package variable every value stored in which
// is a builder the analyzer can follow, the same but for its placeholder
// format (s.builder = sq.StatementBuilder.PlaceholderFormat(sq.Dollar) in
// a constructor, var psql = sq.StatementBuilder...; then
// s.builder.Insert("users").Options("IGNORE")...), and gorm chains with
// Clauses(clause.OnConflict{DoNothing: true}) or
// Clauses(clause.Insert{Modifier: "IGNORE"}) before Create, and bun
// insert chains, written in one expression:
//
//	db.NewInsert().Model(&users).On("CONFLICT (email) DO NOTHING").Exec(ctx)
//	// ignored conflict: (*bun.InsertQuery).Exec runs INSERT ... ON CONFLICT
//	// DO NOTHING into users (On("CONFLICT (email) DO NOTHING")) and its
//	// error is discarded; ...
//
// or built in steps through a local variable, which bun changes in place:
//
//	q := db.NewInsert().Model(&users)
//	if skipExisting {
//		q.Ignore() // or q = q.Ignore()
//	}
//	_, err := q.Exec(ctx)
//	// uncounted conflict: (*bun.InsertQuery).Exec runs Ignore() (INSERT
//	// ... ON CONFLICT DO NOTHING, or INSERT IGNORE on MySQL) into users and
//	// its sql.Result is dropped; ...
//
// A call made on the variable before the finisher counts when the
// finisher can be reached from it without the variable being assigned
// anew, in a branch too: a write that may skip conflicts is reported, the
// call that set the clause given as a related position. The variable must
// be declared in the function that runs the write, assigned once from a
// handle's New... call (and otherwise only to itself, q = q.On(...)), and
// only used as the receiver of bun's builder methods.
//
// with On("CONFLICT ... DO NOTHING"), On("... DO UPDATE") or
// On("DUPLICATE KEY UPDATE") with a Set that changes nothing, or Ignore(),
// which bun renders as ON CONFLICT DO NOTHING on PostgreSQL and SQLite and
// as INSERT IGNORE on MySQL (the dialect is a run-time choice, so the
// message names both); bun's NewRaw text and its handles' ExecContext are
// SQL text like any other. A bun MERGE (NewMerge) with a
// WhenInsert("NOT MATCHED", ...) branch and a When("MATCHED THEN DO
// NOTHING") branch skips an existing row as DO NOTHING does, and is
// reported the same way; one whose matched branch updates or deletes, or
// whose branch text is not a constant, is not. The table is named when the model's
// bun.BaseModel tag names it (bun:"table:users"). Parts it cannot recover stay unknown and are
// never guessed: a statement whose conflict clause is unknown is not
// reported.
//
// The write is reported when its outcome is ignored, in one of three ways:
//
//   - its error is discarded: not assigned, assigned to _, or assigned
//     to a variable whose value is never read (overwritten first, or only
//     combined into values that are themselves never used);
//   - the count of rows it really wrote is never looked at: the
//     sql.Result or pgconn.CommandTag is dropped, RowsAffected is never
//     called on it, or the count it returns never influences anything; for
//     gorm, the RowsAffected field of the *gorm.DB is never read. Rows
//     returned by RETURNING count as looking: a write run with Query,
//     QueryRow, sqlx's Get or bun's Scan is checked for its error only (for
//     QueryRow, the error its Scan returns, sql.ErrNoRows when the row was
//     skipped);
//   - the count is read but checks nothing: its value (or text made of it
//     with fmt.Sprintf or strconv) only reaches log, metrics and tracing
//     calls (log, log/slog, fmt.Print..., zap, logrus, zerolog,
//     Prometheus, OpenTelemetry, and the program's own packages named
//     log, logger, logging, logs or metrics): "its RowsAffected is only
//     logged", since the function goes on the same whether the row was
//     written or skipped.
//
// sqlc generates a method that runs a query annotated :exec and returns
// only its error: no caller can count what a DO NOTHING in it skipped.
// The call of such a method (of any generated function that drops the
// count of an ignore-conflict write and returns its error) is reported,
// naming the query from the "-- name:" line sqlc keeps in its text:
//
//	err := q.InsertUser(ctx, db.InsertUserParams{Email: email})
//	// uncounted conflict: (*db.Queries).InsertUser runs INSERT ... ON
//	// CONFLICT DO NOTHING into users (through (db.DBTX).Exec) and returns
//	// only its error, the count dropped by sqlc's :exec (query
//	// InsertUser); rows that conflict vanish without a trace; annotate the
//	// query :execrows to get the count, or use bulk.Insert with
//	// bulk.SkipConflicts to get the skipped rows back
//
// The text comes from the generated Go, not from the query file: the
// analyzer reads no file outside the package's Go files for it, so vet
// mode's cache stays right. A key-only, seed or copy query, :execrows,
// :execresult, and RETURNING queries run with :one or :many are not
// reported there.
//
// SQL kept in a .sql file of named blocks (-- name: insert-user), as
// dotsql reads them, is followed when the package embeds the file and
// loads it with dotsql.LoadFromString, into a local variable or into a
// struct field or package variable that holds nothing else:
//
//	//go:embed queries.sql
//	var queries string
//
//	dot, err := dotsql.LoadFromString(queries) // or string(queryBytes)
//	...
//	_, err = s.dot.ExecContext(ctx, s.db, "insert-user", email, name)
//	// uncounted conflict: (dotsql.DotSql).ExecContext runs INSERT ... ON
//	// CONFLICT DO NOTHING into users (query "insert-user" of
//	// queries.sql) and its sql.Result is dropped; ...
//
// How the file is found: the //go:embed directive of the variable must
// name one file (no pattern, no embed.FS), which is read through
// pass.ReadFile when the driver allows it, else from the package's
// directory. An embedded file is an input of the package for the go
// command, so go vet analyses the package again when it changes. A file
// the program opens by path at run time (dotsql.LoadFromFile) is not
// read: its path is relative to the program's working directory, which
// the analyzer does not know, and vet mode would not know to run again
// when it changes; such queries, and blocks that are templates ({{...}}),
// are not reported.
//
// A pgx batch that queues an ignore-conflict write whose count matters,
// sent with SendBatch, is reported at SendBatch when its results are
// only closed or dropped, since the command tag of each statement is read
// from the results in queue order and Close reads none:
//
//	b := &pgx.Batch{}
//	for _, u := range users {
//		b.Queue("INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", u.Email, u.Name)
//	}
//	return pool.SendBatch(ctx, b).Close()
//	// uncounted conflict: (*pgxpool.Pool).SendBatch sends a batch that
//	// queues INSERT ... ON CONFLICT DO NOTHING into users (line 3) and its
//	// results are only closed; ...; read each statement's command tag
//	// with Exec on the results, or use bulk.Insert with bulk.SkipConflicts
//	// to get the skipped rows back
//
// ent's upserts are followed through the client's builders, in one
// expression or built in steps: Exec or ExecX on an upsert builder
// (UserUpsertOne, UserUpsertBulk, from Create or CreateBulk) whose latest
// conflict resolution is DoNothing(), Ignore(), OnConflict(sql.DoNothing())
// or OnConflict(sql.ResolveWithIgnore()). Exec returns only an error and
// ExecX nothing, so the write is reported even when the error is checked,
// except for one row (UpsertOne) with DO NOTHING: ent inserts it with
// RETURNING, and on PostgreSQL a skipped row is an error, sql.ErrNoRows
// (ent issue 1821), so only a discarded error is reported there, without a
// fix (checking it would make a skipped row fail the function), and ExecX,
// which panics with it, is not reported:
//
//	err := client.User.Create().SetEmail(email).OnConflictColumns("email").DoNothing().Exec(ctx)
//	// uncounted conflict: (*ent.UserUpsertOne).Exec runs INSERT ... ON
//	// CONFLICT DO NOTHING (DoNothing()) and returns only its error, ent's
//	// Exec gives no count; ...
//
// ID and IDs read the rows back and are not reported; nor is an upsert
// whose latest resolution updates (UpdateNewValues, Update..., Set... on
// the upsert builder, ResolveWithNewValues) or is not known.
//
// "Influences" means that the value, directly or through values computed
// from it, reaches a branch, a call, a return, a store or a send. The
// analyzer follows values through the function's SSA form.
//
// A function that returns the count of an ignore-conflict write it runs,
// usually with its error (a helper such as func insertUser(...)
// (sql.Result, error), or one that returns the *gorm.DB), hands the outcome
// to its caller: it is not reported, and a fact tells its callers, in this
// package or another, which of its results carry that outcome. A caller
// that drops them is reported at its call of the helper, the message naming
// the database call inside. A helper that drops them itself (returns only
// the error, or nothing) is reported at the write inside.
//
// # What is not reported
//
//   - A count that is compared, returned, stored or passed to a function
//     of the program (logged too, as long as it also does one of these),
//     and an error that is checked, returned, logged or passed on.
//   - A result that flows where the analyzer cannot follow it: returned to
//     the caller of a function literal, stored in a field, a global, a map
//     or a channel, captured by a closure, passed to a function. Such a
//     result may well be looked at there.
//   - The count of a seed: a statement that binds none of the program's
//     values (INSERT INTO settings (key, value) VALUES ('x', 'y') ON
//     CONFLICT DO NOTHING), whose skipped rows lose nothing, and the count
//     of a copy, INSERT ... SELECT, whose rows come from the database: a
//     skipped row is one the target already holds. Their discarded error is
//     still reported, as "a failed write goes unnoticed, though a skipped
//     row loses nothing here; check the error".
//   - The count of a key-only insert, whose every inserted column is in its
//     explicit conflict target: INSERT INTO memo_tag (memo_id, tag) VALUES
//     ($1, $2) ON CONFLICT (memo_id, tag) DO NOTHING, or ON CONFLICT
//     (memo_id, tag) DO UPDATE SET tag = EXCLUDED.tag. A skipped row equals
//     the existing one in every column the program wrote (up to the key's
//     collation), and a conflict on another key fails. Its discarded error
//     is still reported. This needs the column list and a column target,
//     in the statement's one conflict clause: without a target (ON CONFLICT
//     DO NOTHING, ON CONSTRAINT, an expression, MySQL's IGNORE and ON
//     DUPLICATE KEY UPDATE, SQLite's OR IGNORE, a second SQLite clause) a
//     conflict on any key is skipped and the keys are not in the text, so
//     the write is reported. gorm's clause.OnConflict{Columns: ...,
//     DoNothing: true} is reported whatever its Columns, and so is bun's
//     On("CONFLICT (...) DO NOTHING") on a model: the columns an ORM inserts
//     depend on the model, its tags, defaults and the naming strategy, which
//     the analyzer does not read.
//   - The count of an insert of references only, without a column target:
//     two columns or more, each named as a reference (id, user_id, userId,
//     Prisma's A and B), as in a link table whose key is all its columns
//     (INSERT INTO user_roles (user_id, role_id) ... ON CONFLICT DO
//     NOTHING, INSERT IGNORE). A target that leaves one out is judged as
//     above. Its discarded error is still reported.
//   - The count of a write in a migration, a package with an element of its
//     import path named migrations, migration or migrate: migrations skip
//     conflicts to be run again. Its discarded error is still reported.
//   - Writes that really update on conflict (DO UPDATE SET name =
//     excluded.name, ON DUPLICATE KEY UPDATE name = VALUES(name)), REPLACE,
//     and writes without a conflict clause, which fail loudly.
//   - Statements whose text is only known at run time where it matters: a
//     suffix, an option or a whole query from a parameter; a squirrel
//     builder held in an exported variable or field, one whose address is
//     taken or that is set from a parameter, a query held in a
//     package-level variable, or a gorm chain in a local variable assigned
//     more than once, since any of them may hold something else by the
//     time the write runs.
//   - A bun builder variable whose calls cannot all be seen: passed to
//     another function (which may change its conflict clause), stored in
//     a field, returned, aliased by another variable, captured by a
//     function literal, taken from a parameter or another function's
//     result, or assigned a second query. Calls made on it in a branch
//     that returns first, or written after the write, do not count.
//   - A bun builder whose latest conflict clause in source order updates
//     (q.Ignore(); if upsert { q.On("CONFLICT (id) DO UPDATE").Set(...) }),
//     even though the other branch skips conflicts: calls made in steps
//     are read in source order, as one chain.
//   - bun's On("CONFLICT (id) DO UPDATE") or On("DUPLICATE KEY UPDATE")
//     without Set: bun then sets every column from the new row.
//   - LastInsertId does not count as looking at the count: it says nothing
//     of the rows skipped by a multi-row insert.
//   - Writes run through defer or go, or through calls the analyzer
//     cannot resolve (function values, interfaces outside the model).
//   - pgx batches other than a local *pgx.Batch (b := &pgx.Batch{}, or
//     new(pgx.Batch)) whose every use can be seen and whose results are
//     only closed (see above): a batch value whose address is taken, a
//     batch filled by another function, results read with Exec, Query or
//     QueryRow, a Queue whose result takes a callback.
//   - Writes in generated files, such as sqlc's output, where no one can
//     fix them. A generated function that returns the result, such as
//     sqlc's :execresult, gets its fact, so its callers are checked; one
//     that drops the count and returns only the error, such as sqlc's
//     :exec, gets a fact too, and its callers are reported at their call
//     (see below).
//   - xorm's writes other than Exec with a string first (engine.Exec(q,
//     args...), sess.Exec(q, args...), which are reported as database/sql's
//     are): Exec of a builder or of one slice holding the text and its
//     arguments, and Insert, which runs no text given with SQL(...) in
//     xorm v1.4.
//   - Test code (_test.go files, and files that import package testing)
//     unless -tests.
//   - Lines suppressed with a //nolint:silentconflict comment or with a
//     reasoned one, //bulklint:ignore silentconflict -- reason.
//
// # Suggested fix
//
// When the write's results are discarded whole (an expression statement,
// or _, _ = ...) in a function that returns an error last, and the count
// does not matter (a seed, a copy, a key-only insert: the write is
// reported for its error only) or the call returns none, a fix keeps the
// error and returns it, with zero values for the other results:
//
//	if _, err := db.ExecContext(ctx, q, args...); err != nil {
//		return 0, err
//	}
//
// Rows written stay written; only the failure that went unnoticed now
// stops the function, and the fixed code is not reported again. No fix is
// offered when the count matters: checking the error alone would leave the
// count unread, reported in turn as an uncounted conflict, and deciding
// what to do with skipped rows is the caller's business, which
// bulk.SkipConflicts makes explicit.
//
// # Flags
//
//	-tests  report in test code too
//
// # Categories
//
//   - conflict-error-ignored: the error of an ignore-conflict write is
//     discarded. The message starts with "ignored conflict".
//   - conflict-count-ignored: its error is read, but the count of rows it
//     wrote is not. The message starts with "uncounted conflict".
package silentconflict

// Package dbapi is bulklint's model of database APIs: which calls make a
// round trip to the database, what kind of round trip it is, and where the
// call's SQL text, destination and bind arguments are.
//
// The model is a table keyed by import path, receiver type and function name
// (see table.go), matched on the resolved *types.Func of a call, never on
// selector text. It covers database/sql, sqlx, pgx v5 (with pgxpool), gorm,
// squirrel and bun. Three more ways lead to a match:
//
//   - A method reached through embedding resolves to the library's own method,
//     so a struct that embeds *sqlx.DB needs no entry.
//   - A call through an interface method that is not in the table matches
//     when a table method of the same name has an identical signature and its
//     package is imported by the package under analysis, and the signature
//     speaks SQL: it takes a string or mentions a type of one of the
//     libraries (sql.Result, *sql.Rows, pgx.Rows, *gorm.DB). This is how an
//     application's own interfaces (an Accessor embedding sqlx.ExtContext, the
//     DBTX interface that sqlc generates, squirrel's Runner) are recognised,
//     while an interface with a Count(ctx) (int, error) of its own is not
//     taken for bun's finisher.
//   - Extra entries given by the user (flags of the analyzers) name wrapper
//     functions and methods, or whole interfaces, that run a query.
//
// Query builders are modelled by their finishers, the calls that make the
// round trip: gorm's Find and Create, squirrel's Exec and QueryRow run
// through RunWith, bun's (*SelectQuery).Scan, Count, Exists, Rows and
// ScanAndCount, the Exec and Scan of its InsertQuery, UpdateQuery,
// DeleteQuery, MergeQuery and RawQuery. The calls that build the statement
// (bun's NewSelect, Model, Where, On, Column) run nothing and are not in the
// table. A finisher's verb comes from its builder (a bun InsertQuery
// inserts, a MergeQuery saves); the SQL text of a chain, where an analyzer
// needs it, is read from the chain by that analyzer. bun.In and sqlx.In are
// entries of kind Batched: they expand a slice of keys into one statement.
//
// Code that is not in the table (xorm, ent, sqlc output, a team's own
// repository layer) is reached by the analyzers through facts computed on its
// own code, down to calls in this table; this package only knows the roots.
package dbapi

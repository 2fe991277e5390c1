// Package dbapi is bulklint's model of database APIs: which calls make a
// round trip to the database, what kind of round trip it is, and where the
// call's SQL text, destination and bind arguments are.
//
// The model is a table keyed by import path, receiver type and function name
// (see table.go), matched on the resolved *types.Func of a call, never on
// selector text. It covers database/sql, sqlx, pgx v5 (with pgxpool), gorm and
// squirrel. Three more ways lead to a match:
//
//   - A method reached through embedding resolves to the library's own method,
//     so a struct that embeds *sqlx.DB needs no entry.
//   - A call through an interface method that is not in the table matches
//     when a table method of the same name has an identical signature and its
//     package is imported by the package under analysis. This is how an
//     application's own interfaces (an Accessor embedding sqlx.ExtContext, the
//     DBTX interface that sqlc generates, squirrel's Runner) are recognised.
//   - Extra entries given by the user (flags of the analyzers) name wrapper
//     functions and methods, or whole interfaces, that run a query.
//
// Code that is not in the table (xorm, bun, ent, sqlc output, a team's own
// repository layer) is reached by the analyzers through facts computed on its
// own code, down to calls in this table; this package only knows the roots.
package dbapi

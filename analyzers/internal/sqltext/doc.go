// Package sqltext classifies the text of one SQL statement for bulklint's
// analyzers.
//
// It reads PostgreSQL, MySQL/MariaDB and SQLite text, possibly only partly
// known, and returns a [Statement]: the verb, the target table, the inserted
// columns, the columns written by an UPDATE or by an upsert's update part, the
// conflict behaviour (see [Conflict]) and the key it is limited to
// ([Statement.Arbiter]), whether the statement has RETURNING, how many
// VALUES rows it inserts and which placeholders it uses. It is a
// classifier, not a validator: it never rejects text and never panics, and
// every field says whether it is known.
//
// # Partly known text
//
// SQL recovered from Go code often has parts that are only known at run time:
// a table name from a variable, a placeholder list built by strings.Join, a
// suffix passed by the caller. The caller marks each unknown fragment with
// [Hole] (or builds a [Text] of known and unknown segments). A hole is taken
// to stand for one self-contained syntactic element at its position: it does
// not open or close quotes, comments or parentheses. A hole where an operand
// is expected (after WHERE, SET, VALUES, "=", "(" or ",") is taken as one
// expression or list; a hole after a complete operand (after a name, a
// literal, a placeholder or ")") may hide further clauses, so everything that
// a trailing clause decides (conflict behaviour, RETURNING, more SET columns)
// becomes unknown. A hole inside a name (users_<hole>) makes the name unknown.
// Holes inside string literals and comments change nothing.
//
// # Terms
//
// Names are returned as written with their quotes removed ("Users" gives
// Users, `order` gives order); a qualifier is split off (public.users gives
// schema public, name users; t.a in a SET list gives column a). A conflict
// clause is a no-op update when every assignment leaves the row as it was:
// c = c, c = t.c (t the target table or its alias), c = excluded.c with c
// among the ON CONFLICT target columns, or MySQL's c = LAST_INSERT_ID(c).
// MySQL's c = VALUES(c) and c = new.c (row alias) are real updates, even for
// the key column: the key is not in the text. An update through ON CONFLICT
// ON CONSTRAINT, or through SQLite's ON CONFLICT without a target, whose
// assignments are all no-ops or c = excluded.c is [ConflictUnknown]: the
// conflicting key's columns are not in the text.
//
// # Dialects
//
// [Parse] accepts all three dialects at once. Where they disagree on
// lexing, it picks what is common and stays tolerant: '...' strings honour
// backslash escapes unless that leaves the string unterminated (PostgreSQL's
// standard strings have none, MySQL's have them); # starts a comment unless
// the dialect is PostgreSQL; [x] is a quoted identifier unless the dialect is
// PostgreSQL or the brackets hold something that cannot be a name (a[1]).
// A [Dialect] that is known removes these guesses: see [Dialect.Parse].
//
// # Why it is hand-written
//
// No well-kept Go SQL parser covers the need. vitess's sqlparser and
// pingcap's tidb parser read MySQL only; pganalyze's pg_query_go reads
// PostgreSQL only, through cgo (the analyzers must build with CGO_ENABLED=0
// and run under go vet); SQLite has no maintained pure-Go parser outside
// the database engines. All of them are validators: they reject text they do
// not fully understand, and none accepts text with unknown holes, which is
// most of what the analyzers see. The classifier needs a handful of facts
// per statement, so this package is a lexer plus a light recursive scanner
// over its tokens, with no regular expressions over whole statements.
//
// # Not understood
//
// MySQL's executable comments (/*! ... */) are read as code, optimizer
// hints (/*+ ... */) as comments, whatever the server version. Statements after the first top-level ";" are not classified ([Statement.Multiple]
// reports them). With several SQLite ON CONFLICT clauses, the first decides
// the conflict behaviour. "?" followed by "|" or "&" (PostgreSQL jsonb
// operators) counts as a placeholder.
package sqltext

// Package sqlsource recovers the SQL text a Go expression evaluates to, for
// bulklint's analyzers, as a [sqltext.Text] of known and unknown segments
// ready for [sqltext.ParseText].
//
// # What is recovered
//
// [Source.Text] reads go/ast expressions with their types:
//
//   - string constants, including named constants from other packages (go/types
//     has already folded them: types.Info.Types[e].Value);
//   - concatenations with +;
//   - fmt.Sprintf with a known format: each verb becomes a hole, except %s and
//     %v (without flags) whose argument is a string whose text is recovered,
//     and %d of a constant integer; %% is a percent sign;
//   - local variables assigned exactly once (by :=, = or var) and never
//     otherwise written or addressed; rebinding in place (q = db.Rebind(q),
//     q, args, err = sqlx.In(q, args...)) does not count as a write;
//   - sqlx's Rebind ((*sqlx.DB), (*sqlx.Tx), (*sqlx.Conn), the binder
//     behind sqlx.Ext and sqlx.ExtContext, and sqlx.Rebind(bindType, q))
//     and sqlx.In(q, args...), whose first result is the query: the text
//     is that of q, bind variables as written there (Rebind turns ? into
//     $1, In expands a ? bound to a slice into ?, ?, ?), which changes
//     nothing a statement is classified by but the placeholders' style and
//     number;
//   - text built in steps in the function that declares it: a
//     strings.Builder or bytes.Buffer (or a pointer to a new one) written
//     with WriteString, Write, WriteByte, WriteRune, fmt.Fprintf and
//     fmt.Fprint, read with String or Bytes; a string grown with += or
//     q = q + x (and cut with q = strings.TrimSuffix(q, sep)); a []string
//     grown with append and read with strings.Join(parts, sep). A piece
//     written under a condition, or in a loop whose length is not known,
//     is a hole in Text; a loop over a known list of names (a []string
//     literal of constants in a local variable that is only ranged over,
//     or in an unexported package variable written once) is unrolled,
//     with %d of its index (i+1, len(list)+1) known and ifs on the index
//     (i > 0) decided per turn. Any other use of the variable (given to a
//     function, Reset, written in a function literal, read in the loop
//     that writes it) makes its text unknown. [Source.Union] gives the
//     text with every piece once, as if every branch were taken and each
//     loop ran once: the names a SET list built in steps may assign;
//   - squirrel builder chains (github.com/Masterminds/squirrel): Insert,
//     Replace, Update, Delete and Select, reached from the package functions
//     or from StatementBuilder, with Into, Columns, Values, SetMap, Options,
//     Prefix, Suffix, Set, Where, From, OrderBy, Limit, Offset,
//     PlaceholderFormat and RunWith (and for Select: Column, Distinct, the
//     joins, GroupBy, Having); any other method makes the chain unknown. The
//     text is what ToSql would return, with
//     placeholders in the chosen format. The chain may end in ToSql, MustSql,
//     Exec, Query, QueryRow, Scan or their Context forms, or be the builder
//     value itself.
//
// Functions are matched on their resolved *types.Func (package path,
// receiver and name), never on selector text.
//
// [Value] reads go/ssa values with the same rules for constants,
// concatenations, fmt.Sprintf (every verb a hole) and sqlx's Rebind and
// In, and for phi nodes whose incoming texts are all equal.
// [Source.SSAText] joins the two for analyzers built on buildssa: a call
// (or the first result of one, such as the query of q, args, err :=
// b.ToSql()) is read through its syntax with the go/ast rules, anything
// else through Value.
//
// # Use
//
//	src := sqlsource.New(chains) // chains: the pass's chain.Index
//	st := sqltext.ParseText(src.Text(call.Args[1]))  // the query argument
//	if text, ok := src.Squirrel(call); ok { ... }     // b.RunWith(db).Exec()
//
// # What stays unknown
//
// Everything else is a hole: function parameters, variables written more
// than once other than by the steps above, results of other calls
// (strings.Join of a list that is not built in steps), builder values of unknown origin, values
// passed to squirrel that may carry their own SQL (a Sqlizer or an interface
// value), spread arguments (Columns(cols...)), and placeholders numbered
// after a hole or in a placeholder format that is not one of squirrel's own.
// Nothing is guessed: a hole means the text there is only known at run time.
package sqlsource

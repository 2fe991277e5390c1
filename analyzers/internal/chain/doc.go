// Package chain follows builder chains and the variables they are kept in
// back to where they start, for bulklint's analyzers: it is the one place
// that answers "which calls built the statement this call runs" and "what
// was this variable assigned".
//
// # Variables
//
// [Index.Writes] lists how a variable or a struct field of the package is
// written: whole assignments (:=, =, var, composite literal fields), other
// writes (+=, ++, range), writes of a part (q.f = x, q[i] = x, *q = x) and
// whether its address is taken (&q, or a pointer method called on it).
// [Index.Local] returns the one value of a local variable written exactly
// once and never otherwise; analyzers follow a builder, a prepared
// statement or SQL text kept in a variable back to its making with it.
// [Index.Stored] returns every value stored in an unexported package
// variable or struct field, when all can be seen.
//
// # Chains
//
// A chain written in one expression is read along its calls ([Index.Walk]):
//
//	db.NewInsert().Model(&users).Ignore().Exec(ctx)
//	// Exec, Ignore, Model, NewInsert
//
// [Index.Follow] continues through local variables written once, for
// builders that return a new value from every method (gorm's *DB,
// squirrel's builders): tx := db.Clauses(c); tx.Create(&rows) is Create,
// Clauses.
//
// For builders changed in place (bun, xorm, ent), [Index.Of] also follows
// a chain built in steps through a local variable. Every method returns
// its receiver, so what the variable holds when the finisher runs is the
// start plus every call made on it before:
//
//	q := db.NewInsert().Model(&users)
//	if skip {
//		q.Ignore() // or q = q.Ignore()
//	}
//	q.Exec(ctx)
//	// Exec, Ignore (conditional), Model, NewInsert
//
// A call made on the variable counts when it is written before the
// finisher and a path of the function's control flow leads from it to the
// finisher without going back through the start. It is marked conditional
// ([Link.Cond]) when some path from the start to the finisher skips it.
// Calls are listed in source order, latest first, as if the chain had been
// written in one expression.
//
// # Roots in fields and package variables
//
// [Index.BuilderRoot] reports whether an unexported struct field or
// package variable only ever holds builders started in the library (set
// in a constructor or at package level from db.NewSelect()...), and
// returns their chains: such a field is a builder root, as a local
// variable started there is.
//
// # Libraries
//
// The rules of each library are data ([Lib]): its import path (declared in
// dbapi), its builder types, whether builders are changed in place, and
// where a chain starts (a function of the package, or a method of a
// handle, for bun only those named New...).
//
// # What is not followed
//
// [Index.Of] follows a variable only when everything done with it can be
// read: it is declared with := or var in the function that runs the
// finisher, assigned exactly once from a chain that starts where the
// library's chains start, and otherwise only used as the receiver of
// builder methods whose result is dropped, assigned back to it (q =
// q.Where(...)), or is not a builder (the finisher's result). Anything
// else, and the chain is not started ([Chain.Started] false): a builder
// passed to a function, stored, returned, aliased by another variable,
// captured by a function literal, addressed, taken from a parameter or
// another function's result, or assigned a second query. Such code may
// change the builder where the index cannot see.
//
// # Use
//
//	chains := chain.New(pass.Pkg, pass.TypesInfo, pass.Files) // once per pass
//	ch := chains.Of(call)                                     // call: the finisher
//	if ch.Started { for _, l := range ch.Links { ... l.Func.Name() ... } }
//
// Functions are matched on their resolved *types.Func, never on selector
// text.
package chain

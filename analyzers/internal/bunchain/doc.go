// Package bunchain follows uptrace/bun query builders back to the handle's
// New... call that created them, for bulklint's analyzers: it returns the
// method calls that built the statement a finisher (Exec, Scan) runs, as
// one chain from the finisher back to the first call.
//
// # Chains
//
// A chain written in one expression is read along its calls:
//
//	db.NewInsert().Model(&users).Ignore().Exec(ctx)
//	// Exec, Ignore, Model, NewInsert
//
// A chain built in steps through a local variable is followed too. bun's
// builders are changed in place and every method returns its receiver, so
// what the variable holds when the finisher runs is the start plus every
// call made on it before:
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
// # What is not followed
//
// A variable is followed only when everything done with it can be read:
// it is declared with := or var in the function that runs the finisher,
// assigned exactly once from a chain that starts at a handle's New... call,
// and otherwise only used as the receiver of bun builder methods whose
// result is dropped, assigned back to it (q = q.Where(...)), or is not a
// builder (the finisher's result). Anything else, and the chain is not
// started ([Chain.Started] false): a builder passed to a function, stored,
// returned, aliased by another variable, captured by a function literal,
// addressed, taken from a parameter or another function's result, or
// assigned a second query. Such code may change the builder where the
// index cannot see.
//
// # Use
//
//	chains := bunchain.New(pass.TypesInfo, pass.Files) // once per pass
//	ch := chains.Of(call)                               // call: the finisher
//	if ch.Started { for _, l := range ch.Links { ... l.Func.Name() ... } }
//
// Methods are matched on their resolved *types.Func, never on selector
// text.
package bunchain

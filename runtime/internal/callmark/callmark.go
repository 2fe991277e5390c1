// Package callmark marks the statements of one library call in their
// context, so that runtime/queryguard counts a call that runs one
// statement per chunk (runtime/bulk) once, not once per chunk.
//
// It is a leaf package: runtime/bulk marks, runtime/queryguard reads, and
// neither imports the other.
package callmark

import "context"

// A Call is one marked call. Statements whose context carries the same
// *Call belong to the same call.
type Call struct{ _ byte } // not zero-sized: each *Call is distinct

type key struct{}

// Mark returns ctx carrying a new call.
func Mark(ctx context.Context) context.Context {
	return context.WithValue(ctx, key{}, new(Call))
}

// Of returns the call ctx carries, or nil.
func Of(ctx context.Context) *Call {
	c, _ := ctx.Value(key{}).(*Call)
	return c
}

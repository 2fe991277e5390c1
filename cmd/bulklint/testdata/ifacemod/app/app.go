// Package app passes a stream.Option where an events.ReaderOption is wanted:
// valid Go (stream.Option has ReaderOption's one method, stream's unexported
// apply), which a vet tool must type-check like the compiler does.
package app

import (
	"ifacemod/events"
	"ifacemod/stream"
)

func Configure(r *events.Reader) {
	r.Configure(stream.WithN(1))
}

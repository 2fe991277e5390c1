package events

import "ifacemod/stream"

// ReaderOption is defined over stream.Option: its method set is stream's
// unexported apply.
type ReaderOption stream.Option

type Reader struct{}

func (*Reader) Configure(opts ...ReaderOption) {}

package tests

import "testing"

func TestF(t *testing.T) {
	//bulklint:ignore calls -- not checked without -tests, so not unused either
	_ = t
	//nolint:calls
	_ = 1
}

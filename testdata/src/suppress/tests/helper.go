package tests

import "testing"

// Seed is a test helper outside a _test.go file: it imports package
// testing, so it is test code, not checked without -tests: neither its
// calls nor its directives are reported.
func Seed(t *testing.T) {
	t.Helper()
	//nolint:calls
	f()
}

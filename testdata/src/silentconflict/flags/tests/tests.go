// Package tests is checked with -tests: writes in _test.go files are
// reported too.
package tests

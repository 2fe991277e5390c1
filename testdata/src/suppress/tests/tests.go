// Package tests checks that directives in files the analyzer does not check
// (its _test.go files, without -tests) are not reported unused.
package tests

func f() {}

// Package tests checks that directives in files the analyzer does not check
// (its _test.go files and files that import package testing, without
// -tests) are not reported unused.
package tests

func f() {}

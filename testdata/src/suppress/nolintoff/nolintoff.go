// Package nolintoff runs with nolint left to golangci-lint: nolint
// directives neither suppress nor are reported, bulklint:ignore works.
package nolintoff

func f() {}

func g() {
	f()   //nolint:calls // want "call of f"
	f()   //nolint // want "call of f"
	f()   //bulklint:ignore calls -- still honoured
	_ = 1 //nolint:calls
	_ = 2 //bulklint:ignore calls -- unused // want "bulklint:ignore for calls suppresses nothing"
}

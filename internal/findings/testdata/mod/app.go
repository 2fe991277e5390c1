// Package app is the input of the findings tests: a test analyzer reports
// every call of query.
package app

func query(s string) {}

// T has a method with a call on a line that holds non-ASCII text before it.
type T struct{}

func (t *T) Loop(ids []string) {
	for _, id := range ids {
		/* é🙂 */ query(id)
	}
}

// Twice calls query twice with the same text, once more in a closure.
func Twice() {
	query("x")
	query("x")
	f := func() { query("y") }
	f()
}

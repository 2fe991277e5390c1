// Package lines exercises the line ranges of suppression comments with the
// test analyzer "calls", which reports every call expression.
package lines

func f(...int) int { return 0 }

// Trailing comments cover their own line.
func trailing() {
	f() // want "call of f"
	f() //nolint:calls
	f() //nolint
	f() //nolint:all
	f() // nolint:calls
	f() //nolint:bulklint // golangci-lint explanation
	f() //nolint:other,calls
	f() //nolint:other // want "call of f"
	f() //nolintlint // want "call of f"
	f() //bulklint:ignore calls -- the reason
	f() //bulklint:ignore other,calls -- the reason
	f() //bulklint:ignore other -- silent: names another analyzer // want "call of f"
}

// A trailing comment does not reach the next line.
func trailingNotNext() {
	f() //bulklint:ignore calls -- covers this line only
	f() // want "call of f"
}

// A comment alone on a line covers the next line, and the whole node that
// starts there in its column.
func standalone() {
	//bulklint:ignore calls -- the loop is bounded by three
	for i := range 3 {
		f(i)
		f(i)
	}
	f() // want "call of f"

	//nolint:calls
	x := f(
		f(),
		f(),
	)
	_ = x

	y := f( // want "call of f"
		//bulklint:ignore calls -- an argument on its own
		f(
			f(),
		),
		f(), // want "call of f"
	)
	_ = y
}

// A directive in a doc comment covers the declaration.
//
//bulklint:ignore calls -- the whole function
func docComment() {
	f()
	f(f())
}

// Unused directives are reported, reasonless ones for bulklint:ignore only;
// a nolint only when it names the analyzer.
func reported() {
	//bulklint:ignore calls -- nothing below calls anything // want "bulklint:ignore for calls suppresses nothing"
	_ = 1

	f() //bulklint:ignore calls // want "bulklint:ignore for calls gives no reason"
	f() //bulklint:ignore calls because // want "gives no reason"

	_ = 2 //nolint:calls // want "nolint for calls suppresses nothing"
	_ = 6 //nolint
	_ = 7 //nolint:all,other
	_ = 8 //nolint:bulklint // the suite's name: maybe meant for another of its analyzers
	_ = 3 //bulklint:ignore other -- another analyzer's business
	_ = 4 //bulklint:ignore other,calls -- x // want "bulklint:ignore for calls suppresses nothing"

	//bulklint:ignore calls // want "gives no reason" "suppresses nothing"
	_ = 5
}

// When a nolint and a bulklint:ignore cover the same line, the bulklint:ignore
// is the one used, and the nolint is redundant.
func both() {
	//nolint:calls // want "nolint for calls suppresses nothing"
	{
		f() //bulklint:ignore calls -- not reported as unused
	}
}

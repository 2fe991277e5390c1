// Package funcs has the kinds of functions SSA builds: functions, methods,
// literals nested in literals, generic functions, init functions.
package funcs

import (
	"log"
	"sync"
)

var once sync.Once

func init() { once.Do(func() { log.Print("init") }) }

func init() {}

type T struct{ n int }

func (t *T) Inc() func() int {
	return func() int {
		f := func() int { t.n++; return t.n }
		return f()
	}
}

func Map[E, R any](s []E, f func(E) R) []R {
	out := make([]R, 0, len(s))
	for _, e := range s {
		out = append(out, f(e))
	}
	return out
}

func Use() []int {
	return Map([]string{"a"}, func(s string) int { return len(s) })
}

func Fatal() {
	log.Fatal("x")
	func() {}()
}

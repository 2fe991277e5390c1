package engine

import (
	"testing"

	"fixtures/nplusone/databasesql/testimport/pg"
)

func TestWalk(t *testing.T) {
	e := &Engine{R: pg.New(nil)}
	_ = e
}

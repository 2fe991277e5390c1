// Package fixed is fix.go.golden of ../fix, analysed again: silent.
package fixed

import "xorm.io/xorm"

type Issue struct {
	ID       int64 `xorm:"pk autoincr"`
	Title    string
	IsClosed bool
	NumVotes int
}

func reopen(x *xorm.Engine, is *Issue) {
	is.IsClosed = false
	x.ID(is.ID).MustCols("is_closed").Update(is)
}

func retitle(x *xorm.Engine, is *Issue) { // want retitle:`writes\(param 1: title,num_votes via \(\*xorm\.Session\)\.Update\)`
	is.Title = "t"
	is.NumVotes = 3
	x.ID(is.ID).Cols("title", "num_votes").Update(is)
}

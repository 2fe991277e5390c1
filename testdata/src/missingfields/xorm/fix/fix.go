// Package fix shows the fixes offered for xorm updates.
package fix

import "xorm.io/xorm"

type Issue struct {
	ID       int64 `xorm:"pk autoincr"`
	Title    string
	IsClosed bool
	NumVotes int
}

func reopen(x *xorm.Engine, is *Issue) {
	is.IsClosed = false
	x.ID(is.ID).Update(is) // want `^update skips zero values: `
}

func retitle(x *xorm.Engine, is *Issue) {
	is.Title = "t"
	is.NumVotes = 3
	x.ID(is.ID).Cols("title").Update(is) // want `^update skips mutated fields: `
}

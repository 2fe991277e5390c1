// Package colservice calls colstore's helpers with known column lists.
package colservice

import (
	"gorm.io/gorm"
	"xorm.io/xorm"

	"fixtures/missingfields/layered/colstore"
)

func assign(db *gorm.DB, t *colstore.Ticket, who string) error {
	t.Assignee = who
	t.Status = "assigned"
	return colstore.UpdateColumns(db, t, []string{"assignee"}) // want `^update skips mutated fields: colstore\.UpdateColumns writes assignee of t \(through \(\*gorm\.DB\)\.Updates\) but Status \(status\) was changed at line 13 and is not written`
}

func close(x *xorm.Engine, t *colstore.Ticket, reopen bool) error {
	cols := []string{"status"}
	t.Status = "closed"
	if reopen {
		t.Status = "open"
		t.Assignee = ""
		cols = append(cols, "assignee")
	}
	t.Title = "[closed] " + t.Title
	return colstore.SaveCols(x, t, cols...) // want `^update skips mutated fields: colstore\.SaveCols writes status, assignee of t \(through \(\*xorm\.Session\)\.Update\) but Title \(title\) was changed at line 25`
}

// Silent: the list names every changed column.
func retitle(db *gorm.DB, t *colstore.Ticket) error {
	t.Title = "t"
	return colstore.UpdateColumns(db, t, []string{"title"})
}

// Silent: a list from elsewhere is not known.
func dynamic(db *gorm.DB, t *colstore.Ticket, cols []string) error {
	t.Title = "t"
	return colstore.UpdateColumns(db, t, cols)
}

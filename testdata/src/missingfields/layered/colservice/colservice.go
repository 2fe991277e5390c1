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
func retitle(db *gorm.DB, t *colstore.Ticket) error { // want retitle:`writes\(param 1: title via colstore\.UpdateColumns -> \(\*gorm\.DB\)\.Updates\)`
	t.Title = "t"
	return colstore.UpdateColumns(db, t, []string{"title"})
}

// Silent: a list from elsewhere is not known.
func dynamic(db *gorm.DB, t *colstore.Ticket, cols []string) error {
	t.Title = "t"
	return colstore.UpdateColumns(db, t, cols)
}

func unassign(db *gorm.DB, t *colstore.Ticket) error {
	t.Assignee = ""
	return colstore.Save(db, t) // want `^update skips zero values: colstore\.Save \(through \(\*gorm\.DB\)\.Updates\) writes only the non-zero fields of t, so the change is not saved: Assignee \(assignee\) set to "" at line 42; name the column with Select`
}

func clear(s *colstore.Store, t *colstore.Ticket) error {
	t.Status = ""
	return s.Store(t) // want `^update skips zero values: \(\*colstore\.Store\)\.Store \(through \(\*xorm\.Session\)\.Update\) writes only the non-zero fields and no bool field of t, so the change is not saved: Status \(status\) set to "" at line 47`
}

// Silent: a non-zero value is saved.
func start(db *gorm.DB, t *colstore.Ticket) error {
	t.Status = "started"
	return colstore.Save(db, t)
}

// Package colstore holds helpers whose column list is a parameter: each
// gets a fact, so that a call with a known list is a partial write.
package colstore

import (
	"gorm.io/gorm"
	"xorm.io/xorm"
)

type Ticket struct {
	ID       int64 `xorm:"pk autoincr"`
	Title    string
	Status   string
	Assignee string
}

// UpdateColumns writes the columns cols of v.
func UpdateColumns(db *gorm.DB, v any, cols []string) error { // want UpdateColumns:`writes\(param 1: columns of param 2 via \(\*gorm\.DB\)\.Updates\)`
	return db.Model(v).Select(cols).Updates(v).Error
}

// SaveCols writes the columns cols of t with xorm.
func SaveCols(x *xorm.Engine, t *Ticket, cols ...string) error { // want SaveCols:`writes\(param 1: columns of param 2 via \(\*xorm\.Session\)\.Update\)`
	_, err := x.ID(t.ID).Cols(cols...).Update(t)
	return err
}

// No fact: the list is changed before it is used.
func withTitle(db *gorm.DB, v any, cols []string) error {
	cols = append(cols, "title")
	return db.Model(v).Select(cols).Updates(v).Error
}

// Save writes the non-zero fields of t: gorm leaves out the zero ones.
func Save(db *gorm.DB, t *Ticket) error { // want Save:`writes\(param 1: non-zero fields via \(\*gorm\.DB\)\.Updates\)`
	return db.Model(t).Updates(t).Error
}

// Store writes the non-zero fields of t with xorm, which leaves out the
// zero ones and every bool.
func (s *Store) Store(t *Ticket) error { // want Store:`writes\(param 0: non-zero fields via \(\*xorm\.Session\)\.Update\)`
	_, err := s.x.ID(t.ID).Update(t)
	return err
}

type Store struct{ x *xorm.Engine }

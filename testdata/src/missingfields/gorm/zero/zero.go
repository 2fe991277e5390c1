// Package zero shows gorm's Updates given a struct without Select: gorm
// writes only the fields whose value is not zero.
package zero

import (
	"time"

	"gorm.io/gorm"
)

type Account struct {
	ID        uint
	Name      string
	Active    bool
	Credits   int
	Note      *string
	UpdatedAt time.Time
}

type Request struct {
	Active bool
	Name   string
}

func deactivate(db *gorm.DB, id uint) error {
	var a Account
	if err := db.First(&a, id).Error; err != nil {
		return err
	}
	a.Active = false
	return db.Model(&a).Updates(&a).Error // want `^update skips zero values: \(\*gorm\.DB\)\.Updates writes only the non-zero fields of a, so the change is not saved: Active \(active\) set to false at line 30; name the column with Select, or write it with bulk\.Update and bulk\.Columns$`
}

func fromRequest(db *gorm.DB, a *Account, req Request) {
	a.Active = req.Active
	a.Name = req.Name
	db.Updates(a) // want `^update skips zero values: \(\*gorm\.DB\)\.Updates writes only the non-zero fields of a, so the change is not saved: Active \(active\) set to a bool that may be false at line 35; `
}

func spend(db *gorm.DB, a *Account, n int) {
	a.Credits -= n
	a.Note = nil
	db.Save(a)
	a.Credits = 0
	db.Model(a).Updates(a) // want `^update skips zero values: .* Credits \(credits\) set to 0 at line 44; name the column with Select`
}

func literal(db *gorm.DB, id uint) {
	db.Model(&Account{ID: id}).Updates(Account{Name: "x", Active: false, Credits: 0}) // want `^update skips zero values: \(\*gorm\.DB\)\.Updates writes only the non-zero fields of its Account literal, so the changes are not saved: Active \(active\) set to false at line 49 and Credits \(credits\) set to 0 at line 49; name the columns with Select`
}

func several(db *gorm.DB, a *Account) {
	a.Name = ""
	a.Note = nil
	db.Updates(a) // want `^update skips zero values: .*: Name \(name\) set to "" at line 53 and Note \(note\) set to nil at line 54; `
}

// Silent: the field is set to a non-zero constant.
func activate(db *gorm.DB, a *Account) {
	a.Active = true
	a.Credits = 10
	db.Updates(a)
}

// Silent: a number or string from a variable is rarely zero on purpose.
func rename(db *gorm.DB, a *Account, name string, n int) {
	a.Name = name
	a.Credits = n
	db.Updates(a)
}

// Silent: the last change before the write is not zero.
func overwritten(db *gorm.DB, a *Account) {
	a.Active = false
	a.Active = true
	db.Updates(a)
}

// Silent: Select names the column, Save writes every column.
func selected(db *gorm.DB, a *Account) {
	a.Active = false
	db.Select("active").Updates(a)
	a.Credits = 0
	db.Save(a)
}

// Silent: the zero field is written by a map, or by another write of the
// same value.
func withMap(db *gorm.DB, a *Account) {
	a.Active = false
	db.Model(a).Updates(map[string]any{"active": false})
	db.Updates(a)
}

// Silent: the change is in another branch than the write.
func branch(db *gorm.DB, a *Account, off bool) {
	if off {
		a.Active = false
	} else {
		db.Updates(a)
	}
}

// Silent: the copy changed is not the value written.
func copied(db *gorm.DB, a Account) { // want copied:`writes\(param 1: non-zero fields via \(\*gorm\.DB\)\.Updates\)`
	b := a
	b.Active = false
	db.Updates(&a)
}

// Silent: gorm sets UpdatedAt itself, and the primary key is the key.
func auto(db *gorm.DB, a *Account) {
	a.UpdatedAt = time.Time{}
	a.ID = 0
	db.Updates(a)
}

// A value built with a struct literal and then written: its keyed fields
// are its changes.
func built(db *gorm.DB, id uint, req Request) {
	a := Account{ID: id, Name: req.Name, Active: req.Active}
	db.Updates(&a) // want `^update skips zero values: \(\*gorm\.DB\)\.Updates writes only the non-zero fields of a, so the change is not saved: Active \(active\) set to a bool that may be false at line 121; `
}

// Silent: the literal sets non-zero values only, or the value is given
// to a call that may change or save it first.
func builtNonZero(db *gorm.DB, id uint, name string, check func(*Account)) {
	a := &Account{ID: id, Name: name, Active: true}
	db.Updates(a)
	b := Account{ID: id, Active: false}
	check(&b)
	db.Updates(&b)
}

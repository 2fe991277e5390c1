// Package writes holds ignore-conflict writes through gorm.
package writes

import (
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type User struct {
	ID    int64
	Email string `gorm:"uniqueIndex"`
	Name  string
}

func dropAll(db *gorm.DB, users []User) {
	db.Clauses(clause.OnConflict{DoNothing: true}).Create(&users) // want `^ignored conflict: \(\*gorm\.DB\)\.Create runs INSERT \.\.\. ON CONFLICT DO NOTHING \(clause\.OnConflict\{DoNothing: true\}\) and its error is discarded; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

// The error is read, RowsAffected is not.
func errorOnly(db *gorm.DB, users []User) error {
	return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "email"}}, DoNothing: true}).Create(&users).Error // want `^uncounted conflict: \(\*gorm\.DB\)\.Create runs INSERT \.\.\. ON CONFLICT DO NOTHING \(clause\.OnConflict\{DoNothing: true\}\) and its RowsAffected is never read`
}

// clause.Insert{Modifier: "IGNORE"} is MySQL's INSERT IGNORE.
func insertIgnore(db *gorm.DB, u *User) error {
	res := db.Model(&User{}).Clauses(clause.Insert{Modifier: "IGNORE"}).CreateInBatches(u, 100) // want `^uncounted conflict: \(\*gorm\.DB\)\.CreateInBatches runs INSERT IGNORE \(clause\.Insert\{Modifier: "IGNORE"\}\) and its RowsAffected is never read; rows that conflict vanish without a trace, and IGNORE also turns invalid values and NOT NULL violations into warnings`
	if res.Error != nil {
		return res.Error
	}
	return nil
}

// Raw SQL through Exec.
func raw(db *gorm.DB, email string) {
	db.Exec("INSERT OR IGNORE INTO users (email) VALUES (?)", email) // want `^ignored conflict: \(\*gorm\.DB\)\.Exec runs INSERT OR IGNORE into users and its error is discarded`
}

// RowsAffected read into a value that is never used.
func unused(db *gorm.DB, users []User) error {
	res := db.Clauses(&clause.OnConflict{DoNothing: true}).Create(&users) // want `^uncounted conflict: \(\*gorm\.DB\)\.Create runs .* and the value of its RowsAffected is never used`
	n := res.RowsAffected
	_ = n
	return res.Error
}

var ErrSkipped = errors.New("some users exist")

// Negative: the count is compared.
func counted(db *gorm.DB, users []User) error {
	res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&users)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != int64(len(users)) {
		return ErrSkipped
	}
	return nil
}

// Negative: the *gorm.DB goes back to the caller; a fact says so.
func returned(db *gorm.DB, users []User) *gorm.DB { // want returned:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING \(clause\.OnConflict\{DoNothing: true\}\) via \(\*gorm\.DB\)\.Create; err 0, count 0\)$`
	return db.Clauses(clause.OnConflict{DoNothing: true}).Create(&users)
}

func callsReturned(db *gorm.DB, users []User) error {
	return returned(db, users).Error // want `^uncounted conflict: writes\.returned runs INSERT \.\.\. ON CONFLICT DO NOTHING \(clause\.OnConflict\{DoNothing: true\}\) \(through \(\*gorm\.DB\)\.Create\) and its RowsAffected is never read`
}

// Negative: UpdateAll updates the row on conflict.
func updateAll(db *gorm.DB, users []User) error {
	return db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&users).Error
}

// Negative: DoUpdates names the columns to update.
func doUpdates(db *gorm.DB, users []User) error {
	return db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "email"}},
		DoUpdates: clause.AssignmentColumns([]string{"name"}),
	}).Create(&users).Error
}

// Negative: whether to do nothing is decided at run time.
func decided(db *gorm.DB, users []User, skip bool) error {
	return db.Clauses(clause.OnConflict{DoNothing: skip}).Create(&users).Error
}

// Negative: a plain Create fails on a duplicate.
func plain(db *gorm.DB, u *User) error {
	return db.Create(u).Error
}

// The chain goes through a local variable assigned once.
func throughVar(db *gorm.DB, users []User) error {
	skip := db.Clauses(clause.OnConflict{DoNothing: true})
	return skip.Create(&users).Error // want `^uncounted conflict: \(\*gorm\.DB\)\.Create runs INSERT \.\.\. ON CONFLICT DO NOTHING \(clause\.OnConflict\{DoNothing: true\}\) and its RowsAffected is never read`
}

// Negative: the variable is assigned twice; which clauses it holds is
// only known at run time.
func reassigned(db *gorm.DB, users []User, skip bool) error {
	q := db.Session(&gorm.Session{})
	if skip {
		q = q.Clauses(clause.OnConflict{DoNothing: true})
	}
	return q.Create(&users).Error
}

type MemoTag struct {
	MemoID int64  `gorm:"primaryKey"`
	Tag    string `gorm:"primaryKey"`
}

// Still reported although the target names every column of the model: the
// columns gorm inserts (naming strategy, defaults, Select, Omit, hooks) are
// not read from the model.
func linkKeyOnly(db *gorm.DB, tags []MemoTag) error {
	return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "memo_id"}, {Name: "tag"}}, DoNothing: true}).Create(&tags).Error // want `^uncounted conflict: \(\*gorm\.DB\)\.Create runs INSERT \.\.\. ON CONFLICT DO NOTHING \(clause\.OnConflict\{DoNothing: true\}\) and its RowsAffected is never read`
}

// Package fix holds a gorm write that gets no suggested fix: checking its
// error alone would leave its RowsAffected unread, reported in turn, and
// gorm's DoNothing is never lossless (the columns come from the model).
package fix

import (
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type User struct {
	ID    int64
	Email string
}

func save(db *gorm.DB, users []User) (int, error) {
	db.Clauses(clause.OnConflict{DoNothing: true}).Create(&users) // want `^ignored conflict: \(\*gorm\.DB\)\.Create runs`
	return len(users), nil
}

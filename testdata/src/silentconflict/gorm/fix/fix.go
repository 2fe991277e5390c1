// Package fix holds a gorm write whose discarded error a suggested fix
// checks.
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

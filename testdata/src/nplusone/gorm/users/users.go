// Package users holds gorm loops.
package users

import (
	"gorm.io/gorm"
)

type User struct {
	ID     uint
	Name   string
	Orders []Order
}

type Order struct {
	ID     uint
	UserID uint
}

// Per row of a slice filled by Find.
func ordersPerUser(db *gorm.DB) { // want ordersPerUser:`^query\(\(\*gorm\.DB\)\.Find\)$`
	var users []User
	db.Where("active = ?", true).Find(&users)
	for i, u := range users {
		db.Where("user_id = ?", u.ID).Find(&users[i].Orders) // want `^query per row: \(\*gorm\.DB\)\.Find runs once per row of \(\*gorm\.DB\)\.Find at line 22 \(loop at line 23\); load them at once with bulkgorm\.Load$`
	}
}

func createEach(db *gorm.DB, users []User) { // want createEach:`^query\(\(\*gorm\.DB\)\.Create\)$`
	for _, u := range users {
		db.Create(&u) // want `^query in loop: \(\*gorm\.DB\)\.Create runs once per element of users \(loop at line 29\); insert them at once with bulk\.Insert$`
	}
}

func firstEach(db *gorm.DB, ids []uint) { // want firstEach:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, id := range ids {
		var u User
		db.First(&u, id) // want `query in loop: \(\*gorm\.DB\)\.First runs once per element of ids`
	}
}

// Negative: one query with IN for all keys, and Preload's batched load.
func batched(db *gorm.DB, ids []uint) { // want batched:`^query\(\(\*gorm\.DB\)\.Find\)$`
	var users []User
	db.Where("id IN ?", ids).Find(&users)
	db.Preload("Orders").Find(&users)
	db.CreateInBatches(users, 500)
}

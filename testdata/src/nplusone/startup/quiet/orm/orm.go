// Package orm holds schema set-up through gorm's AutoMigrate, gormigrate,
// xorm's Sync and xorm's migrate package: code that runs once.
package orm

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
	"xorm.io/xorm"
	xmigrate "xorm.io/xorm/migrate"
)

type Role struct {
	ID   int64
	Name string
}

var defaults = []Role{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}, {Name: "e"}, {Name: "f"}, {Name: "g"}, {Name: "h"}, {Name: "i"}}

// Silent: a function that migrates the schema with AutoMigrate is set-up
// code; seeding the default rows one by one there runs once.
func Setup(db *gorm.DB, models []any) error { // want Setup:`^query\(\(\*gorm\.DB\)\.Create\) startup$`
	for _, m := range models {
		if err := db.AutoMigrate(m); err != nil {
			return err
		}
	}
	for _, r := range defaults {
		if err := db.Create(&r).Error; err != nil {
			return err
		}
	}
	return nil
}

// Silent: migrations registered with gormigrate.
func Migrate(db *gorm.DB) error { // want Migrate:`^query\(\(\*gormigrate\.Gormigrate\)\.Migrate -> .*\) startup$`
	m := gormigrate.New(db, gormigrate.DefaultOptions, []*gormigrate.Migration{{
		ID: "202601010000",
		Migrate: func(tx *gorm.DB) error {
			for _, r := range defaults {
				if err := tx.Model(&Role{}).Where("name = ?", r.Name).Update("name", r.Name+"_v2").Error; err != nil {
					return err
				}
			}
			return nil
		},
	}})
	return m.Migrate()
}

// Silent: xorm's Sync per table.
func SyncTables(engine *xorm.Engine, tables []any) error { // want SyncTables:`^query\(\(\*xorm\.Engine\)\.Sync -> .*\) startup$`
	for _, t := range tables {
		if err := engine.Sync(t); err != nil {
			return err
		}
	}
	return nil
}

// Silent: xorm's migrate package.
func MigrateXorm(engine *xorm.Engine) error { // want MigrateXorm:`^query\(\(\*migrate\.Migrate\)\.Migrate -> .*\) startup$`
	m := xmigrate.New(engine, xmigrate.DefaultOptions, []*xmigrate.Migration{{
		ID: "1",
		Migrate: func(tx *xorm.Engine) error {
			for _, r := range defaults {
				if _, err := tx.Insert(&r); err != nil {
					return err
				}
			}
			return nil
		},
	}})
	return m.Migrate()
}

// --- positive ---

// Not set-up code: a request's writes.
func Rename(db *gorm.DB, roles []Role) { // want Rename:`^query\(\(\*gorm\.DB\)\.Update\)$`
	for _, r := range roles {
		db.Model(&Role{}).Where("id = ?", r.ID).Update("name", r.Name) // want `^query in loop: \(\*gorm\.DB\)\.Update runs once per element of roles`
	}
}

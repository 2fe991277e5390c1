// Package upsert shows gorm upserts whose conflict clause updates some
// columns only.
package upsert

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type Setting struct {
	ID        uint
	Key       string `gorm:"uniqueIndex"`
	Value     string
	UpdatedAt time.Time
}

func sync(db *gorm.DB, rows []Setting, now time.Time) error {
	for i := range rows {
		rows[i].Value = "v"
		rows[i].UpdatedAt = now
	}
	return db.Clauses(clause.OnConflict{ // want `^upsert skips mutated fields: \(\*gorm\.DB\)\.Create updates only value of existing rows of rows but UpdatedAt \(updated_at\) was changed at line 22 and is lost for every row that exists; add the column to the update list, or write them with bulk\.Upsert \(every column but the key by default\)$`
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value"}),
	}).Create(&rows).Error
}

// Silent: every changed column is in the update list.
func listed(db *gorm.DB, rows []Setting, now time.Time) {
	for i := range rows {
		rows[i].Value = "v"
		rows[i].UpdatedAt = now
	}
	db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"}),
	}).Create(&rows)
}

// Silent: UpdateAll updates every column; DoNothing updates none.
func all(db *gorm.DB, rows []Setting, now time.Time) {
	for i := range rows {
		rows[i].UpdatedAt = now
	}
	db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&rows)
}

// Silent: a plain Create inserts every column.
func plain(db *gorm.DB, s *Setting) {
	s.Value = "v"
	db.Create(s)
}

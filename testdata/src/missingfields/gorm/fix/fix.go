package fix

import (
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type Profile struct {
	ID     uint
	Name   string
	Bio    string
	Visits int
}

func selectFields(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	p.Visits++
	db.Model(p).Select("name").Updates(p) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Updates writes name of p but Bio \(bio\) and Visits \(visits\)`
}

func updatesMap(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Model(p).Updates(map[string]any{"name": p.Name}) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Updates writes name of p but Bio \(bio\)`
}

// No fix: Update writes the value given, not the field.
func updateOne(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Model(p).Update("name", "x") // want `^update skips mutated fields: \(\*gorm\.DB\)\.Update writes name of p but Bio \(bio\)`
}

func upsert(db *gorm.DB, ps []Profile) {
	for i := range ps {
		ps[i].Bio = "b"
		ps[i].Visits = 1
	}
	db.Clauses(clause.OnConflict{DoUpdates: clause.AssignmentColumns([]string{"bio"})}).Create(&ps) // want `^upsert skips mutated fields: \(\*gorm\.DB\)\.Create updates only bio of existing rows of ps but Visits \(visits\)`
}

package gorm

import "gorm.io/gorm"

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

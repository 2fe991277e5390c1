package updates

import (
	"time"

	"gorm.io/gorm"
)

type Profile struct {
	ID        uint
	Name      string
	Bio       string
	Visits    int
	CreatedAt time.Time `gorm:"<-:create"`
	Posts     []Post    // a relation, not a column
}

type Post struct {
	ID        uint
	ProfileID uint
	Title     string
}

func selectFields(db *gorm.DB, p *Profile) error {
	p.Name = "n"
	p.Bio = "b"
	return db.Select("name").Updates(p).Error // want `^update skips mutated fields: \(\*gorm\.DB\)\.Updates writes name of p but Bio \(bio\) was changed at line 26 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
}

func selectByFieldName(db *gorm.DB, p Profile) {
	p.Name = "n"
	p.Visits++
	db.Model(&p).Select("Name").Updates(&p) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Updates writes Name of p but Visits \(visits\) was changed at line 32`
}

func updateOne(db *gorm.DB, p *Profile) {
	p.Visits += 1
	p.Bio = "b"
	db.Model(p).Update("visits", p.Visits) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Update writes visits of p but Bio \(bio\) was changed at line 38`
}

func omit(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Model(p).Omit("bio").Updates(p) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Updates writes every column but bio of p but Bio \(bio\) was changed at line 43`
}

func updatesMap(db *gorm.DB, p *Profile) {
	p.Name = "n"
	p.Bio = "b"
	db.Model(p).Updates(map[string]any{"name": p.Name}) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Updates writes name of p but Bio \(bio\) was changed at line 49`
}

func selectSlice(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Select([]string{"name"}).Updates(p) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Updates writes name of p but Bio \(bio\) was changed at line 54`
}

// Silent: Save writes the whole row.
func save(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Save(p)
}

// Silent: Updates without Select writes every non-zero field.
func updatesAll(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Updates(p)
}

// Silent: Select("*") writes every column.
func selectAll(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Select("*").Updates(p)
}

// Silent: relations, the primary key and create-only columns.
func notUpdated(db *gorm.DB, p *Profile) {
	p.Posts = nil
	p.ID = 2
	p.CreatedAt = time.Now()
	db.Select("name").Updates(p)
}

// Silent: the bio change is saved by Save before the partial update.
func savedFirst(db *gorm.DB, p *Profile) {
	p.Bio = "b"
	db.Save(p)
	p.Name = "n"
	db.Select("name").Updates(p)
}

// Silent: the selected names come from a variable.
func dynamicSelect(db *gorm.DB, p *Profile, cols []string) {
	p.Bio = "b"
	db.Select(cols).Updates(p)
}

// Raw SQL through gorm's Exec with positional arguments.
func raw(db *gorm.DB, p *Profile) {
	p.Visits = 0
	db.Exec("UPDATE profiles SET name = ? WHERE id = ?", p.Name, p.ID) // want `^update skips mutated fields: \(\*gorm\.DB\)\.Exec writes name of profiles but Visits \(visits\) was changed at line 100`
}

// Silent: a table-qualified name selects the column.
func qualified(db *gorm.DB, p *Profile) { // want qualified:`writes\(param 1: bio via \(\*gorm\.DB\)\.Updates\)`
	p.Bio = "b"
	db.Select("profiles.bio").Updates(p)
}

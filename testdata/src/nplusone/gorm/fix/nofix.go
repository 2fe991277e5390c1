package fix

import (
	"context"
	"log"

	"gorm.io/gorm"
)

// Each loop below is reported and gets no fix: a load before the loop
// could see other rows, or give other results, than the reads in it.

// Scoped reads through a chain with a condition of its own.
func Scoped(db *gorm.DB, tenant string, orders []Order) error { // want Scoped:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, o := range orders {
		var c Customer
		if err := db.Where("tenant = ?", tenant).First(&c, o.CustomerID).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
	}
	return nil
}

// InlineString passes a string key inline, which gorm reads as SQL or as
// a key depending on its text.
func InlineString(db *gorm.DB, emails []string) error { // want InlineString:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, e := range emails {
		var c Customer
		if err := db.First(&c, e).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
	}
	return nil
}

// Unchecked drops the read's error.
func Unchecked(db *gorm.DB, ids []uint) { // want Unchecked:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, id := range ids {
		var c Customer
		db.First(&c, id) // want `^query in loop: .*First .*bulkgorm\.Load$`
		log.Print(c.Name)
	}
}

// Selected reads only some columns.
func Selected(db *gorm.DB, ids []uint) error { // want Selected:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, id := range ids {
		var c Customer
		if err := db.Select("name").First(&c, id).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
	}
	return nil
}

// WritesFirst creates the customer it then reads.
func WritesFirst(ctx context.Context, db *gorm.DB, orders []Order) error { // want WritesFirst:`^query\(.*\)`
	for _, o := range orders {
		if werr := db.Create(&Customer{Email: o.Email}).Error; werr != nil { // want `^query in loop: .*Create .*bulk\.Insert$`
			return werr
		}
		var c Customer
		if err := db.WithContext(ctx).Where("email = ?", o.Email).First(&c).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
	}
	return nil
}

// Outside scans into a row declared before the loop: First adds the
// primary key a previous read left in it to its conditions.
func Outside(db *gorm.DB, orders []Order) error { // want Outside:`^query\(\(\*gorm\.DB\)\.First\)$`
	var c Customer
	for _, o := range orders {
		if err := db.Where("email = ?", o.Email).First(&c).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
	}
	return nil
}

// Joined compares more than one column.
func Joined(db *gorm.DB, orders []Order) error { // want Joined:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, o := range orders {
		var c Customer
		if err := db.Where("email = ? AND name <> ''", o.Email).First(&c).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
	}
	return nil
}

// Wrapped is a type that embeds *gorm.DB: bulkgorm.Load takes the
// *gorm.DB itself.
type Wrapped struct{ *gorm.DB }

func (w Wrapped) Names(ids []uint) error { // want Names:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, id := range ids {
		var c Customer
		if err := w.First(&c, id).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
	}
	return nil
}

// touch reads a customer, then deletes the next one: its chain names the
// read, and one of its paths writes.
func touch(db *gorm.DB, id uint) error { // want touch:`^query\(.*\)`
	var c Customer
	if err := db.First(&c, id).Error; err != nil {
		return err
	}
	return db.Delete(&Customer{}, id+1).Error
}

// TouchesAfter reads each customer and calls touch, which may delete the
// customer a later element reads: a load before the loop would still
// hold it.
func TouchesAfter(db *gorm.DB, ids []uint) error { // want TouchesAfter:`^query\(.*\)`
	for _, id := range ids {
		var c Customer
		if err := db.First(&c, id).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
		if werr := touch(db, id); werr != nil { // want `^query in loop: fix\.touch .*`
			return werr
		}
	}
	return nil
}

// archive reads a customer, then deletes the next one in a function
// literal, as 3x-ui's DelInboundClientByEmail saves in a transaction it
// hands to a writer.
func archive(db *gorm.DB, id uint) error { // want archive:`^query\(.*\)`
	var c Customer
	if err := db.First(&c, id).Error; err != nil {
		return err
	}
	write := func() error { return db.Delete(&Customer{}, id+1).Error }
	return write()
}

// ArchivesAfter reads each customer and calls archive: its write, in a
// function literal, still counts.
func ArchivesAfter(db *gorm.DB, ids []uint) error { // want ArchivesAfter:`^query\(.*\)`
	for _, id := range ids {
		var c Customer
		if err := db.First(&c, id).Error; err != nil { // want `^query in loop: .*First .*bulkgorm\.Load$`
			return err
		}
		if werr := archive(db, id); werr != nil { // want `^query in loop: fix\.archive .*`
			return werr
		}
	}
	return nil
}

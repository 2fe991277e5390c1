package methods

import (
	"github.com/jmoiron/sqlx"
)

type Address struct {
	City string `db:"city"`
	Zip  string `db:"zip"`
}

type Customer struct {
	ID   int64   `db:"id"`
	Name string  `db:"name"`
	Tier int     `db:"tier"`
	Home Address `db:"home"`
	Work Address `db:"work"`
}

// Promote is a setter: it assigns a field through its pointer receiver.
func (c *Customer) Promote() { c.Tier++ }

// Rename assigns the name.
func (c *Customer) Rename(n string) { c.Name = n }

// Label changes nothing.
func (c *Customer) Label() string { return c.Name }

func (a *Address) Move(city string) { a.City = city }

func setters(db *sqlx.DB, cs []*Customer) {
	for _, c := range cs {
		c.Rename("x")
		c.Promote()
	}
	db.NamedExec("UPDATE customers SET name = :name WHERE id = :id", cs) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of customers but Tier \(tier\) was changed at line 34 and is not written`
}

// A change of a nested struct field names the nested column only.
func nested(db *sqlx.DB, c *Customer) {
	c.Work.City = "w"
	c.Home.Move("h")
	db.NamedExec("UPDATE customers SET work_city = :work.city WHERE id = :id", c) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes work_city of customers but Home\.City \(home\.city\) was changed at line 42 and is not written`
}

// An assignment to a whole struct field changes every column below it.
func whole(db *sqlx.DB, c Customer) {
	c.Home = Address{City: "c"}
	db.NamedExec("UPDATE customers SET name = :name WHERE id = :id", &c) // want `^update skips mutated fields: \(\*sqlx\.DB\)\.NamedExec writes name of customers but Home\.City \(home\.city\) and Home\.Zip \(home\.zip\) were changed at line 48 and are not written`
}

// Silent: Label is not a setter.
func notSetter(db *sqlx.DB, c *Customer) {
	c.Label()
	db.NamedExec("UPDATE customers SET tier = :tier WHERE id = :id", c)
}

// Silent: the change is in a function literal that may never run.
func literal(db *sqlx.DB, c *Customer) {
	f := func() { c.Tier = 3 }
	db.NamedExec("UPDATE customers SET name = :name WHERE id = :id", c)
	_ = f
}

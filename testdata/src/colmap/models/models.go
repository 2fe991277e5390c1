// Package models holds struct types for the colmap tests, loaded through the
// fixture module so that the real libraries' types (gorm.Model, bun.BaseModel,
// sql.Null*) are seen as an analyzer sees them.
//
// Each type's comment lists the columns colmap must compute, in order, one
// "want <library>:" line per library; "(pk)" marks a primary key and
// "(noupdate)" a column the library does not write in updates.
package models

import (
	"database/sql"
	"time"

	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

// User is the missingfields example: a loop sets Name and Email.
//
// want sqlx: id name email created_at
// want gorm: id(pk) name email created_at
// want bun: id(pk) name email created_at
type User struct {
	ID        int64     `db:"id" bun:",pk"`
	Name      string    `db:"name"`
	Email     string    `db:"email"`
	CreatedAt time.Time `db:"created_at"`
}

// Article uses gorm.Model and gorm's naming of initialisms.
//
// want gorm: id(pk) created_at updated_at deleted_at author_id html_body api_url title_text
type Article struct {
	gorm.Model
	AuthorID  uint
	HTMLBody  string
	APIURL    string
	TitleText string `gorm:"column:title_text"`
	Draft     bool   `gorm:"-"`
}

// Post is a bun model with a table name, an embedded prefix and a relation.
//
// want bun: id(pk) title meta_views meta_likes author_id created_at(noupdate)
type Post struct {
	bun.BaseModel `bun:"table:posts"`

	ID        int64 `bun:"id,pk,autoincrement"`
	Title     string
	Meta      Counters `bun:"embed:meta_"`
	AuthorID  int64
	Author    *User     `bun:"rel:belongs-to,join:author_id=id"`
	CreatedAt time.Time `bun:",skipupdate"`
	Secret    string    `bun:"-"`
}

// Counters is embedded with a prefix.
type Counters struct {
	Views int
	Likes int
}

// Person has nested and nullable fields.
//
// want sqlx: id home nick born home.street home.city nick.string nick.valid
type Person struct {
	ID   int
	Home Place
	Nick sql.NullString
	Born time.Time
	note string
}

// Place is nested, not embedded, in Person.
type Place struct {
	Street string
	City   string
}

// Page is a generic model; Page[int] is mapped through PageOfInt.
type Page[T any] struct {
	Items T `db:"items" gorm:"column:items" bun:"items"`
	Total int
}

// PageOfInt instantiates Page.
//
// want sqlx: items total
// want gorm: items total
// want bun: items total
type PageOfInt = Page[int]

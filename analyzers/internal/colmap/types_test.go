package colmap_test

import (
	"database/sql"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

// The struct types below are mapped twice by the tests: at run time by each
// library (reflectx, gorm's schema.Parse, bun's schema.Tables) and
// statically by colmap after loading this test package with go/packages.

type Plain struct {
	ID         int
	Name       string
	Email      string
	CreatedAt  time.Time
	unexported int
}

type Tagged struct {
	ID         int64  `db:"user_id" gorm:"column:user_id;primaryKey" bun:"user_id,pk"`
	FullName   string `db:"full_name,omitempty" gorm:"column:full_name" bun:"full_name,notnull"`
	Skip       string `db:"-" gorm:"-" bun:"-"`
	SkipAll    string `gorm:"-:all"`
	ReadOnly   string `gorm:"->"`
	ReadFalse  string `gorm:"->:false"`
	CreateOnly string `gorm:"<-:create" bun:",skipupdate"`
	WriteOnly  string `gorm:"<-"`
	Migr       string `gorm:"-:migration"`
	EmptyName  string `db:",omitempty" bun:",nullzero"`
	ColOpt     string `bun:"ignored,column:col_opt" gorm:"COLUMN:Col_Opt"`
	Spaced     string `gorm:" column : spaced ; not null"`
	NoConv     string `db:"noconv,"`
	HTMLBody   string
	UserID     int
	APIKey     string
	URL        string
	Addr2Line  string
	IPv4Addr   string
	X          int
	ABCDef     string
	unexported string `db:"unexported" gorm:"column:unexported" bun:"unexported"`
}

type Base struct {
	ID        int64 `gorm:"primaryKey" bun:",pk"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

type base struct {
	Version int
	hidden  int
}

type Embeds struct {
	Base
	base
	Name string
}

type EmbedsPtr struct {
	*Base
	Name string
}

type Audit struct {
	By string
	At time.Time
}

type Prefixed struct {
	Base  `db:"base"`
	Audit Audit `db:"audit" gorm:"embedded;embeddedPrefix:audit_" bun:"embed:audit_"`
	Name  string
}

type Other struct {
	Name  string
	Extra string `bun:"extra"`
}

type Collide struct {
	Base
	ID   int64
	Name string
	Other
}

type Deep struct {
	Prefixed `gorm:"embeddedPrefix:p_"`
	Level    int
}

type Address struct {
	City string
	Zip  string `db:"zip_code"`
}

type WithNested struct {
	ID      int
	Home    Address
	Work    *Address `db:"work"`
	Null    sql.NullString
	Count   sql.NullInt64
	When    *time.Time
	Created time.Time
}

type GormUser struct {
	gorm.Model
	Name     string
	Email    *string
	Age      uint8
	Birthday *time.Time
	Data     []byte
	Raw      json.RawMessage
	Tags     []string `gorm:"serializer:json"`
	Null     sql.NullString
	Typed    []int `gorm:"type:int[]"`
	Props    Audit `gorm:"type:jsonb"`
	Ser      Audit `gorm:"serializer:json"`
	JSONTag  Audit `gorm:"json"`
	Ratio    float64
	Flag     bool
}

type Node struct {
	ID       int
	Name     string
	Parent   *Node
	Children []Node
}

type MutualA struct {
	ID int
	B  *MutualB
}

type MutualB struct {
	ID int
	A  *MutualA
}

type SelfEmbed struct {
	*SelfEmbed
	Val int
}

type Pair[K comparable, V any] struct {
	Key     K `db:"k" gorm:"column:k" bun:"k"`
	Val     V
	Created time.Time
}

type PairIntString = Pair[int, string]

type HasPair struct {
	Pair[int, string]
	Extra string
}

type Label string

type WithLabel struct {
	Label
	ID int
}

type Profile struct {
	ID int64 `bun:",pk"`
}

type BunUser struct {
	bun.BaseModel `bun:"table:users,alias:u"`
	ID            int64 `bun:",pk,autoincrement"`
	Name          string
	Profile       *Profile `bun:"rel:belongs-to,join:profile_id=id"`
	ProfileID     int64
	Scan          string `bun:",scanonly"`
	Tagged        string `bun:"type:varchar(10),default:'x'"`
}

type AmbigA struct {
	Name string
	Only string
}

type AmbigB struct {
	Name  string `bun:"name"`
	Other string
}

type Ambiguous struct {
	AmbigA
	AmbigB
}

type IDOnly struct {
	Id   int
	Name string
}

type Empty struct{}

type EmbedsEmpty struct {
	Empty
	ID int
}

type Odd struct {
	Ptr  uintptr
	Cplx complex128
	Fn   func()
	Ch   chan int
	M    map[string]int
	I    any
	Arr  [4]byte
	B    []uint8
}

type NullEmbed struct {
	sql.NullString
	ID int
}

type TimeEmbed struct {
	time.Time
	ID int
}

type PtrPrefixed struct {
	Audit *Audit `db:"a" gorm:"embedded;embeddedPrefix:a_" bun:"embed:a_"`
	Base  *Base  `gorm:"embedded"`
	ID    int
}

type TagCollide struct {
	Audit `db:"by"`
	By    string
	base  `db:"version"`
}

type AmbigTagged struct {
	AmbigA
	AmbigB
	Other
}

type PKs struct {
	Code string `gorm:"primaryKey" bun:",pk"`
	Lang string `gorm:"primary_key" bun:",pk"`
	ID   int
}

type NotPK struct {
	ID   int `gorm:"primaryKey:false"`
	Name string
}

type lowerID struct {
	Id int
}

type EmbedsLower struct {
	lowerID
	Name string
}

type DeepEmbed struct {
	Embeds
	Prefixed `db:"p" gorm:"embeddedPrefix:p_"`
	Extra    string
}

// IDHolder, PKTagged and PKOuter: a primaryKey tag on an embedding field is
// copied to the embedded fields, so gorm's id fallback inside the embedded
// schema survives one more level of embedding.
type IDHolder struct {
	Id int
}

type PKTagged struct {
	IDHolder `gorm:"primaryKey"`
}

type PKOuter struct {
	Other    *PKTagged `gorm:"embedded;embeddedPrefix:o_"`
	PKTagged `gorm:"embeddedPrefix:x_"`
	Name     string
}

// EmbeddedValuer: gorm does not flatten a driver.Valuer even when tagged
// embedded.
type EmbeddedValuer struct {
	Nick sql.NullString `gorm:"embedded;embeddedPrefix:n_"`
	ID   int
}

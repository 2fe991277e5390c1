// Package colmap maps the fields of a Go struct type, as seen by static
// analysis (go/types), to the database columns that a library reads and
// writes for it.
//
// # Why it is hand-written
//
// Each library computes its mapping at run time from a reflect.Type: sqlx
// through github.com/jmoiron/sqlx/reflectx (Mapper.TypeMap), gorm through
// gorm.io/gorm/schema.Parse, bun through its schema.Table. Static analysis has
// no reflect.Type for the code under analysis, only *types.Struct and
// *types.Named, so this package walks go/types structures with the same rules.
// Where a library exposes its rules as pure functions on strings they are
// called directly (gorm's schema.ParseTagSetting and NamingStrategy.ColumnName,
// reflect.StructTag.Get for tag lookup); the rest mirrors the libraries'
// source line by line, and the tests compare the result with each library's
// own run-time mapping of the same struct types.
//
// # What it mirrors
//
//   - SQLX: reflectx.getMapping with sqlx's default mapper
//     (NewMapperFunc("db", strings.ToLower)). A column is an entry of
//     StructMap.Names: its name is the dotted path ("addr.city"). Non-embedded
//     struct fields are a column and their exported fields nested columns;
//     embedded structs are flattened, under "tag." when the embedded field has
//     a db tag; `db:"-"` and unexported non-embedded fields are skipped; a
//     field whose type repeats an enclosing field's type is not descended into.
//     time.Time is a column with no nested columns (its fields are unexported);
//     sql.NullString is a column plus "x.string" and "x.valid", as in reflectx.
//   - GORM: schema.Parse with the default NamingStrategy. A column is an entry
//     of Schema.DBNames whose winning field can be read or written: `column:`
//     tags, snake_case naming, anonymous and `embedded` structs flattened with
//     `embeddedPrefix`, `-`, `-:all`, `->` and `<-` permissions, the shortest
//     path winning a name clash, primary keys from `primaryKey` or a field
//     named ID. Non-embedded struct, slice and map fields are relationships,
//     not columns, unless they are time.Time, []byte, a driver.Valuer, have a
//     GormDataType method or a `type:` or `serializer:` tag.
//   - Bun: schema.Table.Fields: `bun:"name"`, `bun:",pk"`, `column:`,
//     `embed:prefix`, `bun:"-"`, underscore naming, embedded structs with
//     bun's ambiguity rule, bun.BaseModel ignored, `rel:`/`m2m:` and
//     `scanonly` fields not columns, ordered by field index.
//
// # Use
//
//	m, err := colmap.Of(colmap.SQLX, elemType) // e.g. the element of []User
//	if err != nil { return } // ErrNotStruct, ErrTooLarge: report nothing
//	for _, c := range m.ByField(assignedField) { ... c.Name ... }
//
// # Terms
//
// A column is backed by exactly one leaf field (Column.Field), reached from
// the mapped struct through Column.Path. The same *types.Var can back several
// columns (two fields of the same struct type); Mapping.ByField returns all of
// them, and Mapping.Within returns the columns below a field (an assignment
// to a whole struct field overwrites them all). Fields of instantiated
// generic types are distinct *types.Var objects; ByField and Within also
// accept the generic origin field. Columns keep the library's order, so
// results are deterministic. Nothing is cached: callers that map the same
// type often keep the *Mapping.
//
// # Known differences
//
// Decisions that depend on values computed at run time are approximated: a
// gorm field whose type implements driver.Valuer or has a GormDataType method
// is always a column (gorm also calls Value on the zero value to refine its
// data type); gorm's Serializer interface is recognised only by tag; custom
// sqlx mappers (DB.MapperFunc, sqlx.NameMapper) and gorm NamingStrategy
// options (prefixes, NameReplacer, NoLowerCase) are not seen. Types that the
// libraries reject at run time (gorm relationships without a foreign key,
// gorm fields of unsupported kinds, embedding cycles) still get a mapping. A field whose type is a type parameter is treated
// as a plain column.
package colmap

package colmap

import (
	"errors"
	"fmt"
	"go/types"
	"strings"
)

// Library selects whose mapping rules apply.
type Library uint8

const (
	// SQLX is github.com/jmoiron/sqlx with its default mapper: `db` tags,
	// otherwise strings.ToLower of the field name.
	SQLX Library = iota + 1
	// GORM is gorm.io/gorm with its default schema.NamingStrategy.
	GORM
	// Bun is github.com/uptrace/bun.
	Bun
	// XORM is xorm.io/xorm: `xorm` tags, otherwise the field name in snake
	// case (the column names of xorm's SnakeMapper and GonicMapper differ
	// only in initialisms: compare them with [SameXormName]).
	XORM
)

// String returns the library's import-path-like short name.
func (l Library) String() string {
	switch l {
	case SQLX:
		return "sqlx"
	case GORM:
		return "gorm"
	case Bun:
		return "bun"
	case XORM:
		return "xorm"
	}
	return fmt.Sprintf("Library(%d)", uint8(l))
}

// maxFields bounds the number of fields one mapping visits, so that huge or
// combinatorially nested types cannot stall an analysis.
const maxFields = 1 << 14

// ErrNotStruct is returned by Of for a type that is not a struct or a
// pointer to one.
var ErrNotStruct = errors.New("colmap: not a struct type")

// ErrTooLarge is returned by Of when the mapping would visit more fields than
// the package's bound (nested struct paths grow multiplicatively).
var ErrTooLarge = errors.New("colmap: struct type too large to map")

// Step is one field selection on the way from the mapped struct to a column's
// leaf field.
type Step struct {
	// Index is the field's position in its struct (types.Struct.Field(Index)).
	Index int
	// Field is the selected field.
	Field *types.Var
}

// Column is one database column backed by a struct field.
type Column struct {
	// Name is the column name the library uses: for SQLX the dotted path
	// that named queries bind (":addr.city"), for GORM and Bun the SQL
	// column name.
	Name string
	// Path leads from the mapped struct to the leaf field, through embedded
	// and (for SQLX) nested structs. It is never empty.
	Path []Step
	// PrimaryKey reports whether the library treats the column as (part of)
	// the primary key: gorm's primaryKey tag or its ID/id fallback, bun's
	// pk option. Always false for SQLX, which has no notion of keys.
	PrimaryKey bool
	// Updatable reports whether the library itself writes the column when
	// it builds an UPDATE: false for gorm fields with `->` or `<-:create`,
	// bun fields with skipupdate, xorm fields with `<-`, created, deleted or
	// version. Always true for SQLX, whose SQL the user writes.
	Updatable bool
	// AutoUpdated reports whether the library sets the column itself on
	// every update of the struct, listed or not: xorm's updated tag.
	AutoUpdated bool
}

// Field returns the leaf field backing the column.
func (c Column) Field() *types.Var { return c.Path[len(c.Path)-1].Field }

// Index returns the field index sequence of the column's path, as used by
// reflect.Value.FieldByIndex.
func (c Column) Index() []int {
	idx := make([]int, len(c.Path))
	for i, s := range c.Path {
		idx[i] = s.Index
	}
	return idx
}

// FieldPath returns the Go selector path of the column's field, such as
// "Addr.City" or "Base.ID" (embedded fields are spelled out).
func (c Column) FieldPath() string {
	var b strings.Builder
	for i, s := range c.Path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.Field.Name())
	}
	return b.String()
}

// Mapping is the column mapping of one struct type under one library. It is
// immutable and safe for concurrent use.
type Mapping struct {
	lib     Library
	typ     types.Type
	columns []Column
	byName  map[string]int
	byField map[*types.Var][]int
}

// Of computes the column mapping of t, a struct type or a pointer to one
// (named, instantiated or literal), under lib's rules. It returns ErrNotStruct
// for other types and ErrTooLarge for types beyond the package's size bound.
func Of(lib Library, t types.Type) (*Mapping, error) {
	if t == nil {
		return nil, ErrNotStruct
	}
	st := structOf(t)
	if st == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotStruct, t)
	}
	var (
		cols []Column
		err  error
	)
	switch lib {
	case SQLX:
		cols, err = sqlxColumns(st)
	case GORM:
		cols, err = gormColumns(st)
	case Bun:
		cols, err = bunColumns(st)
	case XORM:
		cols, err = xormColumns(st)
	default:
		return nil, fmt.Errorf("colmap: unknown library %v", lib)
	}
	if err != nil {
		return nil, err
	}
	m := &Mapping{
		lib:     lib,
		typ:     t,
		columns: cols,
		byName:  make(map[string]int, len(cols)),
		byField: make(map[*types.Var][]int, len(cols)),
	}
	for i, c := range cols {
		if _, dup := m.byName[c.Name]; !dup {
			m.byName[c.Name] = i
		}
		f := c.Field()
		m.byField[f] = append(m.byField[f], i)
		if o := f.Origin(); o != f {
			m.byField[o] = append(m.byField[o], i)
		}
	}
	return m, nil
}

// structOf returns the struct under t after following pointers, or nil.
func structOf(t types.Type) *types.Struct {
	for range 8 { // a pointer chain longer than that is not a model
		switch u := t.Underlying().(type) {
		case *types.Struct:
			return u
		case *types.Pointer:
			t = u.Elem()
		default:
			return nil
		}
	}
	return nil
}

// Library returns the library whose rules produced the mapping.
func (m *Mapping) Library() Library { return m.lib }

// Type returns the type the mapping was computed for.
func (m *Mapping) Type() types.Type { return m.typ }

// Len returns the number of columns.
func (m *Mapping) Len() int { return len(m.columns) }

// Columns returns the columns in the library's order (reflectx's
// breadth-first order for SQLX, Schema.DBNames order for GORM, Table.Fields
// order for Bun). The slice is a copy; the Path slices are shared and must
// not be modified.
func (m *Mapping) Columns() []Column {
	return append([]Column(nil), m.columns...)
}

// Column returns the column with the given name; the first one if the
// library maps several fields to it (bun does not deduplicate).
func (m *Mapping) Column(name string) (Column, bool) {
	i, ok := m.byName[name]
	if !ok {
		return Column{}, false
	}
	return m.columns[i], true
}

// ByField returns the columns backed by the field v, in column order: none if
// no column is (v is skipped, unexported, a relationship, or a struct that is
// flattened), several if v is reached through several paths. v may be the
// field of an instantiated generic type or its origin.
func (m *Mapping) ByField(v *types.Var) []Column {
	idx := m.byField[v]
	if len(idx) == 0 && v != nil {
		idx = m.byField[v.Origin()]
	}
	out := make([]Column, len(idx))
	for i, j := range idx {
		out[i] = m.columns[j]
	}
	return out
}

// Within returns the columns whose path goes through the field v, v's own
// column included: the columns an assignment to v (say, u.Home = addr, or
// u.Base = b for an embedded Base) overwrites. Like ByField, v may be an
// instantiated field or its origin.
func (m *Mapping) Within(v *types.Var) []Column {
	if v == nil {
		return nil
	}
	var out []Column
	for _, c := range m.columns {
		for _, s := range c.Path {
			if s.Field == v || s.Field.Origin() == v {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// Names returns the column names in column order.
func (m *Mapping) Names() []string {
	names := make([]string, len(m.columns))
	for i, c := range m.columns {
		names[i] = c.Name
	}
	return names
}

// appendStep returns path+s in a new slice, so paths never share a backing
// array that a later append could overwrite.
func appendStep(path []Step, s Step) []Step {
	out := make([]Step, len(path)+1)
	copy(out, path)
	out[len(path)] = s
	return out
}

// deref removes one level of pointer, like reflectx.Deref.
func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// derefAll removes all levels of pointer, like gorm's IndirectFieldType.
func derefAll(t types.Type) types.Type {
	for range 8 {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return t
		}
		t = p.Elem()
	}
	return t
}

package colmap

import (
	"go/types"
	"reflect"
	"strings"

	"gorm.io/gorm/schema"
)

// gormField mirrors the parts of gorm's schema.Field that decide columns.
type gormField struct {
	name       string // Go field name (schema.Field.Name)
	dbName     string
	hasType    bool // schema.Field.DataType != ""
	primaryKey bool
	creatable  bool
	updatable  bool
	readable   bool
	tags       map[string]string
	steps      []Step
}

func (f *gormField) permitted() bool { return f.creatable || f.updatable || f.readable }

// gormColumns mirrors schema.Parse with the default NamingStrategy and returns
// Schema.DBNames, each with its winning field, keeping fields that gorm reads
// or writes.
func gormColumns(root *types.Struct) ([]Column, error) {
	p := gormParser{active: make(map[*types.Struct]bool)}
	fields := p.parse(root)
	if p.tooLarge {
		return nil, ErrTooLarge
	}

	order, byDB := p.resolve(fields) // parse resolved already; resolve is idempotent
	cols := make([]Column, 0, len(order))
	for _, name := range order {
		f := byDB[name]
		if !f.permitted() {
			continue
		}
		cols = append(cols, Column{
			Name:       name,
			Path:       f.steps,
			PrimaryKey: f.primaryKey,
			Updatable:  f.updatable,
		})
	}
	return cols, nil
}

// resolve mirrors the second half of ParseWithSpecialTableName for one
// schema: the first appearance of a column name fixes its place, the shortest
// permitted path wins it, and a field named id or ID becomes the primary key
// when none is tagged. gorm runs it for embedded schemas too, which matters
// when a primaryKey tag is copied down from an embedding field.
func (p *gormParser) resolve(fields []*gormField) (order []string, byDB map[string]*gormField) {
	var (
		byName  = make(map[string]*gormField)
		primary []*gormField
	)
	byDB = make(map[string]*gormField)
	for _, f := range fields {
		if f.dbName != "" {
			v, ok := byDB[f.dbName]
			if !ok || (f.permitted() && len(f.steps) < len(v.steps)) {
				if !ok {
					order = append(order, f.dbName)
				}
				byDB[f.dbName] = f
				byName[f.name] = f
				if v != nil && v.primaryKey {
					primary = removeField(primary, v)
				}
				if f.primaryKey {
					primary = append(primary, f)
				}
			}
		}
		if of, ok := byName[f.name]; !ok || of.tags["-"] == "-" {
			byName[f.name] = f
		}
	}

	// Schema.LookUpField("id"), then "ID".
	lookup := func(name string) *gormField {
		if f, ok := byDB[name]; ok {
			return f
		}
		return byName[name]
	}
	pf := lookup("id")
	if pf == nil {
		pf = lookup("ID")
	}
	if pf != nil && !pf.primaryKey && len(primary) == 0 {
		pf.primaryKey = true
	}
	return order, byDB
}

func removeField(fs []*gormField, f *gormField) []*gormField {
	out := fs[:0:0]
	for _, g := range fs {
		if g.dbName != f.dbName {
			out = append(out, g)
		}
	}
	return out
}

type gormParser struct {
	active   map[*types.Struct]bool // structs being parsed: embedding cycles
	visited  int
	tooLarge bool
}

// parse mirrors the field loop of ParseWithSpecialTableName for one struct
// (the model or an embedded struct's own schema), including the default
// column names it assigns.
func (p *gormParser) parse(st *types.Struct) []*gormField {
	if p.active[st] {
		return nil // gorm itself would not terminate on an embedding cycle
	}
	p.active[st] = true
	defer delete(p.active, st)

	var fields []*gormField
	for i := 0; i < st.NumFields(); i++ {
		if p.visited++; p.visited > maxFields {
			p.tooLarge = true
			return nil
		}
		f := st.Field(i)
		if !f.Exported() {
			continue
		}
		pf, embedded := p.parseField(f, i, st.Tag(i))
		if embedded != nil {
			fields = append(fields, embedded...)
		} else if pf != nil {
			fields = append(fields, pf)
		}
	}
	for _, f := range fields {
		if f.dbName == "" && f.hasType {
			f.dbName = schema.NamingStrategy{}.ColumnName("", f.name)
		}
	}
	p.resolve(fields)
	return fields
}

// parseField mirrors schema.ParseField. For a flattened embedded struct it
// returns the embedded fields (with their steps prefixed) instead.
func (p *gormParser) parseField(v *types.Var, index int, rawTag string) (*gormField, []*gormField) {
	tags := schema.ParseTagSetting(reflect.StructTag(rawTag).Get("gorm"), ";")
	f := &gormField{
		name:       v.Name(),
		dbName:     tags["COLUMN"],
		primaryKey: checkTruth(tags["PRIMARYKEY"], tags["PRIMARY_KEY"]),
		creatable:  true,
		updatable:  true,
		readable:   true,
		tags:       tags,
		steps:      []Step{{Index: index, Field: v}},
	}
	indirect := derefAll(v.Type())
	ptr := types.NewPointer(indirect)
	isValuer := implementsValuer(ptr)
	kind := gormKindOf(indirect, ptr, isValuer)
	if tags["JSON"] != "" || tags["SERIALIZER"] != "" {
		kind = gormOther
	}
	gormDataType := kind
	if _, ok := tags["TYPE"]; ok {
		kind = gormOther
	}
	f.hasType = kind != gormNone

	if val, ok := tags["-"]; ok {
		switch strings.ToLower(strings.TrimSpace(val)) {
		case "-", "all":
			f.creatable, f.updatable, f.readable = false, false, false
			f.hasType = false
		}
	}
	if val, ok := tags["->"]; ok {
		f.creatable, f.updatable = false, false
		f.readable = strings.ToLower(val) != "false"
	}
	if val, ok := tags["<-"]; ok {
		f.creatable, f.updatable = true, true
		if val != "<-" {
			f.creatable = strings.Contains(val, "create")
			f.updatable = strings.Contains(val, "update")
		}
	}

	_, embeddedTag := tags["EMBEDDED"]
	if !embeddedTag && (gormDataType == gormTime || gormDataType == gormBytes || isValuer || !v.Embedded() || !f.permitted()) {
		return f, nil
	}
	st, ok := indirect.Underlying().(*types.Struct)
	if !ok || isValuer {
		// For a valuer gorm tests the kind of its underlying value
		// (sql.NullString's String), so even `embedded` does not flatten it.
		return f, nil
	}
	inner := p.parse(st)
	out := make([]*gormField, 0, len(inner))
	prefix, hasPrefix := tags["EMBEDDEDPREFIX"]
	for _, ef := range inner {
		c := *ef
		c.steps = append([]Step{{Index: index, Field: v}}, ef.steps...)
		if hasPrefix && c.dbName != "" {
			c.dbName = prefix + c.dbName
		}
		if c.primaryKey && !checkTruth(c.tags["PRIMARYKEY"], c.tags["PRIMARY_KEY"]) {
			c.primaryKey = false
		}
		merged := make(map[string]string, len(c.tags)+len(tags))
		for k, val := range c.tags {
			merged[k] = val
		}
		for k, val := range tags {
			merged[k] = val
		}
		c.tags = merged
		out = append(out, &c)
	}
	// An empty embedded struct still replaces the field.
	if out == nil {
		out = []*gormField{}
	}
	return nil, out
}

// checkTruth mirrors gorm's utils.CheckTruth.
func checkTruth(vals ...string) bool {
	for _, v := range vals {
		if v != "" && !strings.EqualFold(v, "false") {
			return true
		}
	}
	return false
}

type gormKind uint8

const (
	gormNone  gormKind = iota // DataType "": relationship or unsupported
	gormTime                  // schema.Time
	gormBytes                 // schema.Bytes
	gormOther                 // any other data type
)

// gormKindOf mirrors how ParseField derives DataType from the field's
// indirect type. Valuers and GormDataType implementers are assumed to be
// columns: gorm refines them by calling methods at run time.
func gormKindOf(indirect types.Type, ptr types.Type, isValuer bool) gormKind {
	if hasMethod(ptr, "GormDataType") {
		return gormOther
	}
	if isValuer {
		if isTimeStruct(indirect) {
			return gormTime
		}
		return gormOther
	}
	switch u := indirect.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&(types.IsBoolean|types.IsInteger|types.IsFloat|types.IsString) != 0 &&
			u.Kind() != types.Uintptr && u.Info()&types.IsUntyped == 0:
			return gormOther
		}
	case *types.Struct:
		if isTimeStruct(indirect) {
			return gormTime
		}
	case *types.Slice:
		if isPlainByte(u.Elem()) {
			return gormBytes
		}
	case *types.Array:
		if isPlainByte(u.Elem()) {
			return gormBytes
		}
	case *types.Interface:
		if _, ok := indirect.(*types.TypeParam); ok {
			return gormOther
		}
	}
	return gormNone
}

// isPlainByte reports whether t is uint8 itself (reflect.TypeOf(uint8(0))),
// not a named byte type.
func isPlainByte(t types.Type) bool {
	t = types.Unalias(t)
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == types.Uint8
}

// isTimeStruct reports whether t is convertible to time.Time: its underlying
// struct is time.Time's (unexported fields wall, ext, loc of package time).
func isTimeStruct(t types.Type) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok || st.NumFields() != 3 {
		return false
	}
	for i, name := range [...]string{"wall", "ext", "loc"} {
		f := st.Field(i)
		if f.Name() != name || f.Pkg() == nil || f.Pkg().Path() != "time" {
			return false
		}
	}
	return true
}

// hasMethod reports whether t's method set has a method called name.
func hasMethod(t types.Type, name string) bool {
	ms := types.NewMethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		if ms.At(i).Obj().Name() == name {
			return true
		}
	}
	return false
}

// implementsValuer reports whether t implements database/sql/driver.Valuer:
// a method Value() (driver.Value, error).
func implementsValuer(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Value")
	fn, ok := obj.(*types.Func)
	if !ok || !fn.Exported() {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 2 || sig.Variadic() {
		return false
	}
	return isNamed(sig.Results().At(0).Type(), "database/sql/driver", "Value") &&
		types.Identical(sig.Results().At(1).Type(), types.Universe.Lookup("error").Type())
}

// isNamed reports whether t is the named type pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkg
}

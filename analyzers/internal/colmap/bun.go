package colmap

import (
	"cmp"
	"go/types"
	"reflect"
	"slices"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// bunField mirrors the parts of bun's schema.Field that decide columns.
type bunField struct {
	name  string // SQL name
	tag   bunTag
	steps []Step
}

// bunColumns mirrors schema.Table.processFields and returns Table.Fields.
func bunColumns(root *types.Struct) ([]Column, error) {
	p := bunParser{active: make(map[*types.Struct]bool)}
	all := p.fields(root)
	if p.tooLarge {
		return nil, ErrTooLarge
	}
	var cols []Column
	for _, f := range all {
		if f.tag.has("rel") || f.tag.has("m2m") || f.tag.has("scanonly") {
			continue
		}
		cols = append(cols, Column{
			Name:       f.name,
			Path:       f.steps,
			PrimaryKey: f.tag.has("pk"),
			Updatable:  !f.tag.has("skipupdate"),
		})
	}
	return cols, nil
}

type bunParser struct {
	active   map[*types.Struct]bool // structs being processed: embedding cycles
	visited  int
	tooLarge bool
}

type bunEmbedded struct {
	prefix   string
	step     Step
	subfield *bunField
}

// fields mirrors processFields for one struct and returns Table.allFields
// (columns and relation fields, in field index order).
func (p *bunParser) fields(st *types.Struct) []*bunField {
	if p.active[st] {
		// bun hands out the table still in progress; its fields are not
		// known yet at this point, so none are embedded.
		return nil
	}
	p.active[st] = true
	defer delete(p.active, st)

	var (
		all      []*bunField
		names    = make(map[string]int)
		embedded []bunEmbedded
	)
	for i := 0; i < st.NumFields(); i++ {
		if p.visited++; p.visited > maxFields {
			p.tooLarge = true
			return nil
		}
		v := st.Field(i)
		step := Step{Index: i, Field: v}
		tagstr := reflect.StructTag(st.Tag(i)).Get("bun")
		if tagstr == "-" {
			names[v.Name()] = 0
			continue
		}
		tag := parseBunTag(tagstr)
		if !v.Exported() && !v.Embedded() {
			continue
		}
		if v.Embedded() {
			if v.Name() == "BaseModel" && isNamed(v.Type(), dbapi.PathBunSchema, "BaseModel") {
				continue
			}
			sub, ok := deref(v.Type()).Underlying().(*types.Struct)
			if !ok {
				continue
			}
			for _, sf := range p.fields(sub) {
				embedded = append(embedded, bunEmbedded{step: step, subfield: sf})
			}
			continue
		}
		if prefix, ok := tag.option("embed"); ok {
			sub, ok := derefAll(v.Type()).Underlying().(*types.Struct)
			if !ok {
				continue // bun panics: embed of a non-struct
			}
			for _, sf := range p.fields(sub) {
				embedded = append(embedded, bunEmbedded{prefix: prefix, step: step, subfield: sf})
			}
			continue
		}
		name := bunUnderscore(v.Name())
		if tag.name != "" {
			name = tag.name
		}
		if s, ok := tag.option("column"); ok {
			name = s
		}
		all = append(all, &bunField{name: name, tag: tag, steps: []Step{step}})
		names[name] = 0
	}

	// "Only unambiguous embedded fields must be serialized", and embedded
	// fields never override top-level ones.
	ambiguousNames := make(map[string]int)
	ambiguousTags := make(map[string]int)
	for name := range names {
		ambiguousNames[name]++
		ambiguousTags[name]++
	}
	for _, e := range embedded {
		ambiguousNames[e.prefix+e.subfield.name]++
		if !e.subfield.tag.isZero() {
			ambiguousTags[e.prefix+e.subfield.name]++
		}
	}
	for _, e := range embedded {
		n := e.prefix + e.subfield.name
		if ambiguousNames[n] > 1 && !(!e.subfield.tag.isZero() && ambiguousTags[n] == 1) {
			continue
		}
		all = append(all, &bunField{
			name:  n,
			tag:   e.subfield.tag,
			steps: append([]Step{e.step}, e.subfield.steps...),
		})
	}
	if len(embedded) > 0 {
		slices.SortStableFunc(all, func(a, b *bunField) int {
			for k := 0; k < len(a.steps) && k < len(b.steps); k++ {
				if c := cmp.Compare(a.steps[k].Index, b.steps[k].Index); c != 0 {
					return c
				}
			}
			return 0
		})
	}
	return all
}

// bunUnderscore mirrors bun's internal.Underscore: "CamelCased" to
// "camel_cased", keeping runs of capitals together.
func bunUnderscore(s string) string {
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	r := make([]byte, 0, len(s)+5)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			if i > 0 && i+1 < len(s) && (isLower(s[i-1]) || isLower(s[i+1])) {
				r = append(r, '_', c+32)
			} else {
				r = append(r, c+32)
			}
		} else {
			r = append(r, c)
		}
	}
	return string(r)
}

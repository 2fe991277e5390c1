package colmap

import (
	"go/types"
	"reflect"
	"strings"
)

// sqlxNode mirrors reflectx.FieldInfo: one field reached while walking the
// struct breadth first.
type sqlxNode struct {
	typ      types.Type // declared type of the field; nil for the root
	name     string     // mapped name (tag name or lower-cased field name)
	path     string     // dotted path of mapped names
	embedded bool
	steps    []Step
	parent   *sqlxNode
}

type sqlxQueued struct {
	st         *types.Struct // nil when the dequeued type is not a struct
	node       *sqlxNode
	parentPath string
}

// sqlxColumns mirrors reflectx.getMapping for
// NewMapperFunc("db", strings.ToLower) and keeps the entries sqlx binds by
// name: StructMap.Names.
func sqlxColumns(root *types.Struct) ([]Column, error) {
	var (
		index []*sqlxNode
		queue = []sqlxQueued{{st: root, node: &sqlxNode{}}}
	)
	visited := 0
QueueLoop:
	for len(queue) > 0 {
		tq := queue[0]
		queue = queue[1:]

		// reflectx: "ignore recursive field": a field whose type equals an
		// enclosing field's type is listed but not descended into.
		for p := tq.node.parent; p != nil; p = p.parent {
			if sameType(tq.node.typ, p.typ) {
				continue QueueLoop
			}
		}
		if tq.st == nil {
			continue
		}
		for i := 0; i < tq.st.NumFields(); i++ {
			if visited++; visited > maxFields {
				return nil, ErrTooLarge
			}
			f := tq.st.Field(i)
			tag, name := sqlxParseName(f, tq.st.Tag(i))
			if name == "-" {
				continue
			}
			n := &sqlxNode{typ: f.Type(), name: name}
			if tq.parentPath == "" {
				n.path = name
			} else {
				n.path = tq.parentPath + "." + name
			}
			if !f.Exported() && !f.Embedded() {
				continue
			}
			n.steps = appendStep(tq.node.steps, Step{Index: i, Field: f})
			n.parent = tq.node
			if f.Embedded() {
				pp := tq.parentPath
				if tag != "" {
					pp = n.path
				}
				n.embedded = true
				st, _ := deref(f.Type()).Underlying().(*types.Struct)
				queue = append(queue, sqlxQueued{st: st, node: n, parentPath: pp})
			} else if st := sqlxNestedStruct(f.Type()); st != nil {
				queue = append(queue, sqlxQueued{st: st, node: n, parentPath: n.path})
			}
			index = append(index, n)
		}
	}

	// reflectx fills Paths first-come, letting a later field replace an
	// embedded one; Names holds the non-embedded winners. The first
	// non-embedded field with a given path is therefore the column.
	var (
		cols  []Column
		taken = make(map[string]bool)
	)
	for _, n := range index {
		if n.embedded || taken[n.path] {
			continue
		}
		taken[n.path] = true
		if n.name == "" {
			continue
		}
		cols = append(cols, Column{Name: n.path, Path: n.steps, Updatable: true})
	}
	return cols, nil
}

// sqlxParseName mirrors reflectx.parseName with tag name "db", mapFunc
// strings.ToLower and no tag mapper. It returns the whole tag (name and
// options) and the mapped name.
func sqlxParseName(f *types.Var, rawTag string) (tag, name string) {
	name = strings.ToLower(f.Name())
	if !strings.Contains(rawTag, "db:") {
		return "", name
	}
	tag = reflect.StructTag(rawTag).Get("db")
	name, _, _ = strings.Cut(tag, ",")
	return tag, name
}

// sqlxNestedStruct mirrors reflectx's test for a non-embedded field it
// descends into: a struct, or a pointer to a struct.
func sqlxNestedStruct(t types.Type) *types.Struct {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		return u
	case *types.Pointer:
		st, _ := u.Elem().Underlying().(*types.Struct)
		return st
	}
	return nil
}

// sameType mirrors reflect.Type equality: identical types, nil only equal to
// nil.
func sameType(a, b types.Type) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return types.Identical(a, b)
}

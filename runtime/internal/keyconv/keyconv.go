// Package keyconv is what bulkgorm.Load and bulkbun.Load share: the
// caller's keys converted to values of the key field's Go type, and the
// rows an ORM query returns given to those keys (Load), chunk by chunk,
// with a key the database compares otherwise than Go read alone.
package keyconv

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Conv converts the caller's keys (type K) to values of the key field's
// Go type. A pointer key or a pointer field converts through its element
// type; a nil one has no value and matches nothing.
type Conv[K comparable] struct {
	ke, fe reflect.Type // K and the field's type, pointers dereferenced
}

// New accepts K when it is the field's type, or when both are of the
// same kind family (integers, signed or not; floats; complex numbers;
// strings; booleans): an int key for an int64 field, an int64 key for a
// uint field (gorm.Model's ID), a string key for a named string type.
func New[K comparable](field reflect.Type) (Conv[K], error) {
	kt := reflect.TypeFor[K]()
	ke, fe := deref(kt), deref(field)
	if ke.Kind() != reflect.Interface && ke.Kind() != reflect.Pointer &&
		(ke == fe || family(ke.Kind()) != 0 && family(ke.Kind()) == family(fe.Kind())) {
		return Conv[K]{ke: ke, fe: fe}, nil
	}
	return Conv[K]{}, fmt.Errorf("%v does not convert to %v", kt, field)
}

// Strings reports whether the field holds strings, which a database may
// compare otherwise than Go (a case-insensitive or pad-space collation,
// char(n)).
func (c Conv[K]) Strings() bool { return c.fe.Kind() == reflect.String }

func deref(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

func family(k reflect.Kind) int {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return 1
	case reflect.Float32, reflect.Float64:
		return 3
	case reflect.Complex64, reflect.Complex128:
		return 4
	case reflect.String:
		return 5
	case reflect.Bool:
		return 6
	}
	return 0
}

// ToField returns the value bound for k: k as a value of the field's
// type, exact, when it converts there and back unchanged. A key the field's
// type cannot hold (300 for an int8 field, -1 for a uint field, 0.1 for a
// float32 field) is bound as it is, not exact, as a read per key binds it:
// the database decides whether a row has it, or its driver refuses it. A
// nil key reports !ok: it is never bound, as no row equals NULL.
func (c Conv[K]) ToField(k K) (v any, exact, ok bool) {
	kv, ok := Elem(reflect.ValueOf(k))
	if !ok {
		return nil, false, false
	}
	if c.ke == c.fe {
		return kv.Interface(), true, true
	}
	fv := kv.Convert(c.fe)
	if signFlips(kv, fv) || fv.Convert(c.ke).Interface() != kv.Interface() {
		return kv.Interface(), false, true
	}
	return fv.Interface(), true, true
}

// Elem dereferences a pointer; false for a nil one.
func Elem(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, false
		}
		return v.Elem(), true
	}
	return v, true
}

// signFlips tells whether converting integer from to to changed its sign,
// which converting back would not show (int64(-1) to uint64 and back).
func signFlips(from, to reflect.Value) bool {
	switch {
	case from.CanInt() && to.CanUint():
		return from.Int() < 0
	case from.CanUint() && to.CanInt():
		return to.Int() < 0
	}
	return false
}

// Fold is s as a lenient collation may compare it: lower case, without
// trailing spaces or accents ("Été " and "ete" fold alike). Two keys that
// fold alike may be one key to the database (a case- or accent-insensitive
// or pad-space collation, char(n)); keys that fold apart are taken to be
// apart, which holds for those collations, not for every one.
func Fold(s string) string {
	s = strings.ToLower(strings.TrimRight(s, " "))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// String returns k's string when it is one (or points to one).
func String[K comparable](k K) (string, bool) {
	kv, ok := Elem(reflect.ValueOf(k))
	if !ok || kv.Kind() != reflect.String {
		return "", false
	}
	return kv.String(), true
}

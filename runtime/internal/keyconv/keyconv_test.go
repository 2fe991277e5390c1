package keyconv

import (
	"math"
	"reflect"
	"testing"
)

type code string

func TestToField(t *testing.T) {
	three := int64(3)
	for _, c := range []struct {
		name  string
		field reflect.Type
		conv  func(reflect.Type) (any, bool, error) // ToField of the case's key
		want  any                                   // the value bound; nil for none
		exact bool                                  // want is of the field's type
	}{
		{"int64 -1, uint", reflect.TypeFor[uint](), to(int64(-1)), int64(-1), false},
		{"int64 5, uint", reflect.TypeFor[uint](), to(int64(5)), uint(5), true},
		{"int -1, uint8", reflect.TypeFor[uint8](), to(-1), -1, false},
		{"uint64 1<<63, int64", reflect.TypeFor[int64](), to(uint64(1) << 63), uint64(1) << 63, false},
		{"uint64 max, int64", reflect.TypeFor[int64](), to(uint64(math.MaxUint64)), uint64(math.MaxUint64), false},
		{"uint64 7, *int64", reflect.TypeFor[*int64](), to(uint64(7)), int64(7), true},
		{"int 300, int8", reflect.TypeFor[int8](), to(300), 300, false},
		{"int -5, int8", reflect.TypeFor[int8](), to(-5), int8(-5), true},
		{"float64 0.1, float32", reflect.TypeFor[float32](), to(0.1), 0.1, false},
		{"float64 0.5, float32", reflect.TypeFor[float32](), to(0.5), float32(0.5), true},
		{"float64 +Inf, float64", reflect.TypeFor[float64](), to(math.Inf(1)), math.Inf(1), true},
		{"string, named string", reflect.TypeFor[code](), to("a"), code("a"), true},
		{"nil *int64, int64", reflect.TypeFor[int64](), to((*int64)(nil)), nil, false},
		{"*int64 3, int64", reflect.TypeFor[int64](), to(&three), int64(3), true},
	} {
		got, exact, err := c.conv(c.field)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want || exact != c.exact {
			t.Errorf("%s: %#v (exact %v), want %#v (exact %v)", c.name, got, exact, c.want, c.exact)
		}
	}
}

// to returns ToField of k for a field type.
func to[K comparable](k K) func(reflect.Type) (any, bool, error) {
	return func(field reflect.Type) (any, bool, error) {
		c, err := New[K](field)
		if err != nil {
			return nil, false, err
		}
		v, exact, ok := c.ToField(k)
		if !ok {
			return nil, false, nil
		}
		return v, exact, nil
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"abc", "ABC", true},
		{"Abc   ", "abc", true},
		{"Été", "ete", true},
		{"ÅNGSTRÖM", "angstrom", true},
		{"abc", "abd", false},
		{" abc", "abc", false}, // leading spaces count in every collation
		{"", "", true},
	} {
		if got := Fold(c.a) == Fold(c.b); got != c.same {
			t.Errorf("Fold(%q) == Fold(%q): %v, want %v", c.a, c.b, got, c.same)
		}
	}
}

func TestString(t *testing.T) {
	type code string
	s := "x"
	if v, ok := String(code("a")); !ok || v != "a" {
		t.Errorf("String(code) = %q, %v", v, ok)
	}
	if v, ok := String(&s); !ok || v != "x" {
		t.Errorf("String(*string) = %q, %v", v, ok)
	}
	if _, ok := String((*string)(nil)); ok {
		t.Error("String(nil) ok")
	}
	if _, ok := String(3); ok {
		t.Error("String(3) ok")
	}
}

package bulk

import (
	"database/sql/driver"
	"math"
	"reflect"
	"testing"
)

type sku string

type tenant int16

type valuedKey int

func (v valuedKey) Value() (driver.Value, error) { return "k" + string(rune('0'+int(v))), nil }

// TestAppendPlainKey checks that the key encoding scanRows and keyRefs use
// without boxing is keyOf's encoding of the driver value, the one every
// other path compares keys by.
func TestAppendPlainKey(t *testing.T) {
	for _, x := range []any{0, -1, math.MaxInt64, math.MinInt64, int8(-7), int16(300), int32(1 << 30), "", "a;b", "héllo", sku("X-1"), tenant(42)} {
		v := reflect.ValueOf(x)
		if !plainKey(v.Type()) {
			t.Errorf("plainKey(%T) = false, want true", x)
			continue
		}
		dv, err := driverValue(x)
		if err != nil {
			t.Fatal(err)
		}
		want := keyOf([]driver.Value{dv})
		if got := string(appendPlainKey(nil, v)); got != want {
			t.Errorf("appendPlainKey(%T %v) = %q, keyOf gives %q", x, x, got, want)
		}
	}
	for _, x := range []any{valuedKey(1), uint(3), 1.5, true, []byte("x")} {
		if plainKey(reflect.TypeOf(x)) {
			t.Errorf("plainKey(%T) = true, want false: its driver value is not its kind's", x)
		}
	}
}

package suppress

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	type want struct {
		ignore bool
		names  []string
		reason string
	}
	all := &want{}
	for _, tc := range []struct {
		text string
		want *want // nil: not a directive
	}{
		{"//nolint", all},
		{"// nolint", all},
		{"//nolint // why", all},
		{"//nolint:all", all},
		{"//nolint:nplusone,all", all},
		{"//nolint:NPlusOne", &want{names: []string{"nplusone"}}},
		{"//nolint:nplusone, silentconflict", &want{names: []string{"nplusone", "silentconflict"}}},
		{"//nolint:nplusone bounded", &want{names: []string{"nplusone"}}},
		{"//nolint:nplusone,silentconflict // why", &want{names: []string{"nplusone", "silentconflict"}}},
		{"//nolint:", nil},
		{"//nolintlint", nil},
		{"///nolint", nil},
		{"//	//nolint:nplusone", nil},
		{"//     //bulklint:ignore nplusone -- quoted in a doc comment", nil},
		{"/*nolint*/", nil},
		{"// not nolint", nil},
		{"//bulklint:ignore nplusone -- bounded", &want{ignore: true, names: []string{"nplusone"}, reason: "bounded"}},
		{"// bulklint:ignore a,b -- r -- s", &want{ignore: true, names: []string{"a", "b"}, reason: "r -- s"}},
		{"//bulklint:ignore a, b -- r", &want{ignore: true, names: []string{"a", "b"}, reason: "r"}},
		{"//bulklint:ignore nplusone", &want{ignore: true, names: []string{"nplusone"}}},
		{"//bulklint:ignore nplusone bounded", &want{ignore: true, names: []string{"nplusone"}}},
		{"//bulklint:ignore", &want{ignore: true}},
		{"//bulklint:ignored nplusone", nil},
	} {
		d := parse(tc.text)
		switch {
		case d == nil && tc.want == nil:
		case d == nil || tc.want == nil:
			t.Errorf("parse(%q) = %+v, want %+v", tc.text, d, tc.want)
		default:
			got := want{d.ignore, d.names, d.reason}
			if !reflect.DeepEqual(got, *tc.want) {
				t.Errorf("parse(%q) = %+v, want %+v", tc.text, got, *tc.want)
			}
		}
	}
}

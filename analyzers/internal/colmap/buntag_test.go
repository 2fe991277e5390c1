package colmap

import (
	"slices"
	"testing"
)

func TestParseBunTag(t *testing.T) {
	tests := []struct {
		in      string
		name    string
		options map[string][]string
	}{
		{"", "", nil},
		{"id", "id", nil},
		{",pk", "", map[string][]string{"pk": {""}}},
		{"id,pk,autoincrement", "id", map[string][]string{"pk": {""}, "autoincrement": {""}}},
		{"embed:meta_", "", map[string][]string{"embed": {"meta_"}}},
		{"type:varchar(10),default:'x,y'", "", map[string][]string{"type": {"varchar(10)"}, "default": {"'x"}, "y'": {""}}}, // bun splits unquoted values at commas
		{`"quoted",column:"a,b"`, "quoted", map[string][]string{"column": {"a,b"}}},
		{"rel:belongs-to,join:a=b,join:c=d", "", map[string][]string{"rel": {"belongs-to"}, "join": {"a=b", "c=d"}}},
	}
	for _, tt := range tests {
		got := parseBunTag(tt.in)
		if got.name != tt.name {
			t.Errorf("parseBunTag(%q).name = %q, want %q", tt.in, got.name, tt.name)
		}
		for k, v := range tt.options {
			if !slices.Equal(got.options[k], v) {
				t.Errorf("parseBunTag(%q).options[%q] = %q, want %q", tt.in, k, got.options[k], v)
			}
		}
	}
}

func FuzzParseBunTag(f *testing.F) {
	for _, s := range []string{"", "id,pk", `"q\"x",a:"b`, "type:x(y,\"(\"),z", `\"`, `a:"`, `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tag := parseBunTag(s)
		_ = tag.isZero()
		_, _ = tag.option("embed")
	})
}

func TestUnderscore(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "UserID": "user_id", "HTMLBody": "html_body", "IPv4Addr": "i_pv4_addr",
		"Addr2Line": "addr2_line", "X": "x", "": "", "already_snake": "already_snake",
	} {
		if got := bunUnderscore(in); got != want {
			t.Errorf("bunUnderscore(%q) = %q, want %q", in, got, want)
		}
	}
}

package missingfields

import "testing"

func TestSetListEnd(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want string // the text before the insertion point; "" for no fix
	}{
		{"UPDATE users SET name = :name WHERE id = :id", "UPDATE users SET name = :name"},
		{"UPDATE users SET name = :name", "UPDATE users SET name = :name"},
		{"UPDATE users SET name = :name  ;", "UPDATE users SET name = :name"},
		{"update users set name = :name\n\twhere id = :id", "update users set name = :name"},
		{"UPDATE users SET name = lower(:name) WHERE id = :id", "UPDATE users SET name = lower(:name)"},
		{"UPDATE users SET name = 'a where b' WHERE id = :id", "UPDATE users SET name = 'a where b'"},
		{"UPDATE users SET name = :name RETURNING id", "UPDATE users SET name = :name"},
		{"UPDATE users SET name = (SELECT n FROM t WHERE x = 1) WHERE id = :id", "UPDATE users SET name = (SELECT n FROM t WHERE x = 1)"},
		{"UPDATE users SET name = :name FROM other WHERE other.id = users.id", "UPDATE users SET name = :name"},
		{"UPDATE users SET name = :name -- note", ""},
		{"UPDATE users SET name = :name; DELETE FROM users", ""},
		{"UPDATE users SET name = 'unterminated", ""},
		{"DELETE FROM users WHERE id = :id", ""},
	} {
		off, ok := setListEnd(tc.sql)
		got := ""
		if ok {
			got = tc.sql[:off]
		}
		if got != tc.want {
			t.Errorf("setListEnd(%q) = %q, want %q", tc.sql, got, tc.want)
		}
	}
}

func TestAndList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := andList(tc.in); got != tc.want {
			t.Errorf("andList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

package sqltext

import (
	"slices"
	"testing"
)

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
		off, ok := SetListEnd(tc.sql)
		got := ""
		if ok {
			got = tc.sql[:off]
		}
		if got != tc.want {
			t.Errorf("SetListEnd(%q) = %q, want %q", tc.sql, got, tc.want)
		}
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want []string
	}{
		{"INSERT OR IGNORE INTO t (a) VALUES (1)", []string{"INSERT", "OR", "IGNORE", "INTO", "T", "A", "VALUES"}},
		{"insert into t values ('on duplicate') -- key\n on duplicate key update a = a", []string{"INSERT", "INTO", "T", "VALUES", "ON", "DUPLICATE", "KEY", "UPDATE", "A", "A"}},
		{`INSERT INTO "ignore" /* or ignore */ VALUES ($1)`, []string{"INSERT", "INTO", "VALUES"}},
	} {
		if got := Words(Known(tc.sql)); !slices.Equal(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.sql, got, tc.want)
		}
	}
}

package sqltext

import (
	"slices"
	"testing"
)

func TestParseKeyedRead(t *testing.T) {
	for _, tc := range []struct {
		sql   string
		cols  []string
		table string
		key   string
	}{
		{"SELECT id, email, name FROM customers WHERE id = $1", []string{"id", "email", "name"}, "customers", "id"},
		{"select c.id, c.name from shop.customers c where c.email = ? limit 1;", []string{"id", "name"}, "customers", "email"},
		{`SELECT "id", "name" FROM "customers" WHERE "id" = :id`, []string{"id", "name"}, "customers", "id"},
	} {
		kr, ok := ParseKeyedRead(tc.sql)
		if !ok || !slices.Equal(kr.Columns, tc.cols) || kr.Table.Name != tc.table || kr.Key != tc.key {
			t.Errorf("ParseKeyedRead(%q) = %+v, %v; want %v from %s by %s", tc.sql, kr, ok, tc.cols, tc.table, tc.key)
		}
	}
	// Each is more than one row by one key, or reads what a row struct
	// may not map.
	for _, sql := range []string{
		"SELECT * FROM customers WHERE id = $1",
		"SELECT id, name FROM customers WHERE id = $1 AND deleted_at IS NULL",
		"SELECT id, name FROM customers WHERE id = $1 OR id = $2",
		"SELECT id, lower(name) FROM customers WHERE id = $1",
		"SELECT id, name AS n FROM customers WHERE id = $1",
		"SELECT id, name FROM customers WHERE id = 1",
		"SELECT id, name FROM customers WHERE id > $1",
		"SELECT id, name FROM customers WHERE id = $1 LIMIT 2",
		"SELECT id, name FROM customers WHERE id = $1 ORDER BY name",
		"SELECT id, name FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = $1",
		"SELECT id, name FROM customers WHERE id = $1; DELETE FROM customers",
		"SELECT o.id FROM customers c WHERE c.id = $1",
		"SELECT DISTINCT id FROM customers WHERE id = $1",
		"SELECT id FROM customers WHERE id = $1 FOR UPDATE",
		"SELECT id, name FROM customers",
		"SELECT id FROM " + Hole + " WHERE id = $1",
		"SELECT id FROM customers WHERE id = '",
	} {
		if kr, ok := ParseKeyedRead(sql); ok {
			t.Errorf("ParseKeyedRead(%q) = %+v, want no keyed read", sql, kr)
		}
	}
}

package sqltext

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks that Parse accepts any text, in every dialect, and that
// its result keeps the invariants the analyzers rely on.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.sql)
	}
	f.Add("INSERT INTO t (a) VALUES (?)" + Hole + "ON CONFLICT" + Hole)
	f.Add("$a$ $b$ $a$ $$ $1$")
	f.Add("[a] [ [b]] `c``d` \"e\"\"f\" U&'x' X'0F' n'y'")
	f.Add("/* unterminated")
	f.Add("UPDATE t SET ((((a")
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range [...]Dialect{AnyDialect, Postgres, MySQL, SQLite} {
			st := d.Parse(s)
			check(t, s, st)
			// Trailing blanks end nothing that was not ended already.
			if got, want := describe(d.Parse(s+"\n ")), describe(st); got != want {
				t.Errorf("%s: trailing blanks change %q\n got: %s\nwant: %s", d, s, got, want)
			}
		}
	})
}

func check(t *testing.T, s string, st Statement) {
	t.Helper()
	hasHole := strings.Contains(s, Hole)
	if !hasHole && !st.Placeholders.Known {
		t.Errorf("placeholders unknown without a hole in %q", s)
	}
	if st.Placeholders.Count < 0 || st.Placeholders.Max < 0 || st.Rows.N < 0 {
		t.Errorf("negative count in %q: %+v", s, st)
	}
	if st.Rows.Known && st.Rows.N == 0 {
		t.Errorf("known zero rows in %q", s)
	}
	for _, c := range [...]Columns{st.Columns, st.Set, st.ConflictTarget} {
		for _, n := range c.Names {
			if strings.Contains(n, Hole) {
				t.Errorf("column name %q holds a hole in %q", n, s)
			}
		}
	}
	if strings.Contains(st.Table.Name+st.Table.Schema+st.Table.Alias, Hole) {
		t.Errorf("table %q holds a hole in %q", st.Table, s)
	}
	if !st.Table.Known && (st.Table.Name != "" || st.Table.Schema != "") {
		t.Errorf("unknown table with a name in %q: %+v", s, st.Table)
	}
	// The analyzers trust an Arbiter to be the one target in the text.
	if a := st.Arbiter; a.Known && (st.Verb != VerbInsert || len(a.Names) == 0 ||
		!slices.Equal(a.Names, st.ConflictTarget.Names) || !st.ConflictTarget.Known) {
		t.Errorf("arbiter %v with verb %s and target %v in %q", a.Names, st.Verb, st.ConflictTarget, s)
	}
	if st.Verb == VerbUnknown && st.Conflict != ConflictUnknown {
		t.Errorf("unknown verb with conflict %s in %q", st.Conflict, s)
	}
}

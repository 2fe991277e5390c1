package fingerprint

import "testing"

func TestMessage(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"query in loop: x runs once per element of cs (loop at line 41); insert them", "query in loop: x runs once per element of cs (loop at line N); insert them"},
		{"once per row of f at line 18 (loop at line 23)", "once per row of f at line N (loop at line N)"},
		{"changed at lines 3 and 9, lines 4-7", "changed at lines N, lines N"},
		{"see store.go:12:5 and a.go:3", "see store.go:N and a.go:N"},
		{"chunks of 1000 rows, 2 columns", "chunks of 1000 rows, 2 columns"}, // not line numbers
		{"pipeline 7", "pipeline 7"},
	} {
		if got := Message(tc.in); got != tc.want {
			t.Errorf("Message(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCode(t *testing.T) {
	a := Code("\t\tdb.ExecContext(ctx, q, id) // per element\n")
	b := Code("db.ExecContext( ctx,q,  id )")
	if a != b {
		t.Errorf("layout and comments change the code: %q vs %q", a, b)
	}
	if want := "db . ExecContext ( ctx , q , id )"; a != want {
		t.Errorf("Code = %q, want %q", a, want)
	}
	if c := Code("db.ExecContext(ctx, q, id2)"); c == a {
		t.Errorf("an edit of the call does not change the code: %q", c)
	}
	// A fragment that is not Go (inside a raw string) keeps its words.
	if got, want := Code("  SELECT 'x  \n y"), "SELECT 'x y"; got != want {
		t.Errorf("Code of a bad fragment = %q, want %q", got, want)
	}
}

func TestOf(t *testing.T) {
	in := Input{"nplusone", "query-in-loop", "store/store.go", "Store.Import", "db . Exec ( q )", "query in loop (loop at line N)"}
	// Pinned: a change here changes every baseline; bump Name with it.
	if got, want := Of(in, 0), "b8d8f31bbb170501ca565cd99f089315"; got != want {
		t.Errorf("Of = %s, want %s (the recipe changed: bump Name)", got, want)
	}
	if Of(in, 0) == Of(in, 1) {
		t.Error("occurrence index is not part of the fingerprint")
	}
	// Fields are delimited: moving a byte from one field to the next
	// changes the hash.
	x := Input{Analyzer: "ab", Category: "c"}
	y := Input{Analyzer: "a", Category: "bc"}
	if Of(x, 0) == Of(y, 0) {
		t.Error("fields are concatenated without delimiters")
	}
	for _, mod := range []func(*Input){
		func(i *Input) { i.Analyzer = "silentconflict" },
		func(i *Input) { i.Category = "query-per-row" },
		func(i *Input) { i.Path = "store/other.go" },
		func(i *Input) { i.Function = "Store.Export" },
		func(i *Input) { i.Code = "db . Exec ( q2 )" },
		func(i *Input) { i.Message = "other" },
	} {
		m := in
		mod(&m)
		if Of(m, 0) == Of(in, 0) {
			t.Errorf("changing %+v does not change the fingerprint", m)
		}
	}
}

func TestAssign(t *testing.T) {
	a := Input{Analyzer: "a", Path: "x.go", Code: "f ( )"}
	b := Input{Analyzer: "a", Path: "x.go", Code: "g ( )"}
	got := Assign([]Input{a, b, a, a})
	if got[0] != Of(a, 0) || got[2] != Of(a, 1) || got[3] != Of(a, 2) || got[1] != Of(b, 0) {
		t.Errorf("Assign = %v: want occurrence indices 0, 0, 1, 2", got)
	}
	seen := map[string]bool{}
	for _, fp := range got {
		if seen[fp] {
			t.Errorf("duplicate fingerprint %s", fp)
		}
		seen[fp] = true
	}
}

// BenchmarkFinding measures what one finding costs: normalizing its line
// and message and hashing.
func BenchmarkFinding(b *testing.B) {
	line := "\t\t/* é🙂 */ if _, err := db.ExecContext(ctx, \"DELETE FROM users WHERE id = $1\", id); err != nil {"
	msg := "query in loop: (*sql.DB).ExecContext runs once per element of ids (loop at line 11); delete them at once"
	for b.Loop() {
		in := Input{Analyzer: "nplusone", Category: "query-in-loop", Path: "store/store.go", Function: "Purge", Code: Code(line), Message: Message(msg)}
		_ = Of(in, 0)
	}
}

package plain

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// wantUnion marks an expression whose every-piece text (Source.Union)
// the test compares with display.
func wantUnion(expr any, display string) {}

// userCols is a known list of names: unexported, written once.
var userCols = []string{"name", "email"}

// ExportedCols may be changed by another package: not a known list.
var ExportedCols = []string{"name", "email"}

func builder(cond bool, id int, rows []int) {
	var b strings.Builder
	b.WriteString("UPDATE users SET name = ?")
	if cond {
		b.WriteString(", email = ?")
	}
	b.WriteString(" WHERE id = ?")
	want(b.String(), "UPDATE users SET name = ?… WHERE id = ?")
	wantUnion(b.String(), "UPDATE users SET name = ?, email = ? WHERE id = ?")

	// bytes.Buffer started with text, fmt.Fprintf with a constant.
	buf := bytes.NewBufferString("UPDATE users SET ")
	fmt.Fprintf(buf, "%s = $%d", "name", 1)
	buf.WriteByte(' ')
	buf.Write([]byte("WHERE id = $2"))
	want(buf.String(), "UPDATE users SET name = $1 WHERE id = $2")
	want(string(buf.Bytes()), "UPDATE users SET name = $1 WHERE id = $2")

	// A loop of unknown length: each turn's piece is a hole in Text,
	// once in Union.
	p := &strings.Builder{}
	p.WriteString("UPDATE items SET status = CASE id")
	for range rows {
		p.WriteString(" WHEN ? THEN ?")
	}
	p.WriteString(" END")
	want(p.String(), "UPDATE items SET status = CASE id… END")
	wantUnion(p.String(), "UPDATE items SET status = CASE id WHEN ? THEN ? END")

	// Reset: unknown.
	var r strings.Builder
	r.WriteString("DELETE FROM t")
	r.Reset()
	want(r.String(), "…")

	// Given to another function: unknown.
	var g strings.Builder
	g.WriteString("DELETE FROM t")
	fill(&g)
	want(g.String(), "…")

	// Written in a function literal: unknown.
	var l strings.Builder
	func() { l.WriteString("x") }()
	want(l.String(), "…")

	// Read in the loop that writes it: unknown.
	var in strings.Builder
	for range rows {
		in.WriteString("x")
		want(in.String(), "…")
	}
	var later strings.Builder
	later.WriteString("SELECT 1")
	for range rows {
		want(later.String(), "…")
		later.WriteString(" UNION SELECT 2")
	}

	// Read before a later write: what was written by then.
	var early strings.Builder
	early.WriteString("SELECT 1")
	want(early.String(), "SELECT 1")
	early.WriteString(" UNION SELECT 2")
	_ = id
}

func fill(b *strings.Builder) { b.WriteString(" WHERE 1") }

func knownList(cols []string) {
	// A loop over a known list is unrolled; i > 0 is decided per turn.
	var b strings.Builder
	b.WriteString("UPDATE users SET ")
	for i, c := range userCols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = $%d", c, i+1)
	}
	b.WriteString(" WHERE id = $" + strconv.Itoa(len(userCols)+1))
	want(b.String(), "UPDATE users SET name = $1, email = $2 WHERE id = $3")

	// A local literal list, joined.
	local := []string{"a", "b"}
	var sets []string
	for _, c := range local {
		sets = append(sets, c+" = ?")
	}
	want("UPDATE t SET "+strings.Join(sets, ", "), "UPDATE t SET a = ?, b = ?")
	want(strings.Join(local, ", "), "a, b")

	// A parameter, or an exported package variable: not known lists.
	var pb strings.Builder
	for _, c := range cols {
		pb.WriteString(c + " = ?")
	}
	want(pb.String(), "…")
	wantUnion(pb.String(), "… = ?")
	var eb strings.Builder
	for _, c := range ExportedCols {
		eb.WriteString(c)
	}
	want(eb.String(), "…")
}

func grown(name, email string) {
	// A string grown with += under conditions.
	q := "UPDATE users SET updated_at = NOW()"
	if name != "" {
		q += ", name = ?"
	}
	if email != "" {
		q = q + ", email = ?"
	}
	q += " WHERE id = ?"
	want(q, "UPDATE users SET updated_at = NOW()… WHERE id = ?")
	wantUnion(q, "UPDATE users SET updated_at = NOW(), name = ?, email = ? WHERE id = ?")

	// A list of assignments, joined.
	var sets []string
	if name != "" {
		sets = append(sets, "name = ?")
	}
	sets = append(sets, "email = ?")
	joined := "UPDATE users SET " + strings.Join(sets, ", ") + " WHERE id = ?"
	want(joined, "UPDATE users SET …email = ? WHERE id = ?")
	wantUnion(joined, "UPDATE users SET name = ?, email = ? WHERE id = ?")

	// Built with a trailing separator that is cut.
	t := "UPDATE users SET "
	for _, c := range userCols {
		t += c + " = ?, "
	}
	t = strings.TrimSuffix(t, ", ")
	want(t, "UPDATE users SET name = ?, email = ?")
	var tb strings.Builder
	tb.WriteString("UPDATE users SET ")
	if name != "" {
		tb.WriteString("name = ?, ")
	}
	want(strings.TrimSuffix(tb.String(), ", "), "UPDATE users SET …")
	wantUnion(strings.TrimSuffix(tb.String(), ", "), "UPDATE users SET name = ?")

	// Assigned anew: unknown.
	n := "SELECT 1"
	n = name
	n += " LIMIT 1"
	want(n, "…")

	// An element written by index: unknown.
	parts := []string{"a = ?"}
	parts[0] = name
	want(strings.Join(parts, ", "), "…")

	// Sorted in place by a callee: unknown.
	other := []string{"b = ?", "a = ?"}
	sortStrings(other)
	want(strings.Join(other, ", "), "…")
}

func sortStrings([]string) {}

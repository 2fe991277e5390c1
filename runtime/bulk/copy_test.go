package bulk_test

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// copyKind is a named string with a method: its values go through pgx's
// encoding (as pgx.CopyFrom encodes them), not the hand-written one.
type copyKind string

func (k copyKind) String() string { return "kind " + string(k) }

type copyInner struct {
	Note string `db:"note"`
}

// copyRow has a field for each column type COPY encodes by hand, and
// fields that fall back to pgx: a type with methods, a pointer (NULL), a
// Valuer, a string into
// a uuid and numeric column, and an embedded struct.
type copyRow struct {
	ID     int64          `db:"id"`
	Small  int8           `db:"small"`
	Medium uint16         `db:"medium"`
	Big    uint32         `db:"big"`
	F4     float32        `db:"f4"`
	F8     float32        `db:"f8"`
	Flag   bool           `db:"flag"`
	Code   string         `db:"code"`
	Pad    string         `db:"pad"`
	Kind   copyKind       `db:"kind"`
	Opt    *int           `db:"opt"`
	UUID   string         `db:"uid"`
	Amount string         `db:"amount"`
	Maybe  sql.NullString `db:"maybe"`
	copyInner
}

// TestInsertCopyEncoding checks every column of a PostgreSQL COPY insert
// round-trips, both the hand-encoded ones and those pgx encodes, and that
// a value out of its column's range fails the call with nothing written.
func TestInsertCopyEncoding(t *testing.T) {
	tdb := openDB(t, "postgres")
	ctx := context.Background()
	table := tdb.table(t, "copy")
	tdb.exec(t, `CREATE TABLE `+table+` (id BIGSERIAL PRIMARY KEY, small SMALLINT NOT NULL, medium INT NOT NULL,
		big BIGINT NOT NULL, f4 REAL NOT NULL, f8 DOUBLE PRECISION NOT NULL, flag BOOLEAN NOT NULL,
		code VARCHAR(20) NOT NULL, pad CHAR(4) NOT NULL, kind TEXT NOT NULL, opt INT, uid UUID NOT NULL,
		amount NUMERIC(10,2) NOT NULL, maybe TEXT, note TEXT NOT NULL)`)
	t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
	seven := 7
	rows := []copyRow{
		{Small: -128, Medium: math.MaxUint16, Big: math.MaxUint32, F4: 1.5, F8: 0.25, Flag: true, Code: "héllo",
			Pad: "ab", Kind: "blue", Opt: &seven, UUID: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", Amount: "12.30",
			Maybe: sql.NullString{String: "x", Valid: true}, copyInner: copyInner{Note: "n1"}},
		{Small: 5, F4: -2, F8: math.MaxFloat32, Code: "", Pad: "abcd", Kind: "red",
			UUID: "00000000-0000-0000-0000-000000000001", Amount: "0", copyInner: copyInner{Note: ""}},
	}
	res, err := bulk.Insert(ctx, tdb.db, table, rows)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 2 || rows[0].ID == 0 || rows[1].ID == 0 || rows[0].ID == rows[1].ID {
		t.Fatalf("inserted %d, keys %d %d", res.Inserted, rows[0].ID, rows[1].ID)
	}
	type back struct {
		ID     int64          `db:"id"`
		Small  int            `db:"small"`
		Medium int            `db:"medium"`
		Big    int64          `db:"big"`
		F4     float32        `db:"f4"`
		F8     float64        `db:"f8"`
		Flag   bool           `db:"flag"`
		Code   string         `db:"code"`
		Pad    string         `db:"pad"`
		Kind   string         `db:"kind"`
		Opt    sql.NullInt64  `db:"opt"`
		UUID   string         `db:"uid"`
		Amount string         `db:"amount"`
		Maybe  sql.NullString `db:"maybe"`
		Note   string         `db:"note"`
	}
	var got []back
	if err := tdb.db.Select(&got, "SELECT id, small, medium, big, f4, f8, flag, code, pad, kind, opt, uid::text AS uid, amount::text AS amount, maybe, note FROM "+table+" ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	want := []back{
		{rows[0].ID, -128, math.MaxUint16, math.MaxUint32, 1.5, 0.25, true, "héllo", "ab  ", "blue",
			sql.NullInt64{Int64: 7, Valid: true}, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "12.30", sql.NullString{String: "x", Valid: true}, "n1"},
		{rows[1].ID, 5, 0, 0, -2, math.MaxFloat32, false, "", "abcd", "red",
			sql.NullInt64{}, "00000000-0000-0000-0000-000000000001", "0.00", sql.NullString{}, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("read %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}

	// A value out of its column's range (a SMALLINT from an int64 field,
	// an INT below its minimum) is never cut down: the call fails, names
	// the row, and writes nothing.
	type wide struct {
		Small  int64   `db:"small"`
		Medium int64   `db:"medium"`
		Big    int64   `db:"big"`
		F4     float32 `db:"f4"`
		F8     float64 `db:"f8"`
		Flag   bool    `db:"flag"`
		Code   string  `db:"code"`
		Pad    string  `db:"pad"`
		Kind   string  `db:"kind"`
		UUID   string  `db:"uid"`
		Amount string  `db:"amount"`
		Note   string  `db:"note"`
	}
	ok := wide{Small: 1, Medium: 1, UUID: "00000000-0000-0000-0000-000000000002", Amount: "1", Pad: "a", Code: "c", Kind: "k"}
	for _, bad := range []wide{
		func() wide { w := ok; w.Small = math.MaxInt16 + 1; return w }(),
		func() wide { w := ok; w.Medium = math.MinInt32 - 1; return w }(),
	} {
		_, err := bulk.Insert(ctx, tdb.db, table, []wide{ok, bad})
		if err == nil {
			t.Fatalf("%+v: inserted a value out of its column's range", bad)
		}
		if !strings.Contains(err.Error(), "row 1") {
			t.Errorf("error does not name the row: %v", err)
		}
		if n := tdb.count(t, table); n != 2 {
			t.Fatalf("%d rows after a failed insert, want the 2 from before", n)
		}
	}
}

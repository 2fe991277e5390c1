package bulk

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jmoiron/sqlx/reflectx"
)

// copyRows streams a chunk of rows to PostgreSQL's COPY ... FROM STDIN
// BINARY as an io.Reader, for pgconn's CopyFrom.
//
// It is written by hand rather than handing pgx.CopyFrom a
// pgx.CopyFromSource because that interface passes each row as []any:
// every value is boxed (an allocation for any integer above 255 and for
// every string) and then looked up in pgx's encode-plan cache by its
// dynamic type, once per value. Those two costs were most of the client
// time of a COPY of 100,000 rows. Here a column whose field is a plain
// bool, integer, float or string and whose PostgreSQL type is bool, int2,
// int4, int8, float4, float8, text, varchar or bpchar is encoded straight
// from the struct field in the binary COPY format; every other column,
// and a value out of the column's range, goes through pgx's own encoding
// exactly as pgx.CopyFrom does it (pgtype.Map.Encode, retried through the
// text form), so pgx's types, Valuers and errors apply unchanged.
type copyRows struct {
	sql   string
	m     *pgtype.Map
	oids  []uint32
	idx   [][]int
	fast  []copyFast
	refs  []ref
	i     int
	buf   []byte
	off   int
	end   bool // the trailer is in buf
	err   error
	cols  []string
	table string
}

type copyFast uint8

const (
	copyAny copyFast = iota // pgx's encoding
	copyInt                 // an integer field into int2, int4 or int8
	copyFloat8
	copyFloat4
	copyText
	copyBool
)

// PostgreSQL type OIDs of the columns encoded without pgx.
const (
	oidBool    = 16
	oidInt8    = 20
	oidInt2    = 21
	oidInt4    = 23
	oidText    = 25
	oidFloat4  = 700
	oidFloat8  = 701
	oidBpchar  = 1042
	oidVarchar = 1043
)

// newCopyRows reads the columns' types as pgx.CopyFrom does, from the
// description of a SELECT of them, once per call.
func (c *call) newCopyRows(conn *pgx.Conn, cols []string) (*copyRows, error) {
	list := c.quoteCols("", cols)
	sd, err := conn.Prepare(c.ctx, "", "SELECT "+list+" FROM "+c.tbl.quoted)
	if err != nil {
		return nil, fmt.Errorf("bulk: describe %s: %w", c.tbl.name, err)
	}
	if len(sd.Fields) != len(cols) {
		return nil, fmt.Errorf("bulk: describe %s: %d columns for %d", c.tbl.name, len(sd.Fields), len(cols))
	}
	r := &copyRows{
		sql:  "COPY " + c.tbl.quoted + " (" + list + ") FROM STDIN BINARY",
		m:    conn.TypeMap(),
		idx:  c.rt.indexes(cols),
		oids: make([]uint32, len(cols)),
		fast: make([]copyFast, len(cols)),
		cols: cols, table: c.tbl.name,
	}
	for j, col := range cols {
		oid := sd.Fields[j].DataTypeOID
		r.oids[j] = oid
		t := c.rt.fieldType(col)
		if t.NumMethod() > 0 || reflect.PointerTo(t).NumMethod() > 0 {
			continue // a Valuer or pgx encoder of its own: pgx decides
		}
		switch k := t.Kind(); {
		case k >= reflect.Int && k <= reflect.Uint64 && (oid == oidInt2 || oid == oidInt4 || oid == oidInt8):
			r.fast[j] = copyInt
		case (k == reflect.Float64 || k == reflect.Float32) && oid == oidFloat8:
			r.fast[j] = copyFloat8
		case k == reflect.Float32 && oid == oidFloat4:
			r.fast[j] = copyFloat4
		case k == reflect.String && (oid == oidText || oid == oidVarchar || oid == oidBpchar):
			r.fast[j] = copyText
		case k == reflect.Bool && oid == oidBool:
			r.fast[j] = copyBool
		}
	}
	return r, nil
}

// reset makes r the stream of one chunk's rows.
func (r *copyRows) reset(refs []ref) {
	r.refs, r.i, r.end, r.err = refs, 0, false, nil
	r.buf = append(r.buf[:0], "PGCOPY\n\377\r\n\000"...)
	r.buf = binary.BigEndian.AppendUint32(r.buf, 0) // flags
	r.buf = binary.BigEndian.AppendUint32(r.buf, 0) // header extension
	r.off = 0
}

// Read fills p with whole encoded rows, keeping what does not fit for the
// next call.
func (r *copyRows) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.off > 0 { // move the rest of a row to the front: buf stays a read long
		r.buf, r.off = r.buf[:copy(r.buf, r.buf[r.off:])], 0
	}
	for len(r.buf)-r.off < len(p) && !r.end {
		if r.i == len(r.refs) {
			r.buf = binary.BigEndian.AppendUint16(r.buf, 0xffff) // trailer
			r.end = true
			break
		}
		var err error
		if r.buf, err = r.appendRow(r.buf, r.refs[r.i]); err != nil {
			r.err = &RowError{Index: r.refs[r.i].idx, Err: err}
			return 0, r.err
		}
		r.i++
	}
	if r.off == len(r.buf) {
		return 0, io.EOF
	}
	n := copy(p, r.buf[r.off:])
	r.off += n
	return n, nil
}

func (r *copyRows) appendRow(buf []byte, ref ref) ([]byte, error) {
	s := ref.s
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(r.idx)))
	for j, ix := range r.idx {
		var f reflect.Value
		if len(ix) == 1 {
			f = s.Field(ix[0])
		} else {
			f = reflectx.FieldByIndexesReadOnly(s, ix)
		}
		oid := r.oids[j]
		switch r.fast[j] {
		case copyInt:
			var v int64
			if f.CanInt() {
				v = f.Int()
			} else if u := f.Uint(); u <= math.MaxInt64 {
				v = int64(u)
			} else {
				break // out of range: pgx's error
			}
			switch {
			case oid == oidInt8:
				buf = binary.BigEndian.AppendUint32(buf, 8)
				buf = binary.BigEndian.AppendUint64(buf, uint64(v))
				continue
			case oid == oidInt4 && v >= math.MinInt32 && v <= math.MaxInt32:
				buf = binary.BigEndian.AppendUint32(buf, 4)
				buf = binary.BigEndian.AppendUint32(buf, uint32(int32(v)))
				continue
			case oid == oidInt2 && v >= math.MinInt16 && v <= math.MaxInt16:
				buf = binary.BigEndian.AppendUint32(buf, 2)
				buf = binary.BigEndian.AppendUint16(buf, uint16(int16(v)))
				continue
			}
		case copyFloat8:
			buf = binary.BigEndian.AppendUint32(buf, 8)
			buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(f.Float()))
			continue
		case copyFloat4:
			buf = binary.BigEndian.AppendUint32(buf, 4)
			buf = binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(f.Float())))
			continue
		case copyText:
			v := f.String()
			if len(v) <= math.MaxInt32 {
				buf = binary.BigEndian.AppendUint32(buf, uint32(len(v)))
				buf = append(buf, v...)
				continue
			}
		case copyBool:
			buf = binary.BigEndian.AppendUint32(buf, 1)
			if f.Bool() {
				buf = append(buf, 1)
			} else {
				buf = append(buf, 0)
			}
			continue
		}
		var err error
		if buf, err = copyValue(r.m, buf, oid, f.Interface()); err != nil {
			return nil, fmt.Errorf("bulk: column %s of %s: %w", r.cols[j], r.table, err)
		}
	}
	return buf, nil
}

// copyValue appends one value of a binary COPY row as pgx.CopyFrom does
// (pgx's encodeCopyValue): pgx's binary encoding, or, if pgx cannot encode
// the value in binary, the value's text form scanned into the column's
// type and encoded from there. A nil encoding is NULL.
func copyValue(m *pgtype.Map, buf []byte, oid uint32, arg any) ([]byte, error) {
	sp := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32) // -1: NULL until encoded
	out, err := m.Encode(oid, pgx.BinaryFormatCode, arg, buf)
	if err != nil {
		out, err = copyValueText(m, buf, oid, arg)
		if err != nil {
			return nil, err
		}
	}
	if out == nil {
		return buf, nil
	}
	binary.BigEndian.PutUint32(out[sp:], uint32(len(out)-sp-4))
	return out, nil
}

func copyValueText(m *pgtype.Map, buf []byte, oid uint32, arg any) ([]byte, error) {
	s, ok := arg.(string)
	if !ok {
		text, err := m.Encode(oid, pgx.TextFormatCode, arg, nil)
		if err != nil {
			return nil, errors.New("not a string and cannot be encoded as text")
		}
		s = string(text)
	}
	if typ, ok := m.TypeForOID(oid); ok {
		if _, ok := typ.Codec.(*pgtype.ArrayCodec); ok {
			var arr pgtype.Array[any]
			if err := m.Scan(oid, pgx.TextFormatCode, []byte(s), &arr); err == nil {
				return m.Encode(oid, pgx.BinaryFormatCode, arr, buf)
			}
		}
	}
	var v any
	if err := m.Scan(oid, pgx.TextFormatCode, []byte(s), &v); err != nil {
		return nil, err
	}
	return m.Encode(oid, pgx.BinaryFormatCode, v, buf)
}

// copyable reports whether an insert can go through PostgreSQL's COPY.
func (c *call) copyable(q Querier, p *insertPlan) bool {
	// pgx's driver is PostgreSQL's (see detect).
	if !c.info.pgx || c.cfg.noCopy || c.inTx || len(p.fill) > 0 || len(p.skip) > 0 {
		return false
	}
	if p.preassign != "" {
		if k := c.rt.fieldType(p.preassign).Kind(); k < reflect.Int || k > reflect.Uint64 {
			return false
		}
	}
	switch q.(type) {
	case interface {
		Conn(context.Context) (*sqlConn, error)
	}:
		return true
	case interface{ Raw(func(any) error) error }:
		return true
	}
	return false
}

func (c *call) insertCopy(q Querier, p *insertPlan, next func() ([]ref, error), assigned *[]reflect.Value) error {
	return withPgx(c.ctx, q, func(conn *pgx.Conn) error {
		tx, err := conn.Begin(c.ctx)
		if err != nil {
			return fmt.Errorf("bulk: begin: %w", err)
		}
		defer func() { _ = tx.Rollback(context.WithoutCancel(c.ctx)) }()
		ids := &idSource{c: c, col: p.preassign}
		src, err := c.newCopyRows(tx.Conn(), p.cols)
		if err != nil {
			return err
		}
		done := 0
		for chunk := 0; ; chunk++ {
			refs, err := next()
			if err != nil {
				return err
			}
			if len(refs) == 0 {
				break
			}
			if err := c.validate(refs, c.chunkSlice(refs)); err != nil {
				return err
			}
			if p.preassign != "" {
				if err := ids.assignPgx(tx, refs, assigned); err != nil {
					return c.chunkErr(chunk, len(refs), done, err)
				}
			}
			src.reset(refs)
			_, err = tx.Conn().PgConn().CopyFrom(c.ctx, src, src.sql)
			if src.err != nil {
				// A value that does not encode ends the COPY, which the
				// server then reports as cancelled: the value's error is
				// the one to say.
				err = src.err
			}
			if err != nil {
				return c.chunkErr(chunk, len(refs), done, err)
			}
			for _, r := range refs {
				c.res.count(r.idx, Inserted)
			}
			c.res.Chunks++
			done += len(refs)
		}
		// As in call.atomic: the context is checked before COMMIT, which
		// then runs to its end rather than fail after the server committed.
		if err := c.ctx.Err(); err != nil {
			return err
		}
		if err := tx.Commit(context.WithoutCancel(c.ctx)); err != nil {
			return fmt.Errorf("bulk: commit: %w", err)
		}
		return nil
	})
}

func (s *idSource) assignPgx(tx pgx.Tx, refs []ref, assigned *[]reflect.Value) error {
	c := s.c
	zeros := s.zeros[:0]
	idx := c.rt.fields[s.col].Index
	for _, r := range refs {
		if f := reflectx.FieldByIndexesReadOnly(r.s, idx); f.IsZero() {
			if !f.CanSet() {
				f = c.rtField(r.s, s.col)
			}
			zeros = append(zeros, f)
		}
	}
	s.zeros = zeros // reused by the next chunk
	if len(zeros) == 0 {
		return nil
	}
	cc, _ := c.tbl.column(s.col)
	// One array of keys rather than a row per key.
	var ids []int64
	err := tx.QueryRow(c.ctx, "SELECT array_agg(nextval($1::regclass)) FROM generate_series(1, $2)", cc.seq, len(zeros)).Scan(&ids)
	if err != nil {
		return err
	}
	if len(ids) != len(zeros) {
		return fmt.Errorf("bulk: sequence %s gave %d values for %d rows", cc.seq, len(ids), len(zeros))
	}
	setKeys(zeros, ids, 0, assigned)
	return nil
}

// Package chunks holds loops over chunks of keys: one statement per chunk
// is the batched form, so the IN list and arguments built from a chunk are
// no evidence of a query per element; one element picked out of the chunk
// is.
package chunks

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

func split[T any](values []T, size int) [][]T {
	var out [][]T
	for start := 0; start < len(values); start += size {
		out = append(out, values[start:min(start+size, len(values))])
	}
	return out
}

// inClause builds "($1, $2, ...)" and its arguments for one chunk.
func inClause[T any](start int, values []T) (string, []any) {
	ph := make([]string, 0, len(values))
	args := make([]any, 0, len(values))
	for i, v := range values {
		ph = append(ph, fmt.Sprintf("$%d", start+i))
		args = append(args, v)
	}
	return "(" + strings.Join(ph, ", ") + ")", args
}

// --- positives ---

// One element of each chunk: a query per chunk that looks up one key.
func firstOfChunk(ctx context.Context, db *sql.DB, ids []int64) error { // want firstOfChunk:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	for _, batch := range split(ids, 500) {
		clause, args := inClause(1, batch)
		if _, err := db.ExecContext(ctx, "DELETE FROM memo WHERE id IN "+clause, args...); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, "UPDATE cursors SET last = $1", batch[0]); err != nil { // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of split\(ids, 500\) \(loop at line 38\); update them at once with bulk\.Update$`
			return err
		}
	}
	return nil
}

// The element an inner loop over the chunk left behind.
func lastOfInner(db *sql.DB, chunks [][]int64) { // want lastOfInner:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, batch := range chunks {
		var last int64
		for _, id := range batch {
			last = id
		}
		db.Exec("UPDATE cursors SET last = $1", last) // want `once per element of chunks`
	}
}

// A stride loop that picks the element at the chunk's offset.
func strideElement(db *sql.DB, ids []int64) { // want strideElement:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for i := 0; i < len(ids); i += 100 {
		batch := ids[i:min(i+100, len(ids))]
		clause, args := inClause(1, batch)
		db.Exec("DELETE FROM memo WHERE id IN "+clause, args...)
		db.Exec("INSERT INTO progress (id) VALUES ($1)", ids[i]) // want `once per iteration`
	}
}

// A counter that strides without cutting a slice is an element: one
// bucket per step.
func buckets(db *sql.DB, from, to, step int64) { // want buckets:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for ts := from; ts < to; ts += step {
		db.Exec("INSERT INTO buckets (start) VALUES ($1)", ts) // want `once per iteration`
	}
}

// The key of a map of groups names one element: a statement per tenant.
func perTenant(db *sql.DB, byTenant map[int64][]int64) { // want perTenant:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for tenant, ids := range byTenant {
		clause, args := inClause(1, ids)
		db.Exec("DELETE FROM memo WHERE id IN "+clause, args...)
		db.Exec("UPDATE tenants SET purged = now() WHERE id = $1", tenant) // want `once per entry of byTenant`
	}
}

// --- negatives ---

// Silent: a statement per chunk of 500 keys, the IN list built by a
// helper (usememos/memos store/db/*/user_delete.go).
func deleteChunks(ctx context.Context, tx *sql.Tx, ids []int32) error { // want deleteChunks:`^query\(\(\*sql\.Tx\)\.ExecContext\)$`
	for _, batch := range split(ids, 500) {
		clause, args := inClause(1, batch)
		if _, err := tx.ExecContext(ctx, `DELETE FROM memo WHERE id IN `+clause, args...); err != nil {
			return err
		}
	}
	return nil
}

// Silent: a stride loop that cuts the keys into chunks.
func deleteStride(ctx context.Context, tx *sql.Tx, ids []int32) error { // want deleteStride:`^query\(\(\*sql\.Tx\)\.ExecContext\)$`
	const n = 500
	for i := 0; i < len(ids); i += n {
		batch := ids[i:min(i+n, len(ids))]
		clause, args := inClause(1, batch)
		if _, err := tx.ExecContext(ctx, "DELETE FROM memo WHERE id IN "+clause, args...); err != nil {
			return err
		}
	}
	return nil
}

// Silent: the IN list is built in the loop body by an inner loop over the
// chunk; the placeholders and arguments gather the whole chunk.
func inlineList(db *sql.DB, chunks [][]int64) { // want inlineList:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, batch := range chunks {
		var ph []string
		var args []any
		for i, id := range batch {
			ph = append(ph, fmt.Sprintf("$%d", i+1))
			args = append(args, id)
		}
		q := "DELETE FROM memo WHERE id IN (" + strings.Join(ph, ", ") + ")"
		db.Exec(q, args...)
	}
}

// Silent: chunks yielded by slices.Chunk, and by index into a slice of
// chunks; the chunk's size is no element either.
func iterChunks(db *sql.DB, ids []int64, chunks [][]int64) { // want iterChunks:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for batch := range slices.Chunk(ids, 500) {
		clause, args := inClause(1, batch)
		db.Exec("DELETE FROM memo WHERE id IN "+clause, args...)
		db.Exec("INSERT INTO audit (deleted) VALUES ($1)", len(batch))
	}
	for i := range chunks {
		clause, args := inClause(1, chunks[i])
		db.Exec(fmt.Sprintf("DELETE FROM memo WHERE id IN %s -- chunk %d", clause, i), args...)
	}
}

// Silent: the stride loop of deleteStride with its step written i = i + n.
func deleteStrideAssign(ctx context.Context, tx *sql.Tx, ids []int32) error { // want deleteStrideAssign:`^query\(\(\*sql\.Tx\)\.ExecContext\)$`
	const n = 500
	for i := 0; i < len(ids); i = i + n {
		batch := ids[i:min(i+n, len(ids))]
		clause, args := inClause(1, batch)
		if _, err := tx.ExecContext(ctx, "DELETE FROM memo WHERE id IN "+clause, args...); err != nil {
			return err
		}
	}
	return nil
}

// A stride written i = 100 + i that picks the element at the chunk's offset.
func strideAssignElement(db *sql.DB, ids []int64) { // want strideAssignElement:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for i := 0; i < len(ids); i = 100 + i {
		batch := ids[i:min(i+100, len(ids))]
		clause, args := inClause(1, batch)
		db.Exec("DELETE FROM memo WHERE id IN "+clause, args...)
		db.Exec("INSERT INTO progress (id) VALUES ($1)", ids[i]) // want `once per iteration`
	}
}

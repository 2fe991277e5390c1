// Package batches holds loops that write once per batch of elements, or
// run no statement at all, next to loops that still write per element.
package batches

import (
	"context"
	"database/sql"
)

type Event struct {
	ID   int64
	Name string
}

// --- positives ---

// A length compared with 0 says nothing of a batch: the write runs per
// element that finds the buffer non-empty.
func flushNonEmpty(ctx context.Context, db *sql.DB, events []Event) { // want flushNonEmpty:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	var buf []Event
	for _, e := range events {
		buf = append(buf, e)
		if len(buf) > 0 {
			db.ExecContext(ctx, "INSERT INTO events (id, name) VALUES ($1, $2)", e.ID, e.Name) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of events \(loop at line 21\); insert them at once with bulk\.Insert$`
		}
	}
}

// The else branch of a full-batch test runs for every other element.
func flushElse(ctx context.Context, db *sql.DB, events []Event) { // want flushElse:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	for i, e := range events {
		if i%100 == 0 {
			continue
		} else {
			db.ExecContext(ctx, "UPDATE events SET name = $1 WHERE id = $2", e.Name, e.ID) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of events \(loop at line 31\); update them at once with bulk\.Update$`
		}
	}
}

// --- negatives ---

// Silent: the statement runs once every batchSize elements.
func execEveryN(ctx context.Context, db *sql.DB, events []Event, batchSize int) error { // want execEveryN:`^query\(\(\*sql\.Stmt\)\.ExecContext\)$`
	stmt, err := db.PrepareContext(ctx, "INSERT INTO progress (last_id) VALUES ($1)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, e := range events {
		if i > 0 && i%batchSize == 0 {
			if _, err := stmt.ExecContext(ctx, e.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func flush(ctx context.Context, db *sql.DB, buf []Event) error { // want flush:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	_, err := db.ExecContext(ctx, "INSERT INTO events SELECT * FROM unnest($1)", len(buf))
	return err
}

// Silent: the buffer is written when it is full, once per batch.
func flushWhenFull(ctx context.Context, db *sql.DB, events []Event) error { // want flushWhenFull:`^query\(batches\.flush -> \(\*sql\.DB\)\.ExecContext\)$`
	const n = 500
	var buf []Event
	for _, e := range events {
		buf = append(buf, e)
		if len(buf) >= n {
			if err := flush(ctx, db, buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return flush(ctx, db, buf)
}

// Silent: a checkpoint every 1000 rows, with the row's id.
func checkpoint(ctx context.Context, db *sql.DB, events []Event) { // want checkpoint:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	for i := 0; i < len(events); i++ {
		if (i+1)%1000 == 0 {
			db.ExecContext(ctx, "UPDATE progress SET last_id = $1", events[i].ID)
		}
	}
}

// Silent: an empty statement is no round trip to batch.
func emptyStatement(ctx context.Context, db *sql.DB, events []Event) {
	for _, e := range events {
		db.ExecContext(ctx, "", e.ID)
		db.ExecContext(ctx, ";;;;", e.ID)
		db.ExecContext(ctx, " -- nothing\n;", e.ID)
	}
}

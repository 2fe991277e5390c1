// Package steps shows UPDATE statements whose text is built in steps
// (strings.Builder, bytes.Buffer, fmt.Fprintf, += and strings.Join) while
// their arguments are appended alongside: the columns are those of every
// piece the SET list may hold, the fields those that flow into the
// arguments.
package steps

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

type Task struct {
	ID        int64     `db:"id"`
	Status    string    `db:"status"`
	Priority  int       `db:"priority"`
	Note      string    `db:"note"`
	UpdatedAt time.Time `db:"updated_at"`
}

// A multi-row CASE update written with a strings.Builder in the loop
// that appends the arguments.
func closeAll(ctx context.Context, db *sql.DB, tasks []*Task) error {
	for _, t := range tasks {
		t.Status = "closed"
		t.UpdatedAt = time.Now()
	}
	var b strings.Builder
	var args []any
	b.WriteString("UPDATE tasks SET status = CASE id")
	for _, t := range tasks {
		b.WriteString(" WHEN ? THEN ?")
		args = append(args, t.ID, t.Status)
	}
	b.WriteString(" END")
	_, err := db.ExecContext(ctx, b.String(), args...) // want `^update skips mutated fields: \(\*sql\.DB\)\.ExecContext writes status of tasks but UpdatedAt \(updated_at\) was changed at line 30 and is not written`
	return err
}

// A SET list grown with += under conditions: every assignment it may
// hold counts as written.
func edit(ctx context.Context, db *sql.DB, t *Task, status, note string) error {
	if status != "" {
		t.Status = status
	}
	t.Note = note
	t.Priority = 0
	q := "UPDATE tasks SET updated_at = NOW()"
	args := []any{}
	if status != "" {
		q += ", status = ?"
		args = append(args, t.Status)
	}
	if note != "" {
		q = q + ", note = ?"
		args = append(args, t.Note)
	}
	q += " WHERE id = ?"
	args = append(args, t.ID)
	_, err := db.ExecContext(ctx, q, args...) // want `^update skips mutated fields: \(\*sql\.DB\)\.ExecContext writes updated_at, status, note of tasks but Priority \(priority\) was changed at line 51 and is not written`
	return err
}

// A joined list of assignments.
func reprioritize(ctx context.Context, db *sql.DB, t *Task, p int) error {
	t.Priority = p
	t.Note = "reprioritized"
	var sets []string
	var args []any
	if p > 0 {
		sets = append(sets, "priority = ?")
		args = append(args, t.Priority)
	}
	args = append(args, t.ID)
	_, err := db.ExecContext(ctx, "UPDATE tasks SET "+strings.Join(sets, ", ")+" WHERE id = ?", args...) // want `^update skips mutated fields: \(\*sql\.DB\)\.ExecContext writes priority of tasks but Note \(note\) was changed at line 71 and is not written`
	return err
}

// taskCols is a known list of columns: a loop over it is unrolled.
var taskCols = []string{"status", "note"}

// fmt.Fprintf into a bytes.Buffer, over a known list of columns.
func save(ctx context.Context, db *sql.DB, t *Task) error {
	t.Status = "open"
	t.Priority = 3
	var buf bytes.Buffer
	buf.WriteString("UPDATE tasks SET ")
	for i, c := range taskCols {
		if i > 0 {
			buf.WriteString(", ")
		}
		fmt.Fprintf(&buf, "%s = $%d", c, i+1)
	}
	fmt.Fprintf(&buf, " WHERE id = $%d", len(taskCols)+1)
	_, err := db.ExecContext(ctx, buf.String(), t.Status, t.Note, t.ID) // want `^update skips mutated fields: \(\*sql\.DB\)\.ExecContext writes status, note of tasks but Priority \(priority\) was changed at line 89 and is not written`
	return err
}

// Silent: the changed field flows into the arguments in a branch, and
// its assignment is one of the pieces the SET list may hold.
func touch(ctx context.Context, db *sql.DB, t *Task, note string) { // want touch:`writes\(param 2: id,status,note via \(\*sql\.DB\)\.ExecContext\)`
	t.Note = note
	t.Status = "open"
	q := "UPDATE tasks SET status = ?"
	args := []any{t.Status}
	if note != "" {
		q += ", note = ?"
		args = append(args, t.Note)
	}
	q += " WHERE id = ?"
	args = append(args, t.ID)
	db.ExecContext(ctx, q, args...)
}

// Silent: a column name from a parameter makes the SET list unknown; it
// may assign any column.
func setColumn(ctx context.Context, db *sql.DB, t *Task, col string) {
	t.Priority = 1
	var b strings.Builder
	b.WriteString("UPDATE tasks SET status = ?, ")
	b.WriteString(col)
	b.WriteString(" = ? WHERE id = ?")
	db.ExecContext(ctx, b.String(), t.Status, t.Priority, t.ID)
}

// Silent: the builder is given to a helper that may write anything.
func helper(ctx context.Context, db *sql.DB, t *Task) {
	t.Priority = 1
	var b strings.Builder
	b.WriteString("UPDATE tasks SET status = ?")
	where(&b)
	db.ExecContext(ctx, b.String(), t.Status, t.ID)
}

func where(b *strings.Builder) { b.WriteString(" WHERE id = ?") }

// Silent: a loop over columns that are not known (a parameter).
func columns(ctx context.Context, db *sql.DB, t *Task, cols []string) {
	t.Priority = 1
	var b strings.Builder
	b.WriteString("UPDATE tasks SET ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c + " = ?")
	}
	db.ExecContext(ctx, b.String(), t.Status, t.ID)
}

// Silent: an argument that is not a field selection may carry the change.
func computed(ctx context.Context, db *sql.DB, t *Task) {
	t.Priority = 2
	var b strings.Builder
	b.WriteString("UPDATE tasks SET status = ?")
	b.WriteString(" WHERE id = ?")
	status := fmt.Sprintf("%s-%d", t.Status, t.Priority)
	db.ExecContext(ctx, b.String(), status, t.ID)
}

// Silent: edit saves the fields it changes (through its argument list),
// so calling it is no change that the later write must carry.
func editThenReopen(ctx context.Context, db *sql.DB, t *Task) {
	edit(ctx, db, t, "", "reopened")
	db.ExecContext(ctx, "UPDATE tasks SET status = 'open' WHERE id = ?", t.ID)
}

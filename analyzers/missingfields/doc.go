// Package missingfields defines an Analyzer that reports updates that
// write fewer columns than the code changed: the field changed in Go but
// left out of the UPDATE is silently not saved.
//
// # Analyzer missingfields
//
// missingfields: report updates that leave out fields the code changed
//
// An update that lists its columns writes only those. When the code
// changes more fields of the value it then writes, the other changes are
// lost without an error, like Django's bulk_update(objs, fields) with a
// field missing from fields:
//
//	for _, u := range users { // users []*User
//		u.Name = strings.TrimSpace(u.Name)
//		u.Email = strings.ToLower(u.Email)
//	}
//	_, err := db.NamedExec("UPDATE users SET name = :name WHERE id = :id", users)
//	// update skips mutated fields: (*sqlx.DB).NamedExec writes name of users
//	// but Email (email) was changed at line 13 and is not written; add the
//	// column, or write changed columns with bulk.Update and bulk.Track
//
// The suggested fix adds the missing columns to the statement when its
// text is a string literal ("SET name = :name, email = :email"), or to the
// field list of a gorm Select, an xorm Cols, a bun Column or a
// bulk.Columns option, or
// adds a Set call to a squirrel chain or an entry to a gorm Updates map.
// Writes whose columns come from elsewhere (a constant, a helper, a
// positional argument list) get no fix. The runtime fix writes exactly the
// columns that changed:
//
//	t, err := bulk.Track(users)          // snapshot
//	... change the rows ...
//	res, err := t.Save(ctx, db, "users") // UPDATE of the changed columns only
//
// # Writes understood
//
// A write is reported at the call that runs (or renders) it:
//
//   - sqlx named statements (NamedExec, NamedExecContext of DB, Tx and the
//     package functions) binding a struct, a pointer or a slice: the
//     columns are the UPDATE's SET list; a field bound by any placeholder,
//     even one in WHERE, counts as written.
//   - UPDATE statements with positional arguments (database/sql, sqlx,
//     pgx, gorm's Exec) whose arguments select fields of one value
//     (u.Name, users[i].Email): the fields read are written. The
//     arguments may be a local slice built only with append, as for a
//     hand-built multi-row UPDATE ... FROM (VALUES ...) whose SET list is
//     known: args = append(args, u.ID, u.Name) in the loop over users.
//   - Per-column slices bound as arrays (UPDATE ... FROM (SELECT
//     UNNEST($1::bigint[]) AS id, UNNEST($2::text[]) AS name) ...): an
//     argument that is a local slice built only by appending field
//     selections (names = append(names, m.Name) in the loop over
//     members), given as is or through a one-argument wrapper
//     (pq.Array(names), pgtype.FlatArray[string](names)), reads those
//     fields.
//   - UPDATE text built in steps in the function (a strings.Builder or
//     bytes.Buffer written with WriteString or fmt.Fprintf, a string grown
//     with +=, a list of assignments appended to and joined with
//     strings.Join), with its arguments appended alongside: the columns
//     are those of every piece the SET list may hold (the pieces written
//     under an if, or in a loop, each count; a loop over a known list of
//     names, such as var taskCols = []string{"status", "note"}, is
//     unrolled), and the fields those that flow into the arguments. Every
//     piece must be known: a column name from a parameter, or a builder
//     given to another function, makes the SET list unknown.

//   - The Exec of a statement prepared in the same function from known
//     text (database/sql Prepare, sqlx Preparex and PrepareNamed), the
//     statement variable assigned only there: positional or named as
//     above.
//   - squirrel: Update("t").Set("a", u.A)... run with Exec or ExecContext,
//     or rendered with ToSql or MustSql; SetMap with a literal map. A Set
//     value may be a squirrel expression written in place (sq.Expr("?",
//     u.A), sq.Case("id").When(sq.Expr("?", u.ID), sq.Expr("?", u.A))):
//     its arguments are read.
//   - gorm: Select(...).Updates(&v) (the selected fields or columns),
//     Omit(...).Updates(&v) (every column but those), Model(&v).Update("a",
//     x) and UpdateColumn, Model(&v).Updates(map[string]any{...}).
//   - bun: NewUpdate().Model(&v).Column(...) or ExcludeColumn(...), with
//     Bulk for a slice (Model(&rows).Column("name").Bulk()), and the
//     columns a constant Set ("name = _data.name") or SetColumn assigns,
//     run with Exec or Scan, written in one chain or built in steps
//     through a local variable, which bun changes in place (q :=
//     db.NewUpdate().Model(&rows); q.Column("name"); q = q.Bulk();
//     q.Exec(ctx)). As bun renders it: a slice with Bulk writes the
//     columns listed before Bulk plus those of Set; a slice without Bulk
//     (a hand-written With("_data", ...) VALUES list) writes the Set
//     columns only; a struct with Set writes them plus the Column list. A
//     variable is followed when it is declared in the function that runs
//     the update, assigned once from a handle's NewUpdate (and otherwise
//     only to itself), and only used as the receiver of bun's builder
//     methods.
//   - xorm: Cols("a", "b").Update(&v) on an Engine or a Session (the
//     listed columns, less those of Omit, plus the column of the updated
//     tag, which xorm sets itself unless NoAutoTime), written in one
//     chain or in steps on a session variable (sess := x.NewSession();
//     sess.Cols("a"); sess.Update(&v)), or on a session an application's
//     own engine interface returns (e.ID(id).Cols("a")), or on a session
//     parameter (func f(s *xorm.Session, ...)) when the expression lists
//     the columns: xorm resets a session after each operation, and a
//     caller passes one for its transaction. Cols(cols...)
//     with a local slice built only by appending constants writes every
//     column any branch appends: only a field no path lists is reported.
//     Incr, Decr and SetExpr columns count as written.
//   - Upserts, whose conflict clause updates a subset of what they
//     insert: SQL text with ON CONFLICT (k) DO UPDATE SET a = EXCLUDED.a
//     or ON DUPLICATE KEY UPDATE a = VALUES(a), named or positional (the
//     VALUES list binds every field, only the SET list is updated); gorm
//     Clauses(clause.OnConflict{DoUpdates: clause.AssignmentColumns(
//     []string{"a"})}).Create(&rows); bun NewInsert().Model(&rows).On(
//     "CONFLICT (k) DO UPDATE").Set("a = EXCLUDED.a"). A changed field
//     left out of the update list is lost for every row that already
//     exists: "upsert skips mutated fields". gorm's UpdateAll, bun without
//     Set and DO NOTHING update every column or none: not reported. The
//     fix adds the column to a literal AssignmentColumns list.
//   - runtime/bulk: bulk.Update(ctx, q, table, rows, bulk.Columns(...)).
//   - A call of a helper that writes chosen columns of a parameter (see
//     Helpers below).
//
// For example, text grown with += under a condition:
//
//	t.Priority = 0
//	q := "UPDATE tasks SET updated_at = NOW()"
//	if status != "" {
//		q += ", status = ?"
//		args = append(args, t.Status)
//	}
//	q += " WHERE id = ?"
//	args = append(args, t.ID)
//	db.ExecContext(ctx, q, args...)
//	// update skips mutated fields: (*sql.DB).ExecContext writes
//	// updated_at, status of tasks but Priority (priority) was changed
//	// at line 1 and is not written; ...
//
// Text is recovered as sqlsource does: constants, concatenation, Sprintf,
// single-assignment variables and text built in steps. Columns map to fields by each
// library's rules (sqlx db tags, gorm naming and tags, bun tags); for
// positional arguments and squirrel, by sqlx's rules.
//
// # Writes of the non-zero fields
//
// gorm's Updates given a struct (Updates(&v), Updates(v), Updates(T{...}))
// without Select or Omit, and xorm's Update given a struct without Cols
// or AllCols, write only the fields whose value is not zero; xorm also
// leaves out every bool field unless UseBool is called. A field set to
// false, 0, "" or nil before such a write is silently not saved:
//
//	a.Active = false
//	db.Model(&a).Updates(&a)
//	// update skips zero values: (*gorm.DB).Updates writes only the
//	// non-zero fields of a, so the change is not saved: Active (active)
//	// set to false at line 1; name the column with Select, or write it
//	// with bulk.Update and bulk.Columns
//
// The last change of the field before the write decides, and the line is
// drawn where the value is zero or may well be:
//
//   - a zero constant (false, 0, "", nil, an empty T{}), in an
//     assignment or in the keyed fields of the struct literal written
//     (Updates(T{...}), or v := T{...} written once and then Updates(&v));
//   - a bool set from any value (a flag from a request may be false);
//   - a number decreased with -= (a counter may reach 0);
//   - for xorm without UseBool, any change of a bool field, true too;
//   - a change of a column left out by Omit, whatever its value.
//
// Not reported: numbers and strings set from a variable (their zero is
// rarely an ordinary value), decrements with --, columns named by xorm's
// MustCols or UseBool("a"), gorm's UpdatedAt and xorm's updated column,
// and a session that is a parameter or a field (its caller may have
// called Cols or MustCols). The fix for xorm inserts MustCols("a") before
// Update, which writes the column whatever its value and the rest as
// before; for gorm no edit keeps the other fields' behaviour (Select
// would write only the listed ones): name the columns with Select, use a
// map, or bulk.Update with bulk.Columns. A helper that does nothing with
// a struct parameter but such a write (func Save(db *gorm.DB, t *Ticket)
// error { return db.Model(t).Updates(t).Error }) exports a fact, and a
// change before its call is checked the same way.
//
// # Helpers
//
// A helper, in this package or another, that does nothing with one of its
// parameters but one write of the kinds above (no other write or call is
// given it, it is not assigned there, and any field it changes, such as a
// default it fills in, is among the columns its write lists) makes each
// of its calls a partial write of the argument. The analyzer exports a fact for each such
// helper, and only for those, so this works in go vet mode:
//
//	func (s *Store) SaveName(ctx context.Context, u *User) error {
//		_, err := s.db.NamedExecContext(ctx, "UPDATE users SET name = :name WHERE id = :id", u)
//		return err
//	}
//
//	u.Email = strings.ToLower(u.Email)
//	err := s.SaveName(ctx, u)
//	// update skips mutated fields: (*store.Store).SaveName writes name of
//	// users (through (*sqlx.DB).NamedExecContext) but Email (email) was
//	// changed at line 7 and is not written; ...
//
// Within a package facts go one level deep: a helper that calls another
// helper of the same package gets none.
//
// A helper whose column list is a []string parameter (or its final
// ...string one) that it passes on unchanged to a write of another
// parameter (db.Model(v).Select(cols).Updates(v), x.ID(id).Cols(cols...).
// Update(v), bulk.Update(ctx, q, t, rows, bulk.Columns(cols...))) gets a
// fact too: a call that gives a []string literal of constants, constant
// arguments, or a local slice built only by appending constants (the
// columns every branch may append) is a partial write of those columns.
// A helper that builds its SQL text from the list itself (with
// reflection or a mapper, or a loop over the parameter) gets none: the
// analyzer does not read such text.
//
// # Mutations understood
//
// In the function that runs the write (a function declaration, or a
// function literal of a package-level declaration such as a cobra
// command's Run), before it: assignments (=, op=)
// and increments of a field of the written value, of an element of the
// written slice (users[i].Email = x), through a pointer to it (p :=
// &users[i]; p.Email = x; a range over a slice of pointers), and calls of
// a method of the package with a pointer receiver that assigns the field
// (u.SetEmail(x)), and calls of a function, in this package or another,
// that assigns fields of a struct through a pointer parameter and does
// nothing else with it (applyChanges(&o, req) counts as the changes of
// the fields applyChanges assigns; the analyzer exports a fact for such
// functions, one level deep within a package). When the written value is a range value that copies
// elements of a slice, changes to that slice's elements before the range
// count too. A change to a struct field counts for every column below it.
//
// # What is not reported
//
//   - Writes of the whole row or of columns not listed: gorm Save, xorm
//     AllCols, an xorm Update given a map, and changes to non-zero
//     values before gorm's Updates or xorm's Update of a struct, bun
//     without Column or Set (Bulk alone writes every column), a bun chain
//     with a Set whose text is not constant,
//     bulk.Update without Columns, Tracker.Save, an UPDATE
//     whose SET list is not known, and INSERT statements.
//   - Fields that are not columns (db:"-", unexported, gorm relations),
//     primary keys, columns the library never updates (gorm's <-:create
//     and ->, bun's skipupdate), and gorm's UpdatedAt, which gorm writes on
//     every update.
//   - Changes that may be saved or replaced by other code: another write
//     of the same value that writes the column, before or after the write
//     (a database call the analyzer does not understand counts as writing
//     every column); a call given the value whole (save(u), u.Persist(),
//     db.Get(u, ...), validate(users), or a range value over users) or an
//     assignment of the whole variable between the change and the write.
//   - Positional arguments or squirrel Set values that are not fields of
//     the written value but refer to local variables (SET owner_name = $1
//     with owner): they may carry the changed field's value. Arguments of
//     several values (a.Name, b.ID), and spread arguments (args...) other
//     than a local slice built only with append.
//   - A field the write reads in its own call (xorm's or gorm's
//     Where("user_id = ?", lu.UserID)): it was set to select the row. A
//     field of a parameter or receiver set back to the same field of a
//     value the function loaded (sf.OwnerID = orig.OwnerID, orig from a
//     call): it restores the stored value. The other way round
//     (orig.OwnerID = sent.OwnerID, then a write of orig) is a change.
//   - xorm's Update on a session parameter without Cols in the
//     expression: the caller may have set the columns.
//   - Changes of a copy that does not reach the write (a range value copy
//     of a struct element), of another element (users[j] when users[i] is
//     written), in another branch of an if or a switch, followed by a
//     return in their block, or in a function literal. Values that flow
//     through calls, channels or struct fields are not followed: their
//     changes are not seen. squirrel and gorm builders assembled across
//     variables are not read, nor a squirrel Case built in a loop
//     (c = c.When(...)). SQL text built in steps whose pieces are not all
//     known (a column name from a parameter, a builder given to a
//     function, reset, or written in a function literal): its SET list is
//     not known.
//   - A bun update built in steps whose calls cannot all be seen: the
//     builder passed to another function (which may add columns), stored,
//     returned, aliased, captured by a function literal, taken from a
//     parameter or another function's result, or assigned a second query;
//     or a call that decides the columns (Model, Column, ExcludeColumn,
//     Set, SetColumn, Bulk) made only on some paths, such as in an if.
//   - test code (_test.go files, and files that import package testing)
//     unless -tests, and generated files; lines suppressed
//     with //nolint:missingfields or //bulklint:ignore missingfields --
//     reason.
//
// # Flags
//
//	-tests  report in test code too
//
// # Categories
//
//   - update-misses-fields: an update leaves out fields changed before it.
//   - update-skips-zero-values: an update of the non-zero fields of a
//     struct comes after a field was set to a value that may be zero.
//   - internal-error: the analyzer failed on a function (a bug: please
//     report it); the rest of the package is still checked.
package missingfields

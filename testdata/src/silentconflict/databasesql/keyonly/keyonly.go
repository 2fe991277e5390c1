// Package keyonly holds idempotent inserts into link tables: every inserted
// column is in the explicit conflict target, so a skipped row equals the
// existing one in every column written and nothing vanishes. Their count
// need not be read; a discarded error is still reported. Where the key is
// not in the text, or a column is outside it, the rules of writes apply.
package keyonly

import (
	"context"
	"database/sql"
)

// Negative: DO NOTHING on a target that is every inserted column.
func tagMemo(ctx context.Context, tx *sql.Tx, memoID int, tag string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO memo_tag (memo_id, tag) VALUES ($1, $2) ON CONFLICT (memo_id, tag) DO NOTHING`, memoID, tag)
	return err
}

// Negative: a no-op update of a key column (memos' memo_relation), with
// quoted and differently cased names, several rows.
func relate(ctx context.Context, tx *sql.Tx, memoID, relatedID int, typ string) error {
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO memo_relation ("memo_id", related_memo_id, type)
		VALUES ($1, $2, $3), ($2, $1, $3)
		ON CONFLICT (memo_id, RELATED_MEMO_ID, type) DO UPDATE SET type = EXCLUDED.type`,
		memoID, relatedID, typ); err != nil {
		return err
	}
	return nil
}

// Negative: the target may hold more columns (a defaulted one) than the
// insert writes; SQLite's OR ROLLBACK makes other keys fail, not skip.
func attach(db *sql.DB, memoID, resourceID int) error {
	if _, err := db.Exec(`INSERT INTO memo_resource (memo_id, resource_id) VALUES (?, ?) ON CONFLICT (memo_id, resource_id, kind) DO NOTHING`, memoID, resourceID); err != nil {
		return err
	}
	_, err := db.Exec(`INSERT OR ROLLBACK INTO memo_resource (memo_id, resource_id) VALUES (?, ?) ON CONFLICT (resource_id, memo_id) DO NOTHING`, memoID, resourceID)
	return err
}

// Negative: a helper that hands the result over says in its fact that the
// count need not be read, so its caller that drops it is not reported.
func follow(ctx context.Context, db *sql.DB, user, target int) (sql.Result, error) { // want follow:`^silentconflict\(INSERT \.\.\. ON CONFLICT DO NOTHING into follows via \(\*sql\.DB\)\.ExecContext; err 1, count 0; lossless\)$`
	return db.ExecContext(ctx, `INSERT INTO follows (user_id, target_id) VALUES ($1, $2) ON CONFLICT (user_id, target_id) DO NOTHING`, user, target)
}

func followAll(ctx context.Context, db *sql.DB, user int, targets []int) error {
	for _, t := range targets {
		if _, err := follow(ctx, db, user, t); err != nil {
			return err
		}
	}
	return nil
}

// A discarded error is still reported: a failed insert goes unnoticed.
func tagMemoBlind(ctx context.Context, db *sql.DB, memoID int, tag string) {
	db.ExecContext(ctx, `INSERT INTO memo_tag (memo_id, tag) VALUES ($1, $2) ON CONFLICT (memo_id, tag) DO NOTHING`, memoID, tag) // want `^ignored conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into memo_tag and its error is discarded; a failed write goes unnoticed, though a skipped row loses nothing here; check the error$`
}

// A column outside the target: a skipped row may differ from the existing
// one in it.
func tagMemoColor(ctx context.Context, tx *sql.Tx, memoID int, tag, color string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO memo_tag (memo_id, tag, color) VALUES ($1, $2, $3) ON CONFLICT (memo_id, tag) DO NOTHING`, memoID, tag, color) // want `^uncounted conflict: \(\*sql\.Tx\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into memo_tag and its sql\.Result is dropped`
	return err
}

// No target: a conflict on any unique key is skipped, and which keys the
// table has is not in the text.
func tagMemoAnyKey(ctx context.Context, tx *sql.Tx, memoID int, tag string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO memo_tag (memo_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING`, memoID, tag) // want `^uncounted conflict: \(\*sql\.Tx\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into memo_tag and its sql\.Result is dropped`
	return err
}

// ON CONSTRAINT and an expression target: the key's columns are not in the
// text.
func byConstraint(ctx context.Context, tx *sql.Tx, memoID int, tag string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO memo_tag (memo_id, tag) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT memo_tag_pkey DO NOTHING`, memoID, tag); err != nil { // want `^uncounted conflict: \(\*sql\.Tx\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into memo_tag and its sql\.Result is dropped`
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO users (email) VALUES ($1) ON CONFLICT (lower(email)) DO NOTHING`, tag) // want `^uncounted conflict: \(\*sql\.Tx\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its sql\.Result is dropped`
	return err
}

// MySQL's ON DUPLICATE KEY UPDATE and IGNORE take a conflict on any key;
// SQLite's OR IGNORE takes conflicts on other keys than the target; a
// second SQLite clause may too.
func otherKeys(db *sql.DB, memoID, relatedID int, typ string) error {
	if _, err := db.Exec("INSERT INTO `memo_relation` (`memo_id`, `related_memo_id`, `type`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `type` = `type`", memoID, relatedID, typ); err != nil { // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON DUPLICATE KEY UPDATE that changes nothing \(type\) into memo_relation and its sql\.Result is dropped`
		return err
	}
	if _, err := db.Exec(`INSERT IGNORE INTO memo_tag (memo_id, tag) VALUES (?, ?)`, memoID, typ); err != nil { // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT IGNORE into memo_tag and its sql\.Result is dropped`
		return err
	}
	if _, err := db.Exec(`INSERT OR IGNORE INTO memo_tag (memo_id, tag) VALUES (?, ?) ON CONFLICT (memo_id, tag) DO NOTHING`, memoID, typ); err != nil { // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into memo_tag and its sql\.Result is dropped`
		return err
	}
	_, err := db.Exec(`INSERT INTO memo_tag (memo_id, tag) VALUES (?, ?) ON CONFLICT (memo_id, tag) DO NOTHING ON CONFLICT DO NOTHING`, memoID, typ) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into memo_tag and its sql\.Result is dropped`
	return err
}

// Without a column list the insert writes every column of the table,
// which the text does not name.
func noColumnList(ctx context.Context, tx *sql.Tx, memoID int, tag string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO memo_tag VALUES ($1, $2) ON CONFLICT (memo_id, tag) DO NOTHING`, memoID, tag) // want `^uncounted conflict: \(\*sql\.Tx\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into memo_tag and its sql\.Result is dropped`
	return err
}

// Negative: a row of references only (every column named as one), without
// a target: a link table, whose key is all its columns (hatchet's Prisma
// tables "_ServiceToWorker" ("A", "B"), user_roles).
func linkOnly(ctx context.Context, tx *sql.Tx, services []string, worker string, user, role int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO "_ServiceToWorker" ("A", "B") VALUES (unnest($1::uuid[]), $2::uuid) ON CONFLICT DO NOTHING`, services, worker); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT IGNORE INTO user_roles (user_id, roleId) VALUES (?, ?)", user, role)
	return err
}

// References only, but the target leaves role_id out: a skipped row may
// name another role.
func oneRolePerUser(ctx context.Context, tx *sql.Tx, user, role int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`, user, role) // want `^uncounted conflict: \(\*sql\.Tx\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into user_roles and its sql\.Result is dropped`
	return err
}

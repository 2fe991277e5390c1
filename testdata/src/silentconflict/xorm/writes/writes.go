// Package writes holds ignore-conflict writes run with xorm's Exec.
package writes

import (
	"errors"

	"xorm.io/xorm"
)

const insertIgnore = "INSERT IGNORE INTO user_setting (user_id, name, value) VALUES (?, ?, ?)"

func setEngine(engine *xorm.Engine, user int64, name, value string) error {
	_, err := engine.Exec(insertIgnore, user, name, value) // want `^uncounted conflict: \(\*xorm\.Engine\)\.Exec runs INSERT IGNORE into user_setting and its sql\.Result is dropped; rows that conflict vanish without a trace, and IGNORE also turns invalid values and NOT NULL violations into warnings; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	return err
}

func inSession(sess *xorm.Session, email string) {
	sess.Exec("INSERT INTO users (email, name) VALUES (?, '') ON CONFLICT DO NOTHING", email) // want `^ignored conflict: \(\*xorm\.Session\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

var ErrExists = errors.New("exists")

// Negative: the count is compared.
func counted(engine *xorm.Engine, user int64, name, value string) error {
	res, err := engine.Exec(insertIgnore, user, name, value)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrExists
	}
	return nil
}

// Negative: the text and its arguments in one slice, which is not read.
func sliced(engine *xorm.Engine, args []any) error {
	_, err := engine.Exec(args...)
	return err
}

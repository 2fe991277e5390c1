// Package cols shows xorm's Update with a column list: only the listed
// columns are written.
package cols

import (
	"time"

	"xorm.io/xorm"
)

type User struct {
	ID          int64 `xorm:"pk autoincr"`
	Name        string
	Email       string
	IsAdmin     bool
	LoginSource int64
	Updated     time.Time `xorm:"updated"`
}

func rename(x *xorm.Engine, u *User, name string) error {
	u.Name = name
	u.Email = "e"
	_, err := x.ID(u.ID).Cols("name").Update(u) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes name of u but Email \(email\) was changed at line 22 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
	return err
}

func inSteps(x *xorm.Engine, u *User) error {
	sess := x.NewSession()
	defer sess.Close()
	u.IsAdmin = true
	u.Email = "e"
	sess.ID(u.ID)
	sess.Cols("email")
	_, err := sess.Update(u) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes email of u but IsAdmin \(is_admin\) was changed at line 30`
	return err
}

// Columns gathered across branches: the union is written, and only a
// field no branch lists is reported.
func branches(x *xorm.Engine, u *User, admin bool, email string) error {
	cols := []string{"name"}
	if admin {
		u.IsAdmin = true
		cols = append(cols, "is_admin")
	}
	if email != "" {
		u.Email = email
		cols = append(cols, "email")
	}
	u.LoginSource = 2
	_, err := x.ID(u.ID).Cols(cols...).Update(u) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes name, is_admin, email of u but LoginSource \(login_source\) was changed at line 50`
	return err
}

// The column list of a session an application's own interface returns.
type Engine interface {
	ID(any) *xorm.Session
	Cols(...string) *xorm.Session
}

func viaInterface(e Engine, u *User) {
	u.Name = "n"
	u.Email = "e"
	e.Cols("name").ID(u.ID).Update(u) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes name of u but Email \(email\) was changed at line 63`
}

// Silent: the listed names are column names in any of xorm's mappers, and
// the updated column is set by xorm.
func mapped(x *xorm.Engine, u *User) { // want mapped:`writes\(param 1: login_source,updated via \(\*xorm\.Session\)\.Update\)`
	u.LoginSource = 1
	u.Updated = time.Now()
	x.ID(u.ID).Cols("loginsource").Update(u)
}

// Silent: the changes are written by another write of the same value.
func savedAfter(x *xorm.Engine, u *User) {
	u.Email = "e"
	x.ID(u.ID).Cols("name").Update(u)
	x.ID(u.ID).AllCols().Update(u)
}

// Silent: the columns come from a parameter.
func dynamic(x *xorm.Engine, u *User, cols []string) {
	u.Email = "e"
	x.ID(u.ID).Cols(cols...).Update(u)
}

// Silent: Cols only on some paths leaves the list unknown.
func conditional(x *xorm.Engine, u *User, some bool) {
	sess := x.NewSession()
	defer sess.Close()
	u.Email = "e"
	if some {
		sess.Cols("name")
	}
	sess.ID(u.ID).Update(u)
}

// With NoAutoTime, xorm leaves the updated column alone: a change to it
// is lost like any other.
func noAutoTime(x *xorm.Engine, u *User, at time.Time) {
	u.Name = "n"
	u.Updated = at
	x.ID(u.ID).NoAutoTime().Cols("name").Update(u) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes name of u but Updated \(updated\) was changed at line 103`
}

// Package helper shows an update helper that fills in what its caller
// left empty and then writes a fixed list of columns, modelled on
// vikunja's user.UpdateUser before commit ad8fa93c ("fix(user): make
// disable command actually work"): its list still named is_active, a
// column since replaced by status, so the change-status command set
// u.Status and saved nothing.
package helper

import "xorm.io/xorm"

type Status int

const (
	StatusActive Status = iota
	StatusDisabled
	StatusEmailConfirmationRequired
)

type User struct {
	ID       int64 `xorm:"pk autoincr 'id'"`
	Username string
	Email    string
	Name     string
	Status   Status
	Timezone string
}

func UpdateUser(s *xorm.Session, user *User, defaults *User) (*User, error) { // want UpdateUser:`writes\(param 1: username,email,name,timezone via \(\*xorm\.Session\)\.Update\)`
	if user.Username == "" {
		user.Username = defaults.Username
	}
	if user.Timezone == "" {
		user.Timezone = "UTC"
	}
	_, err := s.ID(user.ID).Cols("username", "email", "name", "timezone").Update(user)
	return user, err
}

func changeStatus(s *xorm.Session, u, defaults *User, disable bool) error {
	if disable {
		u.Status = StatusDisabled
	} else {
		u.Status = StatusActive
	}
	_, err := UpdateUser(s, u, defaults) // want `^update skips mutated fields: helper\.UpdateUser writes username, email, name, timezone of u \(through \(\*xorm\.Session\)\.Update\) but Status \(status\) was changed at line 41 and is not written`
	return err
}

// Silent: the changed fields are in the helper's list.
func rename(s *xorm.Session, u, defaults *User, name string) error { // want rename:`writes\(param 1: username,email,name,timezone via helper\.UpdateUser -> \(\*xorm\.Session\)\.Update\)`
	u.Name = name
	u.Timezone = ""
	_, err := UpdateUser(s, u, defaults)
	return err
}

// Silent: the status is saved by its own write first.
func disableThenRename(s *xorm.Session, u, defaults *User) error {
	u.Status = StatusDisabled
	if _, err := s.ID(u.ID).Cols("status").Update(u); err != nil {
		return err
	}
	_, err := UpdateUser(s, u, defaults)
	return err
}

// SetDefaults writes the non-zero fields after changing one: no fact, as
// what it writes depends on its own change.
func SetDefaults(s *xorm.Session, u *User) error {
	u.Timezone = "UTC"
	_, err := s.ID(u.ID).Update(u)
	return err
}

// Silent: SetDefaults has no fact.
func resetName(s *xorm.Session, u *User) error {
	u.Name = ""
	return SetDefaults(s, u)
}

// A session parameter with a column list in the expression is followed,
// modelled on vikunja's user.UpdateEmail before commit feb17792e
// ("fix(user): persist status on email updates"), which still listed
// is_active for the status.
func updateEmail(s *xorm.Session, u *User, email string) error {
	u.Email = email
	u.Status = StatusEmailConfirmationRequired
	_, err := s.Where("id = ?", u.ID).Cols("email", "is_active").Update(u) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes email, is_active of u but Status \(status\) was changed at line 87 and is not written`
	return err
}

type command struct {
	Run func(s *xorm.Session, u *User)
}

// A function literal in a package-level declaration (a cobra command's
// Run, as vikunja's change-status command) is checked as a function.
var changeStatusCmd = &command{
	Run: func(s *xorm.Session, u *User) {
		u.Status = StatusDisabled
		UpdateUser(s, u, &User{}) // want `^update skips mutated fields: helper\.UpdateUser writes username, email, name, timezone of u \(through \(\*xorm\.Session\)\.Update\) but Status \(status\) was changed at line 100 and is not written`
	},
}

// Package zero shows xorm's Update given a struct without Cols: xorm
// writes only the non-zero fields, and no bool field without UseBool.
package zero

import (
	"time"

	"xorm.io/xorm"
)

type Repo struct {
	ID        int64 `xorm:"pk autoincr"`
	Name      string
	IsPrivate bool
	NumStars  int
	Owner     string    `xorm:"'owner_name' index"`
	Updated   time.Time `xorm:"updated"`
	Created   time.Time `xorm:"created"`
}

func publish(x *xorm.Engine, r *Repo) error {
	r.IsPrivate = false
	_, err := x.ID(r.ID).Update(r) // want `^update skips zero values: \(\*xorm\.Session\)\.Update writes only the non-zero fields and no bool field of r, so the change is not saved: IsPrivate \(is_private\) changed \(xorm writes no bool field without UseBool\) at line 22; name the column with MustCols or Cols, or write it with bulk\.Update and bulk\.Columns$`
	return err
}

func hide(x *xorm.Engine, r *Repo) {
	r.IsPrivate = true // lost too: xorm leaves every bool out
	x.Update(r)        // want `^update skips zero values: \(\*xorm\.Engine\)\.Update writes only the non-zero fields and no bool field of r, so the change is not saved: IsPrivate \(is_private\) changed`
}

func unstar(x *xorm.Engine, id int64) error {
	sess := x.NewSession()
	defer sess.Close()
	r := &Repo{}
	if _, err := sess.ID(id).Get(r); err != nil {
		return err
	}
	r.NumStars -= 1
	_, err := sess.ID(id).UseBool().Update(r) // want `^update skips zero values: \(\*xorm\.Session\)\.Update writes only the non-zero fields of r, so the change is not saved: NumStars \(num_stars\) decreased \(it may reach 0\) at line 39; `
	return err
}

func literal(x *xorm.Engine, id int64) {
	x.ID(id).Update(&Repo{Owner: "", NumStars: 0}) // want `^update skips zero values: .* of its Repo literal, so the changes are not saved: Owner \(owner_name\) set to "" at line 45 and NumStars \(num_stars\) set to 0 at line 45; `
}

func omitted(x *xorm.Engine, r *Repo) {
	r.Name = "n"
	x.ID(r.ID).Omit("name").UseBool().Update(r) // want `^update skips zero values: .*: Name \(name\) changed but omitted at line 49; `
}

// Silent: MustCols and UseBool("is_private") write the column whatever
// its value; AllCols writes every column.
func must(x *xorm.Engine, r *Repo) {
	r.IsPrivate = false
	r.NumStars = 0
	x.ID(r.ID).MustCols("num_stars").UseBool("is_private").Update(r)
	r.IsPrivate = false
	x.ID(r.ID).AllCols().Update(r)
}

// Silent: non-zero values of other types are written.
func rename(x *xorm.Engine, r *Repo, name string) {
	r.Name = name
	r.NumStars = 3
	x.ID(r.ID).Update(r)
}

// Silent: xorm sets the updated column itself; created and the key are
// not written by an update.
func auto(x *xorm.Engine, r *Repo) {
	r.Updated = time.Time{}
	r.Created = time.Time{}
	r.ID = 0
	x.Update(r)
}

// Silent: the session comes from a parameter, which may carry Cols.
func session(sess *xorm.Session, r *Repo) {
	r.IsPrivate = false
	sess.Update(r)
}

// Silent: a map names its columns.
func withMap(x *xorm.Engine, r *Repo) {
	r.IsPrivate = false
	x.Table(r).ID(r.ID).Update(map[string]any{"is_private": r.IsPrivate})
}

// Package request shows update methods of a value sent by a client, as
// vikunja writes them: a field set to find the row, or set back to the
// stored value, is no change that the write loses.
package request

import "xorm.io/xorm"

type ProjectUser struct {
	ID         int64 `xorm:"pk autoincr 'id'"`
	ProjectID  int64
	UserID     int64
	Username   string `xorm:"-"`
	Permission int
}

type Filter struct {
	ID          int64 `xorm:"pk autoincr 'id'"`
	OwnerID     int64
	Title       string
	Description string
}

func userID(s *xorm.Session, name string) (int64, error) {
	var id int64
	_, err := s.Table("users").Where("username = ?", name).Cols("id").Get(&id)
	return id, err
}

func getFilter(s *xorm.Session, id int64) (*Filter, error) {
	f := &Filter{}
	_, err := s.ID(id).Get(f)
	return f, err
}

// Silent: UserID is set to select the row (it flows into Where), not to
// be written.
func (lu *ProjectUser) Update(s *xorm.Session) error {
	id, err := userID(s, lu.Username)
	if err != nil {
		return err
	}
	lu.UserID = id
	_, err = s.Where("project_id = ? AND user_id = ?", lu.ProjectID, lu.UserID).Cols("permission").Update(lu)
	return err
}

// Silent: OwnerID is set back to the stored owner, so that a client
// cannot change it.
func (f *Filter) Update(s *xorm.Session) error {
	orig, err := getFilter(s, f.ID)
	if err != nil {
		return err
	}
	f.OwnerID = orig.OwnerID
	_, err = s.Where("id = ?", f.ID).Cols("title", "description").Update(f)
	return err
}

// The other way round, the loaded row takes what the client sent: a
// change the write loses.
func transfer(s *xorm.Session, sent *Filter) error {
	orig, err := getFilter(s, sent.ID)
	if err != nil {
		return err
	}
	orig.Title = sent.Title
	orig.OwnerID = sent.OwnerID
	_, err = s.ID(orig.ID).Cols("title").Update(orig) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes title of orig but OwnerID \(owner_id\) was changed at line 67 and is not written`
	return err
}

// A field set from another field is a change, even when the WHERE
// reads a different one.
func (lu *ProjectUser) move(s *xorm.Session, project int64) error {
	lu.ProjectID = project
	lu.Permission = 1
	_, err := s.Where("id = ?", lu.ID).Cols("permission").Update(lu) // want `^update skips mutated fields: \(\*xorm\.Session\)\.Update writes permission of lu but ProjectID \(project_id\) was changed at line 75 and is not written`
	return err
}

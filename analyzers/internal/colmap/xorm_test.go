package colmap_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
)

// TestXorm pins down xorm's tag rules: names quoted or not, keywords and
// SQL types skipped, DEFAULT's value, extends, and the flags of pk,
// created, updated and <-.
func TestXorm(t *testing.T) {
	pkg := check(t, `package p
type Base struct {
	Created int64 `+"`xorm:\"created\"`"+`
	Updated int64 `+"`xorm:\"updated\"`"+`
}
type Repo struct {
	Id        int64
	Base      `+"`xorm:\"extends\"`"+`
	OwnerName string `+"`xorm:\"varchar(255) notnull 'owner'\"`"+`
	LowerName string `+"`xorm:\"UNIQUE(s) INDEX NOT NULL lower\"`"+`
	NumStars  int    `+"`xorm:\"NOT NULL DEFAULT 0\"`"+`
	Size      int64  `+"`xorm:\"<-\"`"+`
	Skipped   string `+"`xorm:\"-\"`"+`
	IsPrivate bool   `+"`xorm:\"INDEX\"`"+`
	hidden    int
}`)
	m, err := colmap.Of(colmap.XORM, pkg.Scope().Lookup("Repo").Type())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range m.Columns() {
		got = append(got, fmt.Sprintf("%s pk=%v up=%v auto=%v", c.Name, c.PrimaryKey, c.Updatable, c.AutoUpdated))
	}
	want := []string{
		"id pk=true up=true auto=false",
		"created pk=false up=false auto=false",
		"updated pk=false up=true auto=true",
		"owner pk=false up=true auto=false",
		"lower pk=false up=true auto=false",
		"num_stars pk=false up=true auto=false",
		"size pk=false up=false auto=false",
		"is_private pk=false up=true auto=false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if !colmap.SameXormName("user_i_d", "UserID") || colmap.SameXormName("user_id", "user") {
		t.Error("SameXormName")
	}
}

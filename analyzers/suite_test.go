package analyzers_test

import (
	"flag"
	"testing"

	"github.com/bulklint/bulklint/analyzers"
)

// TestNewSuite checks that NewSuite lists the analyzers of Suite, in the same
// order, as distinct values whose flags do not reach Suite's.
func TestNewSuite(t *testing.T) {
	shared, fresh := analyzers.Suite(), analyzers.NewSuite()
	if len(shared) != len(fresh) {
		t.Fatalf("Suite has %d analyzers, NewSuite %d", len(shared), len(fresh))
	}
	for i := range shared {
		a, b := shared[i], fresh[i]
		if a.Name != b.Name {
			t.Errorf("analyzer %d: Suite has %s, NewSuite %s", i, a.Name, b.Name)
		}
		if a == b {
			t.Errorf("%s: NewSuite returned Suite's value", a.Name)
		}
		b.Flags.VisitAll(func(f *flag.Flag) {
			if err := b.Flags.Set(f.Name, f.Value.String()); err != nil {
				t.Errorf("%s: -%s: %v", b.Name, f.Name, err)
			}
			if a.Flags.Lookup(f.Name).Value == f.Value {
				t.Errorf("%s: flag -%s shares its value with Suite's", b.Name, f.Name)
			}
		})
	}
}

package missingfields_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/analyzers/missingfields"
)

// TestBulk checks bulk.Update with bulk.Columns. The fixture imports
// runtime/bulk from this repository, which the fixture module in
// testdata/src cannot require without tying its go.mod to the root's; the
// test builds a module for it in a temporary directory instead, replacing
// github.com/bulklint/bulklint by this checkout.
func TestBulk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a temporary module")
	}
	_, file, _, _ := runtime.Caller(0)
	here := filepath.Dir(file)
	repo, err := filepath.Abs(filepath.Join(here, "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module bulkfixtures\n\ngo 1.26.0\n\nrequire github.com/bulklint/bulklint v0.0.0-00010101000000-000000000000\n\nreplace github.com/bulklint/bulklint => " + repo + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o666); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(here, "testdata", "bulk", "update")
	dst := filepath.Join(dir, "bulk", "update")
	if err := os.MkdirAll(dst, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"update.go", "update.go.golden"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(fixturetest.Env(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the temporary module: %v\n%s", err, out)
	}
	// runtime/bulk is this checkout's, possibly in the middle of an
	// edit: a package that does not build is no finding of this test.
	build := exec.Command("go", "build", "github.com/bulklint/bulklint/runtime/bulk")
	build.Dir = dir
	build.Env = fixturetest.Env()
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("runtime/bulk does not build: %v\n%s", err, out)
	}
	analysistest.RunWithSuggestedFixes(t, dir, missingfields.New(), "bulkfixtures/bulk/update")
}

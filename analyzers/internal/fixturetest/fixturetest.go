// Package fixturetest prepares the analysistest fixture module in
// testdata/src for a test run.
//
// The fixtures import the real database libraries (sqlx, pgx, gorm, squirrel,
// xorm, bun) through testdata/src/go.mod. analysistest loads them with the
// module proxy switched off (GOPROXY=off), so the module cache must hold those
// modules before the loader runs; Dir downloads them with the environment's
// own proxy settings. No third-party source is committed to the repository.
package fixturetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// download runs `go mod download` in the fixture module once per test binary.
var download = sync.OnceValues(func() (string, error) {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "src")
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &downloadError{dir: dir, out: string(out), err: err}
	}
	return dir, nil
})

type downloadError struct {
	dir, out string
	err      error
}

func (e *downloadError) Error() string {
	return "go mod download in " + e.dir + ": " + e.err.Error() + "\n" + e.out
}

// Dir returns the absolute path of the fixture module (testdata/src), after
// making sure its dependencies are in the module cache. It fails the test if
// they cannot be downloaded.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := download()
	if err != nil {
		t.Fatalf("preparing fixture module: %v", err)
	}
	return dir
}

// Env returns the environment for loading the fixture module with
// golang.org/x/tools/go/packages outside analysistest: the process
// environment with workspaces switched off.
func Env() []string {
	return append(os.Environ(), "GOWORK=off")
}

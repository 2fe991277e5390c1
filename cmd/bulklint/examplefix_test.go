package main_test

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExampleFix runs bulklint -fix on a copy of examples/shop, with a
// second loop of the same reads added to the report's file, and checks
// that both loops become one bulk.Load each in one run, that
// the fixed code builds, passes go vet and the example's tests (with
// SHOP_FIXED=1, under which the report test wants no N+1 left), and that
// bulklint no longer reports the report.
func TestExampleFix(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the module and runs go test on it")
	}
	bin := build(t)
	dir := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "runtime", "internal", "examples"} {
		copyTree(t, filepath.Join("..", "..", p), filepath.Join(dir, p))
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// A second loop of reads in the same file: both fixes add the bulk
	// import, so the second overlaps the first and is applied in a second
	// round, computed on the written code, in the same run.
	reportGo := filepath.Join(dir, "examples", "shop", "report", "report.go")
	orig, err := os.ReadFile(reportGo)
	if err != nil {
		t.Fatal(err)
	}
	second := `
// Names is the loop of Daily again.
func Names(ctx context.Context, s *store.Store, orders []store.Order) ([]string, error) {
	var names []string
	for _, o := range orders {
		c, err := s.Customer(ctx, o.CustomerID)
		if err != nil {
			return nil, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}
`
	if err := os.WriteFile(reportGo, append(orig, second...), 0o644); err != nil {
		t.Fatal(err)
	}

	out, err := run(bin, "-fix", "./examples/shop/...")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("bulklint -fix: %v, want exit status 3 (the store's findings without a fix stay)\n%s", err, out)
	}
	src, err := os.ReadFile(filepath.Join(dir, "examples", "shop", "report", "report.go"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := string(src)
	if strings.Count(fixed, `bulk.Load[store.Customer](ctx, s.DB, "customers", customerIDs)`) != 2 || strings.Contains(fixed, "s.Customer(ctx") {
		t.Fatalf("report.go after -fix does not load the customers at once in both loops:\n%s\n%s", fixed, out)
	}
	if strings.Contains(out, "run again") {
		t.Errorf("bulklint -fix left fixes for another run:\n%s", out)
	}
	if regexp.MustCompile(`report\.go:\d+`).MatchString(out) {
		t.Errorf("bulklint -fix still reports report.go:\n%s", out)
	}
	if out, err := run("go", "vet", "./examples/shop/..."); err != nil {
		t.Fatalf("go vet on the fixed example: %v\n%s", err, out)
	}
	env = append(env, "SHOP_FIXED=1")
	if out, err := run("go", "test", "-count=1", "./examples/shop/..."); err != nil {
		t.Fatalf("go test on the fixed example: %v\n%s\nreport.go:\n%s", err, out, fixed)
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

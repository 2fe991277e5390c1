package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bulklint/bulklint/analyzers"
)

// seedGo inserts per element with ON CONFLICT DO NOTHING and drops the
// error: an N+1 (no fix) and an ignored conflict of a key-only row, whose
// count does not matter (fixed by checking the error), on line 14.
const seedGo = `package store

import (
	"context"
	"database/sql"
)

// Seed inserts emails one by one, ignoring conflicts.
func Seed(ctx context.Context, db *sql.DB, emails []string) error {
	if len(emails) == 0 {
		return nil
	}
	for _, e := range emails {
		db.ExecContext(ctx, "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING", e)
	}
	return nil
}
`

// TestCgo checks that the files of a package that imports "C" are
// analysed, standalone and in vet mode, at their own positions: the
// loaders hand the analyzers cmd/cgo's rewrite, whose header says it is
// generated.
func TestCgo(t *testing.T) {
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	bin := build(t)
	cgo := strings.Replace(seedGo, "import (", "// #include <stdlib.h>\nimport \"C\"\n\nimport (", 1)
	dir := writeModule(t, map[string]string{"store/store.go": cgo})
	line := 1 + strings.Count(cgo[:strings.Index(cgo, "db.ExecContext")], "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`(?m)(^|[/\\])store[/\\]store\.go:` + strconv.Itoa(line) + `:3: query in loop`),
		regexp.MustCompile(`(?m)(^|[/\\])store[/\\]store\.go:` + strconv.Itoa(line) + `:3: ignored conflict`),
	}

	_, stderr, code := runBulklint(t, bin, dir, "./...")
	if code != 3 {
		t.Errorf("bulklint ./...: exit %d, want 3\n%s", code, stderr)
	}
	for _, re := range want {
		if !re.MatchString(stderr) {
			t.Errorf("bulklint ./...: no match for %s in\n%s", re, stderr)
		}
	}

	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("go vet: exit 0 with findings\n%s", out)
	}
	for _, re := range want {
		if !re.Match(out) {
			t.Errorf("go vet: no match for %s in\n%s", re, out)
		}
	}
}

// TestFix checks what -fix and -diff say and do: -diff alone is refused,
// -fix -diff prints a diff and writes nothing, -fix writes, names the
// files and exits 3 while a finding without a fix remains.
func TestFix(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{"store/store.go": seedGo})
	file := filepath.Join(dir, "store", "store.go")

	_, stderr, code := runBulklint(t, bin, dir, "-diff", "./...")
	if code != 2 || !strings.Contains(stderr, "use -fix -diff") {
		t.Errorf("-diff: exit %d, want 2 and a pointer to -fix -diff\n%s", code, stderr)
	}

	stdout, stderr, code := runBulklint(t, bin, dir, "-fix", "-diff", "./...")
	if code != 3 {
		t.Errorf("-fix -diff: exit %d, want 3\n%s", code, stderr)
	}
	wantDiff := "--- a/store/store.go\n+++ b/store/store.go\n@@ -11,7 +11,9 @@\n \t\treturn nil\n \t}\n \tfor _, e := range emails {\n" +
		"-\t\tdb.ExecContext(ctx, \"INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING\", e)\n" +
		"+\t\tif _, err := db.ExecContext(ctx, \"INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING\", e); err != nil {\n" +
		"+\t\t\treturn err\n+\t\t}\n \t}\n \treturn nil\n }\n"
	if stdout != wantDiff {
		t.Errorf("-fix -diff printed\n%s\nwant\n%s", stdout, wantDiff)
	}
	if !strings.Contains(stderr, "bulklint: 1 fix would change 1 file; nothing written") {
		t.Errorf("-fix -diff: stderr does not say nothing was written:\n%s", stderr)
	}
	if data, _ := os.ReadFile(file); string(data) != seedGo {
		t.Errorf("-fix -diff changed the file:\n%s", data)
	}

	_, stderr, code = runBulklint(t, bin, dir, "-fix", "./...")
	if code != 3 {
		t.Errorf("-fix: exit %d, want 3 (the query in loop has no fix)\n%s", code, stderr)
	}
	for _, want := range []string{
		"bulklint: applied 1 fix, updated 1 file: store/store.go\n",
		"store/store.go:14:16: query in loop",
	} {
		if !strings.Contains(stderr, filepath.FromSlash(want)) {
			t.Errorf("-fix: no %q in\n%s", want, stderr)
		}
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), "if _, err := db.ExecContext(") {
		t.Errorf("-fix did not write the fix:\n%s", data)
	}

	clean := writeModule(t, map[string]string{"a/a.go": "package a\n"})
	if _, stderr, code := runBulklint(t, bin, clean, "-fix", "./..."); code != 0 || stderr != "bulklint: no fixes to apply\n" {
		t.Errorf("-fix on clean code: exit %d, stderr %q", code, stderr)
	}
}

// TestTags checks that -tags reaches the loader: the package type-checks
// only with the tag, and its finding shows only then.
func TestTags(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{
		"store/store.go": strings.Replace(seedGo, "db.ExecContext(ctx, ", "db.ExecContext(ctx, query+", 1),
		"store/query.go": "//go:build special\n\npackage store\n\nconst query = \"\"\n",
	})
	_, stderr, code := runBulklint(t, bin, dir, "./...")
	if code != 1 || !strings.Contains(stderr, "undefined: query") {
		t.Errorf("without -tags: exit %d, want 1 and the type error\n%s", code, stderr)
	}
	for _, args := range [][]string{{"-tags=special", "./..."}, {"-tags=special", "-format=text", "./..."}} {
		stdout, stderr, code := runBulklint(t, bin, dir, args...)
		if code != 3 || !strings.Contains(stdout+stderr, "query in loop") {
			t.Errorf("%q: exit %d, want 3 and the finding\n%s%s", args, code, stdout, stderr)
		}
	}
}

// TestVersion checks `bulklint version` and the -V=full line go vet keys
// its cache on.
func TestVersion(t *testing.T) {
	bin := build(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !regexp.MustCompile(`^bulklint (v\S+|devel) \(go1\.\d+[^)]*\)\n$`).Match(out) {
		t.Errorf("bulklint version: %v, %q", err, out)
	}
	out, err = exec.Command(bin, "-V=full").Output()
	if err != nil || !regexp.MustCompile(`^bulklint version devel .*go1\.\d+\S* buildID=[0-9a-f]{64}\n$`).Match(out) {
		t.Errorf("bulklint -V=full: %v, %q", err, out)
	}
}

// TestBadFlag checks that a bad flag value is reported once, with a
// pointer to help, and exits 2.
func TestBadFlag(t *testing.T) {
	bin := build(t)
	_, stderr, code := runBulklint(t, bin, t.TempDir(), "-format=bogus", "./...")
	if code != 2 || strings.Count(stderr, `"bogus"`) != 1 || !strings.Contains(stderr, "bulklint help") {
		t.Errorf("-format=bogus: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestAnalyzerHelp checks that `bulklint help NAME` lists each flag once,
// as it is passed on the command line.
func TestAnalyzerHelp(t *testing.T) {
	bin := build(t)
	for _, a := range analyzers.Suite() {
		out, err := exec.Command(bin, "help", a.Name).Output()
		if err != nil {
			t.Fatalf("bulklint help %s: %v", a.Name, err)
		}
		if !strings.HasPrefix(string(out), a.Name+": ") {
			t.Errorf("bulklint help %s does not start with its title:\n%s", a.Name, out)
		}
		if m := regexp.MustCompile(`(?m)^\s+-[a-z]+ {2,}`).Find(out); m != nil {
			t.Errorf("bulklint help %s lists a flag without its %s. prefix: %q", a.Name, a.Name, m)
		}
		if n := strings.Count(string(out), "-"+a.Name+".tests"); n != 1 {
			t.Errorf("bulklint help %s lists -%s.tests %d times, want 1", a.Name, a.Name, n)
		}
	}
	if _, stderr, code := runBulklint(t, bin, t.TempDir(), "help", "nosuch"); code != 2 || !strings.Contains(stderr, "no analyzer named") {
		t.Errorf("bulklint help nosuch: exit %d, %s", code, stderr)
	}
}

// TestEmptyModule checks that a module without packages is an error that
// says so, as `bulklint help` documents.
func TestEmptyModule(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{})
	if _, stderr, code := runBulklint(t, bin, dir, "./..."); code != 1 || stderr != "bulklint: ./... matched no packages\n" {
		t.Errorf("empty module: exit %d, stderr %q", code, stderr)
	}
}

// TestProfiles checks that -cpuprofile and -memprofile write profiles that
// go tool pprof reads (gzip-compressed protocol buffers) without changing
// the findings, and that a profile that cannot be written is an error
// before the analysis.
func TestProfiles(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{"store/store.go": seedGo})
	cpu, mem := filepath.Join(t.TempDir(), "cpu.pprof"), filepath.Join(t.TempDir(), "mem.pprof")
	_, stderr, code := runBulklint(t, bin, dir, "-cpuprofile="+cpu, "-memprofile="+mem, "./...")
	if code != 3 || !strings.Contains(stderr, "query in loop") {
		t.Errorf("with profiles: exit %d, want 3 and the finding\n%s", code, stderr)
	}
	for _, p := range []string{cpu, mem} {
		b, err := os.ReadFile(p)
		if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %v, %d bytes, want a gzip-compressed profile", filepath.Base(p), err, len(b))
		}
	}
	_, stderr, code = runBulklint(t, bin, dir, "-cpuprofile="+filepath.Join(dir, "missing", "cpu.pprof"), "./...")
	if code != 1 || !strings.Contains(stderr, "-cpuprofile") {
		t.Errorf("unwritable profile: exit %d, want 1 and the flag named\n%s", code, stderr)
	}
}

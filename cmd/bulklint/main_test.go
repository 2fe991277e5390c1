package main_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers"
)

// build compiles cmd/bulklint into a temporary directory.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bulklint")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestVet runs the binary as a vet tool over testdata/vetmod, where the query
// that app runs per element hides in package store.
func TestVet(t *testing.T) {
	if !slices.ContainsFunc(analyzers.Suite(), func(a *analysis.Analyzer) bool { return a.Name == "nplusone" }) {
		t.Skip("nplusone not in suite yet")
	}
	bin := build(t)
	dir, err := filepath.Abs(filepath.Join("testdata", "vetmod"))
	if err != nil {
		t.Fatal(err)
	}
	loop := lineOf(t, filepath.Join(dir, "app", "app.go"), "st.User(ctx, id)")
	batch := lineOf(t, filepath.Join(dir, "app", "app.go"), "st.Users(ctx, ids)")

	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("go vet: want a failing exit for a finding, got %v\n%s", err, out)
	}
	t.Logf("go vet output:\n%s", out)

	at := func(file string, line int) *regexp.Regexp {
		return regexp.MustCompile(fmt.Sprintf(`(^|[/\\])%s:%d:\d+: .*query in loop`, regexp.QuoteMeta(file), line))
	}
	if !at("app/app.go", loop).Match(out) {
		t.Errorf("no query in loop reported at app/app.go:%d", loop)
	}
	if at("app/app.go", batch).Match(out) {
		t.Errorf("query in loop reported at app/app.go:%d, which loads all users at once", batch)
	}
	if regexp.MustCompile(`store[/\\]store\.go:\d+:\d+: .*query in loop`).Match(out) {
		t.Errorf("query in loop reported in package store, which has no loop around a query")
	}
}

// TestVetDefinedInterface runs the binary as a vet tool over
// testdata/ifacemod, where events declares "type ReaderOption stream.Option"
// over an interface whose only method is stream's unexported apply, and app
// passes a stream.Option as a ReaderOption. The compiler and the standard go
// vet accept it; the vet tool must too.
//
// Since v0.50.0, unitchecker type-checks a package against the types its vet
// tool exported for each import (in the .vetx file, written by gcimporter's
// deep IExportData) instead of the compiler's export data. That encoder
// qualifies an interface's methods with the package of the declaration being
// written, not with the methods' own package, so ReaderOption comes back with
// a method events.apply and the assignment fails with "missing method apply"
// (seen on 13 packages of harness/harness). Until golang.org/x/tools is fixed
// the test skips on exactly that error; any other failure fails it.
func TestVetDefinedInterface(t *testing.T) {
	bin := build(t)
	dir, err := filepath.Abs(filepath.Join("testdata", "ifacemod"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	if regexp.MustCompile(`stream\.Option does not implement \S*events\.ReaderOption \(missing method apply\)`).Match(out) {
		t.Skipf("known golang.org/x/tools bug (iexport qualifies interface methods with the wrong package):\n%s", out)
	}
	t.Fatalf("go vet: %v\n%s", err, out)
}

// TestHelp checks that `bulklint help` succeeds, names every front end,
// subcommand and analyzer, and gives the exit statuses.
func TestHelp(t *testing.T) {
	bin := build(t)
	out, err := exec.Command(bin, "help").CombinedOutput()
	if err != nil {
		t.Fatalf("bulklint help: %v\n%s", err, out)
	}
	for _, want := range []string{"go vet -vettool=", "bulklint lsp", "bulklint version", "golangci-lint", "-fix", "-tags", "Exit status:", "docs/"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("bulklint help does not mention %s:\n%s", want, out)
		}
	}
	if bytes.Contains(out, []byte("Printf")) {
		t.Errorf("bulklint help still has x/tools' boilerplate:\n%s", out)
	}
	for _, a := range analyzers.Suite() {
		if !regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(a.Name) + `\s`).Match(out) {
			t.Errorf("bulklint help does not list %s:\n%s", a.Name, out)
		}
	}
}

// lineOf returns the line of file that holds text, which must occur once.
func lineOf(t *testing.T, file, text string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.Contains(sc.Text(), text) {
			if found != 0 {
				t.Fatalf("%s: %q on lines %d and %d", file, text, found, n)
			}
			found = n
		}
	}
	if found == 0 {
		t.Fatalf("%s: no %q", file, text)
	}
	return found
}

// TestVetInterfacesFile runs the binary over testdata/wiremod, where
// package service calls a store interface whose SQL implementation lives
// in package sqlstore, which service does not import: main wires them.
// A whole-module run reports the loops in service with no configuration,
// and writes the interfaces file (-write-ifaces); go vet, which sees one
// package at a time, reports them only when it reads the file
// (-nplusone.ifaces).
func TestVetInterfacesFile(t *testing.T) {
	bin := build(t)
	dir, err := filepath.Abs(filepath.Join("testdata", "wiremod"))
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	file := filepath.Join(t.TempDir(), "ifaces")

	write := exec.Command(bin, "-write-ifaces="+file, "./...")
	write.Dir, write.Env = dir, env
	// Exit 3: the run reports the loops in service too.
	if out, err := write.CombinedOutput(); write.ProcessState == nil || write.ProcessState.ExitCode() != 3 {
		t.Fatalf("bulklint -write-ifaces: %v, want exit 3\n%s", err, out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "store.Sessions") {
		t.Errorf("interfaces file names store.Sessions, which has an in-memory implementation too:\n%s", data)
	}
	for _, want := range []string{
		"example.com/wire/store.Store.UserName\tselect\t(*sqlstore.DB).UserName\t(*sql.DB).QueryRowContext\n",
		"example.com/wire/store.Store.DeleteUser\tdelete\t(*sqlstore.DB).DeleteUser\t(*sql.DB).ExecContext\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("interfaces file lacks %q:\n%s", want, data)
		}
	}

	vet := func(args ...string) string {
		cmd := exec.Command("go", append([]string{"vet", "-vettool=" + bin}, append(args, "./...")...)...)
		cmd.Dir, cmd.Env = dir, env
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	out := vet("-nplusone.ifaces=" + file)
	for _, want := range []string{
		"service.go:13:11: query in loop: (store.Store).UserName (implemented by (*sqlstore.DB).UserName) runs a query via (*sql.DB).QueryRowContext once per element of ids (loop at line 12); load them at once with bulk.Load",
		"service.go:21:3: query in loop: (store.Store).DeleteUser (implemented by (*sqlstore.DB).DeleteUser) runs a query via (*sql.DB).ExecContext once per element of ids (loop at line 20); delete them at once with bulk.Delete",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("go vet -nplusone.ifaces: want %q in:\n%s", want, out)
		}
	}
	if out := vet(); strings.Contains(out, "query in loop") {
		t.Errorf("go vet without the interfaces file reported a loop in service, which cannot see sqlstore:\n%s", out)
	}

	// A whole-module run needs no file: the implementation is analysed
	// before its callers.
	whole := exec.Command(bin, "./...")
	whole.Dir, whole.Env = dir, env
	wholeOut, _ := whole.CombinedOutput()
	if n := strings.Count(string(wholeOut), ": query in loop: (store.Store)."); n != 2 {
		t.Errorf("whole-module run: %d findings through store.Store, want 2:\n%s", n, wholeOut)
	}
	if strings.Contains(string(wholeOut), "store.Sessions") {
		t.Errorf("whole-module run reported a call through store.Sessions, which has an in-memory implementation too:\n%s", wholeOut)
	}
}

package bulk

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestErrorsWithoutDrivers(t *testing.T) {
	me := fmt.Errorf("bulk: chunk 0: %w", &mysql.MySQLError{Number: 1213, Message: "Deadlock found"})
	if n, ok := mysqlErrno(me); !ok || n != 1213 || !retryable(me) {
		t.Errorf("mysqlErrno(%v) = %d, %v; retryable %v", me, n, ok, retryable(me))
	}
	if got := mysqlErrMessage(me); got != "Deadlock found" {
		t.Errorf("mysqlErrMessage = %q", got)
	}
	pe := fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: "40P01"})
	if !retryable(pe) {
		t.Errorf("retryable(%v) = false", pe)
	}
	if retryable(fmt.Errorf("plain")) || retryable(&mysql.MySQLError{Number: 1062}) {
		t.Errorf("retryable of a non-deadlock error")
	}
}

// TestNoDriverLinked: a program that imports runtime/bulk links no
// database driver it did not choose.
func TestNoDriverLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/go-sql-driver/") || strings.HasSuffix(dep, "/stdlib") && strings.Contains(dep, "pgx") || strings.Contains(dep, "sqlite") {
			t.Errorf("runtime/bulk depends on driver package %s", dep)
		}
	}
}

package driver

import (
	"fmt"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	var old []string
	for i := 1; i <= 20; i++ {
		old = append(old, fmt.Sprintf("line %d\n", i))
	}
	edited := append([]string(nil), old...)
	edited[1] = "line two\n"                                                   // near the top
	edited = append(edited[:15], append([]string{"new\n"}, edited[15:]...)...) // inserted before line 16
	got := unified("f.go", strings.Join(old, ""), strings.Join(edited, ""))
	want := `--- a/f.go
+++ b/f.go
@@ -1,5 +1,5 @@
 line 1
-line 2
+line two
 line 3
 line 4
 line 5
@@ -13,6 +13,7 @@
 line 13
 line 14
 line 15
+new
 line 16
 line 17
 line 18
`
	if got != want {
		t.Errorf("unified:\n%s\nwant:\n%s", got, want)
	}
	if got := unified("f.go", "a\n", "a\n"); got != "" {
		t.Errorf("equal files: %q", got)
	}
	if got, want := unified("f.go", "a", "b"), "--- a/f.go\n+++ b/f.go\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"; got != want {
		t.Errorf("no final newline:\n%s\nwant:\n%s", got, want)
	}
}

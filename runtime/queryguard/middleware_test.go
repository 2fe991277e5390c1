package queryguard_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bulklint/bulklint/runtime/queryguard"
)

// TestMiddleware: each request is a scope of its own, named by its route,
// even when requests run at once; its N+1s reach OnReport and the log.
func TestMiddleware(t *testing.T) {
	db := openSQLite(t, 10)
	var mu sync.Mutex
	reports := make(map[string]queryguard.Report)
	var logs bytes.Buffer
	g := mustGuard(t,
		queryguard.OnReport(func(r queryguard.Report) {
			mu.Lock()
			reports[r.Scope+" "+strconv.Itoa(r.Queries)] = r
			mu.Unlock()
		}),
		queryguard.Logger(slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /team/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		for id := 1; id <= n; id++ {
			getUser(r.Context(), t, db, int64(id))
		}
	})
	mux.HandleFunc("GET /one", func(w http.ResponseWriter, r *http.Request) {
		getUser(r.Context(), t, db, 1)
	})
	srv := httptest.NewServer(g.Middleware(mux))
	defer srv.Close()
	var wg sync.WaitGroup
	for _, path := range []string{"/team/3", "/team/5", "/one", "/team/7"} {
		wg.Go(func() {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
	for _, want := range []struct {
		key   string
		count int
	}{{"GET /team/{n} 3", 3}, {"GET /team/{n} 5", 5}, {"GET /one 1", 0}, {"GET /team/{n} 7", 7}} {
		rep, ok := reports[want.key]
		switch {
		case !ok:
			t.Errorf("no report %q in %v", want.key, reports)
		case want.count == 0 && len(rep.NPlusOne) != 0,
			want.count > 0 && (len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != want.count):
			t.Errorf("%s: %v", want.key, rep)
		}
	}
	if n := strings.Count(logs.String(), `msg="queryguard: N+1 query"`); n != 3 {
		t.Errorf("%d N+1s logged, want 3:\n%s", n, logs.String())
	}
	_ = context.Background
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

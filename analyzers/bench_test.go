package analyzers_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"text/template"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
	"github.com/bulklint/bulklint/internal/ssaonly"
)

// benchDomains is the number of domains of the generated service. Each has a
// model, a store, a service and a handler package; with the two shared
// packages the module has 4*benchDomains+2 packages.
const benchDomains = 50

// BenchmarkAnalyzers runs the analyzers in process, with
// golang.org/x/tools/go/analysis/checker, over a generated module of 202
// packages shaped like a layered service: models, stores over database/sql
// and sqlx, services that call stores in loops, HTTP handlers that call
// services in loops.
//
// The module is loaded once, from source with all dependencies (what the
// bulklint binary does when an analyzer uses facts); only checker.Analyze is
// timed. Sub-benchmarks:
//
//   - ssaonly: an analyzer that requires buildssa and does nothing, the
//     baseline any SSA-based checker pays;
//   - suite: analyzers.Suite().
//
// Besides ns/op, each reports ns/pkg, B/pkg and allocs/pkg, per package of
// the generated module, and diagnostics/op. Compare two revisions with
//
//	go test -run='^$' -bench=Analyzers -count=10 ./analyzers > old.txt
//	(change things)
//	go test -run='^$' -bench=Analyzers -count=10 ./analyzers > new.txt
//	benchstat old.txt new.txt
//
// While developing, -benchtime=1x keeps a run to a few seconds.
func BenchmarkAnalyzers(b *testing.B) {
	pkgs := loadGenerated(b)
	b.Run("ssaonly", func(b *testing.B) {
		benchAnalyze(b, pkgs, []*analysis.Analyzer{ssaonly.Analyzer})
	})
	b.Run("suite", func(b *testing.B) {
		suite := analyzers.Suite()
		if len(suite) == 0 {
			b.Log("analyzers.Suite() is empty: this measures the checker alone")
		}
		benchAnalyze(b, pkgs, suite)
	})
}

func benchAnalyze(b *testing.B, pkgs []*packages.Package, as []*analysis.Analyzer) {
	var before, after runtime.MemStats
	diags := 0
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		g, err := checker.Analyze(as, pkgs, &checker.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, act := range g.Roots {
			if act.Err != nil {
				b.Fatalf("%s: %v", act, act.Err)
			}
			diags += len(act.Diagnostics)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&after)

	n := float64(b.N * len(pkgs))
	b.ReportMetric(float64(elapsed.Nanoseconds())/n, "ns/pkg")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/pkg")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/pkg")
	b.ReportMetric(float64(diags)/float64(b.N), "diagnostics/op")
}

// loadGenerated writes the service module into a temporary directory and
// loads its packages with syntax and types for them and all dependencies.
func loadGenerated(b testing.TB) []*packages.Package {
	b.Helper()
	fixtures := fixturetest.Dir(b) // puts sqlx in the module cache
	dir := b.TempDir()
	if err := generate(dir, fixtures, benchDomains); err != nil {
		b.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=readonly"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		b.Fatalf("%d errors loading the generated module", n)
	}
	if want := 4*benchDomains + 2; len(pkgs) != want {
		b.Fatalf("loaded %d packages, want %d", len(pkgs), want)
	}
	return pkgs
}

// generate writes a module of 4*domains+2 packages into dir. The go.sum is
// the fixture module's, which covers sqlx and its module graph.
func generate(dir, fixtures string, domains int) error {
	sum, err := os.ReadFile(filepath.Join(fixtures, "go.sum"))
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"go.mod":                  []byte(genGoMod),
		"go.sum":                  sum,
		"internal/db/db.go":       []byte(genDB),
		"internal/httpx/httpx.go": []byte(genHTTPX),
	}
	for i := range domains {
		d := genDomain{
			N:     i,
			Other: (i + 1) % domains,
			Peer:  (i + 3) % domains,
		}
		for path, tmpl := range map[string]*template.Template{
			"model/d%d/model.go":     genModel,
			"store/d%d/store.go":     genStore,
			"service/d%d/service.go": genService,
			"handler/d%d/handler.go": genHandler,
		} {
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, d); err != nil {
				return err
			}
			files[fmt.Sprintf(path, i)] = buf.Bytes()
		}
	}
	for name, data := range files {
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(name, data, 0o666); err != nil {
			return err
		}
	}
	return nil
}

// genDomain parameterises the four packages of one domain: N is the domain,
// Other the domain whose store its service also uses, Peer the domain whose
// service its handler also calls.
type genDomain struct{ N, Other, Peer int }

const genGoMod = `module example.com/svc

go 1.26

require github.com/jmoiron/sqlx v1.4.0
`

const genDB = `// Package db opens the database and runs transactions.
package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// DB gives stores both the database/sql and the sqlx view of one pool.
type DB struct {
	SQL *sql.DB
	X   *sqlx.DB
}

func Open(driver, dsn string) (*DB, error) {
	x, err := sqlx.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	return &DB{SQL: x.DB, X: x}, nil
}

// WithTx runs fn in a transaction, committed when fn returns nil.
func WithTx(ctx context.Context, d *DB, fn func(tx *sqlx.Tx) error) error {
	tx, err := d.X.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
`

const genHTTPX = `// Package httpx holds the handlers' request and response helpers.
package httpx

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

func ParseIDs(r *http.Request) ([]int64, error) {
	var ids []int64
	for _, s := range strings.Split(r.URL.Query().Get("ids"), ",") {
		if s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func WriteJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func Fail(w http.ResponseWriter, err error) {
	http.Error(w, err.Error(), http.StatusInternalServerError)
}
`

var genModel = template.Must(template.New("model").Parse(`// Package d{{.N}} holds the records of domain {{.N}}.
package d{{.N}}

import (
	"errors"
	"fmt"
	"time"
)

type Record struct {
	ID        int64     ` + "`db:\"id\"`" + `
	Name      string    ` + "`db:\"name\"`" + `
	OwnerID   int64     ` + "`db:\"owner_id\"`" + `
	Status    string    ` + "`db:\"status\"`" + `
	Version   int       ` + "`db:\"version\"`" + `
	CreatedAt time.Time ` + "`db:\"created_at\"`" + `
	UpdatedAt time.Time ` + "`db:\"updated_at\"`" + `
}

type Filter struct {
	Status string
	Limit  int
}

var ErrInvalid = errors.New("d{{.N}}: invalid record")

func (r *Record) Validate() error {
	if r.Name == "" || r.OwnerID == 0 {
		return fmt.Errorf("%w: %d", ErrInvalid, r.ID)
	}
	return nil
}

func (r Record) String() string { return fmt.Sprintf("d{{.N}}#%d(%s)", r.ID, r.Name) }

func IDs(rs []Record) []int64 {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}
`))

var genStore = template.Must(template.New("store").Parse(`// Package d{{.N}} stores the records of domain {{.N}}.
package d{{.N}}

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"

	"example.com/svc/internal/db"
	model "example.com/svc/model/d{{.N}}"
)

const columns = "id, name, owner_id, status, version, created_at, updated_at"

type Store struct{ db *db.DB }

func New(d *db.DB) *Store { return &Store{db: d} }

func (s *Store) Get(ctx context.Context, id int64) (model.Record, error) {
	var r model.Record
	err := s.db.SQL.QueryRowContext(ctx, "SELECT "+columns+" FROM t{{.N}} WHERE id = $1", id).
		Scan(&r.ID, &r.Name, &r.OwnerID, &r.Status, &r.Version, &r.CreatedAt, &r.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	return r, err
}

func (s *Store) GetX(ctx context.Context, id int64) (model.Record, error) {
	var r model.Record
	err := s.db.X.GetContext(ctx, &r, "SELECT * FROM t{{.N}} WHERE id = $1", id)
	return r, err
}

func (s *Store) List(ctx context.Context, f model.Filter) ([]model.Record, error) {
	var rs []model.Record
	err := s.db.X.SelectContext(ctx, &rs, "SELECT * FROM t{{.N}} WHERE status = $1 LIMIT $2", f.Status, f.Limit)
	return rs, err
}

func (s *Store) ListByIDs(ctx context.Context, ids []int64) ([]model.Record, error) {
	q, args, err := sqlx.In("SELECT * FROM t{{.N}} WHERE id IN (?)", ids)
	if err != nil {
		return nil, err
	}
	var rs []model.Record
	err = s.db.X.SelectContext(ctx, &rs, s.db.X.Rebind(q), args...)
	return rs, err
}

func (s *Store) Scan(ctx context.Context, status string) ([]model.Record, error) {
	rows, err := s.db.SQL.QueryContext(ctx, "SELECT "+columns+" FROM t{{.N}} WHERE status = $1", status)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []model.Record
	for rows.Next() {
		var r model.Record
		if err := rows.Scan(&r.ID, &r.Name, &r.OwnerID, &r.Status, &r.Version, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

func (s *Store) Insert(ctx context.Context, r *model.Record) error {
	if err := r.Validate(); err != nil {
		return err
	}
	_, err := s.db.X.NamedExecContext(ctx,
		"INSERT INTO t{{.N}} (name, owner_id, status) VALUES (:name, :owner_id, :status) ON CONFLICT DO NOTHING", r)
	return err
}

func (s *Store) SetStatus(ctx context.Context, tx *sqlx.Tx, id int64, status string) error {
	res, err := tx.ExecContext(ctx, "UPDATE t{{.N}} SET status = $1, version = version + 1 WHERE id = $2", status, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return sql.ErrNoRows
	}
	return nil
}
`))

var genService = template.Must(template.New("service").Parse(`// Package d{{.N}} holds the business logic of domain {{.N}}.
package d{{.N}}

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"example.com/svc/internal/db"
	model "example.com/svc/model/d{{.N}}"
	othermodel "example.com/svc/model/d{{.Other}}"
	store "example.com/svc/store/d{{.N}}"
	other "example.com/svc/store/d{{.Other}}"
)

type Service struct {
	db    *db.DB
	own   *store.Store
	other *other.Store
}

func New(d *db.DB) *Service {
	return &Service{db: d, own: store.New(d), other: other.New(d)}
}

// Load reads records one query at a time.
func (s *Service) Load(ctx context.Context, ids []int64) ([]model.Record, error) {
	out := make([]model.Record, 0, len(ids))
	for _, id := range ids {
		r, err := s.own.Get(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("load %d: %w", id, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// LoadBatch reads records in one query.
func (s *Service) LoadBatch(ctx context.Context, ids []int64) ([]model.Record, error) {
	return s.own.ListByIDs(ctx, ids)
}

// Owners reads the owner of each record from the other domain.
func (s *Service) Owners(ctx context.Context, rs []model.Record) (map[int64]othermodel.Record, error) {
	owners := make(map[int64]othermodel.Record, len(rs))
	for _, r := range rs {
		if _, ok := owners[r.OwnerID]; ok {
			continue
		}
		o, err := s.other.GetX(ctx, r.OwnerID)
		if err != nil {
			return nil, err
		}
		owners[r.OwnerID] = o
	}
	return owners, nil
}

func (s *Service) Archive(ctx context.Context, ids []int64) error {
	return db.WithTx(ctx, s.db, func(tx *sqlx.Tx) error {
		for _, id := range ids {
			if err := s.own.SetStatus(ctx, tx, id, "archived"); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Service) Import(ctx context.Context, rs []model.Record) error {
	for i := range rs {
		if err := s.own.Insert(ctx, &rs[i]); err != nil {
			return err
		}
	}
	return nil
}

// Names queries the database directly in a loop.
func (s *Service) Names(ctx context.Context, ids []int64) ([]string, error) {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		var name string
		if err := s.db.SQL.QueryRowContext(ctx, "SELECT name FROM t{{.N}} WHERE id = $1", id).Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

func (s *Service) Active(ctx context.Context, limit int) ([]model.Record, error) {
	rs, err := s.own.List(ctx, model.Filter{Status: "active", Limit: limit})
	if err != nil {
		return nil, err
	}
	valid := rs[:0]
	for _, r := range rs {
		if r.Validate() == nil {
			valid = append(valid, r)
		}
	}
	return valid, nil
}
`))

var genHandler = template.Must(template.New("handler").Parse(`// Package d{{.N}} serves domain {{.N}} over HTTP.
package d{{.N}}

import (
	"net/http"

	"example.com/svc/internal/httpx"
	model "example.com/svc/model/d{{.N}}"
	service "example.com/svc/service/d{{.N}}"
	peer "example.com/svc/service/d{{.Peer}}"
)

type Handler struct {
	svc  *service.Service
	peer *peer.Service
}

func New(svc *service.Service, p *peer.Service) *Handler { return &Handler{svc: svc, peer: p} }

func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /d{{.N}}", h.List)
	mux.HandleFunc("POST /d{{.N}}/sync", h.Sync)
	mux.HandleFunc("GET /d{{.N}}/active", h.Active)
}

func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	ids, err := httpx.ParseIDs(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rs, err := h.svc.Load(r.Context(), ids)
	if err != nil {
		httpx.Fail(w, err)
		return
	}
	owners, err := h.svc.Owners(r.Context(), rs)
	if err != nil {
		httpx.Fail(w, err)
		return
	}
	httpx.WriteJSON(w, map[string]any{"records": rs, "owners": owners})
}

// Sync calls the peer service once per id.
func (h *Handler) Sync(w http.ResponseWriter, r *http.Request) {
	ids, err := httpx.ParseIDs(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var names []string
	for _, id := range ids {
		ns, err := h.peer.Names(r.Context(), []int64{id})
		if err != nil {
			httpx.Fail(w, err)
			return
		}
		names = append(names, ns...)
	}
	httpx.WriteJSON(w, names)
}

func (h *Handler) Active(w http.ResponseWriter, r *http.Request) {
	rs, err := h.svc.Active(r.Context(), 100)
	if err != nil {
		httpx.Fail(w, err)
		return
	}
	httpx.WriteJSON(w, model.IDs(rs))
}
`))

// TestBenchModule keeps the generated module of BenchmarkAnalyzers loadable
// when benchmarks are not run.
func TestBenchModule(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 202 packages and their dependencies from source")
	}
	loadGenerated(t)
}

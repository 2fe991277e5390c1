package lsp

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"text/template"
)

// genModule writes a module of 4*domains+1 packages into a new temporary
// directory, shaped like a layered service: per domain a model, a store
// over database/sql, a service that calls its store and another domain's in
// loops (found by nplusone through facts), and an HTTP handler calling two
// services in loops. It imports only the standard library, so it loads
// without the network. It returns the directory.
func genModule(tb testing.TB, domains int) string {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string]string{
		"go.mod":            "module example.com/svc\n\ngo 1.26\n",
		"internal/db/db.go": genDB,
	}
	for i := range domains {
		d := struct{ N, Other, Peer int }{i, (i + 1) % domains, (i + 3) % domains}
		for path, tmpl := range map[string]*template.Template{
			"model/d%d/model.go":     genModel,
			"store/d%d/store.go":     genStore,
			"service/d%d/service.go": genService,
			"handler/d%d/handler.go": genHandler,
		} {
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, d); err != nil {
				tb.Fatal(err)
			}
			files[fmt.Sprintf(path, i)] = buf.String()
		}
	}
	for name, content := range files {
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

const genDB = `// Package db holds the connection pool the stores share.
package db

import "database/sql"

type DB struct{ SQL *sql.DB }
`

var genModel = template.Must(template.New("model").Parse(`// Package d{{.N}} holds the records of domain {{.N}}.
package d{{.N}}

import (
	"errors"
	"fmt"
	"time"
)

type Record struct {
	ID        int64
	Name      string
	OwnerID   int64
	Status    string
	CreatedAt time.Time
}

var ErrInvalid = errors.New("d{{.N}}: invalid record")

func (r *Record) Validate() error {
	if r.Name == "" || r.OwnerID == 0 {
		return fmt.Errorf("%w: %d", ErrInvalid, r.ID)
	}
	return nil
}
`))

var genStore = template.Must(template.New("store").Parse(`// Package d{{.N}} stores the records of domain {{.N}}.
package d{{.N}}

import (
	"context"
	"database/sql"
	"errors"

	"example.com/svc/internal/db"
	model "example.com/svc/model/d{{.N}}"
)

type Store struct{ db *db.DB }

func New(d *db.DB) *Store { return &Store{db: d} }

func (s *Store) Get(ctx context.Context, id int64) (model.Record, error) {
	var r model.Record
	err := s.db.SQL.QueryRowContext(ctx, "SELECT id, name, owner_id, status, created_at FROM t{{.N}} WHERE id = $1", id).
		Scan(&r.ID, &r.Name, &r.OwnerID, &r.Status, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	return r, err
}

func (s *Store) Insert(ctx context.Context, r *model.Record) error {
	if err := r.Validate(); err != nil {
		return err
	}
	res, err := s.db.SQL.ExecContext(ctx, "INSERT INTO t{{.N}} (name, owner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", r.Name, r.OwnerID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return errors.New("d{{.N}}: exists")
	}
	return err
}
`))

var genService = template.Must(template.New("service").Parse(`// Package d{{.N}} holds the business logic of domain {{.N}}.
package d{{.N}}

import (
	"context"
	"fmt"

	"example.com/svc/internal/db"
	model "example.com/svc/model/d{{.N}}"
	othermodel "example.com/svc/model/d{{.Other}}"
	store "example.com/svc/store/d{{.N}}"
	other "example.com/svc/store/d{{.Other}}"
)

type Service struct {
	own   *store.Store
	other *other.Store
}

func New(d *db.DB) *Service { return &Service{own: store.New(d), other: other.New(d)} }

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

// Owners reads the owner of each record from the other domain.
func (s *Service) Owners(ctx context.Context, rs []model.Record) (map[int64]othermodel.Record, error) {
	owners := make(map[int64]othermodel.Record, len(rs))
	for _, r := range rs {
		o, err := s.other.Get(ctx, r.OwnerID)
		if err != nil {
			return nil, err
		}
		owners[r.OwnerID] = o
	}
	return owners, nil
}

func (s *Service) One(ctx context.Context, id int64) (model.Record, error) { return s.own.Get(ctx, id) }
`))

var genHandler = template.Must(template.New("handler").Parse(`// Package d{{.N}} answers requests for domain {{.N}}.
package d{{.N}}

import (
	"context"
	"strconv"
	"strings"

	service "example.com/svc/service/d{{.N}}"
	peer "example.com/svc/service/d{{.Peer}}"
)

type Handler struct {
	svc  *service.Service
	peer *peer.Service
}

func (h *Handler) List(ctx context.Context, query string) ([]any, error) {
	var ids []int64
	for _, s := range strings.Split(query, ",") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	var out []any
	for _, id := range ids {
		rec, err := h.svc.One(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}
`))

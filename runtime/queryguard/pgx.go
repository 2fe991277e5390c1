package queryguard

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bulklint/bulklint/runtime/internal/callmark"
)

// A Tracer observes a pgx connection or pool: set it as the connection
// config's Tracer (with pgx's multitracer package to keep another tracer).
//
//	cfg, _ := pgxpool.ParseConfig(dsn)
//	cfg.ConnConfig.Tracer = queryguard.NewTracer()
//	pool, _ := pgxpool.NewWithConfig(ctx, cfg)
//	scope := queryguard.Test(t, pool)
//
// It implements pgx.QueryTracer, pgx.BatchTracer and pgx.CopyFromTracer:
// a batch's statements count once per batch (a batch is the fix for an
// N+1, not one), a CopyFrom as one statement.
type Tracer struct {
	h *hub
}

var (
	_ pgx.QueryTracer    = (*Tracer)(nil)
	_ pgx.BatchTracer    = (*Tracer)(nil)
	_ pgx.CopyFromTracer = (*Tracer)(nil)
)

// NewTracer returns a tracer for one pool or connection.
func NewTracer() *Tracer { return &Tracer{h: new(hub)} }

type traceKey struct{}

// traceCtx carries a started query to its end: it is the context pgx
// hands back to TraceQueryEnd, and one allocation.
type traceCtx struct {
	context.Context
	s     *Scope
	e     *entry
	start time.Time
}

func (c *traceCtx) Value(key any) any {
	if key == (traceKey{}) {
		return c
	}
	return c.Context.Value(key)
}

func (t *Tracer) start(ctx context.Context, query string, args []any) context.Context {
	s := scopeOf(ctx, t.h)
	if s == nil {
		return ctx
	}
	a := argHash{seed: s.seed}
	for _, v := range args {
		a.add(v)
	}
	// The stack is taken now: a query's end comes when its rows close,
	// which may be elsewhere.
	e := s.record(ctx, query, &a, 0)
	if e == nil {
		return ctx
	}
	return &traceCtx{Context: ctx, s: s, e: e, start: time.Now()}
}

func (t *Tracer) end(ctx context.Context) {
	if tc, ok := ctx.Value(traceKey{}).(*traceCtx); ok {
		tc.s.addDuration(tc.e, time.Since(tc.start))
	}
}

// TraceQueryStart records a statement of Query, QueryRow or Exec.
func (t *Tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	return t.start(ctx, data.SQL, data.Args)
}

// TraceQueryEnd adds the statement's time.
func (t *Tracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	t.end(ctx)
}

// TraceBatchStart marks the batch: its statements count once.
func (t *Tracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	if scopeOf(ctx, t.h) == nil {
		return ctx
	}
	return callmark.Mark(ctx)
}

// TraceBatchQuery records one statement of a batch.
func (t *Tracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, data pgx.TraceBatchQueryData) {
	s := scopeOf(ctx, t.h)
	if s == nil {
		return
	}
	a := argHash{seed: s.seed}
	for _, v := range data.Args {
		a.add(v)
	}
	s.record(ctx, data.SQL, &a, 0)
}

// TraceBatchEnd does nothing.
func (t *Tracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// TraceCopyFromStart records a CopyFrom as COPY table (columns) FROM STDIN.
func (t *Tracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceCopyFromStartData) context.Context {
	if scopeOf(ctx, t.h) == nil {
		return ctx
	}
	q := "COPY " + data.TableName.Sanitize() + " (" + strings.Join(data.ColumnNames, ", ") + ") FROM STDIN"
	return t.start(ctx, q, nil)
}

// TraceCopyFromEnd adds the copy's time.
func (t *Tracer) TraceCopyFromEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromEndData) {
	t.end(ctx)
}

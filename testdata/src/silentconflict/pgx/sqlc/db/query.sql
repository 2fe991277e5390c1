-- The query file sqlc generated query.sql.go from (sqlc.yaml: engine
-- postgresql, sql_package pgx/v5). The analyzer reads the generated Go,
-- whose constants carry each query's text and its "-- name:" line.

-- name: InsertUser :exec
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: InsertUserRows :execrows
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: InsertUserReturning :one
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id;

-- name: LinkTag :exec
INSERT INTO post_tags (post_id, tag) VALUES ($1, $2) ON CONFLICT (post_id, tag) DO NOTHING;

-- name: UpsertUser :exec
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name;

-- name: TouchUser :exec
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET updated_at = now();

-- Queries of package embed, loaded by dotsql from the embedded file.

-- name: insert-user
INSERT INTO users (email, name)
VALUES ($1, $2)
ON CONFLICT DO NOTHING;

-- name: insert-user-ignore
INSERT IGNORE INTO users (email, name) VALUES (?, ?);

-- name: follow
INSERT INTO follows (follower, followee) VALUES ($1, $2)
ON CONFLICT (follower, followee) DO NOTHING;

-- name: upsert-user
INSERT INTO users (email, name) VALUES ($1, $2)
ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name;

-- name: insert-templated
INSERT INTO {{.Table}} (email) VALUES ($1) ON CONFLICT DO NOTHING;

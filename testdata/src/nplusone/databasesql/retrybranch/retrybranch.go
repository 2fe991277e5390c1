// Package retrybranch holds helpers that run a statement only in a branch
// that ends by retrying the helper itself with the same arguments: a
// session refreshed, and saved, when it has expired (alist's 189pc driver
// lists a folder page by page through such a helper).
package retrybranch

import (
	"context"
	"database/sql"
	"errors"
)

var errExpired = errors.New("session expired")

type Client struct {
	db    *sql.DB
	token string
	get   func(url, token string) (string, error)
}

func (c *Client) refreshSession(ctx context.Context) error { // want refreshSession:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	c.token = "new"
	_, err := c.db.ExecContext(ctx, "UPDATE storages SET token = $1 WHERE id = 1", c.token)
	return err
}

// request saves the storage only when the session expired, then retries:
// once per expiry, not once per call. It has no fact.
func (c *Client) request(ctx context.Context, url string) (string, error) {
	body, err := c.get(url, c.token)
	if errors.Is(err, errExpired) {
		if err := c.refreshSession(ctx); err != nil {
			return "", err
		}
		return c.request(ctx, url)
	}
	return body, err
}

// Silent: a page per iteration, and request runs no query per call.
func (c *Client) listAll(ctx context.Context, pages []string) []string {
	var out []string
	for _, p := range pages {
		body, err := c.request(ctx, p)
		if err != nil {
			return out
		}
		out = append(out, body)
	}
	return out
}

// tagID looks the tag up on every call; only the insert is in the branch
// that retries.
func (c *Client) tagID(ctx context.Context, name string) (int64, error) { // want tagID:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var id int64
	err := c.db.QueryRowContext(ctx, "SELECT id FROM tags WHERE name = $1", name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := c.db.ExecContext(ctx, "INSERT INTO tags (name) VALUES ($1)", name); err != nil {
			return 0, err
		}
		return c.tagID(ctx, name)
	}
	return id, err
}

// Reported: the lookup runs once per name.
func (c *Client) tagIDs(ctx context.Context, names []string) { // want tagIDs:`^query\(`
	for _, n := range names {
		c.tagID(ctx, n) // want `^query in loop: \(\*retrybranch\.Client\)\.tagID runs a query via \(\*sql\.DB\)\.QueryRowContext once per element of names`
	}
}

// fetch retries with another argument: no retry of the same call, so the
// branch's statement counts.
func (c *Client) fetch(ctx context.Context, id int64) error { // want fetch:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	if id%2 == 1 {
		if _, err := c.db.ExecContext(ctx, "UPDATE items SET seen = true WHERE id = $1", id); err != nil {
			return err
		}
		return c.fetch(ctx, id+1)
	}
	return nil
}

// Reported: fetch writes once per id.
func (c *Client) fetchAll(ctx context.Context, ids []int64) { // want fetchAll:`^query\(`
	for _, id := range ids {
		c.fetch(ctx, id) // want `^query in loop: \(\*retrybranch\.Client\)\.fetch runs a query`
	}
}

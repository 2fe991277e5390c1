// Recursive walks that query per node.

package loops

import (
	"context"
	"database/sql"
	"errors"
)

// --- positives ---

// A recursive walk that queries per node.
type Node struct {
	ID       int64
	Children []*Node
	Left     *Node
}

func loadTree(ctx context.Context, db *sql.DB, n *Node) error { // want loadTree:`^query\(\(\*sql\.DB\)\.QueryContext\)$`
	rows, err := db.QueryContext(ctx, "SELECT id FROM nodes WHERE parent = $1", n.ID)
	if err != nil {
		return err
	}
	rows.Close()
	for _, child := range n.Children {
		loadTree(ctx, db, child) // want `^query per node: loops\.loadTree runs a query via \(\*sql\.DB\)\.QueryContext, calling itself once per element of n\.Children`
	}
	return nil
}

func walkLeft(ctx context.Context, db *sql.DB, n *Node) { // want walkLeft:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	if n == nil {
		return
	}
	db.ExecContext(ctx, "UPDATE nodes SET seen = true WHERE id = $1", n.ID)
	walkLeft(ctx, db, n.Left) // want `^query per node: loops\.walkLeft queries via \(\*sql\.DB\)\.ExecContext and calls itself here once per node it walks`
}

// A walk that steps to a local taken out of the node.
func walkNext(ctx context.Context, db *sql.DB, n *Node) { // want walkNext:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	if n == nil {
		return
	}
	db.ExecContext(ctx, "UPDATE nodes SET seen = true WHERE id = $1", n.ID)
	next := n.Left
	walkNext(ctx, db, next) // want `^query per node: loops\.walkNext queries via \(\*sql\.DB\)\.ExecContext and calls itself here once per node it walks; update each level of the tree at once with bulk\.Update$`
}

// A walk over the rows of a query: the children are read per node.
func walkRows(ctx context.Context, db *sql.DB, id int64) error { // want walkRows:`^query\(\(\*sql\.DB\)\.QueryContext\)$`
	rows, err := db.QueryContext(ctx, "SELECT id FROM nodes WHERE parent = $1", id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var child int64
		if err := rows.Scan(&child); err != nil {
			return err
		}
		walkRows(ctx, db, child) // want `^query per row: loops\.walkRows runs a query via \(\*sql\.DB\)\.QueryContext once per row of \(\*sql\.DB\)\.QueryContext at line 52 \(loop at line 57\); load them at once with bulk\.Load$`
	}
	return rows.Err()
}

// --- negatives ---

var errExpired = errors.New("token expired")

type client struct {
	db    *sql.DB
	token string
}

func (c *client) call(ctx context.Context, path string) error {
	if c.token == "" {
		return errExpired
	}
	return nil
}

// A retry: after saving a new token, the method calls itself with the
// same arguments. One retry per call, not one query per node; and the
// token is saved once per expiry, not once per call: no fact
// (findRetries).
func (c *client) fetch(ctx context.Context, path string) error {
	err := c.call(ctx, path)
	if errors.Is(err, errExpired) {
		c.token = "new"
		if _, err := c.db.ExecContext(ctx, "UPDATE tokens SET token = $1", c.token); err != nil {
			return err
		}
		return c.fetch(ctx, path)
	}
	return err
}

type page struct {
	Items []int64
	Next  string
}

func (c *client) list(ctx context.Context, cursor string) (page, error) {
	return page{}, nil
}

// A pagination: the cursor comes from the last result, the page number
// is computed; each call reads the next page, as a loop over pages would.
func syncPages(ctx context.Context, c *client, cursor string) error { // want syncPages:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	p, err := c.list(ctx, cursor)
	if err != nil {
		return err
	}
	if _, err := c.db.ExecContext(ctx, "INSERT INTO pages (cursor) VALUES ($1)", cursor); err != nil {
		return err
	}
	if p.Next == "" {
		return nil
	}
	return syncPages(ctx, c, p.Next)
}

func syncNumbered(ctx context.Context, db *sql.DB, n int) error { // want syncNumbered:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var more bool
	if err := db.QueryRowContext(ctx, "SELECT count(*) > $1 FROM items", n*100).Scan(&more); err != nil || !more {
		return err
	}
	return syncNumbered(ctx, db, n+1)
}

// Recursive walks that query per node.

package loops

import (
	"context"
	"database/sql"
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

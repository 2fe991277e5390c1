package fix

import (
	"context"
	"database/sql"
	"log"

	"github.com/jmoiron/sqlx"

	"fixtures/nplusone/sqlx/fix/store"
)

// Each loop below is reported and gets no fix: a load before the loop
// could see other rows, or give other results, than the reads in it.

// WritesFirst inserts the customer it then reads: a load before the loop
// would not see the rows the loop writes.
func WritesFirst(ctx context.Context, db *sqlx.DB, orders []Order) error { // want WritesFirst:`^query\(\(\*sqlx\.DB\)\.ExecContext\) \(one of several paths\)$|^query\(.*\)`
	for _, o := range orders {
		if _, err := db.ExecContext(ctx, "INSERT INTO customers (email, name) VALUES ($1, '')", o.Email); err != nil { // want `^query in loop: .*ExecContext .*bulk\.Insert$`
			return err
		}
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE email = $1", o.Email) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// WritesBack changes the customer it read and writes it back: a later
// element with the same customer must read the new name.
func WritesBack(ctx context.Context, db *sqlx.DB, orders []Order) error { // want WritesBack:`^query\(.*\)`
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
		c.Name += "!"
		if _, err := db.NamedExecContext(ctx, "UPDATE customers SET name = :name WHERE id = :id", c); err != nil { // want `^query in loop: .*NamedExecContext .*bulk\.Update$`
			return err
		}
	}
	return nil
}

// Chained reads each customer by the key the previous element left: the
// key depends on an earlier iteration.
func Chained(ctx context.Context, db *sqlx.DB, orders []Order) error { // want Chained:`^query\(.*\)`
	for i, o := range orders {
		if i > 0 {
			o.CustomerID = orders[i-1].CustomerID
		}
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// Filtered has a condition besides the key: a load by key would return
// rows the read filters out.
func Filtered(ctx context.Context, db *sqlx.DB, orders []Order) error { // want Filtered:`^query\(.*\)`
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1 AND name <> ''", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// ViaFilteringHelper reads through a helper that filters: its fact has
// no load.
func ViaFilteringHelper(ctx context.Context, s *store.Store, orders []Order) error { // want ViaFilteringHelper:`^query\(.*\)`
	for _, o := range orders {
		if _, err := s.Active(ctx, o.CustomerID); err != nil { // want `^query in loop: \(\*store\.Store\)\.Active .*bulk\.Load$`
			return err
		}
	}
	return nil
}

// ViaChangingHelper reads through a helper that changes the row it read.
func ViaChangingHelper(ctx context.Context, s *store.Store, orders []Order) error { // want ViaChangingHelper:`^query\(.*\)`
	for _, o := range orders {
		c, err := s.Named(ctx, o.CustomerID) // want `^query in loop: \(\*store\.Store\)\.Named .*bulk\.Load$`
		if err != nil {
			return err
		}
		log.Print(c.Name)
	}
	return nil
}

// Many reads all the orders of each customer: not a single-row read.
func Many(ctx context.Context, db *sqlx.DB, cs []store.Customer) error { // want Many:`^query\(.*\)`
	for _, c := range cs {
		var orders []Order
		err := db.SelectContext(ctx, &orders, "SELECT id, customer_id FROM orders WHERE customer_id = $1", c.ID) // want `^query in loop: .*SelectContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// Partial selects fewer columns than store.Customer maps: bulk.Load would
// fill the email the read leaves empty.
func Partial(ctx context.Context, db *sqlx.DB, orders []Order) error { // want Partial:`^query\(.*\)`
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// Star selects every column of the table, which may not be the fields of
// store.Customer.
func Star(ctx context.Context, db *sqlx.DB, orders []Order) error { // want Star:`^query\(.*\)`
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT * FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// PartialResult returns what the loop gathered so far with the error: a
// load that fails before the loop would return less.
func PartialResult(ctx context.Context, db *sqlx.DB, orders []Order) ([]string, error) { // want PartialResult:`^query\(.*\)`
	var names []string
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return names, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}

// Reused scans into a variable declared before the loop: fields the read
// does not write would keep the previous element's values.
func Reused(ctx context.Context, db *sqlx.DB, orders []Order) error { // want Reused:`^query\(.*\)`
	var c store.Customer
	for _, o := range orders {
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// PlainSQL uses database/sql: bulk.Load takes a sqlx handle.
func PlainSQL(ctx context.Context, db *sql.DB, orders []Order) error { // want PlainSQL:`^query\(.*\)`
	for _, o := range orders {
		var name string
		err := db.QueryRowContext(ctx, "SELECT name FROM customers WHERE id = $1", o.CustomerID).Scan(&name) // want `^query in loop: .*QueryRowContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// ViaZeroPointerHelper reads through a helper that returns a pointer to
// an empty row with sql.ErrNoRows, which no lookup gives.
func ViaZeroPointerHelper(ctx context.Context, s *store.Store, orders []Order) error { // want ViaZeroPointerHelper:`^query\(.*\)`
	for _, o := range orders {
		c, err := s.FindAnyway(ctx, o.CustomerID) // want `^query in loop: \(\*store\.Store\)\.FindAnyway .*bulk\.Load$`
		if err != nil {
			return err
		}
		log.Print(c.Name)
	}
	return nil
}

type Doc struct {
	ID   int64  `db:"id"`
	Body []byte `db:"body"`
}

// Changed changes the bytes of the row it read: two orders of one
// document would share the loaded bytes, where each read had its own.
func Changed(ctx context.Context, db *sqlx.DB, ids []int64) ([]Doc, error) { // want Changed:`^query\(.*\)`
	var docs []Doc
	for _, id := range ids {
		var d Doc
		err := db.GetContext(ctx, &d, "SELECT id, body FROM docs WHERE id = $1", id) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return nil, err
		}
		if len(d.Body) > 0 {
			d.Body[0] = '#'
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// Reassigned moves each order to the next customer before reading: the
// keys the loop reads through the pointers are written by it.
func Reassigned(ctx context.Context, db *sqlx.DB, orders []*Order) error { // want Reassigned:`^query\(.*\)`
	for i, o := range orders {
		if i+1 < len(orders) {
			orders[i+1].CustomerID = o.CustomerID + 1
		}
		var c store.Customer
		err := db.GetContext(ctx, &c, "SELECT id, email, name FROM customers WHERE id = $1", o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// Shadowed names a variable sql where the lookup would name the package
// for sql.ErrNoRows.
func Shadowed(ctx context.Context, db *sqlx.DB, orders []Order) error { // want Shadowed:`^query\(.*\)`
	sql := "SELECT id, email, name FROM customers WHERE id = $1"
	for _, o := range orders {
		var c store.Customer
		err := db.GetContext(ctx, &c, sql, o.CustomerID) // want `^query in loop: .*GetContext .*bulk\.Load$`
		if err != nil {
			return err
		}
	}
	return nil
}

// Package gormafter is testdata/src/nplusone/gorm/fix/fix.go.golden: the loops of
// package gormbefore as bulklint -fix rewrites them, compiled.
// TestORMCopies keeps the function bodies equal.
package gormafter

import (
	"context"
	"errors"
	"fmt"

	"github.com/bulklint/bulklint/runtime/bulk/bulkgorm"
	"gorm.io/gorm"
)

type Customer struct {
	ID        uint
	Email     string
	Name      string
	DeletedAt gorm.DeletedAt
}

type Order struct {
	ID         uint
	CustomerID uint
	Email      string
}

// Names reads each order's customer by primary key and returns the first
// error.
func Names(ctx context.Context, db *gorm.DB, orders []Order) ([]string, error) {
	var names []string
	customerIDs := make([]uint, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, err := bulkgorm.Load[Customer](db.WithContext(ctx), "id", customerIDs)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		var c Customer
		err := gorm.ErrRecordNotFound
		if row, ok := customers[o.CustomerID]; ok {
			c, err = row, nil
		}
		if err != nil {
			return nil, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}

// ByEmail skips orders whose customer is gone: a missing key takes the
// gorm.ErrRecordNotFound branch after the rewrite too.
func ByEmail(db *gorm.DB, orders []Order) (map[uint]string, error) {
	names := map[uint]string{}
	customerEmails := make([]string, 0, len(orders))
	for i := range orders {
		customerEmails = append(customerEmails, orders[i].Email)
	}
	customers, err := bulkgorm.Load[Customer](db, "email", customerEmails)
	if err != nil {
		return nil, fmt.Errorf("loading customers: %w", err)
	}
	for i := range orders {
		var c Customer
		err := gorm.ErrRecordNotFound
		if row, ok := customers[orders[i].Email]; ok {
			c, err = row, nil
		}
		if errors.Is(err, gorm.ErrRecordNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("loading customers: %w", err)
		}
		names[orders[i].ID] = c.Name
	}
	return names, nil
}

type Repo struct {
	DB *gorm.DB
}

// Emails takes each customer by an inline condition on a field of the
// receiver, over a map of orders.
func (r *Repo) Emails(byID map[uint]Order) ([]string, error) {
	var out []string
	customerEmails := make([]string, 0, len(byID))
	for _, o := range byID {
		customerEmails = append(customerEmails, o.Email)
	}
	customers, err := bulkgorm.Load[Customer](r.DB.Unscoped(), "email", customerEmails)
	if err != nil {
		return nil, err
	}
	for _, o := range byID {
		var c Customer
		err := gorm.ErrRecordNotFound
		if row, ok := customers[o.Email]; ok {
			c, err = row, nil
		}
		if err == gorm.ErrRecordNotFound {
			out = append(out, "")
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c.Email)
	}
	return out, nil
}

// Customer reads one customer by primary key: its fact says it loads one
// row, so a loop over it gets the fix.
func (r *Repo) Customer(ctx context.Context, id uint) (*Customer, error) {
	var c Customer
	if err := r.DB.WithContext(ctx).First(&c, id).Error; err != nil {
		return nil, err
	}
	return &c, nil
}

// Lines reads each order's customer through Customer, and marks the
// orders whose customer is gone.
func (r *Repo) Lines(ctx context.Context, orders []Order) ([]string, error) {
	var lines []string
	customerIDs := make([]uint, 0, len(orders))
	for _, o := range orders {
		customerIDs = append(customerIDs, o.CustomerID)
	}
	customers, err := bulkgorm.Load[Customer](r.DB.WithContext(ctx), "id", customerIDs)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		c, err := (*Customer)(nil), gorm.ErrRecordNotFound
		if row, ok := customers[o.CustomerID]; ok {
			c, err = &row, nil
		}
		if errors.Is(err, gorm.ErrRecordNotFound) {
			lines = append(lines, "?")
			continue
		}
		if err != nil {
			return nil, err
		}
		lines = append(lines, c.Name)
	}
	return lines, nil
}

// Default is the application's handle, as a getter returns it.
var Default *gorm.DB

// GetDB returns the application's handle.
func GetDB() *gorm.DB { return Default }

// Inbound reads one customer as 3x-ui's GetInbound reads an inbound: the
// handle from a getter, a pointer row, Model of the row's own type.
func (r *Repo) Inbound(id uint) (*Customer, error) {
	db := GetDB()
	c := &Customer{}
	err := db.Model(Customer{}).First(c, id).Error
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Labels falls back to the id where a customer cannot be read. The loop
// has no return for the load's error: when the load fails, every id gets
// its error, as every read would have failed.
func (r *Repo) Labels(ids []uint) []string {
	parts := make([]string, 0, len(ids))
	customerIDs := make([]uint, 0, len(ids))
	for _, id := range ids {
		customerIDs = append(customerIDs, id)
	}
	customers, loadErr := bulkgorm.Load[Customer](GetDB(), "id", customerIDs)
	for _, id := range ids {
		c, err := (*Customer)(nil), loadErr
		if loadErr == nil {
			err = gorm.ErrRecordNotFound
			if row, ok := customers[id]; ok {
				c, err = &row, nil
			}
		}
		if err != nil || c == nil {
			parts = append(parts, fmt.Sprintf("#%d", id))
			continue
		}
		parts = append(parts, c.Name)
	}
	return parts
}

// ByEmailNamed reads one customer as komari's GetClientByUUID reads a
// client: named results, the handle from a getter.
func ByEmailNamed(email string) (c Customer, err error) {
	db := GetDB()
	err = db.Where("email = ?", email).First(&c).Error
	if err != nil {
		return Customer{}, err
	}
	return c, nil
}

// Existing keeps the customers that read, in an if that declares the
// read's results.
func Existing(orders []Order) []Customer {
	var out []Customer
	customerEmails := make([]string, 0, len(orders))
	for _, o := range orders {
		customerEmails = append(customerEmails, o.Email)
	}
	customers, loadErr := bulkgorm.Load[Customer](GetDB(), "email", customerEmails)
	for _, o := range orders {
		if o.Email == "" {
			continue
		}
		c, err := customers[o.Email], loadErr
		if loadErr == nil {
			err = gorm.ErrRecordNotFound
			if _, ok := customers[o.Email]; ok {
				err = nil
			}
		}
		if err == nil {
			out = append(out, c)
		}
	}
	return out
}

// FreeEmail returns the first candidate no customer has, as 3x-ui picks
// a free inbound tag: the row is read only to learn whether it exists.
func FreeEmail(db *gorm.DB, candidates []string) (string, error) {
	customerEmails := make([]string, 0, len(candidates))
	for _, e := range candidates {
		customerEmails = append(customerEmails, e)
	}
	customers, err := bulkgorm.Load[Customer](db, "email", customerEmails)
	if err != nil {
		return "", err
	}
	for _, e := range candidates {
		err := gorm.ErrRecordNotFound
		if _, ok := customers[e]; ok {
			err = nil
		}
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return e, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", errors.New("no free email")
}

// Known counts the ids that have a customer, dropping the row the helper
// returns: only whether it was found counts.
func (r *Repo) Known(ids []uint) (int, error) {
	n := 0
	customerIDs := make([]uint, 0, len(ids))
	for _, id := range ids {
		customerIDs = append(customerIDs, id)
	}
	customers, err := bulkgorm.Load[Customer](GetDB(), "id", customerIDs)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		err := gorm.ErrRecordNotFound
		if _, ok := customers[id]; ok {
			err = nil
		}
		if err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				continue
			}
			return 0, err
		}
		n++
	}
	return n, nil
}

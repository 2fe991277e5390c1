package fix

import (
	"context"
	"errors"
	"fmt"

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
func Names(ctx context.Context, db *gorm.DB, orders []Order) ([]string, error) { // want Names:`^query\(\(\*gorm\.DB\)\.First\)$`
	var names []string
	for _, o := range orders {
		var c Customer
		if err := db.WithContext(ctx).First(&c, o.CustomerID).Error; err != nil { // want `^query in loop: \(\*gorm\.DB\)\.First runs once per element of orders \(loop at line 28\); load them at once with bulkgorm\.Load$`
			return nil, err
		}
		names = append(names, c.Name)
	}
	return names, nil
}

// ByEmail skips orders whose customer is gone: a missing key takes the
// gorm.ErrRecordNotFound branch after the rewrite too.
func ByEmail(db *gorm.DB, orders []Order) (map[uint]string, error) { // want ByEmail:`^query\(\(\*gorm\.DB\)\.First\)$`
	names := map[uint]string{}
	for i := range orders {
		var c Customer
		err := db.Where("email = ?", orders[i].Email).First(&c).Error // want `^query in loop: \(\*gorm\.DB\)\.First runs once per element of orders .*`
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
func (r *Repo) Emails(byID map[uint]Order) ([]string, error) { // want Emails:`^query\(\(\*gorm\.DB\)\.Take\)$`
	var out []string
	for _, o := range byID {
		var c Customer
		err := r.DB.Unscoped().Take(&c, "`email` = ?", o.Email).Error // want `^query in loop: \(\*gorm\.DB\)\.Take runs once per entry of byID .*`
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
func (r *Repo) Customer(ctx context.Context, id uint) (*Customer, error) { // want Customer:`^query\(\(\*gorm\.DB\)\.First\) load\(customers\.id\)$`
	var c Customer
	if err := r.DB.WithContext(ctx).First(&c, id).Error; err != nil {
		return nil, err
	}
	return &c, nil
}

// Lines reads each order's customer through Customer, and marks the
// orders whose customer is gone.
func (r *Repo) Lines(ctx context.Context, orders []Order) ([]string, error) { // want Lines:`^query\(\(\*fix\.Repo\)\.Customer -> \(\*gorm\.DB\)\.First\)$`
	var lines []string
	for _, o := range orders {
		c, err := r.Customer(ctx, o.CustomerID) // want `^query in loop: \(\*fix\.Repo\)\.Customer runs a query via \(\*gorm\.DB\)\.First once per element of orders .*bulkgorm\.Load$`
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
func (r *Repo) Inbound(id uint) (*Customer, error) { // want Inbound:`^query\(\(\*gorm\.DB\)\.First\) load\(customers\.id\)$`
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
func (r *Repo) Labels(ids []uint) []string { // want Labels:`^query\(\(\*fix\.Repo\)\.Inbound -> \(\*gorm\.DB\)\.First\)$`
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		c, err := r.Inbound(id) // want `^query in loop: \(\*fix\.Repo\)\.Inbound runs a query via \(\*gorm\.DB\)\.First once per element of ids .*bulkgorm\.Load$`
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
func ByEmailNamed(email string) (c Customer, err error) { // want ByEmailNamed:`^query\(\(\*gorm\.DB\)\.First\) load\(customers\.email\)$`
	db := GetDB()
	err = db.Where("email = ?", email).First(&c).Error
	if err != nil {
		return Customer{}, err
	}
	return c, nil
}

// Existing keeps the customers that read, in an if that declares the
// read's results.
func Existing(orders []Order) []Customer { // want Existing:`^query\(fix\.ByEmailNamed -> \(\*gorm\.DB\)\.First\)$`
	var out []Customer
	for _, o := range orders {
		if o.Email == "" {
			continue
		}
		if c, err := ByEmailNamed(o.Email); err == nil { // want `^query in loop: fix\.ByEmailNamed runs a query via \(\*gorm\.DB\)\.First once per element of orders .*bulkgorm\.Load$`
			out = append(out, c)
		}
	}
	return out
}

// FreeEmail returns the first candidate no customer has, as 3x-ui picks
// a free inbound tag: the row is read only to learn whether it exists.
func FreeEmail(db *gorm.DB, candidates []string) (string, error) { // want FreeEmail:`^query\(\(\*gorm\.DB\)\.First\)$`
	for _, e := range candidates {
		var owner Customer
		err := db.Where("email = ?", e).First(&owner).Error // want `^query in loop: \(\*gorm\.DB\)\.First runs once per element of candidates .*bulkgorm\.Load$`
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
func (r *Repo) Known(ids []uint) (int, error) { // want Known:`^query\(\(\*fix\.Repo\)\.Inbound -> \(\*gorm\.DB\)\.First\)$`
	n := 0
	for _, id := range ids {
		if _, err := r.Inbound(id); err != nil { // want `^query in loop: \(\*fix\.Repo\)\.Inbound runs a query via \(\*gorm\.DB\)\.First once per element of ids .*bulkgorm\.Load$`
			if errors.Is(err, gorm.ErrRecordNotFound) {
				continue
			}
			return 0, err
		}
		n++
	}
	return n, nil
}

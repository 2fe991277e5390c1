// Package apply changes orders in helpers: each gets a fact naming the
// fields it assigns, so that a call counts as those changes.
package apply

type Order struct {
	ID     int64  `db:"id"`
	Status string `db:"status"`
	Note   string `db:"note"`
	Total  int    `db:"total"`
}

type Request struct {
	Status string
	Note   string
}

// Changes assigns the fields the request sets.
func Changes(o *Order, r Request) { // want Changes:`^assigns\(param 0: Status, Note\)$`
	if r.Status != "" {
		o.Status = r.Status
	}
	o.Note = r.Note
}

// No fact: the order is given to another call, which may save it.
func changeAndLog(o *Order, log func(*Order)) {
	o.Total = 0
	log(o)
}

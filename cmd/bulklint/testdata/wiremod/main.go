// Command wire connects the SQL store to the service.
package main

import (
	"context"
	"database/sql"

	"example.com/wire/service"
	"example.com/wire/sqlstore"
)

func main() {
	db, _ := sql.Open("postgres", "")
	service.Names(context.Background(), sqlstore.New(db), []int64{1, 2})
}

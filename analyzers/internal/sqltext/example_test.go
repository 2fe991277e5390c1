package sqltext_test

import (
	"fmt"

	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

func ExampleParse() {
	st := sqltext.Postgres.Parse(`INSERT INTO users (id, email) VALUES ($1, $2)
		ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id`)
	fmt.Println(st.Verb, st.Table, st.Columns.Names, st.Set.Names)
	fmt.Println(st.Conflict, st.Conflict.Silent(), st.Returning, st.Rows.N)
	// Output:
	// insert users [id email] [email]
	// no-op update true present 1
}

func ExampleParseText() {
	// "INSERT INTO " + table + " (a, b) VALUES " + strings.Join(rows, ",")
	text := sqltext.Join(
		sqltext.Known("INSERT INTO "), sqltext.Unknown(),
		sqltext.Known(" (a, b) VALUES "), sqltext.Unknown())
	st := sqltext.ParseText(text)
	fmt.Println(text.Display())
	fmt.Println(st.Verb, st.Table.Known, st.Columns.Names, st.Rows.Known, st.Conflict)
	// Output:
	// INSERT INTO … (a, b) VALUES …
	// insert false [a b] false none
}

// Package shop is a small example application with the database mistakes
// bulklint finds. Run bulklint on it from the repository root:
//
//	go run ./cmd/bulklint ./examples/...
//
// It needs no database: the analysis is static.
package shop

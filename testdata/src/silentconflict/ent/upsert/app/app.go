// Package app writes through the ent client of package ent with
// ignore-conflict upserts.
package app

import (
	"context"
	"errors"

	entsql "entgo.io/ent/dialect/sql"

	"fixtures/silentconflict/ent/upsert/ent"
)

// Negative: one row with DO NOTHING: ent inserts it with RETURNING, and
// on PostgreSQL a skipped row is an error, sql.ErrNoRows (ent issue 1821),
// which goes back to the caller.
func doNothing(ctx context.Context, client *ent.Client, email string) error {
	return client.User.Create().SetEmail(email).OnConflictColumns("email").DoNothing().Exec(ctx)
}

// The error, which tells a skipped row, is dropped: no fix is offered, as
// checking it would make a skipped row fail the function.
func dropped(ctx context.Context, client *ent.Client, email string) {
	client.User.Create().SetEmail(email).OnConflict(entsql.DoNothing()).Exec(ctx) // want `^ignored conflict: \(\*ent\.UserUpsertOne\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING \(sql\.DoNothing\(\)\) and its error is discarded`
}

func ignoreBulk(ctx context.Context, client *ent.Client, emails []string) error {
	builders := make([]*ent.UserCreate, len(emails))
	for i, e := range emails {
		builders[i] = client.User.Create().SetEmail(e)
	}
	return client.User.CreateBulk(builders...).OnConflict().Ignore().Exec(ctx) // want `^uncounted conflict: \(\*ent\.UserUpsertBulk\)\.Exec runs INSERT \.\.\. ON CONFLICT DO UPDATE that changes nothing \(Ignore\(\)\) and returns only its error`
}

func execX(ctx context.Context, client *ent.Client, email string) {
	client.User.Create().SetEmail(email).OnConflict(entsql.ResolveWithIgnore()).ExecX(ctx) // want `^uncounted conflict: \(\*ent\.UserUpsertOne\)\.ExecX runs INSERT \.\.\. ON CONFLICT DO UPDATE that changes nothing \(sql\.ResolveWithIgnore\(\)\) and returns nothing, ent's ExecX gives no count`
}

// Built in steps: ent's builders change in place.
func steps(ctx context.Context, client *ent.Client, emails []string, skip bool) error {
	builders := make([]*ent.UserCreate, len(emails))
	for i, e := range emails {
		builders[i] = client.User.Create().SetEmail(e)
	}
	up := client.User.CreateBulk(builders...).OnConflict()
	up.DoNothing()
	return up.Exec(ctx) // want `^uncounted conflict: \(\*ent\.UserUpsertBulk\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING \(DoNothing\(\)\) and returns only its error, ent's Exec gives no count; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
}

// Ignore updates each column to itself: the existing row comes back and
// nothing tells it from a new one.
func ignoreOne(ctx context.Context, client *ent.Client, email string) error {
	return client.User.Create().SetEmail(email).OnConflictColumns("email").Ignore().Exec(ctx) // want `^uncounted conflict: \(\*ent\.UserUpsertOne\)\.Exec runs INSERT \.\.\. ON CONFLICT DO UPDATE that changes nothing \(Ignore\(\)\) and returns only its error, ent's Exec gives no count`
}

// Negative: ExecX panics with the error a skipped row is.
func execXDoNothing(ctx context.Context, client *ent.Client, email string) {
	client.User.Create().SetEmail(email).OnConflict(entsql.DoNothing()).ExecX(ctx)
}

var ErrExists = errors.New("exists")

// Negative: a real upsert.
func upsert(ctx context.Context, client *ent.Client, email, name string) error {
	return client.User.Create().SetEmail(email).SetName(name).OnConflictColumns("email").UpdateNewValues().Exec(ctx)
}

// Negative: the latest resolution updates.
func resolvedLater(ctx context.Context, client *ent.Client, email, name string) error {
	return client.User.Create().SetEmail(email).OnConflict(entsql.DoNothing()).UpdateNewValues().Exec(ctx)
}

// Negative: ID reads the row back: with DoNothing a skipped row is an
// error, with Ignore it is the existing row's ID, which the caller asked
// for.
func id(ctx context.Context, client *ent.Client, email string) (int, error) {
	return client.User.Create().SetEmail(email).OnConflictColumns("email").Ignore().ID(ctx)
}

// Negative: no conflict clause, the insert fails loudly.
func plain(ctx context.Context, client *ent.Client, email string) error {
	return client.User.Create().SetEmail(email).Exec(ctx)
}

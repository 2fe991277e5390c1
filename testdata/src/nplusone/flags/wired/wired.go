// Package wired is checked with -ifaces naming Store.Save: its
// implementation lives in a package this one does not import.
package wired

import "context"

type Store interface {
	Save(ctx context.Context, id int64) error
	Close() error
}

func saveAll(ctx context.Context, s Store, ids []int64) { // want saveAll:`^query\(\(\*pg\.Store\)\.Save -> \(\*sql\.DB\)\.ExecContext\)$`
	for _, id := range ids {
		s.Save(ctx, id) // want `^query in loop: \(wired\.Store\)\.Save \(implemented by \(\*pg\.Store\)\.Save\) runs a query via \(\*sql\.DB\)\.ExecContext once per element of ids \(loop at line 13\); write them at once with bulk\.Upsert$`
		s.Close()
	}
}

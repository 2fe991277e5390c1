package sqltext

import (
	"fmt"
	"strings"
	"testing"
)

// describe renders the fields of st that a test checks, one word each, so
// that a table row reads like the statement's classification.
func describe(st Statement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", st.Verb)
	if st.With {
		b.WriteString(" with")
	}
	fmt.Fprintf(&b, " table=%s", st.Table)
	if st.Table.Alias != "" {
		fmt.Fprintf(&b, " alias=%s", st.Table.Alias)
	}
	cols := func(name string, c Columns) {
		if len(c.Names) == 0 && !c.Known {
			fmt.Fprintf(&b, " %s=?", name)
			return
		}
		if len(c.Names) == 0 {
			return
		}
		fmt.Fprintf(&b, " %s=%s", name, strings.Join(c.Names, ","))
		if !c.Known {
			b.WriteString(",?")
		}
	}
	if st.Verb == VerbInsert || st.Verb == VerbReplace {
		cols("cols", st.Columns)
		if st.Columns.Known && len(st.Columns.Names) == 0 {
			b.WriteString(" cols=*")
		}
		if st.Rows.Known {
			fmt.Fprintf(&b, " rows=%d", st.Rows.N)
		} else {
			b.WriteString(" rows=?")
		}
		if st.Source != SourceValues {
			fmt.Fprintf(&b, " from=%s", st.Source)
		}
	}
	if len(st.Set.Names) > 0 || st.Verb == VerbUpdate || st.Conflict == ConflictUpdate || st.Conflict == ConflictNoopUpdate {
		cols("set", st.Set)
	}
	if len(st.ConflictTarget.Names) > 0 {
		cols("target", st.ConflictTarget)
	}
	fmt.Fprintf(&b, " conflict=%s returning=%s", st.Conflict, st.Returning)
	ph := st.Placeholders
	fmt.Fprintf(&b, " ph=%s/%d", ph.Styles, ph.Count)
	if ph.Max > 0 {
		fmt.Fprintf(&b, "/max%d", ph.Max)
	}
	if !ph.Known {
		b.WriteString("?")
	}
	if st.Multiple {
		b.WriteString(" multiple")
	}
	return b.String()
}

// H stands for Hole in the test table, for legibility.
const H = Hole

var parseTests = []struct {
	name    string
	dialect Dialect
	sql     string
	want    string
}{
	// PostgreSQL.
	{"pg insert", Postgres,
		`INSERT INTO users (id, name) VALUES ($1, $2)`,
		`insert table=users cols=id,name rows=1 conflict=none returning=absent ph=$1/2/max2`},
	{"pg multi rows schema", Postgres,
		`insert into public.users(id, "Name") values ($1,$2),($3,$4) , ($5, $6)`,
		`insert table=public.users cols=id,Name rows=3 conflict=none returning=absent ph=$1/6/max6`},
	{"pg do nothing", Postgres,
		`INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING`,
		`insert table=t cols=a rows=1 conflict=do nothing returning=absent ph=$1/1/max1`},
	{"pg do nothing target returning", Postgres,
		`INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a) DO NOTHING RETURNING id`,
		`insert table=t cols=a,b rows=1 target=a conflict=do nothing returning=present ph=$1/2/max2`},
	{"pg do update", Postgres,
		`INSERT INTO t AS x (a, b) VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b, updated_at = now() WHERE x.b <> excluded.b`,
		`insert table=t alias=x cols=a,b rows=1 set=b,updated_at target=a conflict=update returning=absent ph=$1/2/max2`},
	{"pg noop excluded key", Postgres,
		`INSERT INTO t (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET k = excluded.k RETURNING id`,
		`insert table=t cols=k,v rows=1 set=k target=k conflict=no-op update returning=present ph=$1/2/max2`},
	{"pg noop self", Postgres,
		`INSERT INTO t AS x (k) VALUES ($1) ON CONFLICT (k) DO UPDATE SET v = x.v`,
		`insert table=t alias=x cols=k rows=1 set=v target=k conflict=no-op update returning=absent ph=$1/1/max1`},
	{"pg excluded non key updates", Postgres,
		`INSERT INTO t (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v`,
		`insert table=t cols=k,v rows=1 set=v target=k conflict=update returning=absent ph=$1/2/max2`},
	{"pg on constraint", Postgres,
		`INSERT INTO t (k) VALUES ($1) ON CONFLICT ON CONSTRAINT t_k_key DO UPDATE SET k = excluded.k RETURNING id`,
		`insert table=t cols=k rows=1 set=k conflict=unknown returning=present ph=$1/1/max1`},
	{"pg multi column set", Postgres,
		`UPDATE ONLY t SET (a, b) = ($1, $2), c = DEFAULT WHERE id = $3 RETURNING *`,
		`update table=t set=a,b,c conflict=none returning=present ph=$1/3/max3`},
	{"pg cte insert", Postgres,
		`WITH src AS (SELECT $1::int AS id), other(x) AS MATERIALIZED (SELECT 2) INSERT INTO t (id) SELECT id FROM src ON CONFLICT DO NOTHING`,
		`insert with table=t cols=id rows=? from=query conflict=do nothing returning=absent ph=$1/1/max1`},
	{"pg dollar quotes", Postgres,
		`INSERT INTO t (a, b) VALUES ($tag$ ); ON CONFLICT DO NOTHING $tag$, $$it's$$)`,
		`insert table=t cols=a,b rows=1 conflict=none returning=absent ph=none/0`},
	{"pg e string", Postgres,
		`INSERT INTO t (a) VALUES (E'\' ON CONFLICT DO NOTHING --'), ('a''b')`,
		`insert table=t cols=a rows=2 conflict=none returning=absent ph=none/0`},
	{"pg standard backslash", Postgres,
		`INSERT INTO t (a) VALUES ('C:\'), ($1) ON CONFLICT DO NOTHING`,
		`insert table=t cols=a rows=2 conflict=do nothing returning=absent ph=$1/1/max1`},
	{"pg nested comment and hash operator", Postgres,
		`/* a /* nested */ comment */ UPDATE t SET a = a # 1 -- trailing
		WHERE id = $1`,
		`update table=t set=a conflict=none returning=absent ph=$1/1/max1`},
	{"pg cast is no placeholder", Postgres,
		`SELECT $1::text, a[1:2] FROM s.t WHERE x = $2`,
		`select table=s.t conflict=none returning=absent ph=$1/2/max2`},
	{"pg delete returning", Postgres,
		`DELETE FROM ONLY "My Schema"."Orders" o USING x WHERE o.id = x.id RETURNING o.id`,
		`delete table=My Schema.Orders alias=o conflict=none returning=present ph=none/0`},
	{"pg default values", Postgres,
		`INSERT INTO t DEFAULT VALUES RETURNING id`,
		`insert table=t cols=* rows=1 conflict=none returning=present ph=none/0`},
	{"pg expression target", Postgres,
		`INSERT INTO t (email) VALUES ($1) ON CONFLICT (lower(email)) WHERE deleted_at IS NULL DO NOTHING`,
		`insert table=t cols=email rows=1 conflict=do nothing returning=absent ph=$1/1/max1`},

	// MySQL and MariaDB.
	{"mysql insert ignore", MySQL,
		"INSERT IGNORE INTO `users` (`id`, `name`) VALUES (?, ?), (?, ?)",
		`insert table=users cols=id,name rows=2 conflict=ignore returning=absent ph=?/4`},
	{"mysql modifiers", MySQL,
		"INSERT LOW_PRIORITY IGNORE INTO db.t (a) VALUE (1)",
		`insert table=db.t cols=a rows=1 conflict=ignore returning=absent ph=none/0`},
	{"mysql noop id", MySQL,
		"INSERT INTO t (id, a) VALUES (?, ?) ON DUPLICATE KEY UPDATE id = id",
		`insert table=t cols=id,a rows=1 set=id conflict=no-op update returning=absent ph=?/2`},
	{"mysql noop last insert id", MySQL,
		"INSERT INTO t (id, a) VALUES (?, ?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)",
		`insert table=t cols=id,a rows=1 set=id conflict=no-op update returning=absent ph=?/2`},
	{"mysql update values", MySQL,
		"INSERT INTO t (id, a, b) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE a = VALUES(a), t.b = VALUES(b)",
		`insert table=t cols=id,a,b rows=1 set=a,b conflict=update returning=absent ph=?/3`},
	{"mysql row alias", MySQL,
		"INSERT INTO t (id, a) VALUES (?, ?) AS new ON DUPLICATE KEY UPDATE a = new.a",
		`insert table=t cols=id,a rows=1 set=a conflict=update returning=absent ph=?/2`},
	{"mysql insert set", MySQL,
		"INSERT INTO t SET a = 1, `b` = 'x\\'y', c = ? ON DUPLICATE KEY UPDATE c = ?",
		`insert table=t cols=a,b,c rows=1 set=c conflict=update returning=absent ph=?/2`},
	{"mysql replace", MySQL,
		"REPLACE INTO t (a, b) VALUES (?, ?)",
		`replace table=t cols=a,b rows=1 conflict=replace returning=absent ph=?/2`},
	{"mysql backslash escapes", MySQL,
		`INSERT INTO t (a) VALUES ('it\'s ON DUPLICATE KEY UPDATE a = 1'), ("q\"q")`,
		`insert table=t cols=a rows=2 conflict=none returning=absent ph=none/0`},
	{"mysql hash comment", MySQL,
		"UPDATE IGNORE t # ON DUPLICATE KEY\nSET a = ? WHERE b = ?",
		`update table=t set=a conflict=ignore returning=absent ph=?/2`},
	{"mysql multi table update", MySQL,
		"UPDATE a JOIN b ON a.id = b.id SET a.x = b.x, a.y = ? WHERE b.z = ?",
		`update table=a set=x,y conflict=none returning=absent ph=?/2`},
	{"mariadb returning", MySQL,
		"INSERT INTO t (a) VALUES (?) RETURNING id",
		`insert table=t cols=a rows=1 conflict=none returning=present ph=?/1`},
	{"mysql values row", MySQL,
		"INSERT INTO t (a, b) VALUES ROW(1, 2), ROW(3, 4)",
		`insert table=t cols=a,b rows=2 conflict=none returning=absent ph=none/0`},
	{"mysql delete multi", MySQL,
		"DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.x = ?",
		`delete table=t1 conflict=none returning=absent ph=?/1`},
	{"mysql executable comment", MySQL,
		"INSERT /*!50717 IGNORE */ /*+ hint */ INTO t (a) VALUES (?)",
		`insert table=t cols=a rows=1 conflict=ignore returning=absent ph=?/1`},
	{"mysql charset introducer", MySQL,
		"INSERT INTO t (a) VALUES (_utf8mb4'x\\' ON DUPLICATE KEY UPDATE a = 1')",
		`insert table=t cols=a rows=1 conflict=none returning=absent ph=none/0`},

	// SQLite.
	{"sqlite or ignore", SQLite,
		`INSERT OR IGNORE INTO [users] ([id], name) VALUES (?1, ?2)`,
		`insert table=users cols=id,name rows=1 conflict=ignore returning=absent ph=?/2/max2`},
	{"sqlite or replace", SQLite,
		`insert or replace into main.t(a) values (:a)`,
		`insert table=main.t cols=a rows=1 conflict=replace returning=absent ph=:name/1`},
	{"sqlite or abort", SQLite,
		`INSERT OR ABORT INTO t (a) VALUES (@a), ($b)`,
		`insert table=t cols=a rows=2 conflict=none returning=absent ph=@name|$name/2`},
	{"sqlite upsert", SQLite,
		`INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v ON CONFLICT DO NOTHING RETURNING k`,
		`insert table=t cols=k,v rows=1 set=v target=k conflict=update returning=present ph=?/2`},
	{"sqlite select upsert", SQLite,
		`INSERT INTO t SELECT * FROM s WHERE true ON CONFLICT(k) DO NOTHING`,
		`insert table=t cols=* rows=? from=query target=k conflict=do nothing returning=absent ph=none/0`},
	{"mysql insert ignore select", MySQL,
		`INSERT IGNORE INTO archive (id, day) (SELECT id, day FROM events WHERE day = ?)`,
		`insert table=archive cols=id,day rows=? from=query conflict=ignore returning=absent ph=?/1`},
	{"pg insert table", Postgres,
		`INSERT INTO t TABLE s ON CONFLICT DO NOTHING`,
		`insert table=t cols=* rows=? from=query conflict=do nothing returning=absent ph=none/0`},
	{"sqlite upsert without target", SQLite,
		`INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET a = excluded.a`,
		`insert table=t cols=* rows=1 set=a conflict=unknown returning=absent ph=none/0`},
	{"sqlite update or replace", SQLite,
		`UPDATE OR REPLACE t SET a = ?`,
		`update table=t set=a conflict=replace returning=absent ph=?/1`},

	// Where dialects lex differently.
	{"hash is an operator in postgres", Postgres,
		"UPDATE t SET a = b # c, d = ?",
		`update table=t set=a,d conflict=none returning=absent ph=?/1`},
	{"hash is a comment in mysql", MySQL,
		"UPDATE t SET a = b # c, d = ?",
		`update table=t set=a conflict=none returning=absent ph=none/0`},
	{"brackets are subscripts in postgres", Postgres,
		`UPDATE t SET a = b[c] WHERE id = $1`,
		`update table=t set=a conflict=none returning=absent ph=$1/1/max1`},
	{"at end of text", AnyDialect, `SELECT @`,
		`select table=? conflict=none returning=absent ph=none/0`},
	{"unterminated name", AnyDialect, `INSERT INTO "users (a) VALUES (?)`,
		`insert table=? cols=? rows=? from=unknown conflict=unknown returning=unknown ph=none/0`},

	// Any dialect.
	{"select", AnyDialect,
		`SELECT a, (SELECT 1 FROM x) FROM users u JOIN o ON o.uid = u.id WHERE u.id = ANY($1)`,
		`select table=users alias=u conflict=none returning=absent ph=$1/1/max1`},
	{"other", AnyDialect,
		`CREATE TABLE t (a int)`,
		`other table=? conflict=none returning=absent ph=none/0`},
	{"empty", AnyDialect, ``,
		`none table=? conflict=unknown returning=unknown ph=none/0`},
	{"only comments", AnyDialect, "-- nothing\n/* at all */",
		`none table=? conflict=unknown returning=unknown ph=none/0`},
	{"multiple", AnyDialect, `DELETE FROM t; DELETE FROM u;`,
		`delete table=t conflict=none returning=absent ph=none/0 multiple`},
	{"trailing semicolon", AnyDialect, `DELETE FROM t ;; `,
		`delete table=t conflict=none returning=absent ph=none/0`},
	{"leading paren", AnyDialect, `(SELECT 1 FROM a) UNION (SELECT 2 FROM b)`,
		`select table=a conflict=none returning=absent ph=none/0`},
	{"any backslash fallback", AnyDialect,
		`INSERT INTO t (a) VALUES ('C:\') ON CONFLICT DO NOTHING`,
		`insert table=t cols=a rows=1 conflict=do nothing returning=absent ph=none/0`},
	{"any bracket subscript", AnyDialect,
		`UPDATE t SET a[1] = ?, b = c[i] WHERE id = ?`,
		`update table=t set=a,b conflict=none returning=absent ph=?/2`},
	{"unterminated string", AnyDialect,
		`INSERT INTO t (a) VALUES ('oops`,
		`insert table=t cols=a rows=? conflict=none returning=absent ph=none/0`},

	// Partly known text.
	{"hole table", AnyDialect,
		`INSERT INTO ` + H + ` (a, b) VALUES (?, ?)`,
		`insert table=? cols=a,b rows=1 conflict=none returning=absent ph=?/2?`},
	{"hole schema", AnyDialect,
		`INSERT INTO ` + H + `.users (a) VALUES (?)`,
		`insert table=? cols=a rows=1 conflict=none returning=absent ph=?/1?`},
	{"hole in table name", AnyDialect,
		`INSERT INTO users_` + H + ` (a) VALUES (?)`,
		`insert table=? cols=a rows=1 conflict=none returning=absent ph=?/1?`},
	{"hole rows", AnyDialect,
		`INSERT INTO t (a, b) VALUES ` + H,
		`insert table=t cols=a,b rows=? conflict=none returning=absent ph=none/0?`},
	{"hole rows then conflict", Postgres,
		`INSERT INTO t (a, b) VALUES ` + H + ` ON CONFLICT DO NOTHING`,
		`insert table=t cols=a,b rows=? conflict=do nothing returning=absent ph=none/0?`},
	{"hole inside row", AnyDialect,
		`INSERT INTO t (a, b) VALUES (` + H + `), (?, ` + H + `)`,
		`insert table=t cols=a,b rows=2 conflict=none returning=absent ph=?/1?`},
	{"hole suffix", AnyDialect,
		`INSERT INTO t (a) VALUES (?) ` + H,
		`insert table=t cols=a rows=? conflict=unknown returning=unknown ph=?/1?`},
	{"hole suffix after conflict", Postgres,
		`INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING ` + H,
		`insert table=t cols=a rows=1 conflict=do nothing returning=unknown ph=$1/1/max1?`},
	{"hole column", AnyDialect,
		`INSERT INTO t (a, ` + H + `) VALUES (?, ?)`,
		`insert table=t cols=a,? rows=1 conflict=none returning=absent ph=?/2?`},
	{"hole verb", AnyDialect,
		H + ` INTO t (a) VALUES (?)`,
		`unknown table=? conflict=unknown returning=unknown ph=?/1?`},
	{"hole modifier", MySQL,
		`INSERT ` + H + ` INTO t (a) VALUES (?)`,
		`insert table=t cols=a rows=1 conflict=unknown returning=absent ph=?/1?`},
	{"hole update value", MySQL,
		`INSERT INTO t (id) VALUES (?) ON DUPLICATE KEY UPDATE id = ` + H,
		`insert table=t cols=id rows=1 set=id conflict=unknown returning=absent ph=?/1?`},
	{"hole after update value", MySQL,
		`INSERT INTO t (id) VALUES (?) ON DUPLICATE KEY UPDATE id = id` + " " + H,
		`insert table=t cols=id rows=1 set=id,? conflict=unknown returning=unknown ph=?/1?`},
	{"hole set list", AnyDialect,
		`UPDATE t SET ` + H + ` WHERE id = ?`,
		`update table=t set=? conflict=none returning=absent ph=?/1?`},
	{"hole where", AnyDialect,
		`UPDATE t SET a = ?, b = ? WHERE ` + H,
		`update table=t set=a,b conflict=none returning=absent ph=?/2?`},
	{"hole after where", AnyDialect,
		`UPDATE t SET a = ? WHERE id = ?` + H,
		`update table=t set=a conflict=none returning=unknown ph=?/2?`},
	{"dollar hole", Postgres,
		`UPDATE t SET a = $` + H + ` WHERE id = $1`,
		`update table=t set=a conflict=none returning=absent ph=$1/2/max1?`},
	{"hole in string is known", AnyDialect,
		`INSERT INTO t (a) VALUES ('x` + H + `y')`,
		`insert table=t cols=a rows=1 conflict=none returning=absent ph=none/0`},
	{"hole in comment", AnyDialect,
		`/* ` + H + ` */ DELETE FROM t`,
		`delete table=t conflict=none returning=absent ph=none/0`},
	{"hole conflict target", Postgres,
		`INSERT INTO t (a) VALUES ($1) ON CONFLICT (` + H + `) DO UPDATE SET a = excluded.a`,
		`insert table=t cols=a rows=1 set=a conflict=unknown returning=absent ph=$1/1/max1?`},
	{"hole only", AnyDialect, H,
		`unknown table=? conflict=unknown returning=unknown ph=none/0?`},
	{"insert hole end", AnyDialect, `INSERT INTO ` + H,
		`insert table=? cols=? rows=? from=unknown conflict=unknown returning=unknown ph=none/0?`},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(tt.dialect.Parse(tt.sql))
			if got != tt.want {
				t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.sql, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	txt := Join(Known("INSERT INTO "), Unknown(), Unknown(), Known(""), Known(" (a) VALUES (?)"))
	if len(txt) != 3 {
		t.Fatalf("Join merged into %d segments, want 3: %#v", len(txt), txt)
	}
	if got, want := txt.String(), "INSERT INTO "+Hole+" (a) VALUES (?)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := txt.Display(), "INSERT INTO … (a) VALUES (?)"; got != want {
		t.Errorf("Display() = %q, want %q", got, want)
	}
	if txt.IsKnown() || !Known("x").IsKnown() {
		t.Errorf("IsKnown is wrong")
	}
	st := ParseText(txt)
	if st.Verb != VerbInsert || st.Table.Known || !st.Columns.Has("A") {
		t.Errorf("ParseText: %s", describe(st))
	}
}

func TestPlaceholderNames(t *testing.T) {
	st := Parse(`UPDATE t SET a = :a, b = @b, c = $c, d = :a, e = :` + Hole + ` WHERE id = :id::int`)
	if got, want := strings.Join(st.Placeholders.Names, ","), "a,b,c,id"; got != want {
		t.Errorf("Names = %s, want %s", got, want)
	}
	if st.Placeholders.Count != 6 || st.Placeholders.Known {
		t.Errorf("Placeholders = %+v", st.Placeholders)
	}
}

// TestArbiter checks which statements limit their conflict clause to the
// columns of one key, "?" for not Known.
func TestArbiter(t *testing.T) {
	for _, tt := range []struct {
		dialect Dialect
		sql     string
		want    string
	}{
		{Postgres, `INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a, b) DO NOTHING`, "a,b"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ON CONFLICT ("A", t.b) WHERE b IS NULL DO UPDATE SET a = excluded.a RETURNING id`, "A,b"},
		{SQLite, `INSERT OR ROLLBACK INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING`, "a"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING`, "?"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ON CONFLICT ON CONSTRAINT t_a_key DO NOTHING`, "?"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ON CONFLICT (lower(a)) DO NOTHING`, "?"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ON CONFLICT (a, ` + H + `) DO NOTHING`, "?"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING ` + H, "?"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ` + H + ` ON CONFLICT (a) DO NOTHING`, "?"},
		{Postgres, `INSERT INTO t (a) VALUES ($1) ON CONFLICT (a)`, "?"},
		{SQLite, `INSERT OR IGNORE INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING`, "?"},
		{SQLite, `INSERT ` + H + ` INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING`, "?"},
		{SQLite, `INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING ON CONFLICT DO NOTHING`, "?"},
		{MySQL, `INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = a`, "?"},
		{SQLite, `REPLACE INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING`, "?"},
		{Postgres, `UPDATE t SET a = $1`, "?"},
	} {
		st := tt.dialect.Parse(tt.sql)
		got := "?"
		if st.Arbiter.Known {
			got = strings.Join(st.Arbiter.Names, ",")
		}
		if got != tt.want {
			t.Errorf("%s.Parse(%q).Arbiter = %s, want %s", tt.dialect, tt.sql, got, tt.want)
		}
	}
}

func TestConflictSilent(t *testing.T) {
	for c, want := range map[Conflict]bool{
		ConflictUnknown: false, ConflictNone: false, ConflictDoNothing: true, ConflictIgnore: true,
		ConflictNoopUpdate: true, ConflictUpdate: false, ConflictReplace: false,
	} {
		if c.Silent() != want {
			t.Errorf("%s.Silent() = %v", c, !want)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	const q = `INSERT INTO public.users (id, name, email) VALUES ($1, $2, $3), ($4, $5, $6)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email RETURNING id`
	b.ReportAllocs()
	for b.Loop() {
		Postgres.Parse(q)
	}
}

// TestNoStatement checks that fully known text with no statement in it is
// told apart from text whose statement is not known.
func TestNoStatement(t *testing.T) {
	for _, s := range []string{"", "  ", ";;;;", " ; -- nothing\n ; /* at all */ "} {
		if st := Parse(s); st.Verb != VerbNone {
			t.Errorf("Parse(%q).Verb = %s, want none", s, st.Verb)
		}
	}
	for _, s := range []string{Hole, "; " + Hole, "-- " + Hole, "SELECT 1;", "VACUUM"} {
		if st := Parse(s); st.Verb == VerbNone {
			t.Errorf("Parse(%q).Verb = none, want a statement or unknown", s)
		}
	}
	if st := ParseText(Join(Known(";"), Unknown())); st.Verb == VerbNone {
		t.Errorf("ParseText with an unknown segment: verb none")
	}
}

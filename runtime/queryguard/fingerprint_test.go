package queryguard_test

import (
	"testing"
	"unicode/utf8"

	"github.com/bulklint/bulklint/runtime/queryguard"
)

// TestFingerprint: statements as PostgreSQL, MySQL and SQLite drivers and
// as sqlx, gorm and bun render them; each group shares one fingerprint.
func TestFingerprint(t *testing.T) {
	for _, tc := range []struct {
		name  string
		want  string
		stmts []string
	}{
		{
			name: "placeholders of every dialect",
			want: "select id, email, name from customers where id = ?",
			stmts: []string{
				"SELECT id, email, name FROM customers WHERE id = $1",   // pgx, lib/pq
				"SELECT id, email, name FROM customers WHERE id = ?",    // mysql, sqlite
				"select id,email,name\n\tfrom customers\n\twhere id=?1", // sqlite numbered
				"SELECT id, email, name FROM customers WHERE id = :id",  // sqlx named
				"SELECT id, email, name FROM customers WHERE id = @p1",  // sql.Named, mssql style
				"SELECT id, email, name FROM customers WHERE id = 42",   // inlined literal (bun)
				"SELECT id, email, name FROM customers WHERE id = -42",  // negative literal
				"SELECT id, email, name FROM customers /* c */ WHERE id = 7 -- trailing",
			},
		},
		{
			name: "string literals of every dialect",
			want: "select * from users where email = ?",
			stmts: []string{
				"SELECT * FROM users WHERE email = 'a@b.c'",
				"SELECT * FROM users WHERE email = 'O''Brien'",
				`SELECT * FROM users WHERE email = 'O\'Brien'`,
				"SELECT * FROM users WHERE email = E'x\\ty'",
				"SELECT * FROM users WHERE email = $$it's$$",
				"SELECT * FROM users WHERE email = $tag$a$b$tag$",
				"SELECT * FROM users WHERE email = N'x'",
			},
		},
		{
			name: "gorm First on the three dialects",
			want: "select * from users where users.id = ? and users.deleted_at is null order by users.id limit ?",
			stmts: []string{
				`SELECT * FROM "users" WHERE "users"."id" = $1 AND "users"."deleted_at" IS NULL ORDER BY "users"."id" LIMIT 1`,
				"SELECT * FROM `users` WHERE `users`.`id` = ? AND `users`.`deleted_at` IS NULL ORDER BY `users`.`id` LIMIT 1",
				"SELECT * FROM `users` WHERE `users`.`id` = 12 AND `users`.`deleted_at` IS NULL ORDER BY `users`.`id` LIMIT 1",
			},
		},
		{
			name: "IN lists of any length, gorm Preload and sqlx.In",
			want: "select * from orders where orders.user_id in (...)",
			stmts: []string{
				`SELECT * FROM "orders" WHERE "orders"."user_id" IN ($1,$2,$3)`,
				"SELECT * FROM `orders` WHERE `orders`.`user_id` IN (?,?)",
				"SELECT * FROM orders WHERE orders.user_id IN (?)",
				"SELECT * FROM orders WHERE orders.user_id IN (1, 2, 3, 4)",
				"SELECT * FROM orders WHERE orders.user_id IN ('a', 'b')",
			},
		},
		{
			name: "ANY arrays, pgx and bulk",
			want: "select * from orders where user_id = any(...)",
			stmts: []string{
				"SELECT * FROM orders WHERE user_id = ANY($1)",
				"SELECT * FROM orders WHERE user_id = ANY($1::bigint[])",
				"SELECT * FROM orders WHERE user_id = ANY(ARRAY[$1, $2, $3])",
				"SELECT * FROM orders WHERE user_id = ANY('{1,2,3}')",
				"SELECT * FROM orders WHERE user_id = any (array[1,2])",
			},
		},
		{
			name: "multi-row VALUES, gorm batch insert",
			want: "insert into users(name, age) values (...) returning id",
			stmts: []string{
				`INSERT INTO "users" ("name","age") VALUES ($1,$2),($3,$4) RETURNING "id"`,
				"INSERT INTO `users` (`name`,`age`) VALUES (?,?) RETURNING `id`",
				`INSERT INTO users (name, age) VALUES ('a', 1), ('b', 2), ('c', 3) RETURNING id`,
			},
		},
		{
			name: "VALUES rows with expressions",
			want: "insert into t(a, b) values (?, now()), ...",
			stmts: []string{
				"INSERT INTO t (a, b) VALUES ($1, now()), ($2, now())",
				"INSERT INTO t (a, b) VALUES (?, NOW()), (?, NOW()), (?, NOW())",
			},
		},
		{
			name: "composite keys: tuple IN",
			want: "select * from stock where (shop, sku) in (...)",
			stmts: []string{
				"SELECT * FROM stock WHERE (shop, sku) IN ((?, ?), (?, ?))",
				"SELECT * FROM stock WHERE (shop, sku) IN (($1, $2))",
			},
		},
		{
			name: "bun renders values inline and aliases",
			want: "select u.id, u.name from users as u where (u.id = ?)",
			stmts: []string{
				`SELECT "u"."id", "u"."name" FROM "users" AS "u" WHERE ("u"."id" = 42)`,
				`SELECT "u"."id", "u"."name" FROM "users" AS "u" WHERE ("u"."id" = 7)`,
			},
		},
		{
			name: "PostgreSQL casts and JSON operators keep their shape",
			want: "select data ->> ? from docs where id = ?::uuid",
			stmts: []string{
				"SELECT data->>'name' FROM docs WHERE id = $1::uuid",
				"select data ->> 'x' from docs where id = '0000'::uuid",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range tc.stmts {
				if got := queryguard.Fingerprint(s); got != tc.want {
					t.Errorf("Fingerprint(%q)\n got %q\nwant %q", s, got, tc.want)
				}
			}
		})
	}
}

// TestFingerprintDistinct: shapes that differ stay apart.
func TestFingerprintDistinct(t *testing.T) {
	for _, pair := range [][2]string{
		{"SELECT * FROM a WHERE id = ?", "SELECT * FROM b WHERE id = ?"},
		{"SELECT * FROM a WHERE id = ?", "SELECT * FROM a WHERE id IN (?)"},
		{"SELECT * FROM a WHERE x IS NULL", "SELECT * FROM a WHERE x = ?"},
		{"SELECT a - 1 FROM t", "SELECT a FROM t"},
		{"SELECT * FROM t WHERE id IN (SELECT id FROM u)", "SELECT * FROM t WHERE id IN (?)"},
	} {
		if a, b := queryguard.Fingerprint(pair[0]), queryguard.Fingerprint(pair[1]); a == b {
			t.Errorf("%q and %q share fingerprint %q", pair[0], pair[1], a)
		}
	}
}

func FuzzFingerprint(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM t WHERE id = $1",
		"INSERT INTO t (a) VALUES (?), (?)",
		`SELECT "a""b", 'x''y', $q$z$q$ FROM t`,
		"SELECT * FROM t WHERE a IN ((1, 2), (3, 4)) AND b = ANY($2::int[])",
		"/* unterminated",
		"'unterminated",
		"((((",
		"))]]",
		"select -1, +.5e-3, 0x1F, x.y, a::b[]",
		"values (...), ...",
		"\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fp := queryguard.Fingerprint(s)
		if again := queryguard.Fingerprint(fp); again != fp {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, fp, again)
		}
		if len(fp) > 2*len(s)+8 {
			t.Fatalf("fingerprint %q of %q is longer than the layout it adds", fp, s)
		}
		if utf8.ValidString(s) && !utf8.ValidString(fp) {
			t.Fatalf("invalid UTF-8 from valid input %q: %q", s, fp)
		}
	})
}

// Package users holds xorm loops: xorm is not in the table; its queries
// are found through facts computed on xorm's own code.
package users

import (
	"xorm.io/xorm"
)

type User struct {
	ID   int64
	Name string
}

func perID(engine *xorm.Engine, ids []int64) { // want perID:`^query\(\(\*xorm\.Session\)\.Get \-> \(\*xorm\.Session\)\.get \-> \(\*xorm\.Session\)\.nocacheGet \-> \(\*xorm\.Session\)\.queryRows \-> \(\*core\.Tx\)\.QueryContext \-> \(\*sql\.Tx\)\.QueryContext\)$`
	for _, id := range ids {
		var u User
		engine.ID(id).Get(&u) // want `^query in loop: \(\*xorm\.Session\)\.Get runs a query via .* once per element of ids`
	}
}

// Negative: In loads every key in one query.
func batched(engine *xorm.Engine, ids []int64) { // want batched:`^query\(\(\*xorm\.Session\)\.Find \-> \(\*xorm\.Session\)\.find \-> \(\*xorm\.Session\)\.noCacheFind \-> \(\*xorm\.Session\)\.queryRows \-> \(\*core\.Tx\)\.QueryContext \-> \(\*sql\.Tx\)\.QueryContext\)$`
	var users []User
	engine.In("id", ids).Find(&users)
}

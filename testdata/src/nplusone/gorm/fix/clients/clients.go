// Package clients reads clients as komari's database/clients does: the
// handle from a getter of another package, named results, the row type of
// a third.
package clients

import (
	"fixtures/nplusone/gorm/fix/dbcore"
	"fixtures/nplusone/gorm/fix/models"
)

// GetClientByUUID reads one client.
func GetClientByUUID(uuid string) (client models.Client, err error) { // want GetClientByUUID:`^query\(\(\*gorm\.DB\)\.First\) load\(clients\.uuid\)$`
	db := dbcore.GetDBInstance()
	err = db.Where("uuid = ?", uuid).First(&client).Error
	if err != nil {
		return models.Client{}, err
	}
	return client, nil
}

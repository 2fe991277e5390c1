package fix

import (
	"errors"

	"fixtures/nplusone/gorm/fix/clients"
)

// Recipients keeps the clients that exist, as komari's SendNotification
// does. The file uses the clients package only for the read: the fix
// drops its import.
func Recipients(uuids []string) ([]string, error) { // want Recipients:`^query\(clients\.GetClientByUUID -> \(\*gorm\.DB\)\.First\)$`
	names := make([]string, 0, len(uuids))
	for _, u := range uuids {
		if u == "" {
			continue
		}
		if full, err := clients.GetClientByUUID(u); err == nil { // want `^query in loop: clients\.GetClientByUUID runs a query via \(\*gorm\.DB\)\.First once per element of uuids .*bulkgorm\.Load$`
			names = append(names, full.Name)
		}
	}
	if len(names) == 0 {
		return nil, errors.New("none of the clients exist")
	}
	return names, nil
}

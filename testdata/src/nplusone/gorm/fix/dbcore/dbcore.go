// Package dbcore holds the application's handle, as komari's
// database/dbcore.
package dbcore

import "gorm.io/gorm"

// Instance is the application's handle.
var Instance *gorm.DB

// GetDBInstance returns the application's handle.
func GetDBInstance() *gorm.DB { return Instance }

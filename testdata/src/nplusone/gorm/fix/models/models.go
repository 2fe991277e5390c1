// Package models holds the client row, as komari's database/models.
package models

type Client struct {
	UUID string `gorm:"primaryKey"`
	Name string
}

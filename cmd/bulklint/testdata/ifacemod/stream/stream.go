package stream

type Config struct{ N int }

// Option has only an unexported method: only this package can implement it.
type Option interface{ apply(*Config) }

type optionFunc func(*Config)

func (f optionFunc) apply(c *Config) { f(c) }

func WithN(n int) Option { return optionFunc(func(c *Config) { c.N = n }) }

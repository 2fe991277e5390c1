package queryguard

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"
)

// EnvOut is the environment variable that names the directory where every
// scope writes the N+1 queries it saw, as JSON, for bulklint -confirmed.
const EnvOut = "BULKLINT_GUARD_OUT"

// An Option configures a guard. Options are checked when [New] or [Test]
// is called: a bad value is an error there, not a surprise later.
type Option func(*config) error

type config struct {
	threshold   int
	minDuration time.Duration
	allow       []string // fingerprints; one ending in " ..." matches by prefix
	libraries   []string
	logOnly     bool
	onReport    func(Report)
	logger      *slog.Logger
	out         string
	outSet      bool
}

// ErrOption is the error of an option with a bad value.
var ErrOption = errors.New("queryguard: bad option")

func newConfig(opts []Option) (*config, error) {
	cfg := &config{threshold: 2}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil Option", ErrOption)
		}
		if err := o(cfg); err != nil {
			return nil, err
		}
	}
	if !cfg.outSet {
		cfg.out = os.Getenv(EnvOut)
	}
	return cfg, nil
}

// Threshold sets how many runs of one statement shape from one call path,
// with different arguments, make an N+1: 2 by default, as Ruby's
// Prosopite. It must be at least 2.
func Threshold(n int) Option {
	return func(c *config) error {
		if n < 2 {
			return fmt.Errorf("%w: Threshold(%d): an N+1 is at least 2 runs", ErrOption, n)
		}
		c.threshold = n
		return nil
	}
}

// MinDuration reports an N+1 only when its runs took d or more in all, as
// Sentry's N+1 detector does: a way to keep fast repeats quiet in
// request scopes.
func MinDuration(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("%w: MinDuration(%v) is negative", ErrOption, d)
		}
		c.minDuration = d
		return nil
	}
}

// Allow lists statement shapes the scope expects to repeat. Each query is
// written as SQL, in any dialect, and compared by [Fingerprint]; one that
// ends in "..." matches every shape that starts with it
// ("SELECT * FROM audit ..."). Allowed N+1s are still in the report,
// marked Allowed, and fail nothing.
func Allow(queries ...string) Option {
	return func(c *config) error {
		for _, q := range queries {
			if strings.TrimSpace(q) == "" {
				return fmt.Errorf("%w: Allow: empty query", ErrOption)
			}
			c.allow = append(c.allow, Fingerprint(q))
		}
		return nil
	}
}

// Libraries adds packages (import paths; a path covers the packages under
// it) whose frames are never a call site: the program's own query helpers,
// or a database layer the guard does not know.
func Libraries(paths ...string) Option {
	return func(c *config) error {
		for _, p := range paths {
			if p == "" || strings.ContainsAny(p, " \t") {
				return fmt.Errorf("%w: Libraries: %q is not an import path", ErrOption, p)
			}
			c.libraries = append(c.libraries, strings.TrimSuffix(p, "/"))
		}
		return nil
	}
}

// LogOnly makes [Test] log what it found instead of failing the test.
func LogOnly() Option {
	return func(c *config) error {
		c.logOnly = true
		return nil
	}
}

// OnReport calls fn with the report of every scope that ends, N+1 or not.
func OnReport(fn func(Report)) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("%w: OnReport(nil)", ErrOption)
		}
		c.onReport = fn
		return nil
	}
}

// Logger makes [Guard.Middleware] and [Guard.Run] log each N+1 at warning
// level to l. Without Logger or OnReport, they log to slog.Default().
func Logger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("%w: Logger(nil)", ErrOption)
		}
		c.logger = l
		return nil
	}
}

// Output writes each scope's N+1s as JSON into dir, for bulklint
// -confirmed; "" writes nothing. Without it, the directory is the value
// of BULKLINT_GUARD_OUT ([EnvOut]).
func Output(dir string) Option {
	return func(c *config) error {
		c.out, c.outSet = dir, true
		return nil
	}
}

func (c *config) allowed(fp string) bool {
	for _, a := range c.allow {
		if a == fp {
			return true
		}
		if p, ok := strings.CutSuffix(a, "..."); ok && strings.HasPrefix(fp, p) {
			return true
		}
	}
	return false
}

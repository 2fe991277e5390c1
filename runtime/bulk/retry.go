package bulk

import (
	"math/rand/v2"
	"time"
)

// retryable reports whether the database chose this transaction as the
// victim of a deadlock or a serialization failure: the whole transaction
// was rolled back and can run again.
func retryable(err error) bool {
	if n, ok := mysqlErrno(err); ok {
		return n == 1213
	}
	if code, ok := pgState(err); ok {
		return code == "40P01" || code == "40001"
	}
	return false
}

// retry runs fn, and when the call owns its transaction and the database
// broke a deadlock by rolling it back, runs it again from a clean state, a
// few times with growing random pauses. Rows are written in key order, so
// this is rare; on MySQL, InnoDB's gap locks on unique-key checks can still
// make two upserts of neighbouring keys wait for each other.
func (c *call) retry(fn func() error) error {
	n := len(c.res.Outcomes)
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil || c.inTx || attempt == 8 || !retryable(err) || c.ctx.Err() != nil {
			return err
		}
		c.res = Result{Outcomes: make([]Outcome, n)}
		c.fills = nil
		pause := time.Duration(1+rand.IntN(10<<attempt)) * time.Millisecond
		select {
		case <-time.After(pause):
		case <-c.ctx.Done():
			return err
		}
	}
}

// Package engine walks relations through the DataReader interface. It does
// not import the interface's SQL implementation; only its tests do. The
// loop below is not reported, in the package's test variant either (where
// the tests' import makes pg.Reader visible): what the package's own files
// cannot see does not make their calls queries (Permify's engines).
package engine

import "context"

type DataReader interface {
	Query(ctx context.Context, relation string) ([]string, error)
}

type Engine struct{ R DataReader }

func (e *Engine) Walk(ctx context.Context, relations []string) error { // want Walk:`^opaque$`
	for _, rel := range relations {
		if _, err := e.R.Query(ctx, rel); err != nil {
			return err
		}
	}
	return nil
}

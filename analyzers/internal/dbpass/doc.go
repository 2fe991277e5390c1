// Package dbpass defines a helper Analyzer that builds, once per package,
// what bulklint's analyzers share, and the one way they report.
//
// # Result
//
// [Analyzer]'s result is a [*Package]: the package's AST inspector, its
// database-call matcher over the built-in
// table (dbapi), the index of its variables and builder chains (chain) and
// the recovery of SQL text from its expressions (sqlsource). Passes of
// different analyzers on one package may run at the same time: the result
// is read-only for them, and its parts index the package on first need in
// a way that is safe for concurrent use (the analyzers' facts make them
// visit every dependency, most of which they leave at once: nothing is
// built for those).
//
// # Reporting
//
// Each analyzer value owns a [Config]: its documentation URL and its
// -tests (which files it reports in, srcfile) and -nolint (whether //nolint
// comments count, suppress) flags, registered on its Analyzer.Flags. A
// [Reporter] of one pass is the one place a finding becomes a diagnostic:
// it sets the URL of the analyzer's categories, keeps the related
// positions and fixes, and drops what a suppression comment covers.
//
// # Panics
//
// [Reporter.Safely] runs a unit of work (a function, a package) and turns a
// panic in it, a bug of the analyzer met on user code, into one diagnostic
// of category internal-error at that unit, so that the analysis of the rest
// of the program goes on (dependent packages would otherwise fail their
// prerequisites). Every bulklint analyzer runs its work through it.
//
// # Use
//
//	Requires: []*analysis.Analyzer{dbpass.Analyzer}
//	...
//	p := pass.ResultOf[dbpass.Analyzer].(*dbpass.Package)
//	rep := p.Reporter(pass, cfg.common)
//	defer rep.Finish()
//	rep.Safely(fd.Pos(), fd.Name.Name, func() { ... rep.Report(dbpass.Finding{...}) ... })
package dbpass

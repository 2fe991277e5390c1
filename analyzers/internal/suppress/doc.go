// Package suppress honours suppression comments inside bulklint's analyzers,
// so that they work the same in every front end: the bulklint binary, go vet
// -vettool, golangci-lint and editors through gopls.
//
// # Forms
//
// Two comment forms are recognised:
//
//	//nolint                            every analyzer
//	//nolint:all                        every analyzer
//	//nolint:bulklint                   every bulklint analyzer
//	//nolint:nplusone,silentconflict    the analyzers named
//	//nolint:nplusone // why            golangci-lint's explanation, optional here
//
//	//bulklint:ignore nplusone -- why
//	//bulklint:ignore nplusone,silentconflict -- why
//
// Spaces may separate the slashes from the directive; a second pair of
// slashes may not, so a doc comment can quote a directive in a code block.
// nolint follows golangci-lint otherwise: names are case-insensitive, and
// text after a second "//" is an explanation.
// bulklint:ignore names analyzers explicitly (there is no "all") and wants a
// reason after "--".
//
// # Range
//
// A suppression covers lines, with golangci-lint's rule for nolint:
//
//   - the lines of the comment group that holds it, so a trailing comment
//     covers its own line and a directive inside a doc comment covers the
//     whole doc comment;
//   - when the group stands alone, the line after it;
//   - the whole of any syntax node that starts on the line after the group,
//     in the group's column: a directive above a statement, a loop or a
//     declaration covers all of it, and one above the package clause covers
//     the file.
//
// A diagnostic is suppressed when the line of its position is covered by a
// suppression that names its analyzer. Related positions do not count.
//
// # Diagnostics about suppressions
//
// A [Reporter] reports, for its own analyzer:
//
//   - category "suppress-noreason": a bulklint:ignore has no "-- reason";
//   - category "suppress-unused": a bulklint:ignore, or a nolint that names
//     the analyzer itself, suppressed nothing from it in this run.
//
// A directive that names several analyzers is reported by each of them
// separately. A nolint needs no reason (golangci-lint's nolintlint can ask
// for one), and a bare //nolint, //nolint:all or //nolint:bulklint is never
// reported unused: it may be meant for another analyzer. Names that match no
// analyzer cannot be seen from here and are not reported. Directives in files
// the analyzer does not check (tests, unless its -tests flag is set, and
// generated files) are not reported either.
//
// # Options
//
// Each analyzer value has a -nolint flag, true by default, that it passes to
// its Reporters in [Options]. The golangci-lint plugin sets it to false:
// golangci-lint then applies nolint directives itself, so that its
// nolintlint sees which ones were used. bulklint:ignore works either way.
//
// # Use
//
// bulklint's analyzers reach it through the dbpass helper, whose Reporter
// wraps one. Used alone, an analyzer lists [Analyzer] in its Requires, wraps
// its pass in a Reporter and reports through it:
//
//	cfg.opts = suppress.NewOptions()
//	cfg.opts.RegisterFlags(&a.Flags) // -nolint
//	...
//	ix := pass.ResultOf[suppress.Analyzer].(*suppress.Index)
//	r := ix.Reporter(pass, cfg.opts, cfg.files) // files: a srcfile.Filter (-tests)
//	defer r.Finish()
//	...
//	r.Report(diag)
package suppress

// Package loadfix checks, on SQLite, that the loops the nplusone load fix
// rewrites behave as they did: the fixture's functions as written
// (package before) and as fixed (package after, the .golden file) run on
// the same data and must return the same rows, the same errors and the
// same not-found outcomes.
package loadfix

// Package log is an application's own logger: a package named log.
package log

import "log/slog"

func Info(msg string, args ...any) { slog.Info(msg, args...) }

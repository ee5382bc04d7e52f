package clientrt

import (
	"context"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"
)

// WithLogger logs every request the client sends, and its response or
// failure, to l at debug level: the operation, method, URL, attempt,
// headers, status and duration. Credentials are redacted: the values of
// Authorization, Cookie, Set-Cookie and every header a credential travels
// in, credential query parameters, and any credential value wherever it
// appears. Control characters a response sends are escaped. Bodies are
// not logged.
//
// The logger is kept behind an interface that only WithLogger makes, so a
// program that never calls it does not link log/slog.
func WithLogger(l *slog.Logger) Option {
	return func(cfg *config) {
		cfg.logger = nil
		if l != nil {
			cfg.logger = slogLogger{l}
		}
	}
}

// requestLogger logs the attempts the transport makes.
type requestLogger interface {
	enabled(ctx context.Context) bool
	request(ctx context.Context, req *http.Request, op Operation, attempt int, red redactor)
	response(ctx context.Context, req *http.Request, op Operation, attempt int, red redactor, resp *http.Response, err error, took time.Duration)
}

type slogLogger struct{ l *slog.Logger }

func (s slogLogger) enabled(ctx context.Context) bool { return s.l.Enabled(ctx, slog.LevelDebug) }

// request logs one attempt before it is sent.
func (s slogLogger) request(ctx context.Context, req *http.Request, op Operation, attempt int, red redactor) {
	s.l.LogAttrs(ctx, slog.LevelDebug, "http request",
		slog.String("operation", op.ID), slog.String("method", req.Method), slog.String("url", red.url(req.URL)),
		slog.Int("attempt", attempt), slog.Any("header", logHeader(req.Header, red)))
}

// response logs what an attempt got: a response or an error.
func (s slogLogger) response(ctx context.Context, req *http.Request, op Operation, attempt int, red redactor, resp *http.Response, err error, took time.Duration) {
	attrs := []slog.Attr{slog.String("operation", op.ID), slog.String("method", req.Method), slog.String("url", red.url(req.URL)),
		slog.Int("attempt", attempt), slog.Duration("duration", took)}
	if err != nil {
		attrs = append(attrs, slog.String("error", inert(red.text(err.Error()))))
		s.l.LogAttrs(ctx, slog.LevelDebug, "http request failed", attrs...)
		return
	}
	attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.Any("header", logHeader(resp.Header, red)))
	s.l.LogAttrs(ctx, slog.LevelDebug, "http response", attrs...)
}

// logHeader is h as one line per header, with credentials redacted and
// control characters escaped (inert), whatever the handler does.
func logHeader(h http.Header, red redactor) map[string]string {
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		if secretHeader(k) {
			v = redacted
		}
		out[inert(k)] = inert(red.text(v))
	}
	return out
}

// secretHeader reports whether a header's value is a credential as a whole.
func secretHeader(name string) bool {
	if strings.EqualFold(name, "Set-Cookie") {
		return true
	}
	for _, s := range sensitiveHeaders {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

/*
 * error.h: errors are values.
 *
 * Every fallible function returns 0 on success or a negative ERR_* code, and
 * fills a caller-owned `struct error` with a lowercase message that names the
 * subject first ("invoice 'INV-7': due date '2026-02-30' is not a date").
 * The numeric code maps one-to-one to the exit status of the CLI:
 *
 *   ERR_INPUT  1  the input was refused; nothing was changed
 *   ERR_USAGE  2  the command line was wrong
 *   ERR_ENV    3  the environment failed (database, file system, network)
 *
 * `struct error` holds its message inline, so it needs no freeing.
 */
#ifndef RECOUP_ERROR_H
#define RECOUP_ERROR_H

#include <stdarg.h>

enum {
	ERR_OK = 0,
	ERR_INPUT = 1,
	ERR_USAGE = 2,
	ERR_ENV = 3,
};

#define ERROR_MESSAGE_MAX 1024

struct error {
	int code;                     /* ERR_* (positive), 0 when no error */
	char message[ERROR_MESSAGE_MAX];
};

#define ERROR_INIT { 0, { 0 } }

/*
 * Sets `e` (when not NULL) and returns -code, so that callers can write
 * `return error_set(e, ERR_INPUT, "...", ...);`.
 */
int error_set(struct error *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int error_vset(struct error *e, int code, const char *fmt, va_list ap);

/* Prepends "prefix: " to the message already in `e`; returns -e->code. */
int error_prefix(struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void error_clear(struct error *e);

#endif

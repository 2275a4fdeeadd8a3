/*
 * error.h: errors are values.
 *
 * Every fallible function returns 0 on success or a negative ERR_* code, and
 * fills a caller-owned `struct error` with a lowercase message that names the
 * subject first ("invoice 'INV-7': due date '2026-02-30' is not a date") and,
 * where one field of a record or request was wrong, that field's name
 * ("due_date"), so that an API can point at it.
 *
 * The codes say what kind of failure it was, not how a front end shows it:
 *
 *   ERR_INPUT      the input was refused; nothing was changed
 *   ERR_USAGE      the command line or request was malformed
 *   ERR_ENV        the environment failed (database, file system, network)
 *   ERR_NOT_FOUND  what the input names does not exist (a customer, an invoice)
 *   ERR_CONFLICT   it exists already, or differs from what is stored
 *   ERR_FORBIDDEN  the acting user may not do this
 *
 * Each front end maps them once: cli/ to exit codes (error_exit_code(): the
 * documented 0/1/2/3, where not found, conflict and forbidden are refused
 * input, 1), http/ to statuses (error_http_status(): 422, 400, 503, 404, 409,
 * 403) and to the API's string codes (error_code_name()).
 *
 * `struct error` holds its message and field inline, so it needs no freeing.
 */
#ifndef RECOUP_ERROR_H
#define RECOUP_ERROR_H

#include <stdarg.h>

enum {
	ERR_OK = 0,
	ERR_INPUT = 1,
	ERR_USAGE = 2,
	ERR_ENV = 3,
	ERR_NOT_FOUND = 4,
	ERR_CONFLICT = 5,
	ERR_FORBIDDEN = 6,
};

#define ERROR_MESSAGE_MAX 1024
#define ERROR_FIELD_MAX   64

struct error {
	int code; /* ERR_* (positive), 0 when no error */
	char message[ERROR_MESSAGE_MAX];
	char field[ERROR_FIELD_MAX]; /* the field that was wrong, "" when none or not one */
	/*
	 * 1 when the work may succeed if run again as it was: the database
	 * aborted the transaction for a conflict with another one (a
	 * serialization failure or a deadlock), so nothing was changed. Set by
	 * the store (error_mark_retry) after error_set, which clears it; kept
	 * by error_prefix. A front end may then run the whole use case again
	 * (cli/main.c does, a bounded number of times).
	 */
	int retry;
};

#define ERROR_INIT                 \
	{                          \
		0, { 0 }, { 0 }, 0 \
	}

/*
 * Sets `e` (when not NULL) and returns -code, so that callers can write
 * `return error_set(e, ERR_INPUT, "...", ...);`.
 */
int error_set(struct error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int error_vset(struct error *e, int code, const char *fmt, va_list ap);

/* error_set() that also names the field that was wrong ("amount", "--at"). */
int error_set_field(struct error *e, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Prepends "prefix: " to the message already in `e`; returns -e->code. */
int error_prefix(struct error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void error_clear(struct error *e);

/* Marks the error in `e` (when not NULL) as worth running again (see struct error); returns -e->code. */
int error_mark_retry(struct error *e);

/* The process exit status for a code: 0, 1 (input, not found, conflict, forbidden), 2, 3. */
int error_exit_code(int code);
/* The HTTP status for a code (200 for 0). */
int error_http_status(int code);
/* The API's stable name for a code: "input", "usage", "environment", "not_found", "conflict", "forbidden". */
const char *error_code_name(int code);

#endif

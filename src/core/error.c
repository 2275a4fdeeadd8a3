#include "core/error.h"

#include <stdio.h>
#include <string.h>

int error_vset(struct error *e, int code, const char *fmt, va_list ap)
{
	if (e) {
		e->code = code;
		e->field[0] = '\0';
		e->retry = 0;
		vsnprintf(e->message, sizeof(e->message), fmt, ap);
	}
	return -code;
}

int error_set_field(struct error *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = error_vset(e, code, fmt, ap);
	va_end(ap);
	if (e && field)
		snprintf(e->field, sizeof(e->field), "%s", field);
	return ret;
}

int error_set(struct error *e, int code, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = error_vset(e, code, fmt, ap);
	va_end(ap);
	return ret;
}

int error_prefix(struct error *e, const char *fmt, ...)
{
	char prefix[256];
	char old[ERROR_MESSAGE_MAX];
	va_list ap;

	if (!e)
		return -ERR_INPUT;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, e->message, sizeof(old));
	snprintf(e->message, sizeof(e->message), "%s: %s", prefix, old);
	return -e->code;
}

void error_clear(struct error *e)
{
	if (e) {
		e->code = 0;
		e->message[0] = '\0';
		e->field[0] = '\0';
		e->retry = 0;
	}
}

int error_mark_retry(struct error *e)
{
	if (!e)
		return -ERR_ENV;
	e->retry = 1;
	return -e->code;
}

/*
 * One table, so that the three mappings cannot disagree about a code. The
 * exit codes are the documented interface of the CLI (0 ok, 1 refused,
 * 2 usage, 3 environment): scripts rely on them, so the finer codes all
 * exit 1, "the input was refused; nothing changed".
 */
static const struct {
	const char *name;
	int exit_code;
	int http_status;
} codes[] = {
	[ERR_OK] = { "ok", 0, 200 },
	[ERR_INPUT] = { "input", 1, 422 },
	[ERR_USAGE] = { "usage", 2, 400 },
	[ERR_ENV] = { "environment", 3, 503 },
	[ERR_NOT_FOUND] = { "not_found", 1, 404 },
	[ERR_CONFLICT] = { "conflict", 1, 409 },
	[ERR_FORBIDDEN] = { "forbidden", 1, 403 },
};

static int known(int code)
{
	return code >= 0 && (size_t)code < sizeof(codes) / sizeof(codes[0]);
}

int error_exit_code(int code)
{
	return known(code) ? codes[code].exit_code : ERR_ENV;
}

int error_http_status(int code)
{
	return known(code) ? codes[code].http_status : 500;
}

const char *error_code_name(int code)
{
	return known(code) ? codes[code].name : "environment";
}

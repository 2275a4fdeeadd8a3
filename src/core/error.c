#include "core/error.h"

#include <stdio.h>
#include <string.h>

int error_vset(struct error *e, int code, const char *fmt, va_list ap)
{
	if (e) {
		e->code = code;
		vsnprintf(e->message, sizeof(e->message), fmt, ap);
	}
	return -code;
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
	}
}

/*
 * app.c: the checks every use case that records typed input shares (app.h).
 */
#include "app/app.h"

#include <stdio.h>

#include "core/validate.h"

void app_error_field(struct error *e, const char *name)
{
	size_t k = 0;

	if (!e)
		return;
	while (*name == '-')
		name++;
	for (; name[k] && k + 1 < sizeof(e->field); k++)
		e->field[k] = name[k] == '-' ? '_' : name[k];
	e->field[k] = '\0';
}

int app_check_not_future(const struct app_ctx *ctx, const char *name, timestamp_t at, struct error *e)
{
	char a[TIMESTAMP_TEXT_MAX], b[TIMESTAMP_TEXT_MAX];

	if (at <= ctx->now + APP_CLOCK_SKEW)
		return 0;
	error_set(e, ERR_INPUT, "%s %s is after now (%s): nothing is recorded ahead of time", name,
		  timestamp_format(at, a, sizeof(a)), timestamp_format(ctx->now, b, sizeof(b)));
	app_error_field(e, name);
	return -ERR_INPUT;
}

int app_check_text(const char *name, const char *value, size_t max, struct error *e)
{
	if (validate_text(name, value, max, 0, e) == 0)
		return 0;
	app_error_field(e, name);
	return -ERR_INPUT;
}

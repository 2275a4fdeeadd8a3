/*
 * app.c: the checks every use case that records typed input shares, and
 * its entry in the audit trail (app.h).
 */
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/contact_rules.h"
#include "core/validate.h"
#include "store/audit.h"

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

int app_check_rules_moment(const char *name, timestamp_t at, struct error *e)
{
	if (contact_rules_moment_check(name, at, e) == 0)
		return 0;
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

int app_check_free_text(const char *name, const char *value, size_t max, struct error *e)
{
	if (validate_text(name, value, max, 1, e) == 0)
		return 0;
	app_error_field(e, name);
	return -ERR_INPUT;
}

/* Compact JSON text of `v`, or "" for none (the caller frees a non-empty one). */
static char *audit_text(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

int app_audit(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const char *entity, const char *ref,
	      const json_t *before, const json_t *after, struct error *e)
{
	char *b = audit_text(before), *a = audit_text(after);
	struct audit_entry entry = { 0 };
	int ret;

	if ((before && !b) || (after && !a)) {
		free(b);
		free(a);
		return error_set(e, ERR_ENV, "out of memory");
	}
	entry.at = ctx->now;
	entry.actor = ctx->actor && ctx->actor[0] ? ctx->actor : "unknown";
	entry.origin = ctx->origin && ctx->origin[0] ? ctx->origin : "cli";
	entry.action = action;
	entry.entity = entity;
	entry.ref = ref ? ref : "";
	entry.before = b ? b : "";
	entry.after = a ? a : "";
	ret = store_audit_add(tx, &entry, e);
	free(b);
	free(a);
	return ret;
}

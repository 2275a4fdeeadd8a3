/*
 * migrate_target.c: what a target tenant holds of its own where `recoup
 * migrate` writes, besides customers, users and API tokens (app/migrate.c
 * looks for those): its configuration, its daily runs and its audit trail.
 *
 * The copy writes the source's rows beside the target's, or over them, and
 * the comparison after it then finds the target's own rows (a template, a
 * strategy, a setting, a closed day...) differing from the source: migrate
 * exited 1 with the copy committed, every tenant copied before that one on
 * the target too. Looked for before anything is written, each refuses the
 * migration instead, naming the first row found.
 *
 * What `recoup init --tenant NAME` writes is the tenant's row alone (no
 * setting, no key, no profile): a freshly initialised tenant holds none of
 * these and is copied into.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/migrate_int.h"
#include "core/dates.h"
#include "core/strategy.h"
#include "store/actions.h"
#include "store/agreements.h"
#include "store/audit.h"
#include "store/channels.h"
#include "store/credit.h"
#include "store/disputes.h"
#include "store/escalation.h"
#include "store/promises.h"
#include "store/rules_config.h"
#include "store/strategies.h"

struct own {
	const char *tenant;
	struct error *e;
};

/* -ERR_CONFLICT: "tenant 'T': the target has WHAT of its own, DETAIL; nothing was copied (...)". */
static int refuse(const struct own *o, const char *what, const char *detail)
{
	return error_set(o->e, ERR_CONFLICT,
			 "tenant '%s': the target has %s of its own%s%s; nothing was copied (migrate into a "
			 "tenant without data)",
			 o->tenant, what, detail[0] ? ", " : "", detail);
}

static int own_profile(void *arg, const char *name, const char *json)
{
	char detail[PROFILE_MAX + 8];

	(void)json;
	snprintf(detail, sizeof(detail), "'%s'", name);
	return refuse(arg, "a contact-rules profile", detail);
}

static int own_closed_day(void *arg, date_t day, const char *name)
{
	char d[DATE_TEXT_MAX], detail[DATE_TEXT_MAX + NAME_MAX_LEN + 8];

	date_format(day, d, sizeof(d));
	if (name && name[0])
		snprintf(detail, sizeof(detail), "%s (%s)", d, name);
	else
		snprintf(detail, sizeof(detail), "%s", d);
	return refuse(arg, "a closed day", detail);
}

static int own_strategy(void *arg, const char *name, const char *json)
{
	char detail[STRATEGY_NAME_MAX + 8];

	(void)json;
	snprintf(detail, sizeof(detail), "'%s'", name);
	return refuse(arg, "a strategy", detail);
}

/* The key only: a setting's value may be a secret (smtp.password). */
static int own_setting(void *arg, const char *key, const char *value, timestamp_t updated_at, const char *updated_by)
{
	char detail[256];

	(void)value;
	(void)updated_at;
	(void)updated_by;
	snprintf(detail, sizeof(detail), "'%s'", key);
	return refuse(arg, "a setting", detail);
}

static int own_template(void *arg, const struct stored_template *t)
{
	char detail[512];

	snprintf(detail, sizeof(detail), "'%s' (%s, %s, %s)", t->name, t->channel, t->lang, t->audience);
	return refuse(arg, "a template", detail);
}

static int own_run(void *arg, const struct run_row *r)
{
	char d[DATE_TEXT_MAX], detail[DATE_TEXT_MAX + 8];

	snprintf(detail, sizeof(detail), "of %s", date_format(r->run_date, d, sizeof(d)));
	return refuse(arg, "a daily run", detail);
}

static int own_snapshot(void *arg, const struct snapshot_row *r)
{
	char d[DATE_TEXT_MAX], detail[DATE_TEXT_MAX + 8];

	snprintf(detail, sizeof(detail), "of %s", date_format(r->run_date, d, sizeof(d)));
	return refuse(arg, "a dashboard snapshot", detail);
}

static int own_audit(void *arg, const struct audit_entry *a)
{
	char t[TIMESTAMP_TEXT_MAX], detail[256];

	snprintf(detail, sizeof(detail), "'%s' at %s by %s", a->action, timestamp_format(a->at, t, sizeof(t)),
		 a->actor);
	return refuse(arg, "an audit entry", detail);
}

static int own_default_profile(const struct own *o, struct store_tx *dst)
{
	char name[PROFILE_MAX + 1], detail[PROFILE_MAX + 8];
	int ret = store_tenant_default_profile(dst, name, sizeof(name), o->e);

	if (ret < 0 || !name[0])
		return ret < 0 ? ret : 0;
	snprintf(detail, sizeof(detail), "'%s'", name);
	return refuse(o, "a default contact-rules profile", detail);
}

static int own_default_strategies(const struct own *o, struct store_tx *dst)
{
	static const enum customer_kind kinds[] = { KIND_PERSON, KIND_COMPANY };
	char name[STRATEGY_NAME_MAX + 1], detail[STRATEGY_NAME_MAX + 32];
	int ret = 0;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && ret >= 0; k++) {
		ret = store_strategy_default(dst, kinds[k], name, sizeof(name), o->e);
		if (ret >= 0 && name[0]) {
			snprintf(detail, sizeof(detail), "'%s' for %s customers", name,
				 kinds[k] == KIND_COMPANY ? "company" : "person");
			return refuse(o, "a default strategy", detail);
		}
	}
	return ret < 0 ? ret : 0;
}

/* The one-row settings copy_settings copies after `recoup config`'s. */
static int own_policies(const struct own *o, struct store_tx *dst)
{
	char detail[128], value[ESC_SETTING_MAX + 1];
	struct credit_policy policy;
	char *doc = NULL;
	int days = 0, percent = 0;
	int ret = store_agreement_config_get(dst, MIGRATE_AUTHORITY_CONFIG, &doc, o->e);

	free(doc);
	if (ret > 0)
		return refuse(o, "authority limits", "");
	if (ret >= 0)
		ret = store_promise_settings_get(dst, &days, &percent, o->e);
	if (ret > 0) {
		snprintf(detail, sizeof(detail), "%d days, %d%%", days, percent);
		return refuse(o, "a promise tolerance", detail);
	}
	if (ret >= 0)
		ret = store_credit_policy_get(dst, &policy, o->e);
	if (ret >= 0 && (policy.overdue_days || policy.nsf_fee_bp)) {
		snprintf(detail, sizeof(detail), "%d days overdue, NSF fee %d bp", policy.overdue_days,
			 policy.nsf_fee_bp);
		return refuse(o, "a credit policy", detail);
	}
	for (size_t k = 0; migrate_escalation_keys[k] && ret >= 0; k++) {
		ret = store_escalation_setting_get(dst, migrate_escalation_keys[k], value, sizeof(value), o->e);
		if (ret > 0) {
			snprintf(detail, sizeof(detail), "'%s'", migrate_escalation_keys[k]);
			return refuse(o, "a legal setting", detail);
		}
	}
	return ret < 0 ? ret : 0;
}

static int own_dispute_reasons(const struct own *o, struct store_tx *dst)
{
	char reasons[4096], detail[64], *semi;
	int ret = store_dispute_reasons_get(dst, reasons, sizeof(reasons), o->e);

	if (ret < 0 || !reasons[0])
		return ret < 0 ? ret : 0;
	semi = strchr(reasons, ';');
	if (semi)
		*semi = '\0';
	snprintf(detail, sizeof(detail), "'%s'", reasons);
	return refuse(o, "a dispute reason code", detail);
}

static int own_credit_mark(const struct own *o, struct store_tx *dst)
{
	char detail[64];
	int64_t mark = 0;
	int ret = store_credit_review_mark_get(dst, &mark, o->e);

	if (ret <= 0)
		return ret;
	snprintf(detail, sizeof(detail), "at action %lld", (long long)mark);
	return refuse(o, "a credit review mark", detail);
}

int migrate_target_own(struct store_tx *dst, const char *tenant, struct error *e)
{
	struct own o = { tenant, e };
	struct audit_filter first = { .limit = 1 };
	/* in the order the copy writes them */
	int ret = store_profiles_each(dst, own_profile, &o, e);

	if (ret == 0)
		ret = own_default_profile(&o, dst);
	if (ret == 0)
		ret = store_closed_days_each(dst, own_closed_day, &o, e);
	if (ret == 0)
		ret = store_strategies_each(dst, own_strategy, &o, e);
	if (ret == 0)
		ret = own_default_strategies(&o, dst);
	if (ret == 0)
		ret = store_settings_each(dst, own_setting, &o, e);
	if (ret == 0)
		ret = own_policies(&o, dst);
	if (ret == 0)
		ret = store_templates_each(dst, NULL, own_template, &o, e);
	if (ret == 0)
		ret = own_dispute_reasons(&o, dst);
	if (ret == 0)
		ret = store_runs_each(dst, own_run, &o, e);
	if (ret == 0)
		ret = store_snapshots_each(dst, date_from_ymd(1, 1, 1), date_from_ymd(9999, 12, 31), own_snapshot, &o,
					   e);
	if (ret == 0)
		ret = own_credit_mark(&o, dst);
	if (ret == 0)
		ret = store_audit_each(dst, &first, own_audit, &o, e);
	return ret < 0 ? ret : 0;
}

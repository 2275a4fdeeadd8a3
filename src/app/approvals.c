/*
 * approvals.c: see approvals.h.
 */
#include "app/approvals.h"

#include <stdio.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "app/authority.h"
#include "app/settlements.h"
#include "store/parties.h"
#include "store/users.h"

int approvals_list(const struct app_ctx *ctx, store_agreement_cb cb, void *cbctx, struct error *e)
{
	return agreement_list(ctx, NULL, NULL, "pending_approval", cb, cbctx, e);
}

static int pending(struct store_tx *tx, int64_t id, struct agreement *a, struct error *e)
{
	char when[TIMESTAMP_TEXT_MAX];
	int ret = store_agreement_get(tx, id, a, e);
	if (ret < 0)
		return ret;
	if (ret == 0 || !strcmp(a->kind, "plan"))
		return error_set_field(e, ERR_NOT_FOUND, "id", "approval %lld not found", (long long)id);
	if (strcmp(a->state, "pending_approval"))
		return error_set_field(
			e, ERR_CONFLICT, "id", "approval %lld was decided already: %s %s by %s at %s", (long long)id,
			a->kind, a->state, a->decided_by[0] ? a->decided_by : a->made_by,
			timestamp_format(a->decided_at ? a->decided_at : a->made_at, when, sizeof(when)));
	return 0;
}

/* Whether u's authority covers agreement a: -ERR_FORBIDDEN with the limit when not. */
static int covers(struct store_tx *tx, const struct user *u, const struct agreement *a, struct error *e)
{
	int64_t principal = 0, principal_waived = 0;
	struct customer c;
	json_t *doc = NULL;
	char why[300];
	int ok = 0, ret;

	ret = authority_load(tx, &doc, e);
	if (ret == 0 && !strcmp(a->kind, "write_off")) {
		ok = authority_may_write_off(doc, u->role);
		snprintf(why, sizeof(why), "a %s may not approve a write-off", u->role);
	} else if (ret == 0) {
		ret = store_customer_by_id(tx, a->customer_id, &c, e);
		ret = ret == 0 ? error_set(e, ERR_ENV, "customer %lld of agreement %lld is gone",
					   (long long)a->customer_id, (long long)a->id)
			       : ret;
		if (ret == 1)
			ret = settlements_principal(tx, a, &principal, &principal_waived, e);
		if (ret == 0)
			ok = authority_allows(doc, u->role, c.kind, a->currency, a->balance, principal,
					      principal_waived, WAIVE_FEES | WAIVE_INTEREST | WAIVE_PRINCIPAL, why,
					      sizeof(why));
	}
	json_decref(doc);
	if (ret < 0)
		return ret;
	return ok ? 0
		  : error_set_field(e, ERR_FORBIDDEN, "by_user", "%s '%s' may not approve %s %lld: %s", u->role,
				    u->name, a->kind, (long long)a->id, why);
}

static int carry_out(const struct app_ctx *ctx, struct store_tx *tx, struct agreement *a, struct error *e)
{
	date_t on = (date_t)(a->decided_at / 86400);
	char day[DATE_TEXT_MAX];
	int ret;
	if (!strcmp(a->kind, "settlement")) {
		if (a->pay_by < on)
			return error_set_field(e, ERR_CONFLICT, "id", "settlement %lld was to be paid by %s: too late",
					       (long long)a->id, date_format(a->pay_by, day, sizeof(day)));
		snprintf(a->state, sizeof(a->state), "current");
		ret = agreement_hold_stored(tx, a, "settlement", a->decided_at, a->pay_by, e);
		/* from now on it holds its invoices: what waits on them goes, as for an offer within authority */
		return ret < 0 ? ret : settlements_cancel_waiting(ctx, tx, a, e);
	}
	snprintf(a->state, sizeof(a->state), "posted");
	ret = agreement_write_off_rest(tx, a, on, &a->amount, e);
	/*
	 * Its invoices paid or credited since the request: nothing is left to
	 * write off, and a write-off "posted" for 0.00 would say otherwise in
	 * every list and report. Refused; the request is rejected instead.
	 */
	if (ret == 0 && a->amount == 0)
		ret = error_set_field(e, ERR_CONFLICT, "id",
				      "write_off %lld: its invoices owe nothing now (paid or credited since it was "
				      "requested): nothing to write off; reject the request",
				      (long long)a->id);
	return ret;
}

static int decide(const struct app_ctx *ctx, struct store_tx *tx, int64_t id, const char *user, const char *reason,
		  timestamp_t at, int approve, struct agreement *a, struct error *e)
{
	struct agreement before;
	struct user u;
	int ret = agreement_user(tx, "by_user", user ? user : ctx->actor, &u, e);

	if (ret == 0)
		ret = pending(tx, id, a, e);
	/* four eyes: the one who asked decides neither way */
	if (ret == 0 && !strcmp(u.name, a->made_by))
		ret = error_set_field(e, ERR_FORBIDDEN, "by_user",
				      "user '%s' requested %s %lld: someone else must decide it", u.name, a->kind,
				      (long long)a->id);
	/* a decision comes after the request: its hold, or its write-off's ledger entry, never before */
	if (ret == 0 && at < a->made_at) {
		char t1[TIMESTAMP_TEXT_MAX], t2[TIMESTAMP_TEXT_MAX];
		ret = error_set_field(e, ERR_INPUT, "at", "at %s is before %s %lld was requested (%s)",
				      timestamp_format(at, t1, sizeof(t1)), a->kind, (long long)id,
				      timestamp_format(a->made_at, t2, sizeof(t2)));
	}
	if (ret == 0 && approve)
		ret = covers(tx, &u, a, e);
	if (ret < 0)
		return ret;
	before = *a;
	snprintf(a->decided_by, sizeof(a->decided_by), "%s", u.name);
	a->decided_at = at;
	snprintf(a->decision_reason, sizeof(a->decision_reason), "%s", reason ? reason : "");
	if (approve)
		ret = carry_out(ctx, tx, a, e);
	else
		snprintf(a->state, sizeof(a->state), "rejected");
	if (ret == 0)
		ret = store_agreement_update(tx, a, "pending_approval", !strcmp(a->state, "posted"), e);
	if (ret == 0)
		ret = error_set_field(e, ERR_CONFLICT, "id", "approval %lld was decided meanwhile", (long long)id);
	if (ret == 1)
		ret = agreement_audit(ctx, tx, approve ? "approval.approve" : "approval.reject", &before, a, e);
	return ret;
}

static int run(const struct app_ctx *ctx, int64_t id, const char *user, const char *reason, timestamp_t at, int approve,
	       struct agreement *out, struct error *e)
{
	struct store_tx *tx = NULL;
	struct agreement a;
	int ret = reason ? app_check_text("reason", reason, AGREEMENT_REASON_MAX, e) : 0;

	if (ret == 0 && at)
		ret = app_check_not_future(ctx, "at", at, e);

	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = decide(ctx, tx, id, user, reason, at ? at : ctx->now, approve, &a, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret == 0 && out)
		*out = a;
	return ret;
}

int approvals_approve(const struct app_ctx *ctx, int64_t id, const char *user, const char *reason, timestamp_t at,
		      struct agreement *out, struct error *e)
{
	return run(ctx, id, user, reason, at, 1, out, e);
}

int approvals_reject(const struct app_ctx *ctx, int64_t id, const char *user, const char *reason, timestamp_t at,
		     struct agreement *out, struct error *e)
{
	if (!reason || !reason[0])
		return error_set_field(e, ERR_USAGE, "reason", "a rejection needs --reason TEXT");
	return run(ctx, id, user, reason, at, 0, out, e);
}

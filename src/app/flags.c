/*
 * flags.c: see flags.h.
 */
#include "app/flags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/special.h"
#include "core/contact_flags.h"
#include "store/ledger.h"
#include "store/parties.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The checks that need no database: free text and the moment. */
static int check_request(const struct app_ctx *ctx, const struct flags_request *rq, const char *by, timestamp_t at,
			 struct error *e)
{
	if (app_check_text("by", by, NAME_MAX_LEN, e) < 0 ||
	    app_check_free_text("reason", or_empty(rq->reason), TEXT_MAX, e) < 0 ||
	    (rq->detail && app_check_text("detail", rq->detail, EMAIL_MAX, e) < 0) ||
	    (rq->address && app_check_text("address", rq->address, EMAIL_MAX, e) < 0))
		return -ERR_INPUT;
	return app_check_not_future(ctx, "at", at, e);
}

static int find_invoice(struct store_tx *tx, const struct customer *cu, const char *ref, int64_t *id, struct error *e)
{
	struct invoice inv;
	int ret = store_invoice_get(tx, ref, &inv, NULL, e);

	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "invoice_ref", "unknown invoice '%s'", ref);
	if (ret < 0)
		return ret;
	if (inv.customer_id != cu->id)
		return error_set_field(e, ERR_INPUT, "invoice_ref", "invoice '%s' belongs to customer '%s', not '%s'",
				       ref, inv.customer_ref, cu->ref);
	*id = inv.id;
	return 0;
}

static int find_contact(struct store_tx *tx, const struct customer *cu, const char *ref, struct contact *co,
			struct error *e)
{
	int ret = store_contact_get(tx, ref, co, NULL, e);

	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "contact_ref", "unknown contact '%s'", ref);
	if (ret < 0)
		return ret;
	if (co->customer_id != cu->id)
		return error_set_field(e, ERR_INPUT, "contact_ref", "contact '%s' belongs to customer '%s', not '%s'",
				       ref, co->customer_ref, cu->ref);
	return 0;
}

/* Resolves the flag's scope into a record; every error names what is wrong. */
static int build_record(struct store_tx *tx, const struct flags_request *rq, const char *by, timestamp_t at,
			struct flag_record *f, struct error *e)
{
	struct customer cu;
	struct contact co;
	enum flag_kind k;
	const struct flag_info *info;
	int ret;

	memset(f, 0, sizeof(*f));
	if (flag_parse(or_empty(rq->flag), &k, e) < 0) {
		app_error_field(e, "flag");
		return -ERR_INPUT;
	}
	info = flag_info(k);
	ret = store_customer_get(tx, or_empty(rq->customer_ref), &cu, NULL, e);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", rq->customer_ref);
	if (ret < 0)
		return ret;
	f->customer_id = cu.id;
	snprintf(f->flag, sizeof(f->flag), "%s", info->name);
	if (rq->invoice_ref) {
		if (!(info->scope & FLAG_SCOPE_INVOICE))
			return error_set_field(e, ERR_INPUT, "invoice_ref",
					       "flag '%s' is about the customer, not one invoice", info->name);
		ret = find_invoice(tx, &cu, rq->invoice_ref, &f->invoice_id, e);
		if (ret < 0)
			return ret;
	}
	if (rq->contact_ref) {
		if (!(info->scope & FLAG_SCOPE_CONTACT))
			return error_set_field(e, ERR_INPUT, "contact_ref", "flag '%s' does not take --contact",
					       info->name);
		ret = find_contact(tx, &cu, rq->contact_ref, &co, e);
		if (ret < 0)
			return ret;
		f->contact_id = co.id;
		/* a wrong number named by its contact blocks that contact's phone */
		if (k == FLAG_WRONG_NUMBER && !rq->address) {
			if (!co.phone[0])
				return error_set_field(e, ERR_INPUT, "contact_ref",
						       "contact '%s' has no phone to flag as wrong", co.ref);
			snprintf(f->detail, sizeof(f->detail), "%s", co.phone);
		}
	}
	if ((info->scope & FLAG_NEEDS_CONTACT) && !rq->contact_ref)
		return error_set_field(e, ERR_INPUT, "contact_ref", "flag '%s' needs --contact", info->name);
	if (rq->address) {
		if (!(info->scope & FLAG_SCOPE_ADDRESS))
			return error_set_field(e, ERR_INPUT, "address", "flag '%s' does not take --address",
					       info->name);
		if (!*rq->address)
			return error_set_field(e, ERR_INPUT, "address", "address '%s' is empty or too long",
					       rq->address);
		snprintf(f->detail, sizeof(f->detail), "%s", rq->address);
	}
	if ((info->scope & FLAG_NEEDS_ADDRESS) && !f->detail[0])
		return error_set_field(e, ERR_INPUT, "address", "flag '%s' needs --address", info->name);
	if (info->scope & FLAG_NEEDS_DETAIL) {
		if (!rq->detail)
			return error_set_field(e, ERR_INPUT, "detail", "flag '%s' needs --detail", info->name);
		if (flag_detail_check(k, rq->detail, e) < 0) {
			app_error_field(e, "detail");
			return -ERR_INPUT;
		}
		snprintf(f->detail, sizeof(f->detail), "%s", rq->detail);
	} else if (rq->detail) {
		return error_set_field(e, ERR_INPUT, "detail", "flag '%s' does not take --detail", info->name);
	}
	snprintf(f->set_by, sizeof(f->set_by), "%s", by);
	snprintf(f->reason, sizeof(f->reason), "%s", or_empty(rq->reason));
	f->set_at = at;
	return 0;
}

int flags_prepare(const struct app_ctx *ctx, struct store_tx *tx, const struct flags_request *rq, struct flag_record *f,
		  struct error *e)
{
	const char *by = rq->by ? rq->by : ctx->actor;
	timestamp_t at = rq->at ? rq->at : ctx->now;
	int ret = check_request(ctx, rq, by, at, e);

	if (ret < 0)
		return ret;
	return build_record(tx, rq, by, at, f, e);
}

/*
 * The audit entry of a flag set (after) or cleared (before), about its
 * customer, by `by` (--by, else the acting user): the person who took the
 * cease or the opt-out is who the compliance officer asks about, as for a
 * promise or a logged call (until 2026-12-07 the entry named the operating
 * system's user, and `audit --user` did not find the one given).
 */
static int audit_flag(const struct app_ctx *ctx, struct store_tx *tx, const struct flags_request *rq,
		      const struct flag_record *f, const char *by, timestamp_t at, int clear, struct error *e)
{
	char when[TIMESTAMP_TEXT_MAX];
	struct app_ctx as = *ctx;
	json_t *rec = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "flag", f->flag, "contact_ref",
				or_empty(rq->contact_ref), "invoice_ref", or_empty(rq->invoice_ref), "detail",
				f->detail, "reason", or_empty(rq->reason), "at",
				timestamp_format(clear ? at : f->set_at, when, sizeof(when)), "by", by ? by : "");
	int ret;

	if (!rec)
		return error_set(e, ERR_ENV, "out of memory");
	if (by && by[0])
		as.actor = by;
	ret = app_audit(&as, tx, clear ? "flag.clear" : "flag.set", "customer", or_empty(rq->customer_ref),
			clear ? rec : NULL, clear ? NULL : rec, e);
	json_decref(rec);
	return ret;
}

/* Checks, resolves, and runs the write in one transaction. */
static int flags_write(const struct app_ctx *ctx, const struct flags_request *rq, int clear, struct flag_record *out,
		       int *cleared, struct error *e)
{
	const char *by = rq->by ? rq->by : ctx->actor;
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct flag_record *f = malloc(sizeof(*f));
	struct store_tx *tx = NULL;
	int ret, n = 0;

	if (!f)
		return error_set(e, ERR_ENV, "out of memory");
	ret = check_request(ctx, rq, by, at, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = build_record(tx, rq, by, at, f, e);
	if (ret < 0)
		goto cleanup;
	if (!clear) {
		ret = store_flag_add(tx, f, e);
		/* bankrupt, deceased: every account of the customer goes into special handling at once */
		if (ret == 0)
			ret = special_flag_set(ctx, tx, f, e);
	} else {
		ret = special_flag_cleared(ctx, tx, f, at, e);
		if (ret == 0)
			ret = store_flag_clear(tx, f, by, at, or_empty(rq->reason), &n, e);
		if (ret == 0 && n == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "flag",
					      "customer '%s' has no active flag %s with that scope", rq->customer_ref,
					      f->flag);
	}
	if (ret == 0)
		ret = audit_flag(ctx, tx, rq, f, by, at, clear, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_commit(tx, e);
	if (ret < 0)
		goto cleanup;
	if (out)
		*out = *f;
	if (cleared)
		*cleared = n;
cleanup:
	store_tx_free(tx);
	free(f);
	return ret;
}

int flags_set(const struct app_ctx *ctx, const struct flags_request *rq, struct flag_record *out, struct error *e)
{
	return flags_write(ctx, rq, 0, out, NULL, e);
}

int flags_clear(const struct app_ctx *ctx, const struct flags_request *rq, int *cleared, struct error *e)
{
	return flags_write(ctx, rq, 1, NULL, cleared, e);
}

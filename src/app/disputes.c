/*
 * disputes.c: see disputes.h.
 */
#include "app/disputes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/holds_cancel.h"
#include "app/ledger_post.h"
#include "core/money.h"
#include "store/actions.h"
#include "store/history.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/parties.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int reason_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* 1 when `code` is one of the ';'-joined `list`. */
static int in_list(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, code, n))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static int reasons_in(struct store_tx *tx, char out[DISPUTES_REASONS_TEXT], struct error *e)
{
	int ret = store_dispute_reasons_get(tx, out, DISPUTES_REASONS_TEXT, e);
	if (ret == 0 && !out[0])
		snprintf(out, DISPUTES_REASONS_TEXT, "%s", DISPUTES_SHIPPED_REASONS);
	return ret;
}

static json_t *dispute_json(const struct dispute *d)
{
	char dl[DATE_TEXT_MAX] = "", amt[32];
	if (d->deadline)
		date_format(d->deadline, dl, sizeof(dl));
	money_format(d->credit, currency_exponent(d->currency), amt, sizeof(amt));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)d->id, "customer_ref",
			 d->customer_ref, "invoice_ref", d->invoice_ref, "reason", d->reason, "note", d->note,
			 "deadline", dl, "state", d->state, "credit", amt, "currency", d->currency);
}

static int audit(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const struct dispute *before,
		 const struct dispute *after, struct error *e)
{
	json_t *b = before ? dispute_json(before) : NULL, *a = after ? dispute_json(after) : NULL;
	char ref[32];
	int ret;

	snprintf(ref, sizeof(ref), "%lld", (long long)(after ? after->id : before->id));
	ret = app_audit(ctx, tx, action, "dispute", ref, b, a, e);
	json_decref(b);
	json_decref(a);
	return ret;
}

/* The checks that need no database. */
static int check_open(const struct app_ctx *ctx, const struct disputes_open_request *rq, const char *by, timestamp_t at,
		      struct error *e)
{
	if (!rq->customer_ref || !rq->invoice_ref || !rq->reason)
		return error_set(e, ERR_INPUT, "a dispute needs a customer, --invoice and --reason");
	if (app_check_text("by", by, NAME_MAX_LEN, e) < 0 ||
	    app_check_free_text("note", or_empty(rq->note), TEXT_MAX, e) < 0)
		return -ERR_INPUT;
	if (app_check_not_future(ctx, "at", at, e) < 0)
		return -ERR_INPUT;
	if (rq->deadline && rq->deadline < timestamp_date_utc(at))
		return error_set_field(e, ERR_INPUT, "deadline", "deadline is before the day the dispute is opened");
	return 0;
}

/* The customer and its invoice, open, issued by the moment, not disputed already. */
static int resolve_refs(struct store_tx *tx, const struct disputes_open_request *rq, timestamp_t at,
			struct customer *cu, struct invoice *inv, struct error *e)
{
	int ret = store_customer_get(tx, rq->customer_ref, cu, NULL, e);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", rq->customer_ref);
	if (ret < 0)
		return ret;
	ret = store_invoice_get(tx, rq->invoice_ref, inv, NULL, e);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "invoice_ref", "unknown invoice '%s'", rq->invoice_ref);
	if (ret < 0)
		return ret;
	if (inv->customer_id != cu->id)
		return error_set_field(e, ERR_INPUT, "invoice_ref", "invoice '%s' belongs to customer '%s', not '%s'",
				       inv->ref, inv->customer_ref, cu->ref);
	if (inv->balance <= 0)
		return error_set_field(e, ERR_INPUT, "invoice_ref", "invoice '%s' is settled: nothing to dispute",
				       inv->ref);
	if (inv->issue_date > timestamp_date_utc(at))
		return error_set_field(e, ERR_INPUT, "at", "at: invoice '%s' was not issued yet then", inv->ref);
	return 0;
}

static int open_already(void *ctx, const struct dispute *d)
{
	const int64_t *invoice = ctx;
	return d->invoice_id == *invoice;
}

static int write_open(const struct app_ctx *ctx, struct store_tx *tx, struct dispute *d, struct error *e)
{
	struct hold h = { 0 };
	struct flag_record f = { 0 };
	int ret = store_dispute_add(tx, d, e);
	if (ret < 0)
		return ret;
	h.customer_id = d->customer_id;
	h.invoice_id = d->invoice_id;
	snprintf(h.kind, sizeof(h.kind), "dispute");
	h.source_id = d->id;
	h.from_at = d->opened_at;
	ret = store_hold_add(tx, &h, e);
	if (ret < 0)
		return ret;
	/* the contact rules' own flag: no collection contact about the disputed debt */
	f.customer_id = d->customer_id;
	f.invoice_id = d->invoice_id;
	snprintf(f.flag, sizeof(f.flag), "dispute");
	snprintf(f.set_by, sizeof(f.set_by), "%s", d->opened_by);
	f.set_at = d->opened_at;
	snprintf(f.reason, sizeof(f.reason), "dispute %lld: %s", (long long)d->id, d->reason);
	ret = store_flag_add(tx, &f, e);
	/* a message or call about the disputed invoice alone, as the run's next review would */
	if (ret == 0)
		ret = holds_cancel_waiting(tx, ctx, d->customer_id, d->currency, "dispute",
					   "the strategy waits while a dispute holds the invoices it listed",
					   d->opened_at, e);
	if (ret < 0)
		return ret;
	return audit(ctx, tx, "dispute.open", NULL, d, e);
}

int disputes_open(const struct app_ctx *ctx, const struct disputes_open_request *rq, struct dispute *out,
		  struct error *e)
{
	const char *by = rq->by ? rq->by : ctx->actor;
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct customer cu;
	struct invoice inv;
	struct dispute d = { 0 };
	struct dispute_filter f = { 0 };
	char reasons[DISPUTES_REASONS_TEXT];
	struct store_tx *tx = NULL;
	int ret = check_open(ctx, rq, by, at, e);

	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	ret = reasons_in(tx, reasons, e);
	if (ret == 0 && !in_list(reasons, rq->reason))
		ret = error_set_field(e, ERR_INPUT, "reason", "reason '%s' is not one of the tenant's codes (%s)",
				      rq->reason, reasons);
	if (ret == 0)
		ret = resolve_refs(tx, rq, at, &cu, &inv, e);
	if (ret == 0) {
		f.customer_id = cu.id;
		f.state = "open";
		ret = store_disputes_each(tx, &f, open_already, &inv.id, e);
		if (ret > 0)
			ret = error_set_field(e, ERR_CONFLICT, "invoice_ref", "invoice '%s' is disputed already",
					      inv.ref);
	}
	if (ret < 0)
		goto cleanup;
	d.customer_id = cu.id;
	d.invoice_id = inv.id;
	snprintf(d.customer_ref, sizeof(d.customer_ref), "%s", cu.ref);
	snprintf(d.invoice_ref, sizeof(d.invoice_ref), "%s", inv.ref);
	snprintf(d.currency, sizeof(d.currency), "%s", inv.currency);
	d.balance = inv.balance;
	snprintf(d.reason, sizeof(d.reason), "%s", rq->reason);
	snprintf(d.note, sizeof(d.note), "%s", or_empty(rq->note));
	snprintf(d.opened_by, sizeof(d.opened_by), "%s", by);
	d.deadline = rq->deadline;
	d.opened_at = at;
	ret = write_open(ctx, tx, &d, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	if (ret == 0 && out)
		*out = d;
cleanup:
	store_tx_free(tx);
	return ret;
}

/* The credit of a resolution: refused unless upheld/credited, within the invoice's balance. */
static int parse_credit(const struct disputes_resolve_request *rq, const struct dispute *d, int64_t *credit,
			struct error *e)
{
	int credited = !strcmp(rq->outcome, "credited");
	*credit = 0;
	if (!rq->credit) {
		if (credited)
			return error_set_field(e, ERR_INPUT, "credit", "credit: outcome 'credited' needs an amount");
		return 0;
	}
	if (!strcmp(rq->outcome, "rejected"))
		return error_set_field(e, ERR_INPUT, "credit", "credit: a rejected dispute grants none");
	if (money_parse(rq->credit, currency_exponent(d->currency), credit, e) < 0) {
		char why[sizeof(e->message)];
		snprintf(why, sizeof(why), "%s", e->message);
		return error_set_field(e, ERR_INPUT, "credit",
				       "credit: %s (an amount in %s, the currency of invoice '%s')", why, d->currency,
				       d->invoice_ref);
	}
	if (*credit <= 0)
		return error_set_field(e, ERR_INPUT, "credit", "credit '%s' must be more than zero", rq->credit);
	if (*credit > d->balance) {
		char b[32];
		return error_set_field(e, ERR_INPUT, "credit",
				       "credit '%s' is more than the open balance %s %s of invoice '%s'", rq->credit,
				       money_format(d->balance, currency_exponent(d->currency), b, sizeof(b)),
				       d->currency, d->invoice_ref);
	}
	return 0;
}

/* The credit note of a resolution, through the ledger (the same posting as an imported credit note). */
static int post_credit(struct store_tx *tx, struct dispute *d, timestamp_t at, struct error *e)
{
	struct ledger_post lp;
	struct credit_note cn = { 0 };
	struct invoice inv;
	int ret;

	ret = store_invoice_find(tx, d->invoice_ref, &inv, e);
	if (ret <= 0)
		return ret < 0 ? ret : error_set(e, ERR_ENV, "invoice '%s' vanished", d->invoice_ref);
	cn.customer_id = d->customer_id;
	cn.invoice_id = d->invoice_id;
	snprintf(cn.ref, sizeof(cn.ref), "dispute-%lld", (long long)d->id);
	snprintf(cn.customer_ref, sizeof(cn.customer_ref), "%s", d->customer_ref);
	snprintf(cn.invoice_ref, sizeof(cn.invoice_ref), "%s", d->invoice_ref);
	cn.date = timestamp_date_utc(at);
	cn.amount = d->credit;
	snprintf(cn.currency, sizeof(cn.currency), "%s", d->currency);
	snprintf(cn.reason, sizeof(cn.reason), "dispute %lld %s (%s)", (long long)d->id, d->state, d->reason);
	ledger_post_init(&lp, tx, 0);
	ret = ledger_post_credit_note(&lp, &cn, &inv, NULL, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_CONFLICT, "credit", "credit note '%s' exists already", cn.ref);
	if (ret > 0)
		ret = ledger_post_finish(&lp, e);
	ledger_post_release(&lp);
	if (ret < 0)
		return ret;
	d->credit_note_id = cn.id;
	return 0;
}

static int write_resolution(const struct app_ctx *ctx, struct store_tx *tx, const struct dispute *before,
			    struct dispute *d, struct error *e)
{
	struct flag_record match = { 0 };
	int64_t n = 0;
	int cleared = 0;
	int ret = d->credit ? post_credit(tx, d, d->resolved_at, e) : 0;

	if (ret == 0)
		ret = store_dispute_resolve(tx, d, &n, e);
	if (ret == 0 && n != 1)
		ret = error_set_field(e, ERR_CONFLICT, "id", "dispute %lld was resolved meanwhile", (long long)d->id);
	if (ret == 0)
		ret = store_holds_end(tx, "dispute", d->id, d->resolved_at, d->state, NULL, e);
	if (ret < 0)
		return ret;
	match.customer_id = d->customer_id;
	match.invoice_id = d->invoice_id;
	snprintf(match.flag, sizeof(match.flag), "dispute");
	ret = store_flag_clear(tx, &match, d->resolved_by, d->resolved_at, d->state, &cleared, e);
	if (ret < 0)
		return ret;
	return audit(ctx, tx, "dispute.resolve", before, d, e);
}

int disputes_resolve(const struct app_ctx *ctx, const struct disputes_resolve_request *rq, struct dispute *out,
		     struct error *e)
{
	const char *by = rq->by ? rq->by : ctx->actor;
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct dispute d, before;
	struct store_tx *tx = NULL;
	int ret;

	if (!rq->outcome ||
	    (strcmp(rq->outcome, "upheld") && strcmp(rq->outcome, "rejected") && strcmp(rq->outcome, "credited")))
		return error_set_field(e, ERR_INPUT, "outcome", "outcome '%s' is not upheld, rejected or credited",
				       or_empty(rq->outcome));
	if (app_check_text("by", by, NAME_MAX_LEN, e) < 0 || app_check_not_future(ctx, "at", at, e) < 0)
		return -ERR_INPUT;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_dispute_get(tx, rq->id, &d, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "id", "unknown dispute %lld", (long long)rq->id);
	else if (ret > 0 && strcmp(d.state, "open"))
		ret = error_set_field(e, ERR_CONFLICT, "id", "dispute %lld is %s already", (long long)rq->id, d.state);
	else if (ret > 0 && at < d.opened_at)
		ret = error_set_field(e, ERR_INPUT, "at", "at is before the dispute was opened");
	else if (ret > 0)
		ret = 0;
	if (ret == 0) {
		before = d;
		ret = parse_credit(rq, &d, &d.credit, e);
	}
	if (ret < 0)
		goto cleanup;
	snprintf(d.state, sizeof(d.state), "%s", rq->outcome);
	snprintf(d.resolved_by, sizeof(d.resolved_by), "%s", by);
	d.resolved_at = at;
	ret = write_resolution(ctx, tx, &before, &d, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	if (ret == 0 && out)
		*out = d;
cleanup:
	store_tx_free(tx);
	return ret;
}

int disputes_list(const struct app_ctx *ctx, const struct disputes_list_request *rq, store_dispute_cb cb, void *cb_ctx,
		  struct error *e)
{
	struct dispute_filter f = { 0 };
	struct customer cu;
	struct store_tx *tx = NULL;
	int ret;

	if (rq->state && strcmp(rq->state, "open") && strcmp(rq->state, "upheld") && strcmp(rq->state, "rejected") &&
	    strcmp(rq->state, "credited"))
		return error_set_field(e, ERR_INPUT, "state", "state '%s' is not open, upheld, rejected or credited",
				       rq->state);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	if (rq->customer_ref) {
		ret = store_customer_get(tx, rq->customer_ref, &cu, NULL, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'",
					      rq->customer_ref);
		f.customer_id = cu.id;
	}
	f.state = rq->state;
	f.overdue = rq->overdue;
	f.on = ctx->today;
	if (ret >= 0)
		ret = store_disputes_each(tx, &f, cb, cb_ctx, e);
	store_tx_free(tx);
	return ret; /* a callback's stop too */
}

int disputes_reasons(const struct app_ctx *ctx, char out[DISPUTES_REASONS_TEXT], struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	ret = reasons_in(tx, out, e);
	store_tx_free(tx);
	return ret;
}

static int check_code(const char *const *codes, size_t i, struct error *e)
{
	size_t len = strlen(codes[i]);
	if (len == 0 || len > DISPUTE_REASON_MAX)
		return error_set_field(e, ERR_INPUT, "reasons", "reason code '%s' must be 1 to %d characters", codes[i],
				       DISPUTE_REASON_MAX);
	for (size_t k = 0; k < len; k++)
		if (!reason_char(codes[i][k]))
			return error_set_field(e, ERR_INPUT, "reasons",
					       "reason code '%s' may hold only a-z, 0-9 and '_'", codes[i]);
	for (size_t k = 0; k < i; k++)
		if (!strcmp(codes[k], codes[i]))
			return error_set_field(e, ERR_INPUT, "reasons", "reason code '%s' is given twice", codes[i]);
	return 0;
}

int disputes_reasons_set(const struct app_ctx *ctx, const char *const *codes, size_t n, struct error *e)
{
	struct store_tx *tx = NULL;
	json_t *after;
	int ret;

	if (n == 0 || n > DISPUTES_REASONS_MAX)
		return error_set_field(e, ERR_INPUT, "reasons", "give 1 to %d reason codes", DISPUTES_REASONS_MAX);
	for (size_t i = 0; i < n; i++)
		if (check_code(codes, i, e) < 0)
			return -ERR_INPUT;
	after = json_array();
	for (size_t i = 0; after && i < n; i++)
		json_array_append_new(after, json_string(codes[i]));
	ret = after ? store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e)
		    : error_set(e, ERR_ENV, "out of memory");
	if (ret == 0)
		ret = store_dispute_reasons_set(tx, codes, n, e);
	if (ret == 0) {
		json_t *o = json_pack("{s:O}", "reasons", after);
		ret = app_audit(ctx, tx, "dispute.reasons", "dispute_reason", "", NULL, o, e);
		json_decref(o);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	json_decref(after);
	return ret;
}

int disputes_review(const struct app_ctx *ctx, date_t as_of, struct error *e)
{
	struct store_tx *tx = NULL;
	int64_t n = 0;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);

	if (ret < 0)
		return ret;
	ret = store_disputes_mark_overdue(tx, as_of, ctx->now, &n, e);
	if (ret == 0 && n > 0) {
		char day[DATE_TEXT_MAX];
		json_t *o = json_pack("{s:s, s:I}", "as_of", date_format(as_of, day, sizeof(day)), "overdue",
				      (json_int_t)n);
		ret = app_audit(ctx, tx, "dispute.overdue", "dispute", "", NULL, o, e);
		json_decref(o);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

static json_t *moment_json(timestamp_t t)
{
	char buf[TIMESTAMP_TEXT_MAX];
	return t ? json_string(timestamp_format(t, buf, sizeof(buf))) : json_null();
}

static json_t *money_json(int64_t v, const char *currency)
{
	char buf[MONEY_TEXT_MAX];
	return json_string(money_format(v, currency_exponent(currency), buf, sizeof(buf)));
}

json_t *disputes_json(const struct dispute *d, date_t today)
{
	char dl[DATE_TEXT_MAX];
	int overdue = !strcmp(d->state, "open") && d->deadline && d->deadline < today;
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (d->deadline)
		date_format(d->deadline, dl, sizeof(dl));
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "customer_ref", json_string(d->customer_ref));
	json_object_set_new(o, "invoice_ref", json_string(d->invoice_ref));
	json_object_set_new(o, "currency", json_string(d->currency));
	json_object_set_new(o, "balance", money_json(d->balance, d->currency));
	json_object_set_new(o, "reason", json_string(d->reason));
	json_object_set_new(o, "note", json_string(d->note));
	json_object_set_new(o, "deadline", d->deadline ? json_string(dl) : json_null());
	json_object_set_new(o, "opened_at", moment_json(d->opened_at));
	json_object_set_new(o, "opened_by", json_string(d->opened_by));
	json_object_set_new(o, "state", json_string(d->state));
	json_object_set_new(o, "resolved_at", moment_json(d->resolved_at));
	json_object_set_new(o, "resolved_by", json_string(d->resolved_by));
	json_object_set_new(o, "credit", d->credit ? money_json(d->credit, d->currency) : json_null());
	json_object_set_new(o, "overdue", json_boolean(overdue));
	return o;
}

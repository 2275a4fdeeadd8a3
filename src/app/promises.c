/*
 * promises.c: see promises.h.
 */
#include "app/promises.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/holds_cancel.h"
#include "core/array.h"
#include "core/money.h"
#include "store/audit.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/parties.h"

static const char *const states[] = { "current", "kept", "partially_kept", "broken", "cancelled" };

int promises_state_known(const char *state)
{
	for (size_t i = 0; i < sizeof(states) / sizeof(*states); i++)
		if (state && !strcmp(state, states[i]))
			return 1;
	return 0;
}

json_t *promises_json(const struct promise *p)
{
	char amount[MONEY_TEXT_MAX], paid[MONEY_TEXT_MAX], d[DATE_TEXT_MAX], u[DATE_TEXT_MAX], s[DATE_TEXT_MAX];
	char at[TIMESTAMP_TEXT_MAX];
	int exp = currency_exponent(p->currency);
	json_t *o, *refs = json_array();
	char *list = strdup(p->invoice_refs), *save = NULL;

	if (!refs || !list) {
		json_decref(refs);
		free(list);
		return NULL;
	}
	for (char *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save))
		json_array_append_new(refs, json_string(r));
	free(list);
	o = json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s}", "id",
		      (json_int_t)p->id, "customer_ref", p->customer_ref, "invoice_refs", refs, "amount",
		      money_format(p->amount, exp, amount, sizeof(amount)), "currency", p->currency, "date",
		      date_format(p->date, d, sizeof(d)), "until", date_format(p->until, u, sizeof(u)), "state",
		      p->state, "made_by", p->made_by, "made_at", timestamp_format(p->made_at, at, sizeof(at)), "paid",
		      money_format(p->paid, exp, paid, sizeof(paid)), "settled_on",
		      p->settled_on ? date_format(p->settled_on, s, sizeof(s)) : NULL, "note", p->note, "end_reason",
		      p->end_reason);
	return o;
}

/* ---- promise add ---- */

struct add {
	const struct app_ctx *ctx;
	const struct promise_request *rq;
	struct store_tx *tx;
	struct customer cu;
	struct promise p;
	int64_t invoice_ids[PROMISE_INVOICES_MAX];
	size_t n;
	int64_t balance;    /* what is owed on what the promise covers */
	date_t last_issued; /* the latest issue date of what it covers, and that invoice */
	char last_issued_ref[REF_MAX + 1];
	struct promise *earlier; /* the promises it replaces (one at a time: promises.h) */
	size_t n_earlier, cap_earlier;
	struct error *e;
};

static void note_issued(struct add *a, const struct invoice *inv)
{
	if (inv->issue_date > a->last_issued) {
		a->last_issued = inv->issue_date;
		snprintf(a->last_issued_ref, sizeof(a->last_issued_ref), "%s", inv->ref);
	}
}

static int check_request(const struct app_ctx *ctx, const struct promise_request *rq, struct error *e)
{
	char d[DATE_TEXT_MAX], t[DATE_TEXT_MAX];
	/* the promise's own day: one recorded after the fact (--at) is judged as of then */
	date_t made_on = rq->at ? timestamp_date_utc(rq->at) : ctx->today;

	if (app_check_text("by", rq->by ? rq->by : "", NAME_MAX_LEN, e) < 0 ||
	    app_check_free_text("note", rq->note ? rq->note : "", TEXT_MAX, e) < 0)
		return -ERR_INPUT;
	if (rq->at && app_check_not_future(ctx, "at", rq->at, e) < 0)
		return -ERR_INPUT;
	if (rq->n_invoices > PROMISE_INVOICES_MAX)
		return error_set_field(e, ERR_INPUT, "invoice_refs",
				       "invoice_refs: a promise names at most %d invoices (%zu given); without any "
				       "it covers the whole account",
				       PROMISE_INVOICES_MAX, rq->n_invoices);
	if (rq->date < made_on)
		return error_set_field(e, ERR_INPUT, "date", "date %s is in the past (the promise is made on %s)",
				       date_format(rq->date, d, sizeof(d)), date_format(made_on, t, sizeof(t)));
	if (rq->date > made_on + PROMISE_HORIZON_DAYS)
		return error_set_field(e, ERR_INPUT, "date",
				       "date %s is more than %d days ahead: agree a payment plan instead",
				       date_format(rq->date, d, sizeof(d)), PROMISE_HORIZON_DAYS);
	return 0;
}

/* An invoice named: the customer's, open, in the promise's currency (set by the first). */
static int add_invoice(struct add *a, const char *ref)
{
	struct invoice inv;
	int ret = store_invoice_get(a->tx, ref, &inv, NULL, a->e);

	if (ret == 0)
		return error_set_field(a->e, ERR_NOT_FOUND, "invoice_refs", "invoice_refs: unknown invoice '%s'", ref);
	if (ret < 0)
		return ret;
	if (inv.customer_id != a->cu.id)
		return error_set_field(a->e, ERR_INPUT, "invoice_refs",
				       "invoice_refs: invoice '%s' belongs to customer '%s', not '%s'", ref,
				       inv.customer_ref, a->cu.ref);
	if (inv.balance <= 0) {
		char bal[MONEY_TEXT_MAX];
		return error_set_field(a->e, ERR_INPUT, "invoice_refs",
				       "invoice_refs: invoice '%s' is paid (balance %s %s): nothing to promise", ref,
				       money_format(inv.balance, currency_exponent(inv.currency), bal, sizeof(bal)),
				       inv.currency);
	}
	for (size_t i = 0; i < a->n; i++)
		if (a->invoice_ids[i] == inv.id)
			return error_set_field(a->e, ERR_INPUT, "invoice_refs", "invoice_refs '%s' is named twice",
					       ref);
	if (!a->p.currency[0])
		snprintf(a->p.currency, sizeof(a->p.currency), "%s", inv.currency);
	if (strcmp(inv.currency, a->p.currency))
		return error_set_field(
			a->e, ERR_INPUT, "invoice_refs",
			"invoice_refs: invoice '%s' is in %s, the promise in %s: one promise per currency", ref,
			inv.currency, a->p.currency);
	if (money_add(a->balance, inv.balance, &a->balance) < 0)
		return error_set(a->e, ERR_INPUT, "the balances promised on overflow");
	note_issued(a, &inv);
	a->invoice_ids[a->n++] = inv.id;
	return 0;
}

static int on_open(void *ctx, const struct invoice *inv)
{
	struct add *a = ctx;

	note_issued(a, inv);
	return money_add(a->balance, inv->balance, &a->balance) < 0;
}

/* "150.00" or "150.00 USD": the amount, and the currency it names ("" none). */
static int parse_amount(struct add *a, char *currency, size_t size)
{
	const char *text = a->rq->amount ? a->rq->amount : "";
	const char *sp = strrchr(text, ' ');
	char num[64];

	currency[0] = 0;
	snprintf(num, sizeof(num), "%s", text);
	if (sp && strlen(sp + 1) == 3) {
		snprintf(currency, size, "%s", sp + 1);
		num[sp - text] = 0;
	}
	if (currency[0] && strcmp(currency, a->p.currency))
		return error_set_field(a->e, ERR_INPUT, "amount", "amount '%s': the account is in %s, not %s", text,
				       a->p.currency, currency);
	if (money_parse(num, currency_exponent(a->p.currency), &a->p.amount, a->e) < 0) {
		char msg[sizeof(a->e->message)];
		snprintf(msg, sizeof(msg), "%s", a->e->message);
		return error_set_field(a->e, ERR_INPUT, "amount", "amount: %s (in %s)", msg, a->p.currency);
	}
	return 0;
}

static int check_amount(struct add *a)
{
	char amount[MONEY_TEXT_MAX], balance[MONEY_TEXT_MAX], cur[8];
	int exp = currency_exponent(a->p.currency);
	int ret = parse_amount(a, cur, sizeof(cur));

	if (ret < 0)
		return ret;
	if (a->balance <= 0)
		return error_set_field(a->e, ERR_INPUT, "customer_ref",
				       "customer '%s' owes nothing in %s: nothing to promise", a->cu.ref,
				       a->p.currency);
	if (a->p.amount <= 0)
		return error_set_field(a->e, ERR_INPUT, "amount", "amount %s %s: a promise is of more than 0",
				       money_format(a->p.amount, exp, amount, sizeof(amount)), a->p.currency);
	if (a->p.amount > a->balance)
		return error_set_field(a->e, ERR_INPUT, "amount",
				       "amount %s %s is more than the balance promised on (%s %s)",
				       money_format(a->p.amount, exp, amount, sizeof(amount)), a->p.currency,
				       money_format(a->balance, exp, balance, sizeof(balance)), a->p.currency);
	return 0;
}

/* The tenant's tolerance, or the defaults. */
static int tolerance(struct store_tx *tx, int *days, int *percent, struct error *e)
{
	*days = PROMISE_DEFAULT_TOLERANCE_DAYS;
	*percent = PROMISE_DEFAULT_TOLERANCE_PERCENT;
	return store_promise_settings_get(tx, days, percent, e) < 0 ? -ERR_ENV : 0;
}

/*
 * A promise on the same debt as the new one (store_promises_overlapping):
 * current and not past its until on the new one's day, it is replaced;
 * made after the new one, or judged after the new one's moment while its
 * days reach it, the two would count the same payments: refused.
 */
static int on_overlapping(void *ctx, const struct promise *p)
{
	struct add *a = ctx;
	date_t on = timestamp_date_utc(a->p.made_at);
	char t1[TIMESTAMP_TEXT_MAX], t2[TIMESTAMP_TEXT_MAX], d[DATE_TEXT_MAX];

	if (p->made_at > a->p.made_at)
		return error_set_field(a->e, ERR_CONFLICT, "at",
				       "at %s: promise %lld on the same invoices was made later (%s): a promise "
				       "replaces the one before it, so promises are recorded in the order they "
				       "were made",
				       timestamp_format(a->p.made_at, t1, sizeof(t1)), (long long)p->id,
				       timestamp_format(p->made_at, t2, sizeof(t2)));
	if (p->until < on)
		return 0; /* its days are over: judged (or about to be) on what came in then */
	if (strcmp(p->state, "current"))
		return error_set_field(a->e, ERR_CONFLICT, "at",
				       "at %s: promise %lld on the same invoices was current then (until %s) and "
				       "was judged %s since: it cannot be replaced, and both would count the "
				       "same payments",
				       timestamp_format(a->p.made_at, t1, sizeof(t1)), (long long)p->id,
				       date_format(p->until, d, sizeof(d)), p->state);
	if (array_grow(&a->earlier, &a->cap_earlier, a->n_earlier, sizeof(*a->earlier)) < 0)
		return error_set(a->e, ERR_ENV, "out of memory");
	a->earlier[a->n_earlier++] = *p;
	return 0;
}

/* Ends promise p (current) as cancelled at `at` with `reason`, its holds, and audits it. */
static int cancel_promise(const struct app_ctx *ctx, struct store_tx *tx, struct promise *p, timestamp_t at,
			  const char *reason, struct error *e)
{
	struct promise before = *p;
	json_t *jb = NULL, *ja = NULL;
	char ref[32];
	int ret;

	snprintf(p->state, sizeof(p->state), "cancelled");
	p->settled_on = timestamp_date_utc(at);
	p->settled_at = at;
	p->paid = 0;
	snprintf(p->end_reason, sizeof(p->end_reason), "%s", reason);
	ret = store_promise_cancel(tx, p, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_CONFLICT, "id", "promise %lld was judged or cancelled meanwhile",
				      (long long)p->id);
	if (ret == 1)
		ret = store_holds_end(tx, "promise", p->id, at, "cancelled", NULL, e);
	if (ret < 0)
		return ret;
	jb = promises_json(&before);
	ja = promises_json(p);
	snprintf(ref, sizeof(ref), "%lld", (long long)p->id);
	ret = jb && ja ? app_audit(ctx, tx, "promise.cancel", "promise", ref, jb, ja, e)
		       : error_set(e, ERR_ENV, "out of memory");
	json_decref(jb);
	json_decref(ja);
	return ret;
}

/* The current promises the new one replaces: cancelled at its moment, naming it. */
static int replace_earlier(struct add *a)
{
	char why[64];
	int ret = 0;

	snprintf(why, sizeof(why), "replaced by promise %lld", (long long)a->p.id);
	for (size_t i = 0; i < a->n_earlier && ret == 0; i++)
		ret = cancel_promise(a->ctx, a->tx, &a->earlier[i], a->p.made_at, why, a->e);
	return ret;
}

/* The promise, its hold(s) and its audit entry. */
static int write_promise(struct add *a)
{
	struct hold h;
	json_t *after = NULL;
	char ref[32];
	int ret = store_promise_add(a->tx, &a->p, a->invoice_ids, a->n, a->e);

	for (size_t i = 0; ret == 0 && i < (a->n ? a->n : 1); i++) {
		memset(&h, 0, sizeof(h));
		h.customer_id = a->cu.id;
		h.invoice_id = a->n ? a->invoice_ids[i] : 0;
		snprintf(h.currency, sizeof(h.currency), "%s", a->p.currency);
		snprintf(h.kind, sizeof(h.kind), "promise");
		h.source_id = a->p.id;
		h.from_at = a->p.made_at;
		h.until = a->p.until;
		ret = store_hold_add(a->tx, &h, a->e);
	}
	if (ret == 0) {
		after = promises_json(&a->p);
		snprintf(ref, sizeof(ref), "%lld", (long long)a->p.id);
		ret = after ? app_audit(a->ctx, a->tx, "promise.add", "promise", ref, NULL, after, a->e)
			    : error_set(a->e, ERR_ENV, "out of memory");
		json_decref(after);
	}
	/* the earlier promises' holds end before the waiting actions are looked at */
	if (ret == 0)
		ret = replace_earlier(a);
	if (ret == 0)
		ret = holds_cancel_waiting(a->tx, a->ctx, a->cu.id, a->p.currency, "promise",
					   "the strategy waits while a promise holds the invoices it listed",
					   a->p.made_at, a->e);
	return ret;
}

static int add_in_tx(struct add *a)
{
	const struct promise_request *rq = a->rq;
	int days, percent,
		ret = store_customer_get(a->tx, rq->customer_ref ? rq->customer_ref : "", &a->cu, NULL, a->e);
	size_t used = 0;

	if (ret == 0)
		return error_set_field(a->e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'",
				       rq->customer_ref ? rq->customer_ref : "");
	if (ret < 0)
		return ret;
	/*
	 * A code recoup does not know is refused as such, before the invoices
	 * are read: currency_exponent() gives 2 for any code (it formats stored
	 * amounts), and "owes nothing in" the unknown code followed.
	 */
	if (rq->currency) {
		struct currency known;
		if (currency_lookup(rq->currency, &known, a->e) < 0)
			return error_set_field(a->e, ERR_INPUT, "currency",
					       "currency '%s': not an ISO 4217 currency code recoup knows",
					       rq->currency);
		snprintf(a->p.currency, sizeof(a->p.currency), "%s", rq->currency);
	}
	for (size_t i = 0; i < rq->n_invoices; i++) {
		ret = add_invoice(a, rq->invoice_refs[i]);
		if (ret < 0)
			return ret;
		used += (size_t)snprintf(a->p.invoice_refs + used, sizeof(a->p.invoice_refs) - used, "%s%s",
					 used ? "," : "", rq->invoice_refs[i]);
	}
	if (!a->p.currency[0])
		snprintf(a->p.currency, sizeof(a->p.currency), "%s", a->cu.currency);
	if (rq->n_invoices == 0) {
		ret = store_open_invoices_of_customer(a->tx, a->cu.id, a->p.currency, on_open, a, a->e);
		if (ret > 0)
			return error_set(a->e, ERR_INPUT, "the balances promised on overflow");
		if (ret < 0)
			return ret;
	}
	ret = check_amount(a);
	if (ret == 0 && a->last_issued > timestamp_date_utc(rq->at ? rq->at : a->ctx->now)) {
		char d1[DATE_TEXT_MAX], d2[DATE_TEXT_MAX];
		ret = error_set_field(a->e, ERR_INPUT, "at", "at %s: invoice '%s' was not issued yet then (issued %s)",
				      date_format(timestamp_date_utc(rq->at ? rq->at : a->ctx->now), d1, sizeof(d1)),
				      a->last_issued_ref, date_format(a->last_issued, d2, sizeof(d2)));
	}
	if (ret == 0)
		ret = tolerance(a->tx, &days, &percent, a->e);
	if (ret < 0)
		return ret;
	a->p.customer_id = a->cu.id;
	snprintf(a->p.customer_ref, sizeof(a->p.customer_ref), "%s", a->cu.ref);
	snprintf(a->p.customer_kind, sizeof(a->p.customer_kind), "%s",
		 a->cu.kind == KIND_COMPANY ? "company" : "person");
	a->p.date = rq->date;
	a->p.until = rq->date + days;
	/*
	 * kept when at least the amount less the tolerance came in, rounded in
	 * the debtor's favour: the floor of amount * (100 - percent) / 100. It
	 * was the amount less the floor of the tolerance, which rounds the
	 * threshold up: 100.05 at 10% asked 90.05, and 90.04 paid was only
	 * partially kept.
	 */
	a->p.kept_at_least = (int64_t)((__int128)a->p.amount * (100 - percent) / 100);
	if (a->p.kept_at_least < 1)
		a->p.kept_at_least = 1; /* even at 100 percent, nothing in is no promise kept */
	a->p.made_at = rq->at ? rq->at : a->ctx->now;
	snprintf(a->p.made_by, sizeof(a->p.made_by), "%s", rq->by ? rq->by : a->ctx->actor ? a->ctx->actor : "");
	snprintf(a->p.state, sizeof(a->p.state), "current");
	snprintf(a->p.note, sizeof(a->p.note), "%s", rq->note ? rq->note : "");
	ret = store_promises_overlapping(a->tx, a->cu.id, a->p.currency, a->invoice_ids, a->n, on_overlapping, a, a->e);
	return ret < 0 ? ret : write_promise(a);
}

int promises_add(const struct app_ctx *ctx, const struct promise_request *rq, struct promise *out,
		 struct promise_replaced *replaced, struct error *e)
{
	struct add *a = calloc(1, sizeof(*a));
	int ret;

	if (!a)
		return error_set(e, ERR_ENV, "out of memory");
	a->ctx = ctx;
	a->rq = rq;
	a->e = e;
	ret = check_request(ctx, rq, e);
	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &a->tx, e);
	if (ret == 0)
		ret = add_in_tx(a);
	if (ret == 0)
		ret = store_tx_commit(a->tx, e);
	if (ret == 0 && out)
		*out = a->p;
	if (ret == 0 && replaced) {
		replaced->n = a->n_earlier;
		for (size_t i = 0; i < a->n_earlier && i < PROMISE_REPLACED_MAX; i++)
			replaced->ids[i] = a->earlier[i].id;
	}
	store_tx_free(a->tx);
	free(a->earlier);
	free(a);
	return ret;
}

/* ---- promise cancel ---- */

static int cancel_in_tx(const struct app_ctx *ctx, struct store_tx *tx, const struct promise_cancel_request *rq,
			timestamp_t at, struct promise *p, struct error *e)
{
	char d1[DATE_TEXT_MAX], d2[DATE_TEXT_MAX], t1[TIMESTAMP_TEXT_MAX], t2[TIMESTAMP_TEXT_MAX];
	int ret = store_promise_get(tx, rq->id, p, e);

	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "id", "promise %lld not found", (long long)rq->id);
	if (!strcmp(p->state, "cancelled"))
		return error_set_field(e, ERR_CONFLICT, "id", "promise %lld is cancelled already (on %s: %s)",
				       (long long)p->id, date_format(p->settled_on, d1, sizeof(d1)), p->end_reason);
	if (strcmp(p->state, "current"))
		return error_set_field(e, ERR_CONFLICT, "id",
				       "promise %lld is %s already (judged on %s): only a current promise can be "
				       "cancelled",
				       (long long)p->id, p->state, date_format(p->settled_on, d1, sizeof(d1)));
	if (at < p->made_at)
		return error_set_field(e, ERR_INPUT, "at", "at %s is before promise %lld was made (%s)",
				       timestamp_format(at, t1, sizeof(t1)), (long long)p->id,
				       timestamp_format(p->made_at, t2, sizeof(t2)));
	/* its days are over: the verdict is the review's, or a broken promise would vanish from the kept rate */
	if (p->until < timestamp_date_utc(at))
		return error_set_field(e, ERR_CONFLICT, "id",
				       "promise %lld is due: its tolerance ended on %s (date %s), so the next daily "
				       "run judges it kept, partially kept or broken; only a promise not yet due can "
				       "be cancelled",
				       (long long)p->id, date_format(p->until, d1, sizeof(d1)),
				       date_format(p->date, d2, sizeof(d2)));
	return cancel_promise(ctx, tx, p, at, rq->reason, e);
}

int promises_cancel(const struct app_ctx *ctx, const struct promise_cancel_request *rq, struct promise *out,
		    struct error *e)
{
	timestamp_t at = rq->at ? rq->at : ctx->now;
	struct store_tx *tx = NULL;
	struct promise *p;
	int ret;

	if (!rq->reason || !rq->reason[0])
		return error_set_field(e, ERR_USAGE, "reason", "cancelling a promise needs --reason TEXT");
	if (app_check_free_text("reason", rq->reason, PROMISE_REASON_MAX, e) < 0 ||
	    app_check_text("by", ctx->actor ? ctx->actor : "", NAME_MAX_LEN, e) < 0 ||
	    app_check_not_future(ctx, "at", at, e) < 0)
		return -ERR_INPUT;
	p = malloc(sizeof(*p));
	if (!p)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = cancel_in_tx(ctx, tx, rq, at, p, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	if (ret == 0 && out)
		*out = *p;
	store_tx_free(tx);
	free(p);
	return ret;
}

/* ---- promise list ---- */

int promises_list(const struct app_ctx *ctx, const char *customer_ref, const char *state, store_promise_cb cb,
		  void *cb_ctx, struct error *e)
{
	struct promise_filter f = { 0 };
	struct customer *cu = NULL;
	struct store_tx *tx = NULL;
	int ret;

	if (state && !promises_state_known(state))
		return error_set_field(e, ERR_INPUT, "state",
				       "state '%s' is not a promise state (current, kept, partially_kept, broken, "
				       "cancelled)",
				       state);
	f.state = state;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0 && customer_ref) {
		cu = malloc(sizeof(*cu));
		ret = cu ? store_customer_get(tx, customer_ref, cu, NULL, e) : error_set(e, ERR_ENV, "out of memory");
		if (ret == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", customer_ref);
		else if (ret > 0) {
			f.customer_id = cu->id;
			ret = 0;
		}
	}
	if (ret == 0)
		ret = store_promises_each(tx, &f, cb, cb_ctx, e);
	store_tx_free(tx);
	free(cu);
	return ret;
}

int promises_get(const struct app_ctx *ctx, int64_t id, struct promise *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_promise_get(tx, id, out, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "id", "promise %lld not found", (long long)id);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}

/* ---- the review ---- */

int promises_review(const struct app_ctx *ctx, date_t as_of, struct error *e)
{
	struct store_tx *tx = NULL;
	int64_t counts[3];
	/* settled at the start of the day reviewed: a call logged that day comes after the break */
	timestamp_t at = (timestamp_t)as_of * 86400;
	char day[DATE_TEXT_MAX];
	json_t *after = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);

	if (ret == 0)
		ret = store_promises_settle(tx, as_of, at, counts, e);
	if (ret == 0 && counts[0] + counts[1] + counts[2] > 0) {
		after = json_pack("{s:s, s:I, s:I, s:I}", "as_of", date_format(as_of, day, sizeof(day)), "kept",
				  (json_int_t)counts[0], "partially_kept", (json_int_t)counts[1], "broken",
				  (json_int_t)counts[2]);
		ret = after ? app_audit(ctx, tx, "promise.review", "promise", day, NULL, after, e)
			    : error_set(e, ERR_ENV, "out of memory");
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	json_decref(after);
	store_tx_free(tx);
	return ret;
}

/* ---- settings ---- */

int promises_settings(const struct app_ctx *ctx, int set_days, int set_percent, int *days, int *percent,
		      struct error *e)
{
	struct store_tx *tx = NULL;
	json_t *before = NULL, *after = NULL;
	int ret;

	if (set_days > PROMISE_TOLERANCE_DAYS_MAX)
		return error_set_field(e, ERR_INPUT, "tolerance_days", "tolerance_days %d: at most %d", set_days,
				       PROMISE_TOLERANCE_DAYS_MAX);
	if (set_percent > 100)
		return error_set_field(e, ERR_INPUT, "tolerance_percent", "tolerance_percent %d: at most 100",
				       set_percent);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = tolerance(tx, days, percent, e);
	if (ret == 0 && (set_days >= 0 || set_percent >= 0)) {
		before = json_pack("{s:i, s:i}", "tolerance_days", *days, "tolerance_percent", *percent);
		if (set_days >= 0)
			*days = set_days;
		if (set_percent >= 0)
			*percent = set_percent;
		after = json_pack("{s:i, s:i}", "tolerance_days", *days, "tolerance_percent", *percent);
		ret = store_promise_settings_put(tx, *days, *percent, e);
		if (ret == 0)
			ret = app_audit(ctx, tx, "promise.settings", "promise_setting", "", before, after, e);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	json_decref(before);
	json_decref(after);
	store_tx_free(tx);
	return ret;
}

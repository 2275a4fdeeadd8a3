/*
 * agreement_scope.c: see agreement_scope.h.
 */
#include "app/agreement_scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/history.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/users.h"

static int push(struct agreement_scope *s, const struct invoice *inv, struct error *e)
{
	struct agreement_invoice *grown = realloc(s->invs, (s->n + 1) * sizeof(*grown));
	struct agreement_invoice *ai;
	if (!grown)
		return error_set(e, ERR_ENV, "out of memory");
	s->invs = grown;
	ai = &s->invs[s->n++];
	memset(ai, 0, sizeof(*ai));
	ai->invoice_id = inv->id;
	snprintf(ai->invoice_ref, sizeof(ai->invoice_ref), "%s", inv->ref);
	ai->balance = ai->balance_now = inv->balance;
	ai->amount = inv->amount;
	s->balance += inv->balance;
	s->principal += inv->balance < inv->amount ? inv->balance : inv->amount;
	if (inv->issue_date > s->last_issued) {
		s->last_issued = inv->issue_date;
		snprintf(s->last_issued_ref, sizeof(s->last_issued_ref), "%s", inv->ref);
	}
	return 0;
}

static int on_open(void *ctx, const struct invoice *inv)
{
	struct agreement_scope *s = ctx;
	return push(s, inv, NULL) < 0 ? -ERR_ENV : 0;
}

static int named_invoice(struct store_tx *tx, struct agreement_scope *s, const char *ref, struct error *e)
{
	struct invoice inv;
	char buf[MONEY_TEXT_MAX + 8];
	int ret = store_invoice_get(tx, ref, &inv, NULL, e);

	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "invoice", "invoice: invoice '%s' not found", ref);
	if (inv.customer_id != s->customer.id)
		return error_set_field(e, ERR_INPUT, "invoice", "invoice: invoice '%s' is not customer '%s''s", ref,
				       s->customer.ref);
	if (s->currency[0] && strcmp(s->currency, inv.currency))
		return error_set_field(e, ERR_INPUT, "invoice",
				       "invoice: invoice '%s' is in %s, not %s: an agreement is in one currency", ref,
				       inv.currency, s->currency);
	if (inv.balance <= 0)
		return error_set_field(e, ERR_INPUT, "invoice", "invoice: invoice '%s' is paid (balance %s)", ref,
				       agreement_money(inv.balance, inv.currency, buf, sizeof(buf)));
	for (size_t i = 0; i < s->n; i++)
		if (s->invs[i].invoice_id == inv.id)
			return error_set_field(e, ERR_INPUT, "invoice", "invoice: invoice '%s' is named twice", ref);
	snprintf(s->currency, sizeof(s->currency), "%s", inv.currency);
	return push(s, &inv, e);
}

int agreement_scope_resolve(struct store_tx *tx, const char *customer_ref, const char *const *invoice_refs,
			    size_t n_refs, const char *currency, struct agreement_scope *out, struct error *e)
{
	struct currency cur;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = store_customer_get(tx, customer_ref ? customer_ref : "", &out->customer, NULL, e);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "customer", "customer '%s' not found",
				       customer_ref ? customer_ref : "");
	if (currency && currency_lookup(currency, &cur, e) < 0) {
		app_error_field(e, "currency");
		return -ERR_INPUT;
	}
	if (currency)
		snprintf(out->currency, sizeof(out->currency), "%s", currency);
	for (size_t i = 0; i < n_refs; i++) {
		ret = named_invoice(tx, out, invoice_refs[i], e);
		if (ret < 0)
			return ret;
	}
	if (n_refs)
		return 0;
	if (!out->currency[0])
		snprintf(out->currency, sizeof(out->currency), "%s", out->customer.currency);
	ret = store_open_invoices_of_customer(tx, out->customer.id, out->currency, on_open, out, e);
	if (ret < 0)
		return ret == -ERR_ENV && !e->code ? error_set(e, ERR_ENV, "out of memory") : ret;
	if (out->n == 0)
		return error_set_field(e, ERR_INPUT, "customer", "customer '%s' owes nothing in %s", customer_ref,
				       out->currency);
	return 0;
}

int agreement_scope_issued(const struct agreement_scope *s, timestamp_t at, struct error *e)
{
	char d1[DATE_TEXT_MAX], d2[DATE_TEXT_MAX];
	date_t on = timestamp_date_utc(at);

	if (s->last_issued <= on)
		return 0;
	return error_set_field(e, ERR_INPUT, "at", "at %s: invoice '%s' was not issued yet then (issued %s)",
			       date_format(on, d1, sizeof(d1)), s->last_issued_ref,
			       date_format(s->last_issued, d2, sizeof(d2)));
}

void agreement_scope_free(struct agreement_scope *s)
{
	free(s->invs);
	s->invs = NULL;
	s->n = 0;
}

struct check {
	const struct agreement_scope *s;
	const char *overlap;
	const char *found_kind; /* "dispute" or the overlap */
	int64_t invoice_id;     /* the invoice it was found on (0: every debt) */
};

static int covered(const struct agreement_scope *s, int64_t invoice_id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->invs[i].invoice_id == invoice_id)
			return 1;
	return 0;
}

static int on_hold(void *ctx, const struct hold *h)
{
	struct check *c = ctx;
	int is_dispute = !strcmp(h->kind, "dispute"), is_overlap = c->overlap && !strcmp(h->kind, c->overlap);
	if (!is_dispute && !is_overlap)
		return 0;
	if (h->invoice_id ? !covered(c->s, h->invoice_id) : !hold_in_currency(h, c->s->currency))
		return 0;
	c->found_kind = is_dispute ? "dispute" : c->overlap;
	c->invoice_id = h->invoice_id;
	return 1;
}

static int on_flag(void *ctx, const struct flag_record *f)
{
	struct check *c = ctx;
	if (strcmp(f->flag, "dispute") || (f->invoice_id && !covered(c->s, f->invoice_id)))
		return 0;
	c->found_kind = "dispute";
	c->invoice_id = f->invoice_id;
	return 1;
}

static const char *invoice_ref(const struct agreement_scope *s, int64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->invs[i].invoice_id == id)
			return s->invs[i].invoice_ref;
	return "";
}

int agreement_scope_check(struct store_tx *tx, timestamp_t at, const struct agreement_scope *s, const char *what,
			  const char *overlap, struct error *e)
{
	struct check c = { s, overlap, NULL, 0 };
	int64_t cust = s->customer.id;
	int ret = store_holds_each(tx, cust, cust, at, (date_t)(at / 86400), on_hold, &c, e);

	if (ret == 0)
		ret = store_flags_each(tx, cust, on_flag, &c, e);
	if (ret < 0)
		return ret;
	if (!c.found_kind)
		return 0;
	if (!strcmp(c.found_kind, "dispute") && c.invoice_id)
		return error_set_field(e, ERR_INPUT, "invoice", "%s cannot cover invoice '%s': it is disputed", what,
				       invoice_ref(s, c.invoice_id));
	if (!strcmp(c.found_kind, "dispute"))
		return error_set_field(e, ERR_INPUT, "customer",
				       "%s cannot cover customer '%s''s debts: all are disputed", what,
				       s->customer.ref);
	if (c.invoice_id)
		return error_set_field(e, ERR_CONFLICT, "invoice", "invoice '%s' is already under a current %s",
				       invoice_ref(s, c.invoice_id), c.found_kind);
	return error_set_field(e, ERR_CONFLICT, "customer", "customer '%s' is already under a current %s",
			       s->customer.ref, c.found_kind);
}

int agreement_parse_amount(const char *name, const char *text, const char *currency, int64_t *out, struct error *e)
{
	struct currency cur;
	int ret = currency_lookup(currency, &cur, e);
	if (ret == 0)
		ret = money_parse(text ? text : "", cur.exponent, out, e);
	if (ret < 0) {
		char why[sizeof(e->message)];
		snprintf(why, sizeof(why), "%s", e->message);
		ret = error_set(e, ERR_INPUT, "%s: %s (in %s)", name, why, currency);
		app_error_field(e, name);
		return ret;
	}
	return 0;
}

const char *agreement_money(int64_t amount, const char *currency, char *buf, size_t size)
{
	char num[MONEY_TEXT_MAX];
	money_format(amount, currency_exponent(currency), num, sizeof(num));
	snprintf(buf, size, "%s %s", num, currency);
	return buf;
}

int agreement_hold_invoices(struct store_tx *tx, const struct agreement *a, const struct agreement_invoice *invs,
			    size_t n, const char *kind, timestamp_t from, date_t until, struct error *e)
{
	for (size_t i = 0; i < n; i++) {
		struct hold h = { 0 };
		int ret;
		h.customer_id = a->customer_id;
		h.invoice_id = invs[i].invoice_id;
		snprintf(h.currency, sizeof(h.currency), "%s", a->currency);
		snprintf(h.kind, sizeof(h.kind), "%s", kind);
		h.source_id = a->id;
		h.from_at = from;
		h.until = until;
		ret = store_hold_add(tx, &h, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

struct stored_hold {
	struct store_tx *tx;
	const struct agreement *a;
	const char *kind;
	timestamp_t from;
	date_t until;
	struct error *e;
};

static int on_stored(void *ctx, const struct agreement_invoice *ai)
{
	struct stored_hold *h = ctx;
	return agreement_hold_invoices(h->tx, h->a, ai, 1, h->kind, h->from, h->until, h->e);
}

int agreement_hold_stored(struct store_tx *tx, const struct agreement *a, const char *kind, timestamp_t from,
			  date_t until, struct error *e)
{
	struct stored_hold h = { tx, a, kind, from, until, e };
	return store_agreement_invoices(tx, a->id, on_stored, &h, e);
}

int agreement_user(struct store_tx *tx, const char *option, const char *name, struct user *out, struct error *e)
{
	int ret;

	/*
	 * A token bound to no user acts as "token:NAME" (app/auth.c): it names
	 * no one to record as who offered or decided, and the four-eyes rule
	 * needs someone. Refused as such (403), not as a bad value of an
	 * option the API does not have (422 "by_user: ... is not a user").
	 */
	if (name && !strncmp(name, "token:", 6))
		return error_set(e, ERR_FORBIDDEN,
				 "'%s' is a token bound to no user: offers, write-offs and decisions record the user "
				 "who made them, so use a token bound to one (recoup token create NAME --user USER) or "
				 "sign in",
				 name);
	ret = store_user_get(tx, name ? name : "", out, e);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		error_set(e, ERR_INPUT, "%s: '%s' is not a user of this tenant (recoup user add)", option,
			  name ? name : "");
		app_error_field(e, option);
		return -ERR_INPUT;
	}
	if (out->disabled) {
		error_set(e, ERR_FORBIDDEN, "%s: user '%s' is disabled", option, name);
		app_error_field(e, option);
		return -ERR_FORBIDDEN;
	}
	return 0;
}

int agreement_list(const struct app_ctx *ctx, const char *kind, const char *customer_ref, const char *state,
		   store_agreement_cb cb, void *cbctx, struct error *e)
{
	struct agreement_filter f = { kind, state, 0 };
	struct store_tx *tx = NULL;
	struct customer c;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0 && customer_ref) {
		ret = store_customer_get(tx, customer_ref, &c, NULL, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "customer", "customer '%s' not found", customer_ref);
		f.customer_id = c.id;
		ret = ret < 0 ? ret : 0;
	}
	if (ret == 0)
		ret = store_agreements_each(tx, &f, cb, cbctx, e);
	store_tx_free(tx);
	return ret;
}

int agreement_audit(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const struct agreement *before,
		    const struct agreement *after, struct error *e)
{
	json_t *jb = before ? agreement_json(before) : NULL, *ja = agreement_json(after);
	char ref[24];
	int ret;
	snprintf(ref, sizeof(ref), "%lld", (long long)after->id);
	ret = app_audit(ctx, tx, action, after->kind, ref, jb, ja, e);
	json_decref(jb);
	json_decref(ja);
	return ret;
}

struct rest {
	const struct agreement *a;
	date_t on;
	struct ledger_entry *les;
	size_t n;
	int64_t total;
};

static int on_rest(void *ctx, const struct agreement_invoice *ai)
{
	struct rest *r = ctx;
	struct ledger_entry *grown, *le;
	if (ai->balance_now <= 0)
		return 0;
	grown = realloc(r->les, (r->n + 1) * sizeof(*grown));
	if (!grown)
		return -ERR_ENV;
	r->les = grown;
	le = &r->les[r->n++];
	memset(le, 0, sizeof(*le));
	le->customer_id = r->a->customer_id;
	le->invoice_id = ai->invoice_id;
	le->kind = LEDGER_WRITE_OFF;
	le->amount = -ai->balance_now;
	snprintf(le->currency, sizeof(le->currency), "%s", r->a->currency);
	le->date = r->on;
	r->total += ai->balance_now;
	return 0;
}

int agreement_write_off_rest(struct store_tx *tx, const struct agreement *a, date_t on, int64_t *total, struct error *e)
{
	struct rest r = { a, on, NULL, 0, 0 };
	int ret = store_agreement_invoices(tx, a->id, on_rest, &r, e);
	if (ret < 0 && !e->code)
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret == 0 && r.n)
		ret = store_ledger_post(tx, r.les, r.n, 0, e);
	free(r.les);
	if (ret == 0 && total)
		*total = r.total;
	return ret;
}

static void set_moment(json_t *o, const char *key, timestamp_t t)
{
	char buf[TIMESTAMP_TEXT_MAX];
	json_object_set_new(o, key, t ? json_string(timestamp_format(t, buf, sizeof(buf))) : json_null());
}

json_t *agreement_json(const struct agreement *a)
{
	char buf[MONEY_TEXT_MAX];
	int x = currency_exponent(a->currency);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "kind", json_string(a->kind));
	json_object_set_new(o, "customer_ref", json_string(a->customer_ref));
	json_object_set_new(o, "currency", json_string(a->currency));
	json_object_set_new(o, "state", json_string(a->state));
	json_object_set_new(o, "balance", json_string(money_format(a->balance, x, buf, sizeof(buf))));
	json_object_set_new(o, "amount", json_string(money_format(a->amount, x, buf, sizeof(buf))));
	json_object_set_new(o, "fees", json_string(money_format(a->fees, x, buf, sizeof(buf))));
	if (a->pay_by) {
		char d[DATE_TEXT_MAX];
		json_object_set_new(o, "pay_by", json_string(date_format(a->pay_by, d, sizeof(d))));
	}
	json_object_set_new(o, "waive", json_string(a->waive));
	json_object_set_new(o, "reason", json_string(a->reason));
	set_moment(o, "made_at", a->made_at);
	json_object_set_new(o, "made_by", json_string(a->made_by));
	json_object_set_new(o, "decided_by", json_string(a->decided_by));
	set_moment(o, "decided_at", a->decided_at);
	json_object_set_new(o, "decision_reason", json_string(a->decision_reason));
	set_moment(o, "ended_at", a->ended_at);
	json_object_set_new(o, "end_reason", json_string(a->end_reason));
	return o;
}

timestamp_t agreement_review_moment(const struct app_ctx *ctx, date_t as_of)
{
	timestamp_t start = (timestamp_t)as_of * 86400;
	return start < ctx->now ? start : ctx->now;
}

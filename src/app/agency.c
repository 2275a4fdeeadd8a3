/*
 * agency.c: see agency.h.
 */
#include "app/agency.h"

#include <stdlib.h>
#include <string.h>

#include "app/holds_cancel.h"
#include "codec/csv.h"
#include "core/money.h"
#include "store/actions.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/parties.h"

/* The place_with_agency actions awaiting review of the customer being placed. */
struct reviews {
	struct {
		int64_t customer_id, action_id;
	} * v;
	size_t n, cap;
};

/* The open invoices of the customer being placed. */
struct invoices {
	struct invoice *v;
	size_t n, cap;
};

struct place {
	const struct app_ctx *ctx;
	const struct agency_place_request *rq;
	struct store_tx *tx;
	timestamp_t at;
	struct reviews reviews;
	struct invoices inv;
	char *contacts; /* the customer's contacts for the file, "; "-joined */
	size_t contacts_len, contacts_cap;
	struct agency_place_result res;
	struct placement *later; /* placements recalled after `at`: a placement then would overlap them */
	size_t n_later, cap_later;
	struct error *e;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *p;
	if (n < *cap)
		return 0;
	p = realloc(*v, c * size);
	if (!p)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

static int add_review(void *arg, const struct placement_review *r)
{
	struct reviews *rv = arg;
	if (grow((void **)&rv->v, &rv->cap, rv->n, sizeof(*rv->v)) < 0)
		return -ERR_ENV;
	rv->v[rv->n].customer_id = r->customer_id;
	rv->v[rv->n].action_id = r->action_id;
	rv->n++;
	return 0;
}

static int add_invoice(void *arg, const struct invoice *inv)
{
	struct invoices *iv = arg;
	if (grow((void **)&iv->v, &iv->cap, iv->n, sizeof(*iv->v)) < 0)
		return -ERR_ENV;
	iv->v[iv->n++] = *inv;
	return 0;
}

static int add_contact(void *arg, const struct contact *c)
{
	struct place *p = arg;
	char one[sizeof(c->name) + sizeof(c->role) + sizeof(c->phone) + sizeof(c->email) + 16];
	int len = snprintf(one, sizeof(one), "%s%s (%s)%s%s%s%s", p->contacts_len ? "; " : "", c->name, c->role,
			   c->phone[0] ? " " : "", c->phone, c->email[0] ? " " : "", c->email);
	size_t need = p->contacts_len + (size_t)len + 1;
	if (need > p->contacts_cap) {
		char *s = realloc(p->contacts, need * 2);
		if (!s)
			return -ERR_ENV;
		p->contacts = s;
		p->contacts_cap = need * 2;
	}
	memcpy(p->contacts + p->contacts_len, one, (size_t)len + 1);
	p->contacts_len += (size_t)len;
	return 0;
}

static const char file_head[] =
	"agency,placed_at,customer_ref,customer_name,customer_address,customer_email,customer_phone,contacts,"
	"invoice_ref,issue_date,due_date,days_past_due,currency,amount,balance,account_balance,po_ref,"
	"delivery_note_ref,signed,attempts,last_contact,promises\n";

/* The balance of currency `cur` over the customer's open invoices. */
static int64_t currency_balance(const struct invoices *iv, const char *cur)
{
	int64_t sum = 0;
	for (size_t i = 0; i < iv->n; i++)
		if (!strcmp(iv->v[i].currency, cur))
			sum += iv->v[i].balance;
	return sum;
}

static void put_money(FILE *out, int64_t amount, const char *cur)
{
	char buf[MONEY_TEXT_MAX];
	codec_csv_put(out, money_format(amount, currency_exponent(cur), buf, sizeof(buf)), 0);
}

static void put_int(FILE *out, long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	codec_csv_put(out, buf, 0);
}

static void write_rows(struct place *p, const struct customer *cu, const struct placement_history *h)
{
	FILE *out = p->rq->out;
	char at[TIMESTAMP_TEXT_MAX], last[TIMESTAMP_TEXT_MAX], d1[DATE_TEXT_MAX], d2[DATE_TEXT_MAX];
	date_t on = timestamp_date_utc(p->at);

	timestamp_format(p->at, at, sizeof(at));
	if (h->last_at)
		timestamp_format(h->last_at, last, sizeof(last));
	else
		last[0] = '\0';
	for (size_t i = 0; i < p->inv.n; i++) {
		const struct invoice *v = &p->inv.v[i];
		codec_csv_put(out, p->rq->agency, 1);
		codec_csv_put(out, at, 0);
		codec_csv_put(out, cu->ref, 0);
		codec_csv_put(out, cu->name, 0);
		codec_csv_put(out, cu->address, 0);
		codec_csv_put(out, cu->email, 0);
		codec_csv_put(out, cu->phone, 0);
		codec_csv_put(out, p->contacts ? p->contacts : "", 0);
		codec_csv_put(out, v->ref, 0);
		codec_csv_put(out, date_format(v->issue_date, d1, sizeof(d1)), 0);
		codec_csv_put(out, date_format(v->due_date, d2, sizeof(d2)), 0);
		put_int(out, on > v->due_date ? on - v->due_date : 0);
		codec_csv_put(out, v->currency, 0);
		put_money(out, v->amount, v->currency);
		put_money(out, v->balance, v->currency);
		put_money(out, currency_balance(&p->inv, v->currency), v->currency);
		codec_csv_put(out, v->po_ref, 0);
		codec_csv_put(out, v->delivery_note_ref, 0);
		codec_csv_put(out, v->is_signed ? "yes" : "no", 0);
		put_int(out, h->attempts);
		codec_csv_put(out, last, 0);
		put_int(out, h->promises);
		fputc('\n', out);
	}
}

/* One placement and its hold per currency (the invoices come by currency, oldest due first). */
static int place_currencies(struct place *p, const struct customer *cu, json_t *audit)
{
	date_t on = timestamp_date_utc(p->at);
	int ret;

	for (size_t i = 0; i < p->inv.n; i++) {
		struct placement pl = { 0 };
		struct hold h = { 0 };
		char amount[MONEY_TEXT_MAX];
		if (i > 0 && !strcmp(p->inv.v[i].currency, p->inv.v[i - 1].currency))
			continue;
		pl.customer_id = cu->id;
		snprintf(pl.currency, sizeof(pl.currency), "%s", p->inv.v[i].currency);
		snprintf(pl.agency, sizeof(pl.agency), "%s", p->rq->agency);
		pl.amount = currency_balance(&p->inv, pl.currency);
		pl.age_days = on > p->inv.v[i].due_date ? on - p->inv.v[i].due_date : 0;
		pl.placed_at = p->at;
		snprintf(pl.placed_by, sizeof(pl.placed_by), "%s", p->ctx->actor);
		for (size_t k = 0; k < p->reviews.n; k++)
			if (p->reviews.v[k].customer_id == cu->id)
				pl.action_id = p->reviews.v[k].action_id;
		ret = store_placement_add(p->tx, &pl, p->e);
		if (ret < 0)
			return ret;
		h.customer_id = cu->id;
		snprintf(h.currency, sizeof(h.currency), "%s", pl.currency);
		snprintf(h.kind, sizeof(h.kind), "placed");
		h.source_id = pl.id;
		h.from_at = p->at;
		ret = store_hold_add(p->tx, &h, p->e);
		if (ret < 0)
			return ret;
		money_format(pl.amount, currency_exponent(pl.currency), amount, sizeof(amount));
		json_array_append_new(json_object_get(audit, "placements"),
				      json_pack("{s:I,s:s,s:s,s:i}", "id", (json_int_t)pl.id, "currency", pl.currency,
						"amount", amount, "age_days", pl.age_days));
		p->res.placements++;
	}
	return 0;
}

/* The review a place_with_agency action asked for is made: the action is done. */
static int settle_reviews(struct place *p, int64_t customer_id)
{
	char reason[AGENCY_MAX + 16];
	snprintf(reason, sizeof(reason), "placed with %s", p->rq->agency);
	for (size_t k = 0; k < p->reviews.n; k++) {
		int ret;
		if (p->reviews.v[k].customer_id != customer_id)
			continue;
		ret = store_action_set_state(p->tx, p->reviews.v[k].action_id, "done", "placed", reason, p->at, p->e);
		if (ret < 0)
			return ret;
		p->res.actions_done += ret;
	}
	return 0;
}

/*
 * What waited on the accounts now placed goes at once, as the run's next
 * review would (code `placed`): the work queue offers no call, the day's
 * letters print none, from the moment the company hands the debt over.
 * After settle_reviews: the place_with_agency action it settles is done,
 * not cancelled.
 */
static int cancel_waiting(struct place *p, int64_t customer_id)
{
	char why[HOLD_REASON_TEXT_MAX];

	holds_cancel_reason("placed", why, sizeof(why));
	for (size_t i = 0; i < p->inv.n; i++) {
		int ret;
		if (i > 0 && !strcmp(p->inv.v[i].currency, p->inv.v[i - 1].currency))
			continue;
		ret = holds_cancel_waiting(p->tx, p->ctx, customer_id, p->inv.v[i].currency, "placed", why, p->at,
					   p->e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int active_placement(void *arg, const struct placement *pl)
{
	struct placement *first = arg;
	if (!first->id)
		*first = *pl;
	return 0;
}

static int recalled_later(void *arg, const struct placement *pl)
{
	struct place *p = arg;
	if (!pl->recalled_at || pl->recalled_at <= p->at)
		return 0;
	if (p->n_later == p->cap_later && grow((void **)&p->later, &p->cap_later, p->n_later, sizeof(*p->later)) < 0)
		return -ERR_ENV;
	p->later[p->n_later++] = *pl;
	return 0;
}

static int place_one(struct place *p, const char *ref)
{
	struct customer cu;
	struct placement active = { 0 };
	struct placement_history h;
	json_t *audit = NULL;
	char ts[TIMESTAMP_TEXT_MAX];
	int ret = store_customer_get(p->tx, ref, &cu, NULL, p->e);

	if (ret == 0)
		return error_set_field(p->e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", ref);
	if (ret < 0)
		return ret;
	ret = store_placements_active(p->tx, cu.id, active_placement, &active, p->e);
	if (ret < 0)
		return ret;
	if (active.id)
		return error_set_field(p->e, ERR_CONFLICT, "customer_ref",
				       "customer '%s' is placed with '%s' since %s: recall it first", ref,
				       active.agency, timestamp_format(active.placed_at, ts, sizeof(ts)));
	/* one agency at a time: a placement from a moment another one still ran would share its recoveries */
	for (size_t i = 0; i < p->n_later; i++)
		if (p->later[i].customer_id == cu.id) {
			char ts2[TIMESTAMP_TEXT_MAX], ts3[TIMESTAMP_TEXT_MAX];
			return error_set_field(p->e, ERR_CONFLICT, "at",
					       "at %s: customer '%s' was placed with '%s' from %s to %s, "
					       "which a placement from then would overlap",
					       timestamp_format(p->at, ts, sizeof(ts)), ref, p->later[i].agency,
					       timestamp_format(p->later[i].placed_at, ts2, sizeof(ts2)),
					       timestamp_format(p->later[i].recalled_at, ts3, sizeof(ts3)));
		}
	p->inv.n = 0;
	p->reviews.n = 0;
	p->contacts_len = 0;
	if (p->contacts)
		p->contacts[0] = '\0';
	ret = store_placement_reviews_each(p->tx, cu.id, add_review, &p->reviews, p->e);
	if (ret == 0)
		ret = store_open_invoices_by_customer(p->tx, cu.id, cu.id, add_invoice, &p->inv, p->e);
	if (ret < 0)
		return ret;
	if (p->inv.n == 0)
		return error_set_field(p->e, ERR_INPUT, "customer_ref", "customer '%s' owes nothing: nothing to place",
				       ref);
	ret = store_contacts_of_customer(p->tx, cu.id, add_contact, p, p->e);
	if (ret == 0)
		ret = store_placement_history(p->tx, cu.id, &h, p->e);
	if (ret < 0)
		return ret;
	audit = json_pack("{s:s,s:[]}", "agency", p->rq->agency, "placements");
	if (!audit)
		return error_set(p->e, ERR_ENV, "out of memory");
	ret = place_currencies(p, &cu, audit);
	if (ret == 0)
		ret = settle_reviews(p, cu.id);
	if (ret == 0)
		ret = cancel_waiting(p, cu.id);
	if (ret == 0)
		ret = app_audit(p->ctx, p->tx, "placement.place", "customer", cu.ref, NULL, audit, p->e);
	json_decref(audit);
	if (ret < 0)
		return ret;
	if (p->rq->out)
		write_rows(p, &cu, &h);
	p->res.customers++;
	p->res.invoices += (int64_t)p->inv.n;
	return 0;
}

static int check_place(const struct app_ctx *ctx, const struct agency_place_request *rq, timestamp_t at,
		       struct error *e)
{
	if (!rq->agency || !*rq->agency)
		return error_set_field(e, ERR_INPUT, "agency", "agency is empty");
	if (app_check_text("agency", rq->agency, AGENCY_MAX, e) < 0 ||
	    app_check_text("by", ctx->actor, NAME_MAX_LEN, e) < 0)
		return -ERR_INPUT;
	if (rq->n == 0)
		return error_set_field(e, ERR_INPUT, "customer_ref", "no customer to place");
	for (size_t i = 0; i < rq->n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rq->refs[i], rq->refs[j]))
				return error_set_field(e, ERR_INPUT, "customer_ref", "customer '%s' is named twice",
						       rq->refs[i]);
	return app_check_not_future(ctx, "at", at, e);
}

int agency_place(const struct app_ctx *ctx, const struct agency_place_request *rq, struct agency_place_result *out,
		 struct error *e)
{
	struct place p = { 0 };
	int ret;

	p.ctx = ctx;
	p.rq = rq;
	p.e = e;
	p.at = rq->at ? rq->at : ctx->now;
	ret = check_place(ctx, rq, p.at, e);
	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &p.tx, e);
	if (ret < 0)
		return ret;
	/* one read of the tenant's placements: those recalled after --at (none when placing now) */
	ret = store_placements_each(p.tx, recalled_later, &p, e);
	if (ret > 0 || (ret < 0 && !e->code))
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret == 0 && rq->out)
		fputs(file_head, rq->out);
	for (size_t i = 0; ret == 0 && i < rq->n; i++)
		ret = place_one(&p, rq->refs[i]);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret == 0 && rq->out && ferror(rq->out))
		ret = error_set(e, ERR_ENV, "writing the placement file failed");
	if (ret == 0)
		ret = store_tx_commit(p.tx, e);
	if (ret == 0 && out)
		*out = p.res;
	store_tx_free(p.tx);
	free(p.reviews.v);
	free(p.inv.v);
	free(p.contacts);
	free(p.later);
	return ret;
}

struct recall {
	const struct app_ctx *ctx;
	struct store_tx *tx;
	timestamp_t at;
	json_t *audit;
	int64_t n;
	int too_early;
	timestamp_t placed_at;
	struct error *e;
};

static int recall_one(void *arg, const struct placement *pl)
{
	struct recall *r = arg;
	int ret;

	if (r->at < pl->placed_at) {
		r->too_early = 1;
		r->placed_at = pl->placed_at;
		return 1;
	}
	ret = store_placement_recall(r->tx, pl->id, r->at, r->ctx->actor, r->e);
	if (ret < 0)
		return ret;
	ret = store_holds_end(r->tx, "placed", pl->id, r->at, "recalled", NULL, r->e);
	if (ret < 0)
		return ret;
	json_array_append_new(
		json_object_get(r->audit, "placements"),
		json_pack("{s:I,s:s,s:s}", "id", (json_int_t)pl->id, "agency", pl->agency, "currency", pl->currency));
	r->n++;
	return 0;
}

int agency_recall(const struct app_ctx *ctx, const char *ref, timestamp_t at, int64_t *n, struct error *e)
{
	struct recall r = { ctx, NULL, at ? at : ctx->now, NULL, 0, 0, 0, e };
	struct customer cu;
	char ts[TIMESTAMP_TEXT_MAX];
	int ret = app_check_text("by", ctx->actor, NAME_MAX_LEN, e);

	if (ret == 0)
		ret = app_check_not_future(ctx, "at", r.at, e);
	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &r.tx, e);
	if (ret < 0)
		return ret;
	ret = store_customer_find(r.tx, ref, &cu, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", ref);
	if (ret < 0)
		goto cleanup;
	r.audit = json_pack("{s:[]}", "placements");
	if (!r.audit) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = store_placements_active(r.tx, cu.id, recall_one, &r, e);
	if (r.too_early)
		ret = error_set_field(e, ERR_INPUT, "at", "at is before the placement of customer '%s' (%s)", ref,
				      timestamp_format(r.placed_at, ts, sizeof(ts)));
	else if (ret == 0 && r.n == 0)
		ret = error_set_field(e, ERR_INPUT, "customer_ref", "customer '%s' is not placed with an agency", ref);
	if (ret == 0)
		ret = app_audit(ctx, r.tx, "placement.recall", "customer", cu.ref, NULL, r.audit, e);
	if (ret == 0)
		ret = store_tx_commit(r.tx, e);
	if (ret == 0 && n)
		*n = r.n;
cleanup:
	json_decref(r.audit);
	store_tx_free(r.tx);
	return ret;
}

int agency_candidates(const struct app_ctx *ctx, store_placement_review_cb cb, void *arg, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_placement_reviews_each(tx, 0, cb, arg, e);
	store_tx_free(tx);
	return ret;
}

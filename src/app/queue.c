/*
 * queue.c: see queue.h.
 *
 * Per collector, in one read transaction: the limit (capacity less the
 * calls logged today); the customers with a callback within an hour of now
 * or a promise broken lately, read whole (their waiting calls, netted:
 * their raises and tiers are beyond any bound); then the collector's other
 * waiting calls best bound first (store_queue_calls_by_bound: the bound
 * kept per assignment, store/assignments.h), each netted only when the
 * list is not yet full or its last row does not rank above the bound. The
 * netted candidates are examined (refs, the rules' verdict, the exact
 * score) best possible score first, as soon as nothing the walk has still
 * to read could do better, until the list is full and no candidate left
 * could beat its last row. The result is the one a full ranking of every
 * candidate would give (tests/app/test_queue_reference.c); ties go by
 * customer ref, then currency, whatever the order candidates are examined
 * in.
 */
#include "app/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/rules_ctx.h"
#include "core/array.h"
#include "core/money.h"
#include "core/risk.h"
#include "core/tz.h"
#include "store/actions.h"
#include "store/assignments.h"
#include "store/holds.h"
#include "store/parties.h"
#include "store/promises.h"
#include "store/risk.h"
#include "store/store.h"

/* A callback counts from an hour before now to an hour after: the debtor's current hour lies within. */
#define QUEUE_HOUR 3600
/* The promises broken this many days back count (queue_facts.broken_promises). */
#define QUEUE_BROKEN_DAYS 30

struct cand {
	int64_t customer_id;
	int64_t contact_id; /* a waiting call's, whose refs are read once examined (named) */
	int named;          /* customer_ref and contact_ref are filled */
	char customer_ref[REF_MAX + 1];
	char contact_ref[REF_MAX + 1];
	char currency[4];
	char band[2]; /* the assignment's, "" unknown */
	int64_t balance;
	date_t oldest_due;
	int64_t action_id;
	timestamp_t due_at, callback_at;
	int64_t broken;        /* promises broken in the last QUEUE_BROKEN_DAYS days */
	int broken_not_called; /* one broke and no call was logged since */
	int tier;              /* the best tier it could have */
	int64_t bound;         /* the best score it could have */
	int done;              /* examined (or not due) */
};

/* An account's netted balance (store_queue_balances), of one of the customers netted. */
struct balance_row {
	int64_t customer_id;
	char currency[4];
	int64_t balance;
	date_t oldest_due;
};

/* A row of the walk read ahead: its account as a candidate, and the best score any row from it on could have. */
struct walk_row {
	struct cand c;
	int64_t bound;
};

/*
 * The walk reads its rows a batch at a time (QUEUE_BATCH_FIRST rows, then
 * twice as many each batch, up to QUEUE_BATCH_MAX): a batch's customers
 * are netted together, and the rules are asked about the accounts due of
 * every batch read so far with one chunk (rules_ctx_chunk_load), instead of
 * one evaluation of five statements per account. Each row is then handled
 * exactly as if read alone; a walk that stops within a batch has netted at
 * most its rows after the stop besides.
 */
#define QUEUE_BATCH_FIRST 8
#define QUEUE_BATCH_MAX   64

struct callback_row {
	int64_t customer_id;
	char customer_ref[REF_MAX + 1];
	char contact_ref[REF_MAX + 1];
	char band[2];
	timestamp_t at;        /* the callback asked for; 0: a broken promise */
	int64_t broken;        /* a broken promise's row: how many broke lately */
	int broken_not_called; /* and no call was logged since the last */
};

struct queue {
	const struct app_ctx *ctx;
	const struct queue_options *o;
	struct queue_result *out;
	struct error *e;
	struct store_tx *tx;
	struct rules_ctx *rules;
	struct cand *cands;
	size_t n_cands, cap_cands;
	struct callback_row *cbs;
	size_t n_cbs, cap_cbs;
	const struct callback_row *cb_now; /* the callback whose balances are being read */
	/* its accounts placed with an agency or in special handling (holds): no call of ours */
	char held[8][4];
	size_t n_held;
	int held_all; /* every currency (special handling, or more placed currencies than held[] keeps) */
	struct rules_answer answer;
	int64_t band_customer; /* the customer of `band` (one read per customer, whatever its currencies) */
	int band;
	int64_t band_read;
	struct aging_config buckets;
	/* the walk by bound (one_collector) */
	struct queue_collector *qc;
	size_t first;     /* the collector's first item */
	int64_t *special; /* customers with a callback or a broken promise, sorted */
	size_t n_special, cap_special;
	struct balance_row *bals; /* the nets of the customers netted for this collector */
	size_t n_bals, cap_bals;
	int64_t *netted; /* those customers */
	size_t n_netted, cap_netted;
	struct walk_row *ahead; /* the walk's rows read and not handled yet */
	size_t n_ahead, cap_ahead;
	size_t ahead_next; /* the first of them not a candidate yet, while a batch is handled */
	size_t batch;      /* rows per batch now */
	int ahead_ok;      /* 0: one row at a time, one customer per chunk (SQLite: no round trip to save) */
	/* the contact rules' chunk: the customers of the accounts due known when it was loaded */
	struct rules_chunk *chunk;
	int64_t *chunk_ids; /* the customers asked for, sorted (those not found are in no chunk) */
	size_t n_chunk_ids, cap_chunk_ids;
	struct customer *chunk_customers; /* those found, by id */
	size_t n_chunk_customers, cap_chunk_customers;
	int64_t last_customer; /* the account of the last row of the walk */
	char last_currency[4];
	int err; /* an error met in a callback of the walk */
};

/* ---- the candidates ---- */

/* A waiting call's account as a candidate (its balance not netted yet). */
static void cand_of_call(const struct queue_row *r, struct cand *c)
{
	memset(c, 0, sizeof(*c));
	c->customer_id = r->customer_id;
	c->contact_id = r->contact_id;
	if (r->customer_ref) {
		c->named = 1;
		snprintf(c->customer_ref, sizeof(c->customer_ref), "%s", r->customer_ref);
		snprintf(c->contact_ref, sizeof(c->contact_ref), "%s", r->contact_ref ? r->contact_ref : "");
	}
	snprintf(c->currency, sizeof(c->currency), "%s", r->currency);
	snprintf(c->band, sizeof(c->band), "%s", r->risk_band ? r->risk_band : "");
	c->balance = r->balance;
	c->oldest_due = r->oldest_due;
	c->action_id = r->action_id;
	c->due_at = r->due_at;
}

static int push_call(struct queue *q, const struct queue_row *r)
{
	struct cand c;

	cand_of_call(r, &c);
	ARRAY_PUSH(q, cands, n_cands, cap_cands, c);
	return 0;
}

static int on_call(void *ctx, const struct queue_row *r)
{
	struct queue *q = ctx;

	/* rows by customer, currency, moment: the first of an account is its earliest waiting call */
	if (q->n_cands) {
		const struct cand *last = &q->cands[q->n_cands - 1];
		if (last->customer_id == r->customer_id && !strcmp(last->currency, r->currency))
			return 0;
	}
	return push_call(q, r);
}

static int on_callback(void *ctx, const struct queue_row *r)
{
	struct queue *q = ctx;
	struct callback_row c;

	memset(&c, 0, sizeof(c));
	c.customer_id = r->customer_id;
	snprintf(c.customer_ref, sizeof(c.customer_ref), "%s", r->customer_ref);
	snprintf(c.contact_ref, sizeof(c.contact_ref), "%s", r->contact_ref);
	snprintf(c.band, sizeof(c.band), "%s", r->risk_band ? r->risk_band : "");
	c.at = r->due_at;
	ARRAY_PUSH(q, cbs, n_cbs, cap_cbs, c);
	return 0;
}

/* A customer whose promise broke lately: a row beside the callbacks. */
static int on_broken(void *ctx, const struct promise_broken_row *r)
{
	struct queue *q = ctx;
	struct callback_row c;

	memset(&c, 0, sizeof(c));
	c.customer_id = r->customer_id;
	snprintf(c.customer_ref, sizeof(c.customer_ref), "%s", r->customer_ref);
	snprintf(c.contact_ref, sizeof(c.contact_ref), "%s", r->contact_ref);
	snprintf(c.band, sizeof(c.band), "%s", r->risk_band ? r->risk_band : "");
	c.broken = r->broken;
	c.broken_not_called = !r->called;
	ARRAY_PUSH(q, cbs, n_cbs, cap_cbs, c);
	return 0;
}

/*
 * A hold that takes the whole account out of our hands: placed with an agency (the agency
 * calls), or in special handling (bankruptcy, death). Placing or flagging cancels the account's
 * waiting calls; a callback asked before, or a promise broken since, has no waiting call to
 * cancel, so the queue looks at the holds itself before it offers one.
 */
static int on_hold(void *ctx, const struct hold *h)
{
	struct queue *q = ctx;

	if (h->invoice_id != 0 || (strcmp(h->kind, "placed") && strcmp(h->kind, "special")))
		return 0;
	if (!h->currency[0] || q->n_held == sizeof(q->held) / sizeof(*q->held))
		q->held_all = 1;
	else
		snprintf(q->held[q->n_held++], sizeof(*q->held), "%s", h->currency);
	return 0;
}

static int account_held(const struct queue *q, const char *currency)
{
	if (q->held_all)
		return 1;
	for (size_t i = 0; i < q->n_held; i++)
		if (!strcmp(q->held[i], currency))
			return 1;
	return 0;
}

/* A callback on a customer with no call due: an account per currency it owes overdue. */
static int on_balance(void *ctx, const char *currency, int64_t balance, date_t oldest_due)
{
	struct queue *q = ctx;
	const struct callback_row *cb = q->cb_now;
	struct cand c;

	if (account_held(q, currency))
		return 0;
	memset(&c, 0, sizeof(c));
	c.customer_id = cb->customer_id;
	c.named = 1;
	snprintf(c.customer_ref, sizeof(c.customer_ref), "%s", cb->customer_ref);
	snprintf(c.contact_ref, sizeof(c.contact_ref), "%s", cb->contact_ref);
	snprintf(c.currency, sizeof(c.currency), "%s", currency);
	snprintf(c.band, sizeof(c.band), "%s", cb->band);
	c.balance = balance;
	c.oldest_due = oldest_due;
	c.callback_at = cb->at;
	c.broken = cb->broken;
	c.broken_not_called = cb->broken_not_called;
	ARRAY_PUSH(q, cands, n_cands, cap_cands, c);
	return 0;
}

/* The callback nearer to now wins when a customer asked for two. */
static void note_callback(struct cand *c, timestamp_t at, timestamp_t now)
{
	int64_t d_new = at > now ? at - now : now - at;
	int64_t d_old = c->callback_at > now ? c->callback_at - now : now - c->callback_at;

	if (!c->callback_at || d_new < d_old)
		c->callback_at = at;
}

static int add_callbacks(struct queue *q)
{
	for (size_t i = 0; i < q->n_cbs; i++) {
		const struct callback_row *cb = &q->cbs[i];
		int found = 0, ret;
		for (size_t k = 0; k < q->n_cands; k++)
			if (q->cands[k].customer_id == cb->customer_id) {
				if (cb->at)
					note_callback(&q->cands[k], cb->at, q->ctx->now);
				if (cb->broken) {
					q->cands[k].broken = cb->broken;
					q->cands[k].broken_not_called = cb->broken_not_called;
				}
				found = 1;
			}
		/* a promise broken and called about since raises a call due, but is no call to make by itself */
		if (found || (!cb->at && !cb->broken_not_called))
			continue;
		q->cb_now = cb;
		q->n_held = 0;
		q->held_all = 0;
		ret = store_holds_each(q->tx, cb->customer_id, cb->customer_id, q->ctx->now, q->ctx->today, on_hold, q,
				       q->e);
		if (ret == 0)
			ret = store_queue_balances(q->tx, cb->customer_id, q->ctx->today, on_balance, q, q->e);
		if (ret != 0)
			return ret > 0 ? -ret : ret;
	}
	return 0;
}

/* ---- scoring ---- */

static int dpd_of(const struct queue *q, const struct cand *c)
{
	return c->oldest_due ? q->ctx->today - c->oldest_due : 0;
}

static void facts(const struct queue *q, const struct cand *c, int pay, const char *band, int callback,
		  struct queue_facts *out)
{
	struct queue_facts f = { 0 };

	f.balance = c->balance;
	f.exponent = currency_exponent(c->currency);
	f.currency = c->currency;
	f.pay_permille = pay;
	f.risk_band = band;
	f.dpd = dpd_of(q, c);
	f.broken_promises = (int)(c->broken < 1000 ? c->broken : 1000);
	f.broken_not_called = c->broken_not_called;
	f.callback_this_hour = callback;
	f.buckets = &q->buckets; /* the default, built once (queue_score would build it per call) */
	*out = f;
}

static void score(const struct queue *q, const struct cand *c, int pay, const char *band, int callback,
		  struct queue_score *out)
{
	struct queue_facts f;

	facts(q, c, pay, band, callback, &f);
	queue_score(&f, out);
}

static int by_bound(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->tier != y->tier)
		return x->tier > y->tier ? -1 : 1;
	if (x->bound != y->bound)
		return x->bound > y->bound ? -1 : 1;
	return x->customer_id < y->customer_id ? -1 : x->customer_id > y->customer_id;
}

/* Whether `at` falls in the hour of `now` on the debtor's clock (the verdict's zone; UTC when several). */
static int same_local_hour(const struct contact_verdict *v, timestamp_t at, timestamp_t now)
{
	const struct tz_zone *zone = NULL;
	struct tz_local a, n;

	if (!at)
		return 0;
	if (!v->zone[0] || tz_zone_get(v->zone, &zone, NULL) < 0)
		return at / 3600 == now / 3600;
	tz_local(zone, at, &a);
	tz_local(zone, now, &n);
	return a.date == n.date && a.minute / 60 == n.minute / 60;
}

static int on_facts(void *ctx, const struct risk_facts *f)
{
	struct queue *q = ctx;
	struct risk_result res;

	risk_assess(f, &res);
	q->band = (int)res.band;
	q->band_read = 1;
	return 0;
}

/* The band assign recorded with the account, else counted from the customer's history now. */
static int band_of(struct queue *q, const struct cand *c)
{
	int64_t customer_id = c->customer_id;
	enum risk_band b;
	int ret;

	if (q->band_customer == customer_id)
		return 0;
	if (risk_band_parse(c->band, &b) == 0) {
		q->band = (int)b;
		q->band_customer = customer_id;
		return 0;
	}
	q->band_read = 0;
	ret = store_risk_facts(q->tx, q->ctx->today, customer_id, customer_id, on_facts, q, q->e);
	if (ret != 0)
		return ret > 0 ? -ret : ret;
	if (!q->band_read)
		q->band = RISK_C;
	q->band_customer = customer_id;
	return 0;
}

/* 1 when `a` goes before `b`: tier, then score, then customer ref, then currency (docs/queue.md). */
static int ranks_before(const struct queue_item *a, const struct queue_item *b)
{
	int by_ref;

	if (a->tier != b->tier)
		return a->tier > b->tier;
	if (a->score != b->score)
		return a->score > b->score;
	by_ref = strcmp(a->customer_ref, b->customer_ref);
	if (by_ref)
		return by_ref < 0;
	return strcmp(a->currency, b->currency) < 0;
}

/* The items of this collector so far: [first, n_items), best first; inserts keeping that order. */
static int insert(struct queue *q, size_t first, int limit, const struct queue_item *it)
{
	struct queue_result *r = q->out;
	size_t i = r->n_items;

	while (i > first && ranks_before(it, &r->items[i - 1]))
		i--;
	if (i - first >= (size_t)limit)
		return 0;
	if (r->n_items - first >= (size_t)limit)
		r->n_items--; /* the last one falls off */
	if (array_grow(&r->items, &r->cap_items, r->n_items, sizeof(*r->items)) < 0)
		return error_set(q->e, ERR_ENV, "out of memory");
	memmove(&r->items[i + 1], &r->items[i], (r->n_items - i) * sizeof(*r->items));
	r->items[i] = *it;
	r->n_items++;
	return 0;
}

static void describe(const struct queue *q, const struct cand *c, struct queue_item *it)
{
	char ts[TIMESTAMP_TEXT_MAX];

	(void)q;
	if (it->n_reasons >= QUEUE_REASONS_MAX)
		return;
	if (c->action_id)
		snprintf(it->reasons[it->n_reasons++], QUEUE_REASON_MAX, "call of the daily run due since %s",
			 timestamp_format(c->due_at, ts, sizeof(ts)));
	else if (!it->callback_at)
		snprintf(it->reasons[it->n_reasons++], QUEUE_REASON_MAX, "broken promise: no call due, called for it");
	else
		snprintf(it->reasons[it->n_reasons++], QUEUE_REASON_MAX, "callback asked for %s",
			 timestamp_format(c->callback_at, ts, sizeof(ts)));
}

/* Reads the refs of a waiting call's account (1); 0 when its customer is gone (not offered). */
static int name(struct queue *q, struct cand *c)
{
	int ret;

	if (c->named)
		return 1;
	ret = store_queue_refs(q->tx, c->customer_id, c->contact_id, c->customer_ref, c->contact_ref, q->e);
	if (ret < 0)
		return ret;
	c->named = 1;
	return ret;
}

/* ---- the rules asked per chunk ---- */

/* The net of an account of a customer netted (1), 0 when that customer was not netted yet. */
static int net_find(const struct queue *q, int64_t customer_id, const char *currency, int64_t *balance,
		    date_t *oldest_due)
{
	int netted = 0;

	for (size_t i = 0; i < q->n_netted && !netted; i++)
		netted = q->netted[i] == customer_id;
	*balance = 0;
	*oldest_due = 0;
	for (size_t i = 0; i < q->n_bals; i++)
		if (q->bals[i].customer_id == customer_id && !strcmp(q->bals[i].currency, currency)) {
			*balance = q->bals[i].balance;
			*oldest_due = q->bals[i].oldest_due;
		}
	return netted;
}

static int find_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return 1;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* A customer of the chunk, in id order (a customer gone is in no chunk: name() finds it gone). */
static int add_chunk_customer(void *ctx, const struct customer *cu)
{
	struct queue *q = ctx;

	if (array_grow(&q->chunk_customers, &q->cap_chunk_customers, q->n_chunk_customers,
		       sizeof(*q->chunk_customers)) < 0)
		return error_set(q->e, ERR_ENV, "out of memory");
	q->chunk_customers[q->n_chunk_customers++] = *cu;
	return 0;
}

/*
 * Loads the chunk of the customers of every account that may be asked
 * about from now on: `c`'s, the candidates not examined yet, and the rows
 * read ahead that are due (netted, owing).
 */
static int load_chunk(struct queue *q, const struct cand *c)
{
	size_t n = 0;
	int ret;

	q->n_chunk_ids = 0;
	q->n_chunk_customers = 0;
	ARRAY_PUSH(q, chunk_ids, n_chunk_ids, cap_chunk_ids, c->customer_id);
	for (size_t i = 0; i < q->n_cands && q->ahead_ok; i++)
		if (!q->cands[i].done)
			ARRAY_PUSH(q, chunk_ids, n_chunk_ids, cap_chunk_ids, q->cands[i].customer_id);
	for (size_t i = q->ahead_next; i < q->n_ahead && q->ahead_ok; i++) {
		const struct cand *w = &q->ahead[i].c;
		int64_t balance;
		date_t oldest;
		if (net_find(q, w->customer_id, w->currency, &balance, &oldest) && balance > 0 && oldest)
			ARRAY_PUSH(q, chunk_ids, n_chunk_ids, cap_chunk_ids, w->customer_id);
	}
	n = array_sort_unique_int64(q->chunk_ids, q->n_chunk_ids);
	q->n_chunk_ids = n;
	/* in one statement (the run's), not one per customer: on PostgreSQL each was a round trip */
	ret = store_run_customers_by_id(q->tx, q->chunk_ids, n, add_chunk_customer, q, q->e);
	if (ret < 0)
		return ret;
	ret = rules_ctx_chunk_load(q->rules, q->tx, q->chunk_customers, q->n_chunk_customers, q->ctx->now, &q->chunk,
				   q->e);
	if (ret < 0)
		return ret;
	/* their open debts too, in one statement: a read per account asked about was a round trip each */
	return rules_chunk_load_debts(q->chunk, q->tx, q->e);
}

static const struct customer *chunk_customer(const struct queue *q, int64_t id)
{
	size_t lo = 0, hi = q->n_chunk_customers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (q->chunk_customers[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < q->n_chunk_customers && q->chunk_customers[lo].id == id ? &q->chunk_customers[lo] : NULL;
}

/*
 * Asks the rules about a candidate's call through the chunk: exactly what
 * rules_ctx_evaluate() answers for its contact at now about every open
 * debt of the customer (app/rules_ctx.h). 1 when the chunk cannot answer
 * it (its customer gone, its contact not one of the customer's): the
 * caller asks rules_ctx_evaluate(), which knows what to say of those.
 */
static int ask_chunk(struct queue *q, struct cand *c)
{
	struct rules_chunk_question qq = { 0 };
	const struct customer *cu;
	const struct contact *ks = NULL, *k = NULL;
	const int64_t *ids = NULL;
	size_t n_ids, n_ks;
	int ret;

	if (!find_id(q->chunk_ids, q->n_chunk_ids, c->customer_id)) {
		ret = load_chunk(q, c);
		if (ret < 0)
			return ret;
	}
	cu = chunk_customer(q, c->customer_id);
	if (!cu)
		return 1;
	n_ks = rules_chunk_contacts(q->chunk, cu->id, &ks);
	for (size_t i = 0; i < n_ks && !k; i++)
		if (c->contact_id ? ks[i].id == c->contact_id : c->named && !strcmp(ks[i].ref, c->contact_ref))
			k = &ks[i];
	if (!k || (c->named && (strcmp(cu->ref, c->customer_ref) || strcmp(k->ref, c->contact_ref))))
		return 1;
	if (!c->named) {
		snprintf(c->customer_ref, sizeof(c->customer_ref), "%s", cu->ref);
		snprintf(c->contact_ref, sizeof(c->contact_ref), "%s", k->ref);
		c->named = 1;
	}
	n_ids = rules_chunk_debts(q->chunk, cu->id, &ids);
	qq.customer_id = cu->id;
	qq.contact_id = k->id;
	qq.invoice_ids = ids;
	qq.n_invoices = n_ids;
	qq.channel = CHANNEL_CALL;
	qq.at = q->ctx->now;
	return rules_ctx_chunk_ask(q->rules, q->chunk, &qq, &q->answer, q->e);
}

/* Asks the rules and scores one candidate; an allowed one goes into the list. */
static int consider(struct queue *q, struct queue_collector *qc, struct cand *c, size_t first)
{
	struct rules_request rq = { 0 };
	struct queue_score s;
	struct queue_item it;
	int ret, callback;

	ret = ask_chunk(q, c);
	if (ret == 1) {
		ret = name(q, c);
		if (ret <= 0)
			return ret;
		rq.contact_ref = c->contact_ref;
		rq.channel = CHANNEL_CALL;
		rq.at = q->ctx->now;
		ret = rules_ctx_evaluate(q->rules, q->tx, &rq, &q->answer, q->e);
	}
	if (ret == -ERR_ENV)
		return ret;
	qc->asked++;
	if (ret == -ERR_INPUT) {
		/* cannot be judged (no profile, an unknown zone): never offered */
		*q->e = (struct error)ERROR_INIT;
		qc->refused++;
		return 0;
	}
	if (ret < 0)
		return ret;
	callback = same_local_hour(&q->answer.verdict, c->callback_at, q->ctx->now);
	if (!q->answer.verdict.allowed || (!c->action_id && !callback && !c->broken_not_called)) {
		qc->refused += !q->answer.verdict.allowed;
		return 0;
	}
	ret = band_of(q, c);
	if (ret < 0)
		return ret;
	score(q, c, risk_band_pay_permille((enum risk_band)q->band), risk_band_name((enum risk_band)q->band), callback,
	      &s);
	memset(&it, 0, sizeof(it));
	snprintf(it.collector, sizeof(it.collector), "%s", qc->name);
	snprintf(it.customer_ref, sizeof(it.customer_ref), "%s", c->customer_ref);
	snprintf(it.contact_ref, sizeof(it.contact_ref), "%s", c->contact_ref);
	snprintf(it.currency, sizeof(it.currency), "%s", c->currency);
	snprintf(it.risk_band, sizeof(it.risk_band), "%s", risk_band_name((enum risk_band)q->band));
	snprintf(it.local_time, sizeof(it.local_time), "%s", q->answer.verdict.local_time);
	/* the rules read the contact's customer: its name, when it is the account's (name_items reads the others) */
	if (!strcmp(q->answer.customer.ref, c->customer_ref))
		snprintf(it.name, sizeof(it.name), "%s", q->answer.customer.name);
	it.balance = c->balance;
	it.exponent = currency_exponent(c->currency);
	it.dpd = dpd_of(q, c);
	it.tier = s.tier;
	it.score = s.score;
	it.n_reasons = s.n_reasons;
	memcpy(it.reasons, s.reasons, sizeof(it.reasons));
	it.action_id = c->action_id;
	it.due_at = c->action_id ? c->due_at : 0;
	it.callback_at = callback ? c->callback_at : 0;
	describe(q, c, &it);
	if (!q->out->steady_until || q->answer.verdict.steady_until < q->out->steady_until)
		q->out->steady_until = q->answer.verdict.steady_until;
	return insert(q, first, qc->limit, &it);
}

/*
 * The customers' names of the rows listed that the rules' answer did not
 * give, read once the list is final: a point read per such row, none per
 * candidate examined or displaced.
 */
static int name_items(struct queue *q, size_t first)
{
	struct customer cu;

	for (size_t i = first; i < q->out->n_items; i++) {
		struct queue_item *it = &q->out->items[i];
		int ret;
		if (it->name[0])
			continue;
		ret = store_customer_get(q->tx, it->customer_ref, &cu, NULL, q->e);
		if (ret < 0)
			return ret;
		snprintf(it->name, sizeof(it->name), "%s", ret > 0 ? cu.name : "");
	}
	return 0;
}

/* ---- the walk by bound ---- */

static int on_net(void *ctx, int64_t customer_id, const char *currency, int64_t balance, date_t oldest_due)
{
	struct queue *q = ctx;
	struct balance_row b;

	memset(&b, 0, sizeof(b));
	b.customer_id = customer_id;
	snprintf(b.currency, sizeof(b.currency), "%s", currency);
	b.balance = balance;
	b.oldest_due = oldest_due;
	ARRAY_PUSH(q, bals, n_bals, cap_bals, b);
	return 0;
}

/* Nets the customers not netted yet of these (their accounts in every currency), in one store call. */
static int net_customers(struct queue *q, const int64_t *ids, size_t n)
{
	size_t first = q->n_netted, k = first;
	int64_t balance;
	date_t oldest;
	int ret;

	for (size_t i = 0; i < n; i++)
		if (!net_find(q, ids[i], "", &balance, &oldest))
			ARRAY_PUSH(q, netted, n_netted, cap_netted, ids[i]);
	if (q->n_netted == first)
		return 0;
	/* the new ones in order, once each, as the store wants them */
	k = first + array_sort_unique_int64(q->netted + first, q->n_netted - first);
	q->n_netted = k;
	ret = store_queue_balances_of(q->tx, q->netted + first, k - first, q->ctx->today, on_net, q, q->e);
	if (ret != 0) {
		q->n_netted = first; /* not netted after all */
		return ret > 0 ? -ret : ret;
	}
	return 0;
}

/* The account's overdue balance netted and its oldest overdue due date (0, 0: nothing overdue). */
static int net(struct queue *q, struct cand *c)
{
	int ret;

	if (!net_find(q, c->customer_id, c->currency, &c->balance, &c->oldest_due)) {
		ret = net_customers(q, &c->customer_id, 1);
		if (ret < 0)
			return ret;
		net_find(q, c->customer_id, c->currency, &c->balance, &c->oldest_due);
	}
	return 0;
}

/* The best tier and score a netted candidate could have (its band unknown: the best band's chance); -1 not due. */
static void best_of(struct queue *q, struct cand *c)
{
	struct queue_facts f;
	enum risk_band band;

	if (c->balance <= 0 || !c->oldest_due) {
		c->bound = -1;
		c->done = 1;
		return;
	}
	q->qc->candidates++;
	/* band_of takes the assignment's band as it is; only an unknown one may turn out best */
	if (risk_band_parse(c->band, &band) < 0)
		band = RISK_A;
	facts(q, c, risk_band_pay_permille(band), "", c->callback_at != 0, &f);
	queue_score_value(&f, &c->tier, &c->bound);
}

/* base * permille / 1000, saturating: as core/queue_score.c raises a score. */
static int64_t raised(int64_t base, int permille)
{
	__int128 r = (__int128)base * permille / 1000;

	return r > INT64_MAX ? INT64_MAX : (int64_t)r;
}

/*
 * The best score of an account whose assignment's bound is `bound` (its
 * balance at most, times its band's chance of payment: store/assignments.h)
 * and that has no callback nor broken promise (those are examined before
 * the walk): raised at most for an aging bucket near.
 */
static int64_t score_bound(int64_t bound)
{
	if (bound == ASSIGNMENT_BOUND_UNKNOWN)
		return INT64_MAX;
	return raised(bound, QUEUE_RAISE_BUCKET);
}

/* 1 when the list is full and its last row goes before any candidate of tier `tier` and score `bound`. */
static int full_above(const struct queue *q, int tier, int64_t bound)
{
	const struct queue_result *r = q->out;
	const struct queue_item *last;

	if (r->n_items - q->first < (size_t)q->qc->limit)
		return 0;
	last = &r->items[r->n_items - 1];
	return last->tier > tier || (last->tier == tier && last->score > bound);
}

/*
 * Examines the netted candidates not examined yet, best first, while the
 * best of them could rank at or above (tier, bound): the rows the walk has
 * not read yet can do no better than that.
 */
static int examine(struct queue *q, int tier, int64_t bound)
{
	for (;;) {
		struct cand *best = NULL;
		int ret;
		for (size_t i = 0; i < q->n_cands; i++) {
			struct cand *c = &q->cands[i];
			if (!c->done && (!best || by_bound(c, best) < 0))
				best = c;
		}
		if (!best || best->tier < tier || (best->tier == tier && best->bound < bound))
			return 0;
		/* full, and not even its best could beat the last row: nor can the rest */
		if (full_above(q, best->tier, best->bound))
			return 0;
		best->done = 1;
		ret = consider(q, q->qc, best, q->first);
		if (ret < 0)
			return ret;
	}
}

static int is_special(const struct queue *q, int64_t customer_id)
{
	size_t lo = 0, hi = q->n_special;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (q->special[mid] == customer_id)
			return 1;
		if (q->special[mid] < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * Handles the rows read ahead, in order, each as if read alone: netted
 * first, all at once. 1 when the walk is to stop (no account left could
 * enter the list, or an error, in q->err).
 */
static int walk_batch(struct queue *q)
{
	int64_t *ids = NULL;
	int ret = 0, stop = 0;

	if (q->n_ahead) {
		ids = malloc(q->n_ahead * sizeof(*ids));
		if (!ids)
			ret = error_set(q->e, ERR_ENV, "out of memory");
	}
	for (size_t i = 0; i < q->n_ahead && ret == 0; i++)
		ids[i] = q->ahead[i].c.customer_id;
	if (ret == 0)
		ret = net_customers(q, ids, q->n_ahead);
	free(ids);
	for (size_t i = 0; i < q->n_ahead && ret == 0; i++) {
		const struct walk_row *w = &q->ahead[i];
		/*
		 * row i is not a candidate yet while the rows before it are
		 * examined: a chunk loaded then must hold its customer too, or
		 * the row's own examination loads another: a chunk per row,
		 * 8.2 a queue instead of 2 at 20,000 customers on PostgreSQL
		 */
		q->ahead_next = i;
		/* what was read could do at least as well as this row and all after it: examined first */
		ret = examine(q, 0, w->bound);
		if (ret == 0 && full_above(q, 0, w->bound)) {
			stop = 1; /* no account left could enter the list */
			break;
		}
		if (ret == 0 && array_grow(&q->cands, &q->cap_cands, q->n_cands, sizeof(*q->cands)) < 0)
			ret = error_set(q->e, ERR_ENV, "out of memory");
		if (ret == 0) {
			q->cands[q->n_cands++] = w->c;
			ret = net(q, &q->cands[q->n_cands - 1]);
		}
		if (ret == 0)
			best_of(q, &q->cands[q->n_cands - 1]);
	}
	q->n_ahead = 0;
	q->ahead_next = 0;
	if (q->batch < QUEUE_BATCH_MAX && q->ahead_ok)
		q->batch *= 2;
	if (ret < 0) {
		q->err = ret;
		return 1;
	}
	return stop;
}

/* A row of the walk: the accounts of the customers best bound first, read a batch at a time. */
static int on_walk(void *ctx, const struct queue_row *r)
{
	struct queue *q = ctx;
	struct walk_row w;

	if (is_special(q, r->customer_id))
		return 0;
	/* rows by bound, customer, currency, moment: the first of an account is its earliest waiting call */
	if (q->last_customer == r->customer_id && !strcmp(q->last_currency, r->currency))
		return 0;
	q->last_customer = r->customer_id;
	snprintf(q->last_currency, sizeof(q->last_currency), "%s", r->currency);
	cand_of_call(r, &w.c);
	w.bound = score_bound(r->bound);
	if (array_grow(&q->ahead, &q->cap_ahead, q->n_ahead, sizeof(*q->ahead)) < 0) {
		q->err = error_set(q->e, ERR_ENV, "out of memory");
		return 1;
	}
	q->ahead[q->n_ahead++] = w;
	return q->n_ahead < q->batch ? 0 : walk_batch(q);
}

/*
 * The customers with a callback near or a promise broken lately: their
 * calls due, read whole and netted (the raises and tiers they may have
 * are beyond the walk's bound), then their callbacks as add_callbacks
 * adds them.
 */
static int special_customers(struct queue *q)
{
	size_t n = 0;
	int ret = 0;

	q->n_special = 0;
	for (size_t i = 0; i < q->n_cbs; i++)
		ARRAY_PUSH(q, special, n_special, cap_special, q->cbs[i].customer_id);
	if (q->n_special)
		qsort(q->special, q->n_special, sizeof(*q->special), array_cmp_int64);
	for (size_t i = 0; i < q->n_special; i++)
		if (!n || q->special[n - 1] != q->special[i])
			q->special[n++] = q->special[i];
	q->n_special = n;
	for (size_t i = 0; i < q->n_special && ret == 0; i++) {
		size_t from = q->n_cands;
		ret = store_queue_calls_of(q->tx, q->special[i], q->ctx->now, on_call, q, q->e);
		if (ret > 0)
			ret = -ret;
		for (size_t k = from; k < q->n_cands && ret == 0; k++)
			ret = net(q, &q->cands[k]);
	}
	if (ret == 0)
		ret = add_callbacks(q);
	return ret;
}

static int one_collector(struct queue *q, const struct user *u)
{
	struct queue_result *r = q->out;
	struct queue_collector qc;
	size_t first = r->n_items;
	timestamp_t now = q->ctx->now, day = (timestamp_t)q->ctx->today * 86400;
	int ret;

	memset(&qc, 0, sizeof(qc));
	snprintf(qc.name, sizeof(qc.name), "%s", u->name);
	qc.capacity = u->capacity;
	q->qc = &qc;
	q->first = first;
	q->err = 0;
	q->last_customer = -1;
	ret = store_queue_calls_logged(q->tx, u->name, day, day + 86400, &qc.logged_today, q->e);
	if (ret < 0)
		return ret;
	if (q->o->limit >= 0)
		qc.limit = q->o->limit;
	else
		qc.limit = (int)(qc.capacity > qc.logged_today ? qc.capacity - qc.logged_today : 0);
	q->n_cands = q->n_cbs = 0;
	q->n_bals = q->n_netted = q->n_ahead = q->ahead_next = 0;
	q->n_chunk_ids = q->n_chunk_customers = 0;
	q->batch = q->ahead_ok ? QUEUE_BATCH_FIRST : 1;
	if (qc.limit > 0) {
		ret = store_queue_callbacks_each(q->tx, u->id, now - QUEUE_HOUR, now + QUEUE_HOUR, q->ctx->today,
						 on_callback, q, q->e);
		if (ret > 0)
			ret = -ret;
		if (ret == 0)
			ret = store_promises_broken_each(q->tx, u->id, q->ctx->today - QUEUE_BROKEN_DAYS, q->ctx->today,
							 on_broken, q, q->e);
		if (ret > 0)
			ret = -ret;
		if (ret == 0)
			ret = special_customers(q);
		for (size_t i = 0; i < q->n_cands && ret == 0; i++)
			best_of(q, &q->cands[i]);
		/* then the others, best bound first, until none left could enter the list */
		if (ret == 0)
			ret = store_queue_calls_by_bound(q->tx, u->id, now, on_walk, q, q->e);
		/* the walk read to its end: the rows of its last batch */
		if (ret == 0 && walk_batch(q))
			ret = q->err;
		if (ret > 0)
			ret = q->err;
		if (ret == 0)
			ret = examine(q, -1, -1);
	}
	if (ret == 0)
		ret = name_items(q, first);
	if (ret < 0)
		return ret;
	if (array_grow(&r->collectors, &r->cap_collectors, r->n_collectors, sizeof(*r->collectors)) < 0)
		return error_set(q->e, ERR_ENV, "out of memory");
	r->collectors[r->n_collectors++] = qc;
	return 0;
}

struct users {
	struct user *list;
	size_t n, cap;
};

static int on_user(void *ctx, const struct user *u)
{
	struct users *us = ctx;

	if (u->disabled || strcmp(u->role, "collector"))
		return 0;
	if (array_grow(&us->list, &us->cap, us->n, sizeof(*us->list)) < 0)
		return 1; /* out of memory */
	us->list[us->n++] = *u;
	return 0;
}

/* The collector named, checked; or the acting user when it is a collector (1), else 0 (every collector). */
static int named_collector(struct queue *q, struct user *u)
{
	const char *name = q->o->collector;
	int ret;

	if (!name) {
		ret = store_user_get(q->tx, q->ctx->actor ? q->ctx->actor : "", u, q->e);
		return ret == 1 && !u->disabled && !strcmp(u->role, "collector") ? 1 : ret < 0 ? ret : 0;
	}
	ret = store_user_get(q->tx, name, u, q->e);
	if (ret == 0)
		return error_set_field(q->e, ERR_NOT_FOUND, "collector", "unknown user '%s'", name);
	if (ret < 0)
		return ret;
	if (strcmp(u->role, "collector"))
		return error_set_field(q->e, ERR_INPUT, "collector", "user '%s' is a %s, not a collector", name,
				       u->role);
	if (u->disabled)
		return error_set_field(q->e, ERR_INPUT, "collector", "user '%s' is disabled", name);
	return 1;
}

static int list(struct queue *q)
{
	struct users us = { 0 };
	struct user u;
	int ret = named_collector(q, &u);

	if (ret == 1)
		return one_collector(q, &u);
	if (ret < 0 || q->o->own_only)
		return ret;
	q->out->every = 1;
	ret = store_users_each(q->tx, on_user, &us, q->e);
	if (ret > 0)
		ret = error_set(q->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < us.n && ret == 0; i++)
		ret = one_collector(q, &us.list[i]);
	free(us.list);
	return ret;
}

int queue_list(const struct app_ctx *ctx, const struct queue_options *o, struct queue_result *out, struct error *e)
{
	struct queue q = { 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	out->now = ctx->now;
	if (app_check_rules_moment("now", ctx->now, e) < 0)
		return -ERR_INPUT;
	q.ctx = ctx;
	q.o = o;
	q.out = out;
	q.e = e;
	q.band_customer = -1;
	/*
	 * SQLite answers a lookup in the process, no round trip: reading rows
	 * ahead would only net and read customers the walk may never reach
	 * (at 1,000,000 customers it stops within its first rows).
	 */
	q.ahead_ok = strcmp(store_backend_name(ctx->store), "sqlite") != 0;
	aging_config_default(&q.buckets);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &q.tx, e);
	if (ret == 0)
		ret = rules_ctx_load(q.tx, &q.rules, e);
	if (ret == 0)
		ret = list(&q);
	rules_ctx_free(q.rules);
	store_tx_free(q.tx);
	free(q.cands);
	free(q.cbs);
	free(q.special);
	free(q.bals);
	free(q.netted);
	free(q.ahead);
	free(q.chunk_ids);
	free(q.chunk_customers);
	rules_chunk_free(q.chunk);
	if (ret < 0)
		queue_result_release(out);
	return ret;
}

int queue_data_stamp(const struct app_ctx *ctx, uint64_t *domain, char *out, size_t size, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_data_stamp(tx, domain, out, size, e);
	if (ret >= 0) {
		int c = store_tx_commit(tx, e);
		if (c < 0)
			ret = c;
	}
	store_tx_free(tx);
	return ret;
}

void queue_result_release(struct queue_result *r)
{
	free(r->items);
	free(r->collectors);
	r->items = NULL;
	r->collectors = NULL;
	r->n_items = r->cap_items = r->n_collectors = r->cap_collectors = 0;
}

json_t *queue_item_json(const struct queue_item *it)
{
	json_t *o = json_object(), *reasons = json_array();
	char amount[MONEY_TEXT_MAX], ts[TIMESTAMP_TEXT_MAX];

	for (size_t i = 0; i < it->n_reasons; i++)
		json_array_append_new(reasons, json_string(it->reasons[i]));
	json_object_set_new(o, "collector", json_string(it->collector));
	json_object_set_new(o, "customer_ref", json_string(it->customer_ref));
	json_object_set_new(o, "contact_ref", json_string(it->contact_ref));
	json_object_set_new(o, "name", json_string(it->name));
	json_object_set_new(o, "score", json_integer(it->score));
	json_object_set_new(o, "reasons", reasons);
	json_object_set_new(o, "local_time", json_string(it->local_time));
	json_object_set_new(o, "balance", json_string(money_format(it->balance, it->exponent, amount, sizeof(amount))));
	json_object_set_new(o, "currency", json_string(it->currency));
	json_object_set_new(o, "dpd", json_integer(it->dpd));
	json_object_set_new(o, "risk_band", json_string(it->risk_band));
	json_object_set_new(o, "action_id", it->action_id ? json_integer(it->action_id) : json_null());
	/* an item with an action has its moment, 1970-01-01T00:00:00Z (0) too; one without has none */
	json_object_set_new(o, "due_at",
			    it->action_id ? json_string(timestamp_format(it->due_at, ts, sizeof(ts))) : json_null());
	json_object_set_new(o, "callback_at",
			    it->callback_at ? json_string(timestamp_format(it->callback_at, ts, sizeof(ts)))
					    : json_null());
	return o;
}

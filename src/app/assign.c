/*
 * assign.c: see assign.h.
 *
 * Two passes. The walk (a transaction per chunk of customers): per
 * customer, whether it is overdue as of the date, whether its collector
 * still works; keeps, releases (written with the chunk) and notes the new
 * ones with their team. Then the placing: each new account to the least
 * loaded collector of its team (else of the pool), written in chunks.
 */
#include "app/assign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/day_charges.h"
#include "app/run.h"
#include "app/strategies.h"
#include "core/array.h"
#include "core/money.h"
#include "core/risk.h"
#include "store/actions.h"
#include "store/assignments.h"
#include "store/parties.h"
#include "store/risk.h"

/* Assignments written per store call, and per write transaction. */
#define ASSIGN_PUT_ROWS 512
#define ASSIGN_TX_ROWS  8192
/* Bands wanted in a chunk from which they are counted over its whole range rather than one by one. */
#define ASSIGN_BANDS_RANGE 32

/* A store iteration's result: a callback's stop value may be positive. */
static int iteration(int ret)
{
	return ret > 0 ? -ret : ret;
}

/* A customer to place: its team slot (index into the teams, -1: the pool). */
struct fresh {
	int64_t customer_id;
	int32_t team;
	int16_t reassigned;
	char band[2];
};

struct inv_row {
	int64_t customer_id;
	char currency[4];
	date_t due;
	int64_t balance;
	char product[PRODUCT_MAX + 1]; /* a segment may name products */
};

struct credit_row {
	int64_t customer_id;
	char currency[4];
	int64_t amount;
};

/* The latest recorded action of a customer (its strategy is the one the run chose). */
struct latest_row {
	int64_t customer_id, action_id;
	char strategy[ACTION_NAME_MAX + 1];
};

struct band_row {
	int64_t customer_id;
	int band;
};

/* A customer's queue bound (store/assignments.h), as stored and as counted now. */
struct bound_row {
	int64_t customer_id;
	int64_t old, old_scale, old_pay;
	char old_currency[4]; /* "" NULL */
	int64_t bound, scale, pay;
	char currency[4]; /* "" several or none */
	int currencies;
};

struct assign {
	const struct app_ctx *ctx;
	const struct assign_options *o;
	struct assign_summary *sum;
	struct error *e;
	struct store_tx *tx;
	struct strategies_set set;
	size_t cap_collectors;
	int need_risk;
	int chunk_bands;       /* the chunk's bands were counted */
	const char **products; /* scratch: an account's open invoices' products */
	size_t cap_products;
	int64_t *wanted; /* the chunk's customers whose band is wanted */
	size_t n_wanted, cap_wanted;
	int later;
	/* the distinct teams of the collectors who work */
	char (*teams)[USER_TEAM_MAX + 1];
	size_t n_teams, cap_teams;

	/* the chunk */
	struct customer *customers;
	size_t n_customers, cap_customers;
	struct inv_row *invs;
	size_t n_invs, cap_invs;
	struct credit_row *credits;
	size_t n_credits, cap_credits;
	struct day_charges day_chg; /* the tenant's fees and interest dated as_of, which the pick leaves out */
	struct latest_row *latest;
	size_t n_latest, cap_latest;
	struct assignment *held;
	size_t n_held, cap_held;
	struct band_row *bands;
	size_t n_bands, cap_bands;
	int64_t *released;
	size_t n_released, cap_released;
	struct assignment *refresh; /* kept, with a band that changed */
	size_t n_refresh, cap_refresh;

	struct fresh *fresh;
	size_t n_fresh, cap_fresh;
	struct bound_row *bounds;
	size_t n_bounds, cap_bounds;
};

/* ---- the users ---- */

static int on_user(void *ctx, const struct user *u)
{
	struct assign *a = ctx;
	struct assign_summary *s = a->sum;
	struct assign_collector c;

	memset(&c, 0, sizeof(c));
	c.id = u->id;
	snprintf(c.name, sizeof(c.name), "%s", u->name);
	snprintf(c.team, sizeof(c.team), "%s", u->team);
	c.capacity = u->capacity;
	c.works = !u->disabled && !strcmp(u->role, "collector");
	if (array_grow(&s->collectors, &a->cap_collectors, s->n_collectors, sizeof(*s->collectors)) < 0)
		return error_set(a->e, ERR_ENV, "out of memory");
	s->collectors[s->n_collectors++] = c;
	return 0;
}

/* The user of an id (users are few: a scan), or NULL. */
static struct assign_collector *user_of(const struct assign *a, int64_t id)
{
	for (size_t i = 0; i < a->sum->n_collectors; i++)
		if (a->sum->collectors[i].id == id)
			return &a->sum->collectors[i];
	return NULL;
}

static int team_slot(const struct assign *a, const char *strategy)
{
	for (size_t i = 0; i < a->n_teams; i++)
		if (!strcmp(a->teams[i], strategy))
			return (int)i;
	return -1;
}

static int note_teams(struct assign *a)
{
	for (size_t i = 0; i < a->sum->n_collectors; i++) {
		const struct assign_collector *c = &a->sum->collectors[i];
		if (!c->works || !c->team[0] || team_slot(a, c->team) >= 0)
			continue;
		if (array_grow(&a->teams, &a->cap_teams, a->n_teams, sizeof(*a->teams)) < 0)
			return error_set(a->e, ERR_ENV, "out of memory");
		snprintf(a->teams[a->n_teams++], sizeof(a->teams[0]), "%s", c->team);
	}
	return 0;
}

/* ---- reading a chunk ---- */

static int on_customer(void *ctx, const struct customer *c)
{
	struct assign *a = ctx;
	ARRAY_PUSH(a, customers, n_customers, cap_customers, *c);
	return 0;
}

static int on_invoice(void *ctx, const struct run_invoice *inv)
{
	struct assign *a = ctx;
	struct inv_row row = { inv->customer_id, { 0 }, inv->due_date, inv->balance, { 0 } };
	snprintf(row.currency, sizeof(row.currency), "%s", inv->currency);
	snprintf(row.product, sizeof(row.product), "%s", inv->product ? inv->product : "");
	ARRAY_PUSH(a, invs, n_invs, cap_invs, row);
	return 0;
}

static int on_credit(void *ctx, int64_t customer_id, const char *currency, int64_t amount)
{
	struct assign *a = ctx;
	struct credit_row row = { customer_id, { 0 }, amount };
	snprintf(row.currency, sizeof(row.currency), "%s", currency);
	ARRAY_PUSH(a, credits, n_credits, cap_credits, row);
	return 0;
}

static int on_recorded(void *ctx, const struct run_recorded *rec)
{
	struct assign *a = ctx;
	struct latest_row row = { rec->customer_id, rec->action_id, { 0 } };

	/* rows come by customer: keep the one of the highest action id */
	if (a->n_latest && a->latest[a->n_latest - 1].customer_id == rec->customer_id) {
		struct latest_row *l = &a->latest[a->n_latest - 1];
		if (rec->action_id > l->action_id) {
			l->action_id = rec->action_id;
			snprintf(l->strategy, sizeof(l->strategy), "%s", rec->strategy);
		}
		return 0;
	}
	snprintf(row.strategy, sizeof(row.strategy), "%s", rec->strategy);
	ARRAY_PUSH(a, latest, n_latest, cap_latest, row);
	return 0;
}

static int on_held(void *ctx, const struct assignment *as)
{
	struct assign *a = ctx;
	ARRAY_PUSH(a, held, n_held, cap_held, *as);
	return 0;
}

static int on_risk(void *ctx, const struct risk_facts *f)
{
	struct assign *a = ctx;
	struct risk_result res;
	struct band_row b;

	risk_assess(f, &res);
	b.customer_id = f->customer_id;
	b.band = (int)res.band;
	ARRAY_PUSH(a, bands, n_bands, cap_bands, b);
	return 0;
}

/* Where the rows of customer `id` start and end in a customer-ordered array (walked once, in order). */
#define SLICE(arr, n, pos, cid, first, end)                            \
	do {                                                           \
		while ((pos) < (n) && (arr)[pos].customer_id < (cid))  \
			(pos)++;                                       \
		(first) = (pos);                                       \
		while ((pos) < (n) && (arr)[pos].customer_id == (cid)) \
			(pos)++;                                       \
		(end) = (pos);                                         \
	} while (0)

/* ---- a customer ---- */

struct slices {
	size_t i0, i1, c0, c1, l0, l1, h0, h1, b0, b1;
};

/*
 * The first currency in which the customer owes a net balance with an
 * invoice past due as of the date: facts filled for it, 1; 0 when none.
 */
static int overdue_account(struct assign *a, const struct customer *c, const struct slices *sl, struct account_facts *f)
{
	for (size_t a0 = sl->i0; a0 < sl->i1;) {
		const char *currency = a->invs[a0].currency;
		int64_t net = 0;
		date_t oldest = 0;
		size_t a1 = a0;
		for (; a1 < sl->i1 && !strcmp(a->invs[a1].currency, currency); a1++) {
			net += a->invs[a1].balance;
			if (a->invs[a1].balance > 0 && (!oldest || a->invs[a1].due < oldest))
				oldest = a->invs[a1].due;
		}
		for (size_t k = sl->c0; k < sl->c1; k++)
			if (!strcmp(a->credits[k].currency, currency))
				net -= a->credits[k].amount;
		if (net > 0 && oldest && oldest < a->o->as_of) {
			memset(f, 0, sizeof(*f));
			f->kind = c->kind;
			f->country = c->country;
			f->currency = currency;
			f->exponent = currency_exponent(currency);
			/* the run's pick: without the day's fees and interest (day_charges.h) */
			f->balance = day_charges_pick_balance(&a->day_chg, c->id, currency, net);
			f->dpd = a->o->as_of - oldest;
			f->risk_band = sl->b0 < sl->b1 ? a->bands[sl->b0].band : -1;
			f->tags = c->tags;
			/* the products of the account's open invoices, as the run matches them */
			if (array_grow(&a->products, &a->cap_products, a1 - a0, sizeof(*a->products)) < 0)
				return error_set(a->e, ERR_ENV, "out of memory");
			for (size_t k = a0; k < a1; k++)
				if (a->invs[k].balance > 0 && a->invs[k].product[0])
					a->products[f->n_products++] = a->invs[k].product;
			f->products = a->products;
			return 1;
		}
		a0 = a1;
	}
	return 0;
}

/* The team slot of an overdue customer's strategy: the latest recorded action's, else the run's choice. */
static int customer_team(const struct assign *a, const struct slices *sl, const struct account_facts *f)
{
	if (sl->l0 < sl->l1)
		return team_slot(a, a->latest[sl->l0].strategy);
	return team_slot(a, strategies_for(&a->set, f)->name);
}

static int do_customer(struct assign *a, const struct customer *c, const struct slices *sl)
{
	struct account_facts f;
	int overdue = overdue_account(a, c, sl, &f);
	const struct assignment *held = sl->h0 < sl->h1 ? &a->held[sl->h0] : NULL;
	struct assign_collector *u = held ? user_of(a, held->user_id) : NULL;
	const char *band = sl->b0 < sl->b1 ? risk_band_name((enum risk_band)a->bands[sl->b0].band) : "";
	struct fresh fr = { c->id, -1, 0, { 0 } };

	if (overdue < 0)
		return overdue;
	a->sum->customers_seen++;
	a->sum->overdue += overdue;
	if (held && u && u->works && overdue) {
		u->kept++;
		u->load++;
		a->sum->kept++;
		if (sl->b0 < sl->b1 && strcmp(held->risk_band, band)) {
			struct assignment r = *held;
			snprintf(r.risk_band, sizeof(r.risk_band), "%s", band);
			ARRAY_PUSH(a, refresh, n_refresh, cap_refresh, r);
		}
		return 0;
	}
	if (held) {
		if (u)
			u->released++;
		a->sum->released++;
		/* a reassigned row is replaced when placed: released here only when nothing replaces it */
		if (!overdue)
			ARRAY_PUSH(a, released, n_released, cap_released, c->id);
	}
	if (!overdue)
		return 0;
	fr.team = customer_team(a, sl, &f);
	fr.reassigned = held != NULL;
	snprintf(fr.band, sizeof(fr.band), "%s", band);
	ARRAY_PUSH(a, fresh, n_fresh, cap_fresh, fr);
	return 0;
}

static int begin(struct assign *a, int write)
{
	return store_tx_begin(a->ctx->store, a->ctx->tenant, a->ctx->actor,
			      write && !a->o->dry_run ? STORE_WRITE : STORE_READ, &a->tx, a->e);
}

static int end(struct assign *a)
{
	int ret = a->o->dry_run ? 0 : store_tx_commit(a->tx, a->e);

	store_tx_free(a->tx);
	a->tx = NULL;
	return ret;
}

/*
 * The overdue customers of the chunk with no collector that works, or no
 * band (into a->wanted, in id order; the count, or -ERR_ENV).
 */
static int needs_bands(struct assign *a)
{
	size_t ip = 0, cp = 0, hp = 0;

	a->n_wanted = 0;
	for (size_t i = 0; i < a->n_customers; i++) {
		const struct customer *c = &a->customers[i];
		struct slices sl = { 0 };
		struct account_facts f;
		const struct assign_collector *u;
		SLICE(a->invs, a->n_invs, ip, c->id, sl.i0, sl.i1);
		SLICE(a->credits, a->n_credits, cp, c->id, sl.c0, sl.c1);
		SLICE(a->held, a->n_held, hp, c->id, sl.h0, sl.h1);
		int overdue = overdue_account(a, c, &sl, &f);
		if (overdue < 0)
			return overdue;
		if (!overdue)
			continue;
		u = sl.h0 < sl.h1 ? user_of(a, a->held[sl.h0].user_id) : NULL;
		if (!u || !u->works || !a->held[sl.h0].risk_band[0])
			ARRAY_PUSH(a, wanted, n_wanted, cap_wanted, c->id);
	}
	return (int)a->n_wanted;
}

/* The bands of the chunk: over its range when many are wanted, else customer by customer. */
static int read_bands(struct assign *a, int64_t lo, int64_t hi)
{
	int ret = a->need_risk ? 0 : needs_bands(a);

	if (ret < 0)
		return ret;
	a->chunk_bands = a->need_risk || ret > 0;
	if (a->need_risk || ret >= ASSIGN_BANDS_RANGE)
		return iteration(store_risk_facts(a->tx, a->o->as_of, lo, hi, on_risk, a, a->e));
	for (size_t i = 0; i < a->n_wanted && ret >= 0; i++)
		ret = iteration(store_risk_facts(a->tx, a->o->as_of, a->wanted[i], a->wanted[i], on_risk, a, a->e));
	return ret < 0 ? ret : 0;
}

/* ---- the queue's bound ---- */

/* Hundredths of a major unit per minor unit of a currency: 100, 10, or 1 (an upper bound for 3 or 4 decimals). */
static int64_t bound_scale(const char *currency)
{
	int exponent = currency_exponent(currency);

	return exponent <= 0 ? 100 : exponent == 1 ? 10 : 1;
}

/* `open` minor units in hundredths of a major unit, rounded down as core/queue_score.c does; saturating. */
static int64_t hundredths(int64_t open, const char *currency)
{
	int exponent = currency_exponent(currency);
	__int128 v = open > 0 ? open : 0;

	for (int i = exponent; i < 2; i++)
		v *= 10;
	for (int i = 2; i < exponent; i++)
		v /= 10;
	return v >= ASSIGNMENT_BOUND_UNKNOWN ? ASSIGNMENT_BOUND_UNKNOWN : (int64_t)v;
}

/* The chance of payment the queue may give an account of this band: 1000 per mille when unknown. */
static int64_t pay_of(const char *band)
{
	enum risk_band b;

	return risk_band_parse(band ? band : "", &b) == 0 ? risk_band_pay_permille(b) : 1000;
}

/* h * pay / 1000, rounded up (a bound); saturating. */
static int64_t scaled(int64_t h, int64_t pay)
{
	__int128 v = ((__int128)h * pay + 999) / 1000;

	return h == ASSIGNMENT_BOUND_UNKNOWN || v >= ASSIGNMENT_BOUND_UNKNOWN ? ASSIGNMENT_BOUND_UNKNOWN : (int64_t)v;
}

static int on_open(void *ctx, const struct assignment_open *r)
{
	struct assign *a = ctx;
	struct bound_row *b = a->n_bounds ? &a->bounds[a->n_bounds - 1] : NULL;
	int64_t h;

	if (!b || b->customer_id != r->customer_id) {
		struct bound_row nb;
		memset(&nb, 0, sizeof(nb));
		nb.customer_id = r->customer_id;
		nb.old = r->bound;
		nb.old_scale = r->bound_scale;
		nb.old_pay = r->bound_pay;
		nb.pay = pay_of(r->risk_band);
		snprintf(nb.old_currency, sizeof(nb.old_currency), "%s", r->bound_currency ? r->bound_currency : "");
		nb.scale = 1;
		ARRAY_PUSH(a, bounds, n_bounds, cap_bounds, nb);
		b = &a->bounds[a->n_bounds - 1];
	}
	if (!r->currency)
		return 0;
	h = scaled(hundredths(r->open, r->currency), b->pay);
	if (h > b->bound)
		b->bound = h;
	if (++b->currencies == 1) {
		snprintf(b->currency, sizeof(b->currency), "%s", r->currency);
		b->scale = bound_scale(r->currency);
	} else {
		b->currency[0] = '\0';
		b->scale = 1;
	}
	return 0;
}

/*
 * Counts again the bound of the assignments of the customers in [lo, hi]
 * and writes those that changed, unless a writer raised one since it was
 * read (the raised one stays: it is a bound too). Not in a dry run.
 */
static int count_bounds(struct assign *a, int64_t lo, int64_t hi)
{
	int ret;

	if (a->o->dry_run)
		return 0;
	a->n_bounds = 0;
	ret = iteration(store_assignment_open_each(a->tx, lo, hi, on_open, a, a->e));
	for (size_t i = 0; i < a->n_bounds && ret == 0; i++) {
		const struct bound_row *b = &a->bounds[i];
		if (b->bound == b->old && b->scale == b->old_scale && b->pay == b->old_pay &&
		    !strcmp(b->currency, b->old_currency))
			continue;
		ret = store_assignment_bound_set(a->tx, b->customer_id, b->old, b->bound,
						 b->currency[0] ? b->currency : NULL, b->scale, b->pay, a->e);
		ret = ret < 0 ? ret : 0;
	}
	return ret;
}

/* The bounds of accounts just placed: over their range when dense, else one by one. */
static int count_bounds_of(struct assign *a, const struct assignment *rows, size_t n)
{
	int ret = 0;

	if (!n)
		return 0;
	if (rows[n - 1].customer_id - rows[0].customer_id < 4 * (int64_t)n)
		return count_bounds(a, rows[0].customer_id, rows[n - 1].customer_id);
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = count_bounds(a, rows[i].customer_id, rows[i].customer_id);
	return ret;
}

static int do_chunk(struct assign *a)
{
	int64_t lo = a->customers[0].id, hi = a->customers[a->n_customers - 1].id;
	size_t ip = 0, cp = 0, lp = 0, hp = 0, bp = 0;
	int ret;

	a->n_invs = a->n_credits = a->n_latest = a->n_held = a->n_bands = a->n_released = a->n_refresh = 0;
	ret = iteration(store_run_invoices_each(a->tx, lo, hi, a->o->as_of, a->later, on_invoice, a, a->e));
	if (ret == 0)
		ret = iteration(store_run_credit_each(a->tx, lo, hi, a->o->as_of, on_credit, a, a->e));
	if (ret == 0)
		ret = iteration(store_run_recorded_each(a->tx, lo, hi, a->later, on_recorded, a, a->e));
	if (ret == 0)
		ret = iteration(store_assignments_each(a->tx, lo, hi, on_held, a, a->e));
	/*
	 * The bands, for the segments and kept with the assignment for the
	 * queue's ranking: counted for the accounts to place or without a
	 * band (over the chunk's range when many are, one by one when few:
	 * the range statement reads the whole chunk's history, the dearest
	 * read of the walk), so a kept account keeps the band it was placed
	 * with, refreshed when its chunk is counted whole.
	 */
	if (ret == 0)
		ret = read_bands(a, lo, hi);
	for (size_t i = 0; i < a->n_customers && ret == 0; i++) {
		const struct customer *c = &a->customers[i];
		struct slices sl;
		SLICE(a->invs, a->n_invs, ip, c->id, sl.i0, sl.i1);
		SLICE(a->credits, a->n_credits, cp, c->id, sl.c0, sl.c1);
		SLICE(a->latest, a->n_latest, lp, c->id, sl.l0, sl.l1);
		SLICE(a->held, a->n_held, hp, c->id, sl.h0, sl.h1);
		SLICE(a->bands, a->n_bands, bp, c->id, sl.b0, sl.b1);
		ret = do_customer(a, c, &sl);
	}
	if (ret == 0 && a->n_released && !a->o->dry_run)
		ret = store_assignments_release(a->tx, a->released, a->n_released, a->e);
	if (ret == 0 && a->n_refresh && !a->o->dry_run)
		ret = store_assignments_put(a->tx, a->refresh, a->n_refresh, a->e);
	/* the queue's bounds, counted again with the chunk's invoices as they are now */
	if (ret == 0)
		ret = count_bounds(a, lo, hi);
	return ret;
}

static int walk(struct assign *a)
{
	struct store_cursor cur = { 0, RUN_CHUNK };
	int ret;

	for (;;) {
		a->n_customers = 0;
		ret = begin(a, 1);
		if (ret < 0)
			return ret;
		ret = store_customers_list(a->tx, &cur, on_customer, a, a->e);
		if (ret > 0)
			ret = do_chunk(a);
		if (ret < 0)
			return ret;
		ret = end(a);
		if (ret < 0)
			return ret;
		if (a->o->progress)
			a->o->progress(a->o->progress_ctx, (long long)a->sum->customers_seen);
		if (a->n_customers < RUN_CHUNK)
			return 0;
	}
}

/* ---- placing the new accounts ---- */

/* The collector with the least load for its capacity among those of `team` (NULL: without a team), or NULL. */
static struct assign_collector *least_loaded(struct assign *a, const char *team)
{
	struct assign_collector *best = NULL;

	for (size_t i = 0; i < a->sum->n_collectors; i++) {
		struct assign_collector *c = &a->sum->collectors[i];
		if (!c->works || c->capacity <= 0 || strcmp(c->team, team ? team : ""))
			continue;
		/* load / capacity < best load / best capacity, without division; ties keep the first name */
		if (!best || (__int128)c->load * best->capacity < (__int128)best->load * c->capacity)
			best = c;
	}
	return best;
}

static int place_all(struct assign *a)
{
	struct assignment *rows = calloc(ASSIGN_PUT_ROWS, sizeof(*rows));
	size_t n = 0, in_tx = 0;
	int ret = 0;

	if (!rows)
		return error_set(a->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < a->n_fresh && ret == 0; i++) {
		const struct fresh *f = &a->fresh[i];
		struct assign_collector *c = f->team >= 0 ? least_loaded(a, a->teams[f->team]) : NULL;
		const char *reason = f->reassigned ? "reassigned" : c ? "team" : "pool";
		if (!c)
			c = least_loaded(a, NULL);
		if (!c) {
			a->sum->unassigned++;
			/* a customer whose collector left and that no one can take is released */
			if (f->reassigned && !a->o->dry_run) {
				if (!a->tx)
					ret = begin(a, 1);
				if (ret == 0)
					ret = store_assignments_release(a->tx, &f->customer_id, 1, a->e);
			}
			continue;
		}
		c->added++;
		c->load++;
		a->sum->added++;
		rows[n].customer_id = f->customer_id;
		rows[n].user_id = c->id;
		rows[n].since = a->o->as_of;
		snprintf(rows[n].reason, sizeof(rows[n].reason), "%s", reason);
		snprintf(rows[n].risk_band, sizeof(rows[n].risk_band), "%s", f->band);
		n++;
		if (n < ASSIGN_PUT_ROWS && i + 1 < a->n_fresh)
			continue;
		if (!a->tx)
			ret = begin(a, 1);
		if (ret == 0 && !a->o->dry_run)
			ret = store_assignments_put(a->tx, rows, n, a->e);
		if (ret == 0)
			ret = count_bounds_of(a, rows, n);
		in_tx += n;
		n = 0;
		if (ret == 0 && in_tx >= ASSIGN_TX_ROWS) {
			ret = end(a);
			in_tx = 0;
		}
	}
	if (ret == 0 && n && !a->o->dry_run) {
		if (!a->tx)
			ret = begin(a, 1);
		if (ret == 0)
			ret = store_assignments_put(a->tx, rows, n, a->e);
		if (ret == 0)
			ret = count_bounds_of(a, rows, n);
	}
	if (ret == 0 && a->tx)
		ret = end(a);
	free(rows);
	return ret;
}

/* ---- the whole ---- */

/*
 * An assign dated before a day on which accounts were given out already
 * (a replay, a mistyped year) would release the accounts that became
 * overdue since its date and hand out the rest again as of then: the
 * collectors would lose accounts they work today. Refused; a dry run may
 * look at any day. Under the run lock, so no other assign moves the day.
 */
static int check_not_before_latest(struct assign *a)
{
	char day[DATE_TEXT_MAX], latest[DATE_TEXT_MAX];
	date_t since = 0;
	int ret = store_assignments_latest(a->tx, &since, a->e);

	if (ret <= 0 || a->o->as_of >= since)
		return ret < 0 ? ret : 0;
	return error_set(a->e, ERR_INPUT,
			 "the assign's date %s is before %s, the day the latest accounts were given out: an assign "
			 "for an earlier day would release the accounts overdue only since and give the rest out "
			 "again as of then; assign for %s or later, or look at that day with --dry-run",
			 date_format(a->o->as_of, day, sizeof(day)), date_format(since, latest, sizeof(latest)),
			 latest);
}

static int start(struct assign *a)
{
	int ret = begin(a, 0);

	if (ret < 0)
		return ret;
	if (!a->o->dry_run)
		ret = check_not_before_latest(a);
	if (ret == 0)
		ret = iteration(store_users_each(a->tx, on_user, a, a->e));
	if (ret == 0)
		ret = note_teams(a);
	if (ret == 0)
		ret = run_later_entries(a->tx, a->o->as_of, a->ctx->today, a->e);
	if (ret >= 0) {
		a->later = ret == 1;
		ret = strategies_load(a->tx, &a->set, a->e);
	}
	if (ret == 0)
		ret = day_charges_load(a->tx, a->o->as_of, &a->day_chg, a->e);
	for (size_t i = 0; ret == 0 && i < a->set.n_candidates; i++)
		a->need_risk |= a->set.candidates[i]->segment.risk_bands != 0;
	for (size_t i = 0; ret == 0 && i < a->sum->n_collectors; i++) {
		struct assign_collector *c = &a->sum->collectors[i];
		c->team_known = !c->team[0];
		for (size_t k = 0; k < a->set.n_all && !c->team_known; k++)
			c->team_known = !strcmp(a->set.all[k].name, c->team);
	}
	store_tx_free(a->tx);
	a->tx = NULL;
	return ret;
}

/* Only the users that work or had accounts are listed. */
static void trim(struct assign_summary *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_collectors; i++)
		if (s->collectors[i].works || s->collectors[i].released)
			s->collectors[n++] = s->collectors[i];
	s->n_collectors = n;
}

int assign_execute(const struct app_ctx *ctx, const struct assign_options *o, struct assign_summary *out,
		   struct error *e)
{
	struct assign a = { 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	out->as_of = o->as_of;
	out->dry_run = o->dry_run;
	/*
	 * As the run: an assign for a later day (a mistyped year) would give
	 * collectors accounts not yet overdue, since that day, and release
	 * those paid by then; only a dry run may look ahead.
	 */
	if (!o->dry_run && o->as_of > ctx->today) {
		char day[DATE_TEXT_MAX], today[DATE_TEXT_MAX];
		return error_set(e, ERR_INPUT,
				 "the assign's date %s is after today (%s, UTC): an assign gives out the accounts "
				 "overdue as of its date, so it runs for today or an earlier day; a dry run shows "
				 "what a later day would bring",
				 date_format(o->as_of, day, sizeof(day)),
				 date_format(ctx->today, today, sizeof(today)));
	}
	a.ctx = ctx;
	a.o = o;
	a.sum = out;
	a.e = e;
	/*
	 * The run lock: two assigns at once would each balance the new
	 * accounts on loads the other is changing, and an assign during a run
	 * would read the actions it is writing. A dry run writes nothing.
	 */
	if (!o->dry_run) {
		ret = store_run_lock(ctx->store, ctx->tenant, e);
		if (ret == 0)
			ret = error_set(e, ERR_ENV,
					"the daily run or another assign of this tenant is in progress; wait for it "
					"to finish (a process that was killed releases its lock when it ends)");
		if (ret < 0)
			return ret;
	}
	ret = start(&a);
	if (ret == 0)
		ret = walk(&a);
	if (ret == 0)
		ret = place_all(&a);
	if (!o->dry_run)
		store_run_unlock(ctx->store, ctx->tenant);
	store_tx_free(a.tx);
	strategies_release(&a.set);
	free(a.teams);
	free(a.customers);
	free(a.invs);
	free(a.credits);
	day_charges_release(&a.day_chg);
	free(a.latest);
	free(a.held);
	free(a.bands);
	free(a.released);
	free(a.refresh);
	free(a.wanted);
	free(a.products);
	free(a.fresh);
	free(a.bounds);
	if (ret < 0)
		assign_summary_release(out);
	else
		trim(out);
	return ret;
}

void assign_summary_release(struct assign_summary *s)
{
	free(s->collectors);
	s->collectors = NULL;
	s->n_collectors = 0;
}

/*
 * run_snapshot.c: the daily run's snapshot of the book (run_snapshot.h):
 * its rows, found by a hash of their key, and each account's collector.
 */
#include "app/run_snapshot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "store/assignments.h"

/* FNV-1a over the key's parts: its first slot in snap_slots. */
static uint32_t snap_hash(const char *dimension, const char *key, const char *currency, int bucket)
{
	const char *parts[] = { dimension, key, currency };
	uint32_t h = 2166136261u ^ (uint32_t)bucket;

	for (size_t i = 0; i < 3; i++) {
		for (const char *p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		h = (h ^ 0xff) * 16777619u; /* a separator: ("ab", "c") is not ("a", "bc") */
	}
	return h;
}

/*
 * Adds to a row of the day's snapshot, created at the end of r->snap the
 * first time its key is seen. Found through a hash of the key: a search of
 * every row cost 5% of a daily run at 1,000,000 customers.
 */
static int snap_is(const struct snap_key *k, const char *dimension, const char *key, const char *currency, int bucket)
{
	return k->bucket == bucket && !strcmp(k->currency, currency) && !strcmp(k->key, key) &&
	       !strcmp(k->dimension, dimension);
}

/* The slot of `k`: its own, or the free one where it goes. */
static size_t snap_slot(const struct run_snapshot *r, const char *dimension, const char *key, const char *currency,
			int bucket)
{
	size_t mask = r->n_slots - 1, slot = snap_hash(dimension, key, currency, bucket) & mask;

	while (r->snap_slots[slot] && !snap_is(&r->snap[r->snap_slots[slot] - 1], dimension, key, currency, bucket))
		slot = (slot + 1) & mask;
	return slot;
}

/* Twice the slots (SNAP_SLOTS at first), every row put in again. */
static int snap_rehash(struct run_snapshot *r, struct error *e)
{
	size_t n = r->n_slots ? r->n_slots * 2 : SNAP_SLOTS;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots || n > UINT32_MAX) {
		free(slots);
		return error_set(e, ERR_ENV, "out of memory");
	}
	free(r->snap_slots);
	r->snap_slots = slots;
	r->n_slots = n;
	for (size_t i = 0; i < r->n_snap; i++) {
		const struct snap_key *k = &r->snap[i];
		r->snap_slots[snap_slot(r, k->dimension, k->key, k->currency, k->bucket)] = (uint32_t)i + 1;
	}
	return 0;
}

/* The row of the key, created at the end of r->snap the first time it is seen: its index, or -ERR_ENV. */
static int64_t snap_row(struct run_snapshot *r, const char *dimension, const char *key, const char *currency,
			int bucket, struct error *e)
{
	struct snap_key *k;
	size_t slot;

	if (r->n_snap >= r->n_slots / 2 && snap_rehash(r, e) < 0)
		return -ERR_ENV;
	slot = snap_slot(r, dimension, key, currency, bucket);
	if (r->snap_slots[slot])
		return r->snap_slots[slot] - 1;
	if (array_grow(&r->snap, &r->cap_snap, r->n_snap, sizeof(*r->snap)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	r->snap_slots[slot] = (uint32_t)r->n_snap + 1;
	k = &r->snap[r->n_snap++];
	memset(k, 0, sizeof(*k));
	snprintf(k->dimension, sizeof(k->dimension), "%s", dimension);
	snprintf(k->key, sizeof(k->key), "%s", key);
	snprintf(k->currency, sizeof(k->currency), "%s", currency);
	k->bucket = bucket;
	return (int64_t)r->n_snap - 1;
}

static void snap_sum(struct snap_key *k, int64_t accounts, int64_t invoices, int64_t balance)
{
	k->accounts += accounts;
	k->invoices += invoices;
	k->balance += balance;
}

static int snap_add(struct run_snapshot *r, const char *dimension, const char *key, const char *currency, int bucket,
		    int64_t accounts, int64_t invoices, int64_t balance, struct error *e)
{
	int64_t i = snap_row(r, dimension, key, currency, bucket, e);

	if (i < 0)
		return (int)i;
	snap_sum(&r->snap[i], accounts, invoices, balance);
	return 0;
}

/* One bucket of an account in the book's row, its strategy's and its collector's (none: NULL). */
static int snap_add_keys(struct run_snapshot *r, const char *currency, const char *strategy, const char *collector,
			 int bucket, int64_t accounts, int64_t invoices, int64_t balance, struct error *e)
{
	int ret = snap_add(r, "total", "", currency, bucket, accounts, invoices, balance, e);

	if (ret == 0)
		ret = snap_add(r, "strategy", strategy, currency, bucket, accounts, invoices, balance, e);
	if (ret == 0 && collector)
		ret = snap_add(r, "collector", collector, currency, bucket, accounts, invoices, balance, e);
	return ret;
}

/*
 * An account's open invoices in the snapshot: by the bucket of each, the
 * account in its oldest one's. Summed per bucket first (an account has one
 * currency), the buckets in the order their first invoice comes, so rows
 * are created in the order one snap_add per invoice created them.
 */
void run_snapshot_invoice(struct snap_account *a, int b, int64_t balance)
{
	if (balance <= 0)
		return;
	if (a->oldest < b)
		a->oldest = b;
	if (!a->invoices[b])
		a->order[a->n++] = b;
	a->invoices[b]++;
	a->balance[b] += balance;
}

static int on_user(void *ctx, const struct user *u)
{
	struct run_snapshot *r = ctx;
	struct snap_user *p;

	if (array_grow(&r->users, &r->cap_users, r->n_users, sizeof(*r->users)) < 0)
		return -ERR_ENV;
	p = &r->users[r->n_users++];
	p->id = u->id;
	snprintf(p->name, sizeof(p->name), "%s", u->name);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct snap_user *)a)->id, y = ((const struct snap_user *)b)->id;
	return (x > y) - (x < y);
}

int run_snapshot_users(struct run_snapshot *r, struct store_tx *tx, date_t as_of, struct error *e)
{
	int ret;

	r->as_of = as_of;
	r->n_users = 0;
	ret = store_users_each(tx, on_user, r, e);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret == 0 && r->n_users > 1)
		qsort(r->users, r->n_users, sizeof(*r->users), by_id);
	return ret;
}

static int on_assignment(void *ctx, const struct assignment *a)
{
	struct run_snapshot *r = ctx;

	if (a->since > r->as_of) {
		/* not the collector's yet on that day: the account's watch looks again on that day */
		if (array_grow(&r->later, &r->cap_later, r->n_later, sizeof(*r->later)) < 0)
			return -ERR_ENV;
		r->later[r->n_later].customer_id = a->customer_id;
		r->later[r->n_later++].since = a->since;
		return 0;
	}
	if (array_grow(&r->assigned, &r->cap_assigned, r->n_assigned, sizeof(*r->assigned)) < 0)
		return -ERR_ENV;
	r->assigned[r->n_assigned].customer_id = a->customer_id;
	r->assigned[r->n_assigned++].user_id = a->user_id;
	return 0;
}

int run_snapshot_chunk(struct run_snapshot *r, struct store_tx *tx, int64_t lo, int64_t hi, struct error *e)
{
	int ret;

	r->n_assigned = r->n_later = 0;
	ret = store_assignments_each(tx, lo, hi, on_assignment, r, e);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "out of memory");
	return ret;
}

/* The user customer `id` is assigned to as of the date (the chunk's assignments), 0 none. */
static int64_t collector_id(const struct run_snapshot *r, int64_t id)
{
	size_t lo = 0, hi = r->n_assigned;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->assigned[mid].customer_id < id)
			lo = mid + 1;
		else if (r->assigned[mid].customer_id > id)
			hi = mid;
		else
			return r->assigned[mid].user_id;
	}
	return 0;
}

/* The name of user `user` (0: none), NULL none. */
static const char *user_name(const struct run_snapshot *r, int64_t user)
{
	size_t lo = 0, hi;

	hi = r->n_users;
	while (user && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->users[mid].id < user)
			lo = mid + 1;
		else if (r->users[mid].id > user)
			hi = mid;
		else
			return r->users[mid].name;
	}
	return NULL;
}

int run_snapshot_account(struct run_snapshot *r, const struct snap_account *a, int64_t customer_id,
			 const char *currency, const char *strategy, struct error *e)
{
	const int *order = a->order;
	const char *collector = user_name(r, collector_id(r, customer_id));
	int n = a->n, oldest = a->oldest, ret = 0;

	/*
	 * The account counts in its oldest bucket, which is one of `order`
	 * (run_snapshot_invoice): added with that bucket's invoices rather than
	 * by three more lookups of rows that exist by then (the same rows,
	 * created in the same order).
	 */
	for (int j = 0; j < n && ret == 0; j++) {
		int b = order[j], counted = b == oldest;
		ret = snap_add_keys(r, currency, strategy, collector, b, counted, a->invoices[b], a->balance[b], e);
	}
	return ret;
}

int run_snapshot_merge(struct run_snapshot *dst, const struct run_snapshot *src, struct error *e)
{
	for (size_t i = 0; i < src->n_snap; i++) {
		const struct snap_key *k = &src->snap[i];
		int ret = snap_add(dst, k->dimension, k->key, k->currency, k->bucket, k->accounts, k->invoices,
				   k->balance, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void run_snapshot_strategies(struct run_snapshot *s, const struct strategy *all, size_t n)
{
	s->strategies = all;
	s->n_strategies = n;
}

void run_snapshot_aging(struct run_snapshot *s, const struct aging_config *aging)
{
	s->aging = aging;
}

int run_snapshot_users_copy(struct run_snapshot *dst, const struct run_snapshot *src, struct error *e)
{
	dst->as_of = src->as_of;
	dst->strategies = src->strategies;
	dst->n_strategies = src->n_strategies;
	dst->aging = src->aging;
	if (!src->n_users)
		return 0;
	dst->users = malloc(src->n_users * sizeof(*dst->users));
	if (!dst->users)
		return error_set(e, ERR_ENV, "out of memory");
	memcpy(dst->users, src->users, src->n_users * sizeof(*dst->users));
	dst->n_users = dst->cap_users = src->n_users;
	return 0;
}

date_t run_snapshot_next_assignment(const struct run_snapshot *r, int64_t id)
{
	date_t first = 0;

	for (size_t i = 0; i < r->n_later; i++)
		if (r->later[i].customer_id == id && (!first || r->later[i].since < first))
			first = r->later[i].since;
	return first;
}

static int text_add(char **buf, size_t *len, size_t *cap, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int text_add(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		int n;
		va_start(ap, fmt);
		n = vsnprintf(*buf ? *buf + *len : NULL, *buf ? *cap - *len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return -1;
		if (*buf && (size_t)n < *cap - *len) {
			*len += (size_t)n;
			return 0;
		}
		size_t want = *cap ? *cap * 2 : 65536;
		while (want < *len + (size_t)n + 1)
			want *= 2;
		char *p = realloc(*buf, want);
		if (!p)
			return -1;
		*buf = p;
		*cap = want;
	}
}

/*
 * text_add's "\t%d:%lld" by hand (a visited customer's share has one per
 * open invoice: 125,000 vsnprintf calls the next day at 1M).
 */
static char *put_int(char *p, long long v)
{
	char digits[24];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*p++ = '-';
	while (n)
		*p++ = digits[--n];
	return p;
}

static int text_due(char **buf, size_t *len, size_t *cap, int due, long long balance)
{
	char item[64], *p = item;

	*p++ = '\t';
	p = put_int(p, due);
	*p++ = ':';
	p = put_int(p, balance);
	*p = '\0';
	if (*len + (size_t)(p - item) + 1 > *cap)
		return text_add(buf, len, cap, "%s", item);
	memcpy(*buf + *len, item, (size_t)(p - item) + 1);
	*len += (size_t)(p - item);
	return 0;
}

int run_snapshot_text(const struct run_snapshot *r, const struct snap_open *open, size_t n, int64_t customer_id,
		      const char *currency, const char *strategy, char **buf, size_t *len, size_t *cap, struct error *e)
{
	size_t place = 0, any = 0;

	for (size_t i = 0; i < n; i++)
		any += open[i].balance > 0;
	if (!any)
		return 0; /* nothing open: no share */
	while (place < r->n_strategies && strcmp(r->strategies[place].name, strategy))
		place++;
	if ((place < r->n_strategies ? text_add(buf, len, cap, "%s\t%zu\t%lld", currency, place,
						(long long)collector_id(r, customer_id))
				     : text_add(buf, len, cap, "%s\t=%s\t%lld", currency, strategy,
						(long long)collector_id(r, customer_id))) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (open[i].balance > 0 && text_due(buf, len, cap, (int)open[i].due, (long long)open[i].balance) < 0)
			return error_set(e, ERR_ENV, "out of memory");
	if (*len + 2 <= *cap) {
		(*buf)[(*len)++] = '\n';
		(*buf)[*len] = '\0';
	} else if (text_add(buf, len, cap, "\n") < 0) {
		return error_set(e, ERR_ENV, "out of memory");
	}
	return 0;
}

/* The next tab-separated field of a line: its length; *p moves past it and its separator. */
static size_t field(const char **p, const char **start)
{
	size_t n = strcspn(*p, "\t\n");

	*start = *p;
	*p += n;
	if (**p == '\t')
		(*p)++;
	return n;
}

/* A watch row's due dates, in days from 1970-01-01: a million either way (years -768 to 4707) */
#define SHARE_DAYS_MAX 1000000

/* A decimal integer at *p (an optional '-', then digits): 1 with *v and *p past it, 0 none or too large. */
static int number(const char **p, long long *v)
{
	const char *q = *p;
	int neg = *q == '-', digits = 0;
	unsigned long long n = 0;

	q += neg;
	while (*q >= '0' && *q <= '9' && digits < 19) {
		n = n * 10 + (unsigned)(*q++ - '0');
		digits++;
	}
	if (!digits || (*q >= '0' && *q <= '9') || n > (unsigned long long)INT64_MAX)
		return 0;
	*v = neg ? -(long long)n : (long long)n;
	*p = q;
	return 1;
}

static uint32_t hit_hash(const char *currency, size_t place, int64_t user, int bucket)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 3; i++)
		h = (h ^ (unsigned char)currency[i]) * 16777619u;
	h = (h ^ (uint32_t)place) * 16777619u;
	h = (h ^ (uint32_t)user) * 16777619u;
	h = (h ^ (uint32_t)((uint64_t)user >> 32)) * 16777619u;
	return (h ^ (uint32_t)bucket) * 16777619u;
}

/*
 * A bucket of a share whose strategy is named by its place: summed into the
 * rows snap_add_keys would find, through the cache of the rows of its key
 * (currency, strategy, collector, bucket), which a day's shares repeat: the
 * three lookups by hash of strings, each with its string compares, cost half
 * of the scan of the watch rows at 1M (a tenth of the run's instructions).
 * A key not in the cache finds (or creates) its rows in snap_add_keys'
 * order, so rows are created in the same order either way.
 */
static int add_hit(struct run_snapshot *r, const char *currency, size_t place, int64_t user, int bucket, int counted,
		   int64_t invoices, int64_t balance, struct error *e)
{
	struct snap_hit *h;

	if (!r->hits) {
		if (!r->n_hits)
			r->n_hits = SNAP_HITS;
		r->hits = malloc(r->n_hits * sizeof(*r->hits));
		if (!r->hits)
			return error_set(e, ERR_ENV, "out of memory");
		for (size_t i = 0; i < r->n_hits; i++)
			r->hits[i].place = SIZE_MAX;
	}
	h = &r->hits[hit_hash(currency, place, user, bucket) & (r->n_hits - 1)];
	if (h->place != place || h->user != user || h->bucket != bucket || memcmp(h->currency, currency, 4) != 0) {
		const char *collector = user_name(r, user);
		int64_t t = snap_row(r, "total", "", currency, bucket, e), k = -1, c = -1;
		if (t >= 0)
			k = snap_row(r, "strategy", r->strategies[place].name, currency, bucket, e);
		if (k >= 0 && collector)
			c = snap_row(r, "collector", collector, currency, bucket, e);
		if (t < 0 || k < 0 || (collector && c < 0)) {
			h->place = SIZE_MAX;
			return -ERR_ENV;
		}
		h->place = place;
		h->user = user;
		h->bucket = bucket;
		memcpy(h->currency, currency, 4);
		h->total = (uint32_t)t;
		h->strategy = (uint32_t)k;
		h->collector = collector ? (uint32_t)c : UINT32_MAX;
	}
	snap_sum(&r->snap[h->total], counted, invoices, balance);
	snap_sum(&r->snap[h->strategy], counted, invoices, balance);
	if (h->collector != UINT32_MAX)
		snap_sum(&r->snap[h->collector], counted, invoices, balance);
	return 0;
}

int run_snapshot_add_text(struct run_snapshot *r, const char *text, struct error *e)
{
	const char *p = text;

	while (*p) {
		char currency[4], named[SNAP_KEY_MAX + 1];
		const char *f, *strategy;
		size_t n, place = SIZE_MAX;
		long long user, v;
		struct snap_account a = SNAP_ACCOUNT_INIT;
		int ret = 0;

		n = field(&p, &f);
		if (n != 3)
			goto bad;
		memcpy(currency, f, 3);
		currency[3] = '\0';
		n = field(&p, &f);
		if (n >= 2 && f[0] == '=' && n - 1 <= SNAP_KEY_MAX) {
			memcpy(named, f + 1, n - 1);
			named[n - 1] = '\0';
			strategy = named;
		} else {
			/* the strategy's place among the run's (run_snapshot_strategies) */
			const char *q = f;
			if (n == 0 || f[0] < '0' || f[0] > '9' || !number(&q, &v) || q != f + n ||
			    (unsigned long long)v >= r->n_strategies)
				goto bad;
			place = (size_t)v;
			strategy = r->strategies[place].name;
		}
		if (!number(&p, &user))
			goto bad;
		/* each invoice in its bucket of the snapshot's date, the account in its oldest (run_snapshot_account) */
		while (*p == '\t') {
			long long due, bal;
			p++;
			if (!number(&p, &due) || *p != ':' || due < -SHARE_DAYS_MAX || due > SHARE_DAYS_MAX)
				goto bad;
			p++;
			if (!number(&p, &bal) || bal <= 0)
				goto bad;
			run_snapshot_invoice(&a, aging_bucket(r->aging, (int)(r->as_of - (date_t)due)), bal);
		}
		if (*p != '\n' || a.n == 0)
			goto bad;
		p++;
		for (int j = 0; j < a.n && ret == 0; j++) {
			int b = a.order[j], counted = b == a.oldest;
			if (place != SIZE_MAX)
				ret = add_hit(r, currency, place, user, b, counted, a.invoices[b], a.balance[b], e);
			else
				ret = snap_add_keys(r, currency, strategy, user_name(r, user), b, counted,
						    a.invoices[b], a.balance[b], e);
		}
		if (ret < 0)
			return ret;
	}
	return 0;
bad:
	return error_set(e, ERR_INPUT, "run: a watch row's snapshot share is not as the run writes it: \"%.60s\"",
			 text);
}

int run_snapshot_put(const struct run_snapshot *r, struct store_tx *tx, date_t as_of, const struct aging_config *aging,
		     struct error *e)
{
	struct snapshot_row *rows = calloc(r->n_snap ? r->n_snap : 1, sizeof(*rows));
	int ret;

	if (!rows)
		return error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < r->n_snap; i++) {
		rows[i].run_date = as_of;
		rows[i].dimension = r->snap[i].dimension;
		rows[i].key = r->snap[i].key;
		rows[i].currency = r->snap[i].currency;
		rows[i].bucket = aging->labels[r->snap[i].bucket];
		rows[i].accounts = r->snap[i].accounts;
		rows[i].invoices = r->snap[i].invoices;
		rows[i].balance = r->snap[i].balance;
	}
	ret = store_snapshot_put(tx, as_of, rows, r->n_snap, e);
	free(rows);
	return ret;
}

void run_snapshot_release(struct run_snapshot *r)
{
	free(r->hits);
	r->hits = NULL;
	free(r->snap);
	free(r->snap_slots);
	free(r->users);
	free(r->assigned);
	free(r->later);
	r->later = NULL;
	r->n_later = r->cap_later = 0;
	r->snap = NULL;
	r->snap_slots = NULL;
	r->n_slots = 0;
	r->users = NULL;
	r->assigned = NULL;
	r->n_snap = r->cap_snap = r->n_users = r->cap_users = r->n_assigned = r->cap_assigned = 0;
}

/*
 * migrate_runs.c: what the daily runs decided, copied by `recoup migrate`
 * (app/migrate.h) in the tenant's pair of transactions, after the customer
 * histories (app/migrate_int.h):
 *
 *   - the runs (table run: date, state, moments, summary) and the day's
 *     snapshots behind `report trend` (run_snapshot), as stored;
 *   - every action with every column (state, reasons, moments, created_at
 *     and updated_at, the first run date of one done again), its customer,
 *     contact and invoices mapped, and its
 *     invoices' rows of action_invoice, whose key is what makes a step of
 *     an invoice happen once: a target without them records the latest
 *     due step of every overdue account again on its first run;
 *   - the outbox: each action's message (state, attempts, next_at,
 *     recipient, errors, sent_at...) and its attempts. The Message-ID,
 *     "<action id.tenant id@recoup>", is stored in the row
 *     (message.message_id) and copied as it is, though the action's id is
 *     renumbered: a resend of an unsure or retried message on the target
 *     carries the Message-ID of its first attempt (app/send.c takes the
 *     stored one). A message not yet started gets its Message-ID when it
 *     is sent, from its target id: every action copied, and every one the
 *     target records later, has an id above the source tenant's largest,
 *     so that no new Message-ID is one an old message carries (a reader's
 *     mail client, or an SMS gateway whose idempotency key it is, would
 *     take the new message for the old one);
 *   - the credit review's mark (credit_review, migration 0036): the id of
 *     the last credit_hold action a review read, as the target's id of
 *     that action; ids are copied in their order, so the same actions are
 *     at or before it on both sides;
 *   - the assignments (which collector works which account), with their
 *     queue bound; users are copied by name before (copy_people), their
 *     ids mapped here.
 *
 * A returned payment's step is recorded under the strategy "nsf-<payment
 * id>" (store/returned.h), which the returned review looks for: it is
 * written with the payment's target id, or the target would record the
 * step again (id_strategies below). A plan's courtesy reminders are
 * "plan-<agreement id>" (app/plans.h): written with the agreement's target
 * id (the agreements are copied before the runs: migrate_agreements), or
 * the plan's reminder would be recorded again and its hold would not spare
 * it.
 *
 * Memory: a page of RUNS_PAGE actions with their invoices, messages and
 * attempts at a time, and a snapshot day's rows; the id maps keep runs.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/migrate_int.h"
#include "app/plans.h"
#include "core/array.h"
#include "store/actions.h"
#include "store/assignments.h"
#include "store/channels.h"
#include "store/credit.h"
#include "store/parties.h"
#include "store/returned.h"
#include "store/users.h"

/* Actions per page read and written (an action_record is about 850 bytes), and customers per assignments' read. */
#define RUNS_PAGE 1024

/* ---- users by id ---- */

struct user_pair {
	int64_t from, to;
};

struct users_map {
	struct copy *c;
	struct user_pair *pairs;
	size_t n, cap;
	struct error *e;
};

static int on_source_user(void *arg, const struct user *u)
{
	struct users_map *m = arg;
	struct user found;
	int ret = store_user_get(m->c->dst, u->name, &found, m->e);

	if (ret == 0)
		return error_set(m->e, ERR_ENV, "tenant '%s': user '%s' was not copied", m->c->tenant, u->name);
	if (ret < 0)
		return ret;
	ARRAY_PUSH(m, pairs, n, cap, ((struct user_pair){ u->id, found.id }));
	return 0;
}

static int by_from(const void *x, const void *y)
{
	int64_t a = ((const struct user_pair *)x)->from, b = ((const struct user_pair *)y)->from;
	return (a > b) - (a < b);
}

/* c->users: the source's users (listed by name) by id, to the target's of the same name. */
static int map_users(struct copy *c)
{
	struct users_map m = { .c = c, .e = c->e };
	int ret = store_users_each(c->src, on_source_user, &m, c->e);

	if (ret == 0 && m.n > 1)
		qsort(m.pairs, m.n, sizeof(*m.pairs), by_from);
	for (size_t k = 0; k < m.n && ret == 0; k++)
		ret = migrate_idmap_add(&c->users, m.pairs[k].from, m.pairs[k].to, c->e);
	free(m.pairs);
	return ret < 0 ? ret : 0;
}

/* ---- runs and snapshots ---- */

static int on_run(void *arg, const struct run_row *r)
{
	struct copy *c = arg;
	char day[DATE_TEXT_MAX];
	int ret = store_run_put(c->dst, r, c->e);

	if (ret == 0)
		return error_set(c->e, ERR_ENV, "tenant '%s': the run of %s is stored twice", c->tenant,
				 date_format(r->run_date, day, sizeof(day)));
	return ret < 0 ? ret : 0;
}

/* A snapshot row held until its day's rows are all read (the callback's strings are the store's). */
struct snap_copy {
	char dimension[16];
	char key[NAME_MAX_LEN + 1];
	char currency[4];
	char bucket[32];
	int64_t accounts, invoices, balance;
};

struct snap_day {
	struct copy *c;
	date_t day;
	struct snap_copy *rows;
	size_t n, cap;
	struct error *e;
};

static int flush_snapshot(struct snap_day *d)
{
	struct snapshot_row *rows;
	int ret;

	if (d->n == 0)
		return 0;
	rows = calloc(d->n, sizeof(*rows));
	if (!rows)
		return error_set(d->e, ERR_ENV, "out of memory");
	for (size_t k = 0; k < d->n; k++)
		rows[k] = (struct snapshot_row){ .run_date = d->day,
						 .dimension = d->rows[k].dimension,
						 .key = d->rows[k].key,
						 .currency = d->rows[k].currency,
						 .bucket = d->rows[k].bucket,
						 .accounts = d->rows[k].accounts,
						 .invoices = d->rows[k].invoices,
						 .balance = d->rows[k].balance };
	ret = store_snapshot_put(d->c->dst, d->day, rows, d->n, d->e);
	free(rows);
	d->n = 0;
	return ret;
}

/* Copies text into a field of a held row, refusing (rather than cutting) what does not fit. */
static int hold_text(struct snap_day *d, char *dst, size_t size, const char *text, const char *what)
{
	if (snprintf(dst, size, "%s", text ? text : "") >= (int)size)
		return error_set(d->e, ERR_ENV, "tenant '%s': a snapshot's %s '%s' is too long to copy", d->c->tenant,
				 what, text);
	return 0;
}

static int on_snapshot(void *arg, const struct snapshot_row *r)
{
	struct snap_day *d = arg;
	struct snap_copy *row;
	int ret = 0;

	if (d->n && r->run_date != d->day)
		ret = flush_snapshot(d);
	if (ret < 0)
		return ret;
	d->day = r->run_date;
	if (array_grow(&d->rows, &d->cap, d->n, sizeof(*d->rows)) < 0)
		return error_set(d->e, ERR_ENV, "out of memory");
	row = &d->rows[d->n++];
	ret = hold_text(d, row->dimension, sizeof(row->dimension), r->dimension, "dimension");
	if (ret == 0)
		ret = hold_text(d, row->key, sizeof(row->key), r->key, "key");
	if (ret == 0)
		ret = hold_text(d, row->currency, sizeof(row->currency), r->currency, "currency");
	if (ret == 0)
		ret = hold_text(d, row->bucket, sizeof(row->bucket), r->bucket, "bucket");
	row->accounts = r->accounts;
	row->invoices = r->invoices;
	row->balance = r->balance;
	return ret;
}

/* The first and last dates a date_t holds (core/dates.h: years 0001..9999). */
static date_t first_day(void)
{
	return date_from_ymd(1, 1, 1);
}

static date_t last_day(void)
{
	return date_from_ymd(9999, 12, 31);
}

/* The day's snapshots, a day at a time (snapshot_put replaces a day's rows). */
static int copy_snapshots(struct copy *c)
{
	struct snap_day d = { .c = c, .e = c->e };
	int ret = store_snapshots_each(c->src, first_day(), last_day(), on_snapshot, &d, c->e);

	if (ret == 0)
		ret = flush_snapshot(&d);
	free(d.rows);
	return ret;
}

/* ---- actions ---- */

/*
 * The pseudo-strategies that name a row by its id: an action of one (and
 * each of its invoices' rows) is recorded under "<prefix><id>", with a step
 * that starts with `step`, and what looks for it asks for the target's id.
 * A returned payment's step (app/returned.c, store/returned.h): without the
 * payment's target id the returned review would record it again. A plan's
 * courtesy reminders, "plan-<agreement id>" with steps "instalment-<n>"
 * (app/plans.c): without the agreement's target id the plan's review would
 * record them again.
 */
static const struct idmap *payments_of(const struct copy *c)
{
	return &c->payments;
}

static const struct idmap *agreements_of(const struct copy *c)
{
	return &c->agreements;
}

static const struct id_strategy {
	const char *prefix, *step;
	const struct idmap *(*map)(const struct copy *c); /* those ids' map */
	const char *what;
} id_strategies[] = {
	{ RETURNED_STRATEGY_PREFIX, RETURNED_STEP, payments_of, "payment" },
	{ PLAN_STRATEGY_PREFIX, "instalment-", agreements_of, "agreement" },
};

/*
 * The strategy an action (or its invoice's row) is recorded under on the
 * target: one of id_strategies with the target's id, any other as it is
 * (a tenant's own strategy may be named "nsf-5": its steps are its own).
 */
static int map_strategy(struct copy *c, const char *from, const char *step, char *to, size_t size)
{
	for (size_t k = 0; k < sizeof(id_strategies) / sizeof(id_strategies[0]); k++) {
		const struct id_strategy *s = &id_strategies[k];
		const char *digits = from + strlen(s->prefix);
		char *end = NULL;
		long long id;
		int64_t mapped;
		int ret;

		if (strncmp(from, s->prefix, strlen(s->prefix)) || strncmp(step, s->step, strlen(s->step)) ||
		    *digits < '1' || *digits > '9')
			continue;
		id = strtoll(digits, &end, 10);
		if (*end)
			continue;
		ret = migrate_mapped(c, s->map(c), id, s->what, &mapped);
		if (ret == 0)
			snprintf(to, size, "%s%lld", s->prefix, (long long)mapped);
		return ret;
	}
	snprintf(to, size, "%s", from);
	return 0;
}

/* A page of the source's actions, as read, then as written. */
struct action_page {
	struct copy *c;
	struct action_record *a; /* RUNS_PAGE */
	int64_t *from;           /* each action's source id */
	size_t *n_inv;           /* each action's invoices, the next n_inv[k] of inv */
	size_t n;
	struct action_copy_invoice *inv;
	size_t n_invs, cap_invs;
	int64_t above; /* the source tenant's largest action id: the target's are above it */
	struct error *e;
};

static int on_action_row(void *arg, const struct action_copy_row *r)
{
	struct action_page *p = arg;
	struct action_copy_invoice inv = { 0 };

	if (p->n == 0 || p->from[p->n - 1] != r->a->id) {
		if (p->n == RUNS_PAGE)
			return error_set(p->e, ERR_ENV, "tenant '%s': a page of actions is longer than asked",
					 p->c->tenant);
		p->a[p->n] = *r->a;
		p->from[p->n] = r->a->id;
		p->n_inv[p->n] = 0;
		p->n++;
	}
	if (!r->invoice_id)
		return 0;
	inv.invoice_id = r->invoice_id;
	snprintf(inv.strategy, sizeof(inv.strategy), "%s", r->strategy ? r->strategy : "");
	snprintf(inv.step, sizeof(inv.step), "%s", r->step ? r->step : "");
	ARRAY_PUSH(p, inv, n_invs, cap_invs, inv);
	p->n_inv[p->n - 1]++;
	return 0;
}

/* The page's parents as the target's ids, and the returned payments' strategies. */
static int map_page(struct action_page *p)
{
	struct copy *c = p->c;
	char strategy[ACTION_NAME_MAX + 1];
	int ret = 0;

	for (size_t k = 0; k < p->n && ret == 0; k++) {
		struct action_record *a = &p->a[k];
		ret = migrate_mapped(c, &c->customers, a->customer_id, "customer", &a->customer_id);
		if (ret == 0)
			ret = migrate_mapped(c, &c->contacts, a->contact_id, "contact", &a->contact_id);
		if (ret == 0)
			ret = map_strategy(c, a->strategy, a->step, strategy, sizeof(strategy));
		if (ret == 0)
			snprintf(a->strategy, sizeof(a->strategy), "%s", strategy);
	}
	for (size_t k = 0; k < p->n_invs && ret == 0; k++) {
		struct action_copy_invoice *inv = &p->inv[k];
		ret = migrate_mapped(c, &c->invoices, inv->invoice_id, "invoice", &inv->invoice_id);
		if (ret == 0)
			ret = map_strategy(c, inv->strategy, inv->step, strategy, sizeof(strategy));
		if (ret == 0)
			snprintf(inv->strategy, sizeof(inv->strategy), "%s", strategy);
	}
	return ret;
}

static int on_message(void *arg, const struct message_record *m, int64_t customer_id, int64_t contact_id)
{
	struct copy *c = arg;
	struct message_record copy = *m; /* message_id as stored: a resend carries it (app/send.c) */
	int ret = migrate_mapped(c, &c->actions, m->action_id, "action", &copy.action_id);

	(void)customer_id;
	(void)contact_id;
	return ret < 0 ? ret : store_message_put(c->dst, &copy, c->e);
}

static int on_message_attempt(void *arg, const struct message_attempt *a)
{
	struct copy *c = arg;
	int64_t action_id;
	int ret = migrate_mapped(c, &c->actions, a->action_id, "action", &action_id);

	return ret < 0 ? ret : store_message_attempt_add(c->dst, action_id, a->n, a->at, a->outcome, a->detail, c->e);
}

/* Writes a page read: its actions, their map, then the messages of the same range of source ids. */
static int write_page(struct action_page *p)
{
	struct copy *c = p->c;
	int ret = map_page(p);

	if (ret == 0)
		ret = store_actions_copy_add(c->dst, p->a, p->n, p->inv, p->n_inv, p->above, c->e);
	for (size_t k = 0; k < p->n && ret == 0; k++)
		ret = migrate_idmap_add(&c->actions, p->from[k], p->a[k].id, c->e);
	if (ret == 0)
		ret = store_messages_between(c->src, p->from[0], p->from[p->n - 1], on_message, c, c->e);
	if (ret == 0)
		ret = store_message_attempts_between(c->src, p->from[0], p->from[p->n - 1], on_message_attempt, c,
						     c->e);
	return ret < 0 ? ret : 0;
}

static int copy_actions(struct copy *c)
{
	struct store_cursor cur = { 0, RUNS_PAGE };
	struct action_page p = { .c = c, .e = c->e };
	int ret = 0;

	p.a = calloc(RUNS_PAGE, sizeof(*p.a));
	p.from = calloc(RUNS_PAGE, sizeof(*p.from));
	p.n_inv = calloc(RUNS_PAGE, sizeof(*p.n_inv));
	if (!p.a || !p.from || !p.n_inv)
		ret = error_set(c->e, ERR_ENV, "out of memory");
	if (ret == 0)
		ret = store_actions_last_id(c->src, &p.above, c->e);
	while (ret == 0) {
		p.n = 0;
		p.n_invs = 0;
		ret = store_actions_copy_list(c->src, &cur, on_action_row, &p, c->e);
		if (ret > 0 && (size_t)ret != p.n)
			ret = error_set(c->e, ERR_ENV, "tenant '%s': a page of %d actions gave %zu", c->tenant, ret,
					p.n);
		if (ret <= 0)
			break;
		ret = write_page(&p);
		if (ret == 0 && p.n < RUNS_PAGE)
			break;
	}
	free(p.a);
	free(p.from);
	free(p.n_inv);
	free(p.inv);
	return ret < 0 ? ret : 0;
}

/*
 * The target's id of the last copied action at or before source id `from`
 * (0 when none): the credit review's mark is a bound on ids, and the
 * actions are numbered on the target in their source order.
 */
static int64_t floor_mapped(const struct idmap *m, int64_t from)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->runs[mid].from <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	if (from >= m->runs[lo - 1].from + m->runs[lo - 1].n)
		return m->runs[lo - 1].to + m->runs[lo - 1].n - 1;
	return m->runs[lo - 1].to + (from - m->runs[lo - 1].from);
}

static int copy_credit_mark(struct copy *c)
{
	int64_t mark = 0;
	int ret = store_credit_review_mark_get(c->src, &mark, c->e);

	if (ret > 0)
		ret = store_credit_review_mark_set(c->dst, floor_mapped(&c->actions, mark), c->e);
	return ret < 0 ? ret : 0;
}

/* ---- assignments ---- */

struct assign_page {
	struct copy *c;
	int64_t from_id, to_id; /* a run of source customer ids and where it starts on the target */
	struct assignment *rows;
	size_t n, cap;
	int64_t bound_of; /* the source customer whose bound was copied last */
	struct error *e;
};

static int on_assignment(void *arg, const struct assignment *a)
{
	struct assign_page *p = arg;
	struct assignment copy = *a;
	int ret = migrate_mapped(p->c, &p->c->users, a->user_id, "user", &copy.user_id);

	if (ret < 0)
		return ret;
	copy.customer_id = p->to_id + (a->customer_id - p->from_id);
	ARRAY_PUSH(p, rows, n, cap, copy);
	return 0;
}

/* The queue's bound as stored (0027_queue_bound.sql), once per customer (a row per currency). */
static int on_bound(void *arg, const struct assignment_open *o)
{
	struct assign_page *p = arg;
	int64_t customer = p->to_id + (o->customer_id - p->from_id);
	int ret;

	if (o->customer_id == p->bound_of)
		return 0;
	p->bound_of = o->customer_id;
	if (o->bound == ASSIGNMENT_BOUND_UNKNOWN)
		return 0; /* as store_assignments_put leaves it */
	ret = store_assignment_bound_set(p->c->dst, customer, ASSIGNMENT_BOUND_UNKNOWN, o->bound, o->bound_currency,
					 o->bound_scale, o->bound_pay, p->e);
	if (ret == 0)
		return error_set(p->e, ERR_ENV, "tenant '%s': the queue bound of customer %lld was not copied",
				 p->c->tenant, (long long)o->customer_id);
	return ret < 0 ? ret : 0;
}

/* The assignments of the customers copied, a range of RUNS_PAGE source ids at a time. */
static int copy_assignments(struct copy *c)
{
	struct assign_page p = { .c = c, .e = c->e };
	int ret = 0;

	for (size_t k = 0; k < c->customers.n && ret == 0; k++) {
		const struct idrun *r = &c->customers.runs[k];
		for (int64_t i = 0; i < r->n && ret == 0; i += RUNS_PAGE) {
			int64_t lo = r->from + i, hi = lo + (r->n - i < RUNS_PAGE ? r->n - i : RUNS_PAGE) - 1;
			p.from_id = r->from;
			p.to_id = r->to;
			p.n = 0;
			ret = store_assignments_each(c->src, lo, hi, on_assignment, &p, c->e);
			if (ret == 0 && p.n)
				ret = store_assignments_put(c->dst, p.rows, p.n, c->e);
			if (ret == 0)
				ret = store_assignment_open_each(c->src, lo, hi, on_bound, &p, c->e);
		}
	}
	free(p.rows);
	return ret < 0 ? ret : 0;
}

int migrate_copy_runs(struct copy *c)
{
	int ret = map_users(c);

	if (ret == 0)
		ret = store_runs_each(c->src, on_run, c, c->e);
	if (ret == 0)
		ret = copy_snapshots(c);
	if (ret == 0)
		ret = copy_actions(c);
	if (ret == 0)
		ret = copy_credit_mark(c);
	if (ret == 0)
		ret = copy_assignments(c);
	return ret < 0 ? ret : 0;
}

/* ---- the comparison ---- */

struct counter {
	struct store_tx *tx;
	long long *n;
	unsigned char (*digest)[MIGRATE_DIGEST_BYTES];
	int64_t last_action; /* the action of the last row read */
	struct user *users;  /* the tenant's, by id: an assignment is compared by its collector's name */
	size_t n_users, cap_users;
	char (*refs)[REF_MAX + 1]; /* a page of customers' refs */
	int64_t *ids;
	size_t n_refs;
	struct error *e;
};

/* The strategy as compared: one of id_strategies without its id ("nsf-"), which differs between the sides. */
static const char *strategy_compared(const char *s)
{
	for (size_t k = 0; s && k < sizeof(id_strategies) / sizeof(id_strategies[0]); k++) {
		size_t len = strlen(id_strategies[k].prefix);
		if (!strncmp(s, id_strategies[k].prefix, len) && s[len] >= '0' && s[len] <= '9')
			return id_strategies[k].prefix;
	}
	return s ? s : "";
}

static void digest_line(struct counter *k, int table, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void digest_line(struct counter *k, int table, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	migrate_digest_add(k->digest[table], line);
}

static int count_run(void *arg, const struct run_row *r)
{
	struct counter *k = arg;

	k->n[MIGRATE_RUNS]++;
	digest_line(k, MIGRATE_RUNS, "%d %s %lld %lld %s", (int)r->run_date, r->state, (long long)r->started_at,
		    (long long)r->finished_at, r->summary);
	return 0;
}

static int count_snapshot(void *arg, const struct snapshot_row *r)
{
	struct counter *k = arg;

	k->n[MIGRATE_SNAPSHOTS]++;
	digest_line(k, MIGRATE_SNAPSHOTS, "%d %s %s %s %s %lld %lld %lld", (int)r->run_date, r->dimension, r->key,
		    r->currency, r->bucket, (long long)r->accounts, (long long)r->invoices, (long long)r->balance);
	return 0;
}

static int count_action(void *arg, const struct action_copy_row *r)
{
	struct counter *k = arg;
	const struct action_record *a = r->a;

	if (a->id != k->last_action) {
		k->last_action = a->id;
		k->n[MIGRATE_ACTIONS]++;
		digest_line(k, MIGRATE_ACTIONS, "%d %s %lld %s %s %s %lld %s %s %s %s %lld %lld %lld %d %d",
			    (int)a->run_date, a->currency, (long long)a->amount, a->kind,
			    strategy_compared(a->strategy), a->step, (long long)a->scheduled_at, a->local_time,
			    a->state, a->reason_code, a->reason, (long long)a->next_allowed_at,
			    (long long)a->created_at, (long long)a->updated_at, a->contact_id != 0,
			    (int)a->first_run_date);
	}
	if (r->invoice_id) {
		k->n[MIGRATE_ACTION_INVOICES]++;
		digest_line(k, MIGRATE_ACTION_INVOICES, "%s %s", strategy_compared(r->strategy), r->step);
	}
	return 0;
}

static int count_message(void *arg, const struct message_record *m, int64_t customer_id, int64_t contact_id)
{
	struct counter *k = arg;

	(void)customer_id;
	(void)contact_id;
	k->n[MIGRATE_MESSAGES]++;
	digest_line(k, MIGRATE_MESSAGES, "%s %s %d %lld %s %s %s %s %d %lld %lld", m->channel, m->state, m->attempts,
		    (long long)m->next_at, m->message_id, m->recipient, m->last_error, m->encoding, m->segments,
		    (long long)m->sent_at, (long long)m->updated_at);
	return 0;
}

static int count_message_attempt(void *arg, const struct message_attempt *a)
{
	struct counter *k = arg;

	k->n[MIGRATE_MESSAGE_ATTEMPTS]++;
	digest_line(k, MIGRATE_MESSAGE_ATTEMPTS, "%d %lld %s %s", a->n, (long long)a->at, a->outcome, a->detail);
	return 0;
}

static int count_actions(struct counter *k)
{
	struct store_cursor cur = { 0, RUNS_PAGE };
	int64_t first;
	int n, ret;

	do {
		first = cur.after + 1;
		n = store_actions_copy_list(k->tx, &cur, count_action, k, k->e);
		ret = n < 0 ? n : 0;
		if (n > 0)
			ret = store_messages_between(k->tx, first, cur.after, count_message, k, k->e);
		if (n > 0 && ret == 0)
			ret = store_message_attempts_between(k->tx, first, cur.after, count_message_attempt, k, k->e);
	} while (ret == 0 && n == RUNS_PAGE);
	return ret < 0 ? ret : 0;
}

static int keep_user(void *arg, const struct user *u)
{
	struct counter *k = arg;

	ARRAY_PUSH(k, users, n_users, cap_users, *u);
	return 0;
}

static int user_by_id(const void *x, const void *y)
{
	int64_t a = ((const struct user *)x)->id, b = ((const struct user *)y)->id;
	return (a > b) - (a < b);
}

static const char *user_name(const struct counter *k, int64_t id)
{
	struct user key = { .id = id };
	const struct user *u = k->n_users ? bsearch(&key, k->users, k->n_users, sizeof(key), user_by_id) : NULL;

	return u ? u->name : "?";
}

static int keep_ref(void *arg, const struct customer *cu)
{
	struct counter *k = arg;

	k->ids[k->n_refs] = cu->id;
	snprintf(k->refs[k->n_refs], sizeof(k->refs[0]), "%s", cu->ref);
	k->n_refs++;
	return 0;
}

static int id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

static int count_assignment(void *arg, const struct assignment *a)
{
	struct counter *k = arg;
	const int64_t *at = bsearch(&a->customer_id, k->ids, k->n_refs, sizeof(*k->ids), id_cmp);
	char day[DATE_TEXT_MAX];

	k->n[MIGRATE_ASSIGNMENTS]++;
	digest_line(k, MIGRATE_ASSIGNMENTS, "%s %s %s %s %s", at ? k->refs[at - k->ids] : "?", user_name(k, a->user_id),
		    date_format(a->since, day, sizeof(day)), a->reason, a->risk_band);
	return 0;
}

/* The assignments, by the pages of the customers (whose refs name them). */
static int count_assignments(struct counter *k)
{
	struct store_cursor cur = { 0, RUNS_PAGE };
	int ret = store_users_each(k->tx, keep_user, k, k->e);

	if (ret == 0 && k->n_users > 1)
		qsort(k->users, k->n_users, sizeof(*k->users), user_by_id);
	k->refs = ret == 0 ? calloc(RUNS_PAGE, sizeof(*k->refs)) : NULL;
	k->ids = ret == 0 ? calloc(RUNS_PAGE, sizeof(*k->ids)) : NULL;
	if (ret == 0 && (!k->refs || !k->ids))
		ret = error_set(k->e, ERR_ENV, "out of memory");
	while (ret == 0) {
		int n;

		k->n_refs = 0;
		n = store_customers_list(k->tx, &cur, keep_ref, k, k->e);
		ret = n < 0 ? n : 0;
		if (n > 0)
			ret = store_assignments_each(k->tx, k->ids[0], k->ids[k->n_refs - 1], count_assignment, k,
						     k->e);
		if (n < RUNS_PAGE)
			break;
	}
	return ret < 0 ? ret : 0;
}

int migrate_runs_count(struct store_tx *tx, long long *n, unsigned char (*digest)[MIGRATE_DIGEST_BYTES],
		       struct error *e)
{
	struct counter k = { .tx = tx, .n = n, .digest = digest, .e = e };
	int ret = store_runs_each(tx, count_run, &k, e);

	if (ret == 0)
		ret = store_snapshots_each(tx, first_day(), last_day(), count_snapshot, &k, e);
	if (ret == 0)
		ret = count_actions(&k);
	if (ret == 0)
		ret = count_assignments(&k);
	free(k.users);
	free(k.refs);
	free(k.ids);
	return ret < 0 ? ret : 0;
}

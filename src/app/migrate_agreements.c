/*
 * migrate_agreements.c: `recoup migrate`'s copy of what collectors agreed
 * with customers and of what stops collection, in the tenant's pair of
 * transactions (app/migrate.c, copy_tenant), once the ledger, the flags and
 * the customers' histories are on the target.
 *
 * Without it a book moved to PostgreSQL lost its promises, plans,
 * settlements, write-off requests, disputes, placements, credit holds and
 * their holds: the first run on the target dunned a customer with a
 * current promise or plan, an invoice in dispute (unlawful in places), an
 * account placed with an agency or a bankrupt customer (the flag went
 * across, not its hold), and `credit check` approved an order for a
 * customer on hold.
 *
 * Every row goes across with every column as stored (states, dates,
 * amounts, who made and decided it and when); the ids it refers to are
 * mapped: customers and invoices (struct copy's maps), users by name (they
 * keep their names), the rows of these tables among themselves (a hold
 * names its promise, plan, settlement, dispute, placement or flag) through
 * the maps below, and a credited dispute's credit note by its ref. Each
 * table is read in id order and written in that order, so a map is a few
 * runs (migrate_int.h) and memory stays flat whatever the number of rows.
 *
 * Three references need more than a map:
 *  - an agreement's ledger_mark (the tenant's last ledger entry when it was
 *    made: what is posted after it counts as paid under it) names a ledger
 *    entry, and the entries are renumbered. The copy posted them in id
 *    order, so the mark becomes the target's id of the same entry, found by
 *    its place in the tenant's ledger (ledger_marks below);
 *  - a special hold (bankrupt, deceased) names its flag. Only active flags
 *    are copied, a customer's in the order store_flags_each gives, so the
 *    flag is found by its place among the customer's active flags; a hold
 *    ended with its flag keeps source 0 (the flag was cleared, not copied);
 *  - a credit hold set by the run, and a placement that settled a
 *    place_with_agency step, name an action of a daily run: they are
 *    copied after the runs (migrate_agreements_after_runs, once
 *    migrate_copy_runs has filled c->actions), with the action's target id.
 *    The credit review's mark is copied with the runs (migrate_runs.c).
 *
 * The audit trail is copied as is: who, when, from where, what, before and
 * after. Its refs and JSON name the ids of the source where an entry named
 * an id ("promise 3"): the trail records what happened before the move.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/migrate_int.h"
#include "core/array.h"
#include "store/agreements.h"
#include "store/audit.h"
#include "store/credit.h"
#include "store/disputes.h"
#include "store/escalation.h"
#include "store/history.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/promises.h"

/* Entries of the audit trail per page read (it grows with every change: the largest of these tables). */
#define AUDIT_PAGE 4096

const char *const migrate_agreement_tables[MA_COUNT] = {
	[MA_DISPUTE_REASONS] = "dispute reasons",
	[MA_PROMISES] = "promises",
	[MA_PROMISE_INVOICES] = "promise invoices",
	[MA_AGREEMENTS] = "plans, settlements and write-offs",
	[MA_AGREEMENT_INVOICES] = "agreement invoices",
	[MA_INSTALMENTS] = "instalments",
	[MA_DISPUTES] = "disputes",
	[MA_PLACEMENTS] = "placements",
	[MA_LEGAL_EVENTS] = "small-claims steps",
	[MA_CREDIT_HOLDS] = "credit holds",
	[MA_HOLDS] = "holds",
	[MA_AUDIT] = "audit entries",
};

/* The target id of a daily run's action (copied by migrate_copy_runs, before the rows that name one). */
static int action_on_target(struct copy *c, int64_t source_id, int64_t *to)
{
	return migrate_mapped(c, &c->actions, source_id, "action", to);
}

/* ---- dispute reasons ---- */

static int copy_dispute_reasons(struct copy *c)
{
	char codes[4096], *p, *next;
	const char *list[128];
	size_t n = 0;
	int ret = store_dispute_reasons_get(c->src, codes, sizeof(codes), c->e);

	if (ret < 0 || !codes[0])
		return ret < 0 ? ret : 0; /* none: the shipped list, on both sides */
	for (p = codes; *p; p = next) {
		next = strchr(p, ';');
		if (next)
			*next++ = '\0';
		else
			next = p + strlen(p);
		if (n == sizeof(list) / sizeof(list[0]))
			return error_set(c->e, ERR_ENV, "tenant '%s': more than %zu dispute reasons", c->tenant, n);
		list[n++] = p;
	}
	return store_dispute_reasons_set(c->dst, list, n, c->e);
}

/* ---- promises ---- */

/*
 * The target ids of a promise's invoices, from its refs as read (sorted,
 * comma-separated). A ref may hold a comma: a piece that is no invoice is
 * joined to the next one until it is.
 */
static int promise_invoices(struct copy *c, const struct promise *p, int64_t *ids, size_t *n)
{
	char refs[PROMISE_REFS_MAX];
	struct invoice found;
	char *start = refs, *end;
	int ret;

	*n = 0;
	snprintf(refs, sizeof(refs), "%s", p->invoice_refs);
	while (*start) {
		for (end = strchr(start, ',');; end = strchr(end + 1, ',')) {
			char keep = end ? *end : '\0';
			if (end)
				*end = '\0';
			ret = store_invoice_find(c->dst, start, &found, c->e);
			if (end)
				*end = keep;
			if (ret < 0)
				return ret;
			if (ret > 0 || !end)
				break;
		}
		if (ret == 0)
			return error_set(c->e, ERR_ENV,
					 "tenant '%s': promise %lld: its invoices '%s' are not on the target",
					 c->tenant, (long long)p->id, p->invoice_refs);
		if (*n == PROMISE_INVOICES_MAX)
			return error_set(c->e, ERR_ENV, "tenant '%s': promise %lld covers more than %d invoices",
					 c->tenant, (long long)p->id, PROMISE_INVOICES_MAX);
		ids[(*n)++] = found.id;
		start = end ? end + 1 : start + strlen(start);
	}
	return 0;
}

static int on_promise(void *arg, const struct promise *p)
{
	struct copy *c = arg;
	struct promise *copy = malloc(sizeof(*copy));
	int64_t ids[PROMISE_INVOICES_MAX];
	size_t n = 0;
	int ret;

	if (!copy)
		return error_set(c->e, ERR_ENV, "out of memory");
	*copy = *p;
	ret = migrate_mapped(c, &c->customers, p->customer_id, "customer", &copy->customer_id);
	if (ret == 0)
		ret = promise_invoices(c, p, ids, &n);
	if (ret == 0)
		ret = store_promise_copy(c->dst, copy, ids, n, c->e);
	if (ret == 0)
		ret = migrate_idmap_add(&c->promises, p->id, copy->id, c->e);
	free(copy);
	return ret;
}

/* ---- plans, settlements, write-offs ---- */

/*
 * Where an agreement's ledger_mark lands on the target: the source's
 * ledger entries by id to their place in the tenant's ledger (1, 2, ...),
 * and the places to the target's ids. The copy posted the entries in id
 * order and the target numbers them in that order, so an entry's place is
 * the same on both sides; both maps are runs.
 */
struct ledger_marks {
	struct idmap places, targets;
	int64_t n;
	struct error *e;
};

static int on_source_entry(void *arg, const struct ledger_entry *le)
{
	struct ledger_marks *m = arg;
	return migrate_idmap_add(&m->places, le->id, ++m->n, m->e);
}

static int on_target_entry(void *arg, const struct ledger_entry *le)
{
	struct ledger_marks *m = arg;
	return migrate_idmap_add(&m->targets, ++m->n, le->id, m->e);
}

/* How many of the source's entries have an id up to `id` (a mark may name an entry of another tenant: 0..). */
static int64_t entries_up_to(const struct idmap *places, int64_t id)
{
	size_t lo = 0, hi = places->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (places->runs[mid].from <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	const struct idrun *r = &places->runs[lo - 1];
	return id < r->from + r->n ? r->to + (id - r->from) : r->to + r->n - 1;
}

static int build_ledger_marks(struct copy *c, struct ledger_marks *m)
{
	int64_t source_n;
	int ret = store_ledger_each(c->src, on_source_entry, m, c->e);

	source_n = m->n;
	m->n = 0;
	if (ret == 0)
		ret = store_ledger_each(c->dst, on_target_entry, m, c->e);
	if (ret == 0 && m->n != source_n)
		ret = error_set(c->e, ERR_ENV, "tenant '%s': %lld ledger entries on the target, %lld on the source",
				c->tenant, (long long)m->n, (long long)source_n);
	return ret;
}

struct agreement_copy {
	struct copy *c;
	struct ledger_marks marks;
	struct agreement_invoice *invs;
	size_t n_invs, cap_invs;
	struct agreement_instalment *ins;
	size_t n_ins, cap_ins;
	struct error *e;
};

static int has_agreement(void *arg, const struct agreement *a)
{
	(void)arg;
	(void)a;
	return 1;
}

static int on_agreement_invoice(void *arg, const struct agreement_invoice *ai)
{
	struct agreement_copy *ac = arg;
	struct agreement_invoice copy = *ai;
	int ret = migrate_mapped(ac->c, &ac->c->invoices, ai->invoice_id, "invoice", &copy.invoice_id);

	if (ret < 0)
		return ret;
	ARRAY_PUSH(ac, invs, n_invs, cap_invs, copy);
	return 0;
}

static int on_instalment(void *arg, int64_t id, const struct agreement_instalment *in)
{
	struct agreement_copy *ac = arg;

	(void)id;
	ARRAY_PUSH(ac, ins, n_ins, cap_ins, *in);
	return 0;
}

static int on_agreement(void *arg, const struct agreement *a)
{
	struct agreement_copy *ac = arg;
	struct copy *c = ac->c;
	struct agreement *copy = malloc(sizeof(*copy));
	int64_t place = entries_up_to(&ac->marks.places, a->ledger_mark);
	int ret;

	if (!copy)
		return error_set(c->e, ERR_ENV, "out of memory");
	*copy = *a;
	ac->n_invs = ac->n_ins = 0;
	ret = migrate_mapped(c, &c->customers, a->customer_id, "customer", &copy->customer_id);
	if (ret == 0)
		ret = migrate_mapped(c, &ac->marks.targets, place, "ledger entry (place)", &copy->ledger_mark);
	if (ret == 0)
		ret = store_agreement_invoices(c->src, a->id, on_agreement_invoice, ac, c->e);
	if (ret == 0)
		ret = store_agreement_instalments_of(c->src, a->id, on_instalment, ac, c->e);
	if (ret == 0)
		ret = store_agreement_copy(c->dst, copy, ac->invs, ac->n_invs, ac->ins, ac->n_ins, c->e);
	if (ret == 0)
		ret = migrate_idmap_add(&c->agreements, a->id, copy->id, c->e);
	free(copy);
	return ret;
}

static int copy_agreements(struct copy *c)
{
	struct agreement_filter all = { 0 };
	struct agreement_copy ac = { .c = c, .marks = { .e = c->e }, .e = c->e };
	int ret = store_agreements_each(c->src, &all, has_agreement, NULL, c->e);

	if (ret <= 0)
		return ret; /* none: no ledger to walk */
	ret = build_ledger_marks(c, &ac.marks);
	if (ret == 0)
		ret = store_agreements_each(c->src, &all, on_agreement, &ac, c->e);
	migrate_idmap_release(&ac.marks.places);
	migrate_idmap_release(&ac.marks.targets);
	free(ac.invs);
	free(ac.ins);
	return ret;
}

/* ---- disputes, placements, small claims, credit holds ---- */

/*
 * The target's id of the credit note a resolution posted: app/disputes.c
 * names it dispute-ID (the source's dispute id), and the credit notes went
 * across with their refs (copy_customer_history).
 */
static int dispute_credit_note(struct copy *c, const struct dispute *d, int64_t *to)
{
	struct credit_note cn;
	char ref[32];
	int ret;

	snprintf(ref, sizeof(ref), "dispute-%lld", (long long)d->id);
	ret = store_credit_note_get(c->src, ref, &cn, NULL, c->e);
	if (ret > 0 && cn.id != d->credit_note_id)
		ret = 0;
	if (ret > 0)
		ret = store_credit_note_get(c->dst, ref, &cn, NULL, c->e);
	if (ret == 0)
		return error_set(c->e, ERR_ENV,
				 "tenant '%s': dispute %lld: its credit note %lld ('%s') is not on the target",
				 c->tenant, (long long)d->id, (long long)d->credit_note_id, ref);
	if (ret < 0)
		return ret;
	*to = cn.id;
	return 0;
}

static int on_dispute(void *arg, const struct dispute *d)
{
	struct copy *c = arg;
	struct dispute copy = *d;
	int ret = migrate_mapped(c, &c->customers, d->customer_id, "customer", &copy.customer_id);

	if (ret == 0)
		ret = migrate_mapped(c, &c->invoices, d->invoice_id, "invoice", &copy.invoice_id);
	if (ret == 0 && d->credit_note_id)
		ret = dispute_credit_note(c, d, &copy.credit_note_id);
	if (ret == 0)
		ret = store_dispute_copy(c->dst, &copy, c->e);
	if (ret < 0)
		return ret;
	return migrate_idmap_add(&c->disputes, d->id, copy.id, c->e);
}

static int on_placement(void *arg, const struct placement *p)
{
	struct copy *c = arg;
	struct placement copy = *p;
	int ret = migrate_mapped(c, &c->customers, p->customer_id, "customer", &copy.customer_id);

	if (ret == 0)
		ret = action_on_target(c, p->action_id, &copy.action_id);
	if (ret == 0)
		ret = store_placement_add(c->dst, &copy, c->e);
	if (ret == 0 && p->recalled_at) {
		ret = store_placement_recall(c->dst, copy.id, p->recalled_at, p->recalled_by, c->e);
		if (ret == 0)
			ret = error_set(c->e, ERR_ENV, "tenant '%s': placement %lld not recalled on the target",
					c->tenant, (long long)p->id);
		ret = ret < 0 ? ret : 0;
	}
	if (ret < 0)
		return ret;
	return migrate_idmap_add(&c->placements, p->id, copy.id, c->e);
}

static int on_legal_event(void *arg, const struct legal_event *ev)
{
	struct copy *c = arg;
	int64_t customer;
	int ret = migrate_mapped(c, &c->customers, ev->customer_id, "customer", &customer);

	if (ret == 0)
		ret = store_legal_event_add(c->dst, customer, ev->state, ev->at, ev->by, NULL, c->e);
	return ret;
}

static int on_credit_hold(void *arg, const struct credit_hold *h)
{
	struct copy *c = arg;
	struct credit_hold copy = *h;
	int ret = migrate_mapped(c, &c->customers, h->customer_id, "customer", &copy.customer_id);

	if (ret == 0)
		ret = action_on_target(c, h->action_id, &copy.action_id);
	if (ret == 0)
		ret = store_credit_hold_copy(c->dst, &copy, c->e);
	return ret;
}

/* ---- holds ---- */

/* A customer's active flags in the order store_flags_each gives them, until the one of id `stop`. */
struct flag_place {
	int64_t stop;
	size_t place, seen;
	int found;
	char flag[SHORT_MAX + 1];
	int64_t id;
};

static int at_flag_id(void *arg, const struct flag_record *f)
{
	struct flag_place *fp = arg;

	if (f->id == fp->stop) {
		fp->found = 1;
		snprintf(fp->flag, sizeof(fp->flag), "%s", f->flag);
		return 1;
	}
	fp->place++;
	return 0;
}

static int at_flag_place(void *arg, const struct flag_record *f)
{
	struct flag_place *fp = arg;

	if (fp->seen++ < fp->place)
		return 0;
	fp->found = !strcmp(f->flag, fp->flag);
	fp->id = f->id;
	return 1;
}

/* The target's id of the flag a special hold names (0: the flag is no longer active, so not copied). */
static int special_flag(struct copy *c, const struct hold *h, int64_t customer, int64_t *to)
{
	struct flag_place fp = { .stop = h->source_id };
	int ret = store_flags_each(c->src, h->customer_id, at_flag_id, &fp, c->e);

	*to = 0;
	if (ret < 0 || !fp.found)
		return ret < 0 ? ret : 0;
	fp.found = 0;
	ret = store_flags_each(c->dst, customer, at_flag_place, &fp, c->e);
	if (ret < 0)
		return ret;
	if (!fp.found)
		return error_set(c->e, ERR_ENV, "tenant '%s': flag %lld ('%s') of a special hold is not on the target",
				 c->tenant, (long long)h->source_id, fp.flag);
	*to = fp.id;
	return 0;
}

static int on_hold(void *arg, const struct hold *h, const char *customer_ref, const char *invoice_ref)
{
	struct copy *c = arg;
	struct hold copy = *h;
	const struct idmap *sources = NULL;
	int ret;

	(void)customer_ref;
	(void)invoice_ref;
	ret = migrate_mapped(c, &c->customers, h->customer_id, "customer", &copy.customer_id);
	if (ret == 0)
		ret = migrate_mapped(c, &c->invoices, h->invoice_id, "invoice", &copy.invoice_id);
	if (ret < 0)
		return ret;
	if (!strcmp(h->kind, "promise"))
		sources = &c->promises;
	else if (!strcmp(h->kind, "plan") || !strcmp(h->kind, "settlement"))
		sources = &c->agreements;
	else if (!strcmp(h->kind, "dispute"))
		sources = &c->disputes;
	else if (!strcmp(h->kind, "placed"))
		sources = &c->placements;
	if (sources)
		ret = migrate_mapped(c, sources, h->source_id, h->kind, &copy.source_id);
	else if (!strcmp(h->kind, "special"))
		ret = special_flag(c, h, copy.customer_id, &copy.source_id);
	else
		ret = error_set(c->e, ERR_ENV, "tenant '%s': hold %lld of unknown kind '%s'", c->tenant,
				(long long)h->id, h->kind);
	if (ret == 0)
		ret = store_hold_copy(c->dst, &copy, c->e);
	return ret;
}

/* ---- the audit trail ---- */

struct audit_copy {
	struct copy *c;
	int64_t last;
	int n;
};

static int on_audit(void *arg, const struct audit_entry *a)
{
	struct audit_copy *ac = arg;
	struct audit_entry copy = *a;

	ac->last = a->id;
	ac->n++;
	return store_audit_add(ac->c->dst, &copy, ac->c->e);
}

/* In pages: the backends read a page at once (PostgreSQL's audit reads are not streamed). */
static int copy_audit(struct copy *c)
{
	struct audit_copy ac = { c, 0, 0 };
	int ret;

	do {
		struct audit_filter f = { .after_id = ac.last, .limit = AUDIT_PAGE };
		ac.n = 0;
		ret = store_audit_each(c->src, &f, on_audit, &ac, c->e);
	} while (ret == 0 && ac.n == AUDIT_PAGE);
	return ret;
}

int migrate_agreements(struct copy *c)
{
	struct promise_filter every_promise = { 0 };
	struct dispute_filter every_dispute = { 0 };
	int ret = copy_dispute_reasons(c);

	if (ret == 0)
		ret = store_promises_each(c->src, &every_promise, on_promise, c, c->e);
	if (ret == 0)
		ret = copy_agreements(c);
	if (ret == 0)
		ret = store_disputes_each(c->src, &every_dispute, on_dispute, c, c->e);
	return ret;
}

int migrate_agreements_after_runs(struct copy *c)
{
	int ret = store_placements_each(c->src, on_placement, c, c->e);

	if (ret == 0)
		ret = store_legal_events_each(c->src, on_legal_event, c, c->e);
	if (ret == 0)
		ret = store_credit_holds_each(c->src, on_credit_hold, c, c->e);
	/* last of the rows: a hold names a promise, an agreement, a dispute, a placement or a flag */
	if (ret == 0)
		ret = store_holds_all(c->src, on_hold, c, c->e);
	if (ret == 0)
		ret = copy_audit(c);
	return ret;
}

void migrate_agreements_release(struct copy *c)
{
	migrate_idmap_release(&c->promises);
	migrate_idmap_release(&c->agreements);
	migrate_idmap_release(&c->disputes);
	migrate_idmap_release(&c->placements);
}

/* ---- the comparison ---- */

struct tally {
	struct migrate_tally *t;
	struct store_tx *tx;
	struct error *e;
};

/* Into table's digest (migrate_digest_add); NULL as "". */
static void digest_add(struct tally *k, enum migrate_agreement_table table, const char *text)
{
	migrate_digest_add(k->t->digest[table], text ? text : "");
}

/* A line of numbers (amounts, dates, moments: ids never) into the digest. */
static void digest_numbers(struct tally *k, enum migrate_agreement_table table, int n, const long long *v)
{
	char line[512];
	size_t len = 0;

	line[0] = '\0';
	for (int i = 0; i < n && len < sizeof(line); i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%lld ", v[i]);
	digest_add(k, table, line);
}

static int tally_promise(void *arg, const struct promise *p)
{
	struct tally *k = arg;
	const long long v[] = { p->amount,  p->kept_at_least, p->date,       p->until,
				p->made_at, p->paid,          p->settled_on, p->settled_at };

	k->t->n[MA_PROMISES]++;
	if (p->invoice_refs[0]) {
		k->t->n[MA_PROMISE_INVOICES]++;
		for (const char *r = p->invoice_refs; *r; r++)
			k->t->n[MA_PROMISE_INVOICES] += *r == ',';
	}
	digest_add(k, MA_PROMISES, p->customer_ref);
	digest_add(k, MA_PROMISES, p->currency);
	digest_add(k, MA_PROMISES, p->made_by);
	digest_add(k, MA_PROMISES, p->state);
	digest_add(k, MA_PROMISES, p->note);
	digest_add(k, MA_PROMISES, p->end_reason);
	digest_numbers(k, MA_PROMISES, 8, v);
	digest_add(k, MA_PROMISE_INVOICES, p->invoice_refs);
	return 0;
}

static int tally_agreement_invoice(void *arg, const struct agreement_invoice *ai)
{
	struct tally *k = arg;
	const long long v[] = { ai->balance };

	k->t->n[MA_AGREEMENT_INVOICES]++;
	digest_add(k, MA_AGREEMENT_INVOICES, ai->invoice_ref);
	digest_numbers(k, MA_AGREEMENT_INVOICES, 1, v);
	return 0;
}

static int tally_instalment(void *arg, int64_t id, const struct agreement_instalment *in)
{
	struct tally *k = arg;
	const long long v[] = { in->seq, in->due, in->amount };

	(void)id;
	k->t->n[MA_INSTALMENTS]++;
	digest_numbers(k, MA_INSTALMENTS, 3, v);
	return 0;
}

static int tally_agreement(void *arg, const struct agreement *a)
{
	struct tally *k = arg;
	const long long v[] = { a->balance, a->amount, a->fees, a->pay_by, a->made_at, a->decided_at, a->ended_at };
	const char *texts[] = { a->kind,   a->customer_ref, a->currency,   a->state,      a->waive,
				a->reason, a->made_by,      a->decided_by, a->end_reason, a->decision_reason };
	int ret;

	k->t->n[MA_AGREEMENTS]++;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		digest_add(k, MA_AGREEMENTS, texts[i]);
	digest_numbers(k, MA_AGREEMENTS, 7, v);
	ret = store_agreement_invoices(k->tx, a->id, tally_agreement_invoice, k, k->e);
	if (ret == 0)
		ret = store_agreement_instalments_of(k->tx, a->id, tally_instalment, k, k->e);
	return ret;
}

static int tally_dispute(void *arg, const struct dispute *d)
{
	struct tally *k = arg;
	const long long v[] = { d->deadline, d->opened_at,           d->resolved_at,
				d->credit,   d->credit_note_id != 0, d->overdue_at };
	const char *texts[] = { d->customer_ref, d->invoice_ref, d->reason,     d->note,
				d->opened_by,    d->state,       d->resolved_by };

	k->t->n[MA_DISPUTES]++;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		digest_add(k, MA_DISPUTES, texts[i]);
	digest_numbers(k, MA_DISPUTES, 6, v);
	return 0;
}

static int tally_placement(void *arg, const struct placement *p)
{
	struct tally *k = arg;
	const long long v[] = { p->amount, p->age_days, p->placed_at, p->recalled_at };

	k->t->n[MA_PLACEMENTS]++;
	digest_add(k, MA_PLACEMENTS, p->customer_ref);
	digest_add(k, MA_PLACEMENTS, p->currency);
	digest_add(k, MA_PLACEMENTS, p->agency);
	digest_add(k, MA_PLACEMENTS, p->placed_by);
	digest_add(k, MA_PLACEMENTS, p->recalled_by);
	digest_numbers(k, MA_PLACEMENTS, 4, v);
	return 0;
}

static int tally_legal_event(void *arg, const struct legal_event *ev)
{
	struct tally *k = arg;
	const long long v[] = { ev->at };

	k->t->n[MA_LEGAL_EVENTS]++;
	digest_add(k, MA_LEGAL_EVENTS, ev->customer_ref);
	digest_add(k, MA_LEGAL_EVENTS, ev->state);
	digest_add(k, MA_LEGAL_EVENTS, ev->by);
	digest_numbers(k, MA_LEGAL_EVENTS, 1, v);
	return 0;
}

static int tally_credit_hold(void *arg, const struct credit_hold *h)
{
	struct tally *k = arg;
	const long long v[] = { h->set_at, h->released_at };
	const char *texts[] = { h->customer_ref, h->source, h->set_by, h->reason, h->released_by, h->release_reason };

	k->t->n[MA_CREDIT_HOLDS]++;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		digest_add(k, MA_CREDIT_HOLDS, texts[i]);
	digest_numbers(k, MA_CREDIT_HOLDS, 2, v);
	return 0;
}

static int tally_hold(void *arg, const struct hold *h, const char *customer_ref, const char *invoice_ref)
{
	struct tally *k = arg;
	const long long v[] = { h->from_at, h->until, h->ended_at };

	k->t->n[MA_HOLDS]++;
	digest_add(k, MA_HOLDS, customer_ref);
	digest_add(k, MA_HOLDS, invoice_ref);
	digest_add(k, MA_HOLDS, h->currency);
	digest_add(k, MA_HOLDS, h->kind);
	digest_add(k, MA_HOLDS, h->end_reason);
	digest_numbers(k, MA_HOLDS, 3, v);
	return 0;
}

struct audit_tally {
	struct tally *k;
	int64_t last;
	int n;
};

static int tally_audit(void *arg, const struct audit_entry *a)
{
	struct audit_tally *at = arg;
	struct tally *k = at->k;
	const long long v[] = { a->at };
	const char *texts[] = { a->actor, a->origin, a->action, a->entity, a->ref, a->before, a->after };

	at->last = a->id;
	at->n++;
	k->t->n[MA_AUDIT]++;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		digest_add(k, MA_AUDIT, texts[i]);
	digest_numbers(k, MA_AUDIT, 1, v);
	return 0;
}

int migrate_agreements_count(struct store_tx *tx, struct migrate_tally *t, struct error *e)
{
	struct tally k = { t, tx, e };
	struct promise_filter every_promise = { 0 };
	struct agreement_filter every_agreement = { 0 };
	struct dispute_filter every_dispute = { 0 };
	struct audit_tally at = { &k, 0, 0 };
	char reasons[4096];
	int ret;

	memset(t, 0, sizeof(*t));
	ret = store_dispute_reasons_get(tx, reasons, sizeof(reasons), e);
	if (ret == 0 && reasons[0]) {
		t->n[MA_DISPUTE_REASONS] = 1;
		for (const char *r = reasons; *r; r++)
			t->n[MA_DISPUTE_REASONS] += *r == ';';
		digest_add(&k, MA_DISPUTE_REASONS, reasons);
	}
	if (ret == 0)
		ret = store_promises_each(tx, &every_promise, tally_promise, &k, e);
	if (ret == 0)
		ret = store_agreements_each(tx, &every_agreement, tally_agreement, &k, e);
	if (ret == 0)
		ret = store_disputes_each(tx, &every_dispute, tally_dispute, &k, e);
	if (ret == 0)
		ret = store_placements_each(tx, tally_placement, &k, e);
	if (ret == 0)
		ret = store_legal_events_each(tx, tally_legal_event, &k, e);
	if (ret == 0)
		ret = store_credit_holds_each(tx, tally_credit_hold, &k, e);
	if (ret == 0)
		ret = store_holds_all(tx, tally_hold, &k, e);
	while (ret == 0) {
		struct audit_filter f = { .after_id = at.last, .limit = AUDIT_PAGE };
		at.n = 0;
		ret = store_audit_each(tx, &f, tally_audit, &at, e);
		if (at.n < AUDIT_PAGE)
			break;
	}
	return ret;
}

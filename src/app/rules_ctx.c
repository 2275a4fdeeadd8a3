/*
 * rules_ctx.c: the contact rules over the store, one contact or a tenant.
 *
 * Both paths end in the same two steps, judge_prepare() (per contact) and
 * judge_ask() (per question): the single evaluation reads one customer's
 * rows, the batch reads a chunk of customers' rows in one statement per
 * kind and walks them in customer order; the two steps turn the same rows
 * into the same input of contact_rules_check(). So the two can only differ
 * in what they read, which the equivalence test covers.
 */
#include "app/rules_ctx.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/array.h"
#include "core/contact_flags.h"
#include "core/holidays.h"
#include "core/tz.h"
#include "core/text_copy.h"
#include "store/actions.h"
#include "store/history.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/rules_config.h"

struct stored_profile {
	char name[PROFILE_MAX + 1];
	int status;       /* 0, or the -ERR_* of parsing it */
	struct error err; /* when status < 0 */
	struct profile p;
};

struct rules_ctx {
	int64_t tenant;
	char tenant_default[PROFILE_MAX + 1];
	struct stored_profile *stored;
	size_t n_stored, cap_stored;
	struct profile *presets; /* one per profile_preset_names[] */
	size_t n_presets;
	date_t *closed;
	size_t n_closed, cap_closed;
	int64_t max_lookback; /* the longest lookback() of any profile held */
	int chunk;            /* customers per batch chunk */
	/*
	 * Whether a flag was set or cleared after `flags_known_at`, asked of
	 * `flags_tx` (store_flags_changed_after): an evaluation as known at a
	 * moment reads the flags as of then only when some changed since, as
	 * the run does; that read scans the tenant's flags, the active ones'
	 * is indexed.
	 */
	const struct store_tx *flags_tx;
	timestamp_t flags_known_at;
	int flags_changed;

	/* the invoice a refusal named last (debt_ref): its id (0: none) and ref */
	int64_t ref_id;
	char ref[REF_MAX + 1];

	/* scratch, reused by every evaluation */
	struct status_builder builder;
	struct contact_debt *debts;
	size_t cap_debts;
	struct rules_answer answer;
};

/* ---- loading ---- */

/* How far back the history matters for this profile. */
static int64_t lookback(const struct profile *p)
{
	int64_t back = 86400;
	for (size_t i = 0; i < p->n_caps; i++)
		if (p->caps[i].period > back)
			back = p->caps[i].period;
	for (size_t i = 0; i < p->n_pauses; i++)
		if (p->pauses[i].duration > back)
			back = p->pauses[i].duration;
	for (int c = 0; c < CHANNEL_COUNT; c++)
		if (p->min_gap[c] > back)
			back = p->min_gap[c];
	if (p->consent_validity > back)
		back = p->consent_validity;
	if (p->inbound_reply_window > back)
		back = p->inbound_reply_window;
	return back + 86400;
}

struct load {
	struct rules_ctx *rc;
	struct error *e;
};

/*
 * Stored profiles as parsed, kept across contexts: a context is loaded per
 * request of the server (a queue, an account) and parsing a profile's JSON
 * cost 500k instructions, a fifth of a queue request of bench/serve. The
 * parse is a function of the text alone, so a text seen before gives the
 * parse it gave then (status, profile and error alike). A few texts are
 * kept, the oldest replaced; shared by the server's threads.
 */
#define PARSED_MAX 32

struct parsed {
	char *json;
	int status;
	struct error err;
	struct profile p;
};

static pthread_mutex_t parsed_lock = PTHREAD_MUTEX_INITIALIZER;
static struct parsed parsed[PARSED_MAX];
static size_t parsed_next;

static void parse_stored(const char *json, struct stored_profile *sp)
{
	const char *text = json ? json : "";
	char *copy;
	int found = 0;

	pthread_mutex_lock(&parsed_lock);
	for (size_t i = 0; i < PARSED_MAX && !found; i++) {
		if (!parsed[i].json || strcmp(parsed[i].json, text))
			continue;
		sp->status = parsed[i].status;
		sp->err = parsed[i].err;
		sp->p = parsed[i].p;
		found = 1;
	}
	pthread_mutex_unlock(&parsed_lock);
	if (found)
		return;
	sp->status = profile_from_json_text(json, &sp->p, &sp->err);
	copy = strdup(text);
	if (!copy)
		return; /* parsed, not kept */
	pthread_mutex_lock(&parsed_lock);
	free(parsed[parsed_next].json);
	parsed[parsed_next].json = copy;
	parsed[parsed_next].status = sp->status;
	parsed[parsed_next].err = sp->err;
	parsed[parsed_next].p = sp->p;
	parsed_next = (parsed_next + 1) % PARSED_MAX;
	pthread_mutex_unlock(&parsed_lock);
}

static int on_stored(void *ctx, const char *name, const char *json)
{
	struct load *l = ctx;
	struct rules_ctx *rc = l->rc;
	struct stored_profile *sp;

	if (array_grow(&rc->stored, &rc->cap_stored, rc->n_stored, sizeof(*rc->stored)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	sp = &rc->stored[rc->n_stored++];
	memset(sp, 0, sizeof(*sp));
	text_copy(sp->name, sizeof(sp->name), name);
	parse_stored(json, sp);
	return 0;
}

static int on_day(void *ctx, date_t day, const char *name)
{
	struct load *l = ctx;
	struct rules_ctx *rc = l->rc;
	(void)name;
	if (array_grow(&rc->closed, &rc->cap_closed, rc->n_closed, sizeof(*rc->closed)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	rc->closed[rc->n_closed++] = day;
	return 0;
}

/* A store iteration's result: a callback's stop value may be positive. */
static int iteration(int ret)
{
	return ret > 0 ? -ret : ret;
}

int rules_ctx_load(struct store_tx *tx, struct rules_ctx **out, struct error *e)
{
	struct rules_ctx *rc = calloc(1, sizeof(*rc));
	struct load l = { rc, e };
	size_t n = 0;
	int ret = 0;

	*out = NULL;
	if (!rc)
		return error_set(e, ERR_ENV, "out of memory");
	rc->tenant = store_tx_tenant(tx);
	rc->chunk = RULES_CTX_CHUNK;
	while (profile_preset_names[n])
		n++;
	rc->presets = calloc(n, sizeof(*rc->presets));
	if (!rc->presets) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	for (; rc->n_presets < n; rc->n_presets++) {
		ret = profile_preset(profile_preset_names[rc->n_presets], &rc->presets[rc->n_presets], e);
		/* validated once here, as a stored profile is when parsed: the questions then skip it (profile_valid) */
		if (ret == 0)
			ret = profile_validate(&rc->presets[rc->n_presets], e);
		if (ret < 0)
			goto cleanup;
	}
	ret = store_tenant_default_profile(tx, rc->tenant_default, sizeof(rc->tenant_default), e);
	if (ret < 0)
		goto cleanup;
	ret = iteration(store_profiles_each(tx, on_stored, &l, e));
	if (ret < 0)
		goto cleanup;
	ret = iteration(store_closed_days_each(tx, on_day, &l, e));
	if (ret < 0)
		goto cleanup;
	for (size_t i = 0; i < rc->n_presets; i++)
		if (lookback(&rc->presets[i]) > rc->max_lookback)
			rc->max_lookback = lookback(&rc->presets[i]);
	for (size_t i = 0; i < rc->n_stored; i++)
		if (rc->stored[i].status == 0 && lookback(&rc->stored[i].p) > rc->max_lookback)
			rc->max_lookback = lookback(&rc->stored[i].p);
	*out = rc;
	rc = NULL;
cleanup:
	rules_ctx_free(rc);
	return ret;
}

void rules_ctx_free(struct rules_ctx *rc)
{
	if (!rc)
		return;
	free(rc->stored);
	free(rc->presets);
	free(rc->closed);
	free(rc->debts);
	free(rc);
}

/* The tenant's profile `name` (its stored copy, else the preset). The pointer lives as long as rc. */
static int ctx_profile(const struct rules_ctx *rc, const char *name, const struct profile **out, struct error *e)
{
	struct profile unknown;

	for (size_t i = 0; i < rc->n_stored; i++) {
		const struct stored_profile *sp = &rc->stored[i];
		if (strcmp(sp->name, name))
			continue;
		if (sp->status < 0) {
			if (e)
				*e = sp->err;
			return sp->status;
		}
		*out = &sp->p;
		return 0;
	}
	for (size_t i = 0; i < rc->n_presets; i++) {
		if (!strcmp(profile_preset_names[i], name)) {
			*out = &rc->presets[i];
			return 0;
		}
	}
	return profile_preset(name, &unknown, e); /* the preset's own "unknown profile" error */
}

int rules_ctx_profile_load(struct store_tx *tx, const char *name, struct profile *out, struct error *e)
{
	char *json = NULL;
	int ret = store_profile_get(tx, name, &json, e);

	if (ret < 0)
		return ret;
	if (ret == 1) {
		ret = profile_from_json_text(json, out, e);
		free(json);
		return ret;
	}
	return profile_preset(name, out, e);
}

/* The profile that applies to a customer, or the error every one of its contacts gets. */
static int customer_profile(const struct rules_ctx *rc, const struct customer *c, const struct profile **out,
			    struct error *e)
{
	const char *name = profile_for_customer(c->kind, c->country, c->region, c->timezone, c->profile,
						rc->tenant_default);
	int ret;

	if (!name || !*name)
		return error_set(e, ERR_INPUT,
				 "customer '%s': no contact-rules profile applies (set one on the customer or a tenant "
				 "default with 'recoup rules default NAME')",
				 c->ref);
	ret = ctx_profile(rc, name, out, e);
	if (ret < 0)
		error_prefix(e, "customer '%s'", c->ref);
	return ret;
}

/*
 * The customer's region (ISO 3166-2 subdivision, "ON"), which picks a
 * Canadian debtor's provincial calendar before its zone does.
 */
#define CUSTOMER_REGION(cu) ((cu)->region)

/*
 * A profile's "debtor" calendar made concrete for one contact's customer
 * (core/holidays.h holiday_debtor_calendar): the region's own when its
 * country has one (France's Alsace-Moselle), else the country's, or for
 * Canada the province's, from the customer's region, else its zone, else
 * the contact's zone. `base` is the profile's own calendar. Left "debtor"
 * when none is known, so the rules still warn no_holiday_calendar.
 */
static void debtor_calendar(struct profile *p, const char *base, const struct customer *cu, const struct contact *co)
{
	char cal[PROFILE_CALENDAR_MAX + 1];
	const char *zone = cu->timezone[0] ? cu->timezone : co->timezone;

	text_copy(p->holiday_calendar, sizeof(p->holiday_calendar), base);
	if (strcmp(base, "debtor"))
		return;
	/* the country's own calendar: the rules read it from "debtor" themselves */
	if (holiday_debtor_calendar(cu->country, CUSTOMER_REGION(cu), zone, cal, sizeof(cal)) &&
	    strcmp(cal, cu->country))
		text_copy(p->holiday_calendar, sizeof(p->holiday_calendar), cal);
}

/* ---- judging: the same for one contact and for a batch ---- */

/* An open invoice of a batch's chunk (its ref names it in a refusal: debt_ref). */
struct chunk_invoice {
	int64_t customer_id;
	int64_t id;
	char currency[sizeof(((struct invoice *)0)->currency)];
	char ref[REF_MAX + 1];
};

/* What one contact is checked with; every array is borrowed. */
struct judge_in {
	const struct customer *customer;
	const struct contact *contact;
	const struct profile *profile;
	const int64_t *debt_ids;
	size_t n_debts;
	const struct flag_record *flags; /* the customer's active flags, oldest first */
	size_t n_flags;
	const struct contact_attempt *attempts; /* the customer's attempts, oldest first */
	size_t n_attempts;
	enum channel channel;
	timestamp_t at;
	const char *address;
	int final_notice;
	/* where a refusal's debt is found by id (debt_ref): among `invoices`, else read in `tx` */
	const struct chunk_invoice *invoices;
	size_t n_invoices;
	struct store_tx *tx;
};

static int apply_flag(struct status_builder *b, const struct flag_record *f, struct error *e)
{
	enum flag_kind k;
	const char *address = "", *detail = f->detail;

	if (flag_parse(f->flag, &k, NULL) < 0)
		return 0; /* a flag of a newer version: not ours to judge */
	if (flag_info(k)->scope & (FLAG_SCOPE_ADDRESS | FLAG_NEEDS_ADDRESS)) {
		address = f->detail;
		detail = "";
	}
	return status_builder_add(b, k, f->contact_id, f->invoice_id, address, detail, f->set_at, e);
}

/*
 * What depends on the contact alone, not on the question: the debts and the
 * status the contact's flags give, into rc's scratch. A batch does it once
 * per contact and then asks every question (judge_ask).
 */
static int judge_prepare(struct rules_ctx *rc, const struct judge_in *j, struct error *e)
{
	int ret;

	if (j->n_debts && array_grow(&rc->debts, &rc->cap_debts, j->n_debts - 1, sizeof(*rc->debts)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < j->n_debts; i++) {
		memset(&rc->debts[i], 0, sizeof(rc->debts[i]));
		rc->debts[i].invoice_id = j->debt_ids[i];
	}
	status_builder_init(&rc->builder, j->contact->id, rc->debts, j->n_debts);
	for (size_t i = 0; i < j->n_flags; i++) {
		ret = apply_flag(&rc->builder, &j->flags[i], e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* The debt a refusal names, found when the rules name one (rarely: a per-debt cap's refusal). */
struct ref_lookup {
	struct rules_ctx *rc;
	const struct judge_in *j;
	struct error *e;
	int status; /* -ERR_* when the read failed */
};

/*
 * contact_rules_input.debt_ref: the run and the queue know their debts by
 * id alone, the user by ref. A batch has its chunk's invoices, refs and
 * all; the others read the ref, one statement, kept for the next refusal
 * (schedule() asks two to four moments of one action).
 */
static void debt_ref(void *ctx, int64_t invoice_id, char *buf, size_t size)
{
	struct ref_lookup *l = ctx;
	struct rules_ctx *rc = l->rc;
	int ret;

	for (size_t i = 0; i < l->j->n_invoices; i++)
		if (l->j->invoices[i].id == invoice_id) {
			text_copy(buf, size, l->j->invoices[i].ref);
			return;
		}
	if (rc->ref_id != invoice_id) {
		ret = l->j->tx ? store_invoice_ref(l->j->tx, invoice_id, rc->ref, sizeof(rc->ref), l->e) : 0;
		if (ret < 0) {
			l->status = ret;
			return;
		}
		rc->ref_id = ret ? invoice_id : 0;
	}
	text_copy(buf, size, rc->ref_id ? rc->ref : "");
}

/* One question (j->channel, j->at, ...) of the contact judge_prepare() last prepared. */
static int judge_ask(struct rules_ctx *rc, const struct judge_in *j, struct contact_verdict *out, struct error *e)
{
	struct contact_rules_input in = { 0 };
	struct ref_lookup refs = { rc, j, e, 0 };
	int64_t back = lookback(j->profile);
	timestamp_t since = j->at - back;
	size_t first = 0, end = j->n_attempts;
	int ret;

	/* oldest first: the attempts in [since, at] are one slice */
	while (first < end && j->attempts[first].at < since)
		first++;
	while (end > first && j->attempts[end - 1].at > j->at)
		end--;

	in.profile = j->profile;
	in.customer = j->customer;
	in.contact = j->contact;
	in.status = &rc->builder.status;
	in.debts = rc->debts;
	in.n_debts = j->n_debts;
	in.history = j->attempts + first;
	in.n_history = end - first;
	in.closed_days = rc->closed;
	in.n_closed_days = rc->n_closed;
	in.channel = j->channel;
	in.at = j->at;
	in.address = j->address;
	in.final_notice = j->final_notice;
	/* every profile here is a preset or a stored one that parsed (profile_parse validates), its calendar set by debtor_calendar to a known one */
	in.profile_valid = 1;
	in.debt_ref = debt_ref;
	in.debt_ref_ctx = &refs;
	ret = contact_rules_check(&in, out, e);
	if (ret == 0 && refs.status < 0)
		ret = refs.status;
	/*
	 * The slice moves with the moment: an attempt logged ahead of the clock
	 * (app.h, APP_CLOCK_SKEW) joins it at its own second, the oldest leaves it
	 * a second past its lookback. Either changes what the rules see, so an
	 * allowed verdict holds no longer (steady_until, core/contact_rules.h).
	 */
	if (ret == 0 && out->allowed) {
		if (end < j->n_attempts && j->attempts[end].at < out->steady_until)
			out->steady_until = j->attempts[end].at;
		if (first < end && j->attempts[first].at + back + 1 < out->steady_until)
			out->steady_until = j->attempts[first].at + back + 1;
	}
	return ret;
}

static int judge(struct rules_ctx *rc, const struct judge_in *j, struct contact_verdict *out, struct error *e)
{
	int ret = judge_prepare(rc, j, e);

	return ret < 0 ? ret : judge_ask(rc, j, out, e);
}

/*
 * Clears an answer of rules_ctx_chunk_ask() before it is filled, as a
 * memset of the whole would, but in proportion to what its last use
 * filled: the verdict's lists of reasons and warnings are more than half
 * of the answer's 17 KB, and rarely hold more than a few entries. A chunk
 * is asked once per question (the queue asks one per account it examines,
 * a daily run one per action); the entries past the counts of an answer
 * that was zeroed once and then filled only here are zero already (counts
 * out of range: cleared whole). rules_ctx_evaluate(), asked once with an
 * answer on the stack, clears it whole.
 */
/* A verdict cleared as far as it was used (its reasons and warnings counted), whole when its counts are not. */
static void verdict_clear_used(struct contact_verdict *v)
{
	size_t nr = v->n_reasons, nw = v->n_warnings, tail = offsetof(struct contact_verdict, next);

	if (nr > VERDICT_REASONS_MAX || nw > VERDICT_WARNINGS_MAX) {
		memset(v, 0, sizeof(*v));
		return;
	}
	memset(v, 0, offsetof(struct contact_verdict, reasons));
	memset(v->reasons, 0, nr * sizeof(v->reasons[0]));
	v->n_warnings = 0;
	memset(v->warnings, 0, nw * sizeof(v->warnings[0]));
	memset((char *)v + tail, 0, sizeof(*v) - tail);
}

static void answer_clear(struct rules_answer *out)
{
	memset(&out->customer, 0, sizeof(out->customer));
	memset(&out->contact, 0, sizeof(out->contact));
	memset(&out->profile, 0, sizeof(out->profile));
	verdict_clear_used(&out->verdict);
}

/* ---- one contact ---- */

struct id_list {
	int64_t *ids;
	size_t n, cap;
	struct error *e;
};

static int on_open(void *ctx, int64_t invoice_id)
{
	struct id_list *l = ctx;
	if (array_grow(&l->ids, &l->cap, l->n, sizeof(*l->ids)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	l->ids[l->n++] = invoice_id;
	return 0;
}

int rules_ctx_open_invoice_ids(struct store_tx *tx, const struct customer *c, int64_t **ids, size_t *n, struct error *e)
{
	struct id_list l = { .e = e };
	/* the ids alone, from the index of open invoices: read per account a work queue examines */
	int ret = iteration(store_open_invoice_ids_of_customer(tx, c->id, c->currency, on_open, &l, e));
	if (ret < 0) {
		free(l.ids);
		return ret;
	}
	*ids = l.ids;
	*n = l.n;
	return 0;
}

struct flags {
	struct flag_record *f;
	size_t n, cap;
	struct error *e;
};

static int on_flag(void *ctx, const struct flag_record *f)
{
	struct flags *l = ctx;
	if (array_grow(&l->f, &l->cap, l->n, sizeof(*l->f)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	l->f[l->n++] = *f;
	return 0;
}

struct history {
	struct contact_attempt *a;
	size_t n, cap;
	struct error *e;
	timestamp_t until; /* 0, else attempts after it are not known yet */
};

static int on_attempt(void *ctx, const struct contact_attempt *a)
{
	struct history *h = ctx;
	if (h->until && a->at > h->until)
		return 0;
	if (array_grow(&h->a, &h->cap, h->n, sizeof(*h->a)) < 0)
		return error_set(h->e, ERR_ENV, "out of memory");
	h->a[h->n++] = *a;
	return 0;
}

int rules_ctx_evaluate(struct rules_ctx *rc, struct store_tx *tx, const struct rules_request *rq,
		       struct rules_answer *out, struct error *e)
{
	struct id_list ids = { .e = e };
	struct flags flags = { .e = e };
	struct history h = { .e = e, .until = rq->known_at };
	struct judge_in j = { 0 };
	struct chunk_invoice named = { 0 }; /* the invoice asked about, its ref at hand for a refusal */
	const struct profile *profile = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	if (store_tx_tenant(tx) != rc->tenant)
		return error_set(e, ERR_ENV, "contact rules: context loaded for another tenant");
	ret = store_contact_get(tx, rq->contact_ref, &out->contact, NULL, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_INPUT, "contact_ref", "unknown contact '%s'", rq->contact_ref);
	if (ret < 0)
		goto cleanup;
	ret = store_customer_get(tx, out->contact.customer_ref, &out->customer, NULL, e);
	if (ret == 0)
		ret = error_set(e, ERR_ENV, "contact '%s': its customer '%s' is missing", rq->contact_ref,
				out->contact.customer_ref);
	if (ret < 0)
		goto cleanup;
	ret = customer_profile(rc, &out->customer, &profile, e);
	if (ret < 0)
		goto cleanup;
	out->profile = *profile;
	debtor_calendar(&out->profile, profile->holiday_calendar, &out->customer, &out->contact);

	if (rq->invoice_ref && *rq->invoice_ref) {
		struct invoice inv;
		ret = store_invoice_get(tx, rq->invoice_ref, &inv, NULL, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_INPUT, "invoice_ref", "unknown invoice '%s'", rq->invoice_ref);
		if (ret < 0)
			goto cleanup;
		if (inv.customer_id != out->customer.id) {
			ret = error_set_field(
				e, ERR_INPUT, "invoice_ref",
				"invoice '%s' belongs to customer '%s', not to contact '%s''s customer '%s'",
				rq->invoice_ref, inv.customer_ref, rq->contact_ref, out->customer.ref);
			goto cleanup;
		}
		ret = on_open(&ids, inv.id);
		if (ret < 0)
			goto cleanup;
		named.customer_id = inv.customer_id;
		named.id = inv.id;
		text_copy(named.ref, sizeof(named.ref), inv.ref);
		j.invoices = &named;
		j.n_invoices = 1;
	} else {
		ret = rules_ctx_open_invoice_ids(tx, &out->customer, &ids.ids, &ids.n, e);
		if (ret < 0)
			goto cleanup;
	}
	if (rq->known_at && (rc->flags_tx != tx || rc->flags_known_at != rq->known_at)) {
		ret = store_flags_changed_after(tx, rq->known_at, e);
		if (ret < 0)
			goto cleanup;
		rc->flags_tx = tx;
		rc->flags_known_at = rq->known_at;
		rc->flags_changed = ret == 1;
	}
	ret = iteration(rq->known_at && rc->flags_changed
				? store_flags_of_customers(tx, &out->customer.id, 1, rq->known_at, on_flag, &flags, e)
				: store_flags_each(tx, out->customer.id, on_flag, &flags, e));
	if (ret < 0)
		goto cleanup;
	ret = store_attempts_each(tx, out->customer.id, rq->at - lookback(profile), on_attempt, &h, e);
	ret = iteration(ret);
	if (ret < 0)
		goto cleanup;

	j.customer = &out->customer;
	j.contact = &out->contact;
	j.profile = &out->profile;
	j.debt_ids = ids.ids;
	j.n_debts = ids.n;
	j.flags = flags.f;
	j.n_flags = flags.n;
	j.attempts = h.a;
	j.n_attempts = h.n;
	j.channel = rq->channel;
	j.at = rq->at;
	j.address = rq->address;
	j.final_notice = rq->final_notice;
	j.tx = tx;
	ret = judge(rc, &j, &out->verdict, e);
cleanup:
	free(ids.ids);
	free(flags.f);
	free(h.a);
	return ret;
}

int rules_ctx_evaluate_once(struct store_tx *tx, const struct rules_request *rq, struct rules_answer *out,
			    struct error *e)
{
	struct rules_ctx *rc = NULL;
	int ret = rules_ctx_load(tx, &rc, e);

	if (ret == 0)
		ret = rules_ctx_evaluate(rc, tx, rq, out, e);
	rules_ctx_free(rc);
	return ret;
}

/* ---- the batch ---- */

struct chunk_attempt {
	int64_t customer_id;
	struct contact_attempt a;
};

/* The rows of RULES_CTX_CHUNK customers, each array in customer order. Reused chunk after chunk. */
struct chunk {
	struct customer *customers;
	size_t n_customers, cap_customers;
	struct contact *contacts;
	size_t n_contacts, cap_contacts;
	struct flag_record *flags;
	size_t n_flags, cap_flags;
	struct chunk_attempt *attempts;
	size_t n_attempts, cap_attempts;
	struct contact_attempt *history; /* one customer's attempts, contiguous for judge_ask() */
	size_t cap_history;
	struct chunk_invoice *invoices;
	size_t n_invoices, cap_invoices;
	int64_t *debt_ids; /* one customer's open invoices in its currency */
	size_t cap_debt_ids;
	int64_t *ids; /* the customers' ids and refs (chunk_load_ids), or currencies (rules_chunk_load_debts) */
	size_t cap_ids;
	const char **refs;
	size_t cap_refs;
	const char **currencies;
	size_t cap_currencies;
	/* every customer's open debts in its currency (rules_chunk_load_debts): by customer, oldest due first */
	int64_t *debt_customers, *debt_invoices;
	size_t n_debts, cap_debt_customers, cap_debt_invoices;
	struct error *e;
	timestamp_t until;    /* 0, else attempts after it are not known yet (rules_ctx_chunk_load_at) */
	timestamp_t flags_at; /* 0: the active flags; else the flags as known then */
};

static int chunk_customer(void *ctx, const struct customer *c)
{
	struct chunk *ch = ctx;
	ARRAY_PUSH(ch, customers, n_customers, cap_customers, *c);
	return 0;
}

static int chunk_contact(void *ctx, const struct contact *k)
{
	struct chunk *ch = ctx;
	ARRAY_PUSH(ch, contacts, n_contacts, cap_contacts, *k);
	return 0;
}

static int chunk_flag(void *ctx, const struct flag_record *f)
{
	struct chunk *ch = ctx;
	ARRAY_PUSH(ch, flags, n_flags, cap_flags, *f);
	return 0;
}

static int chunk_attempt(void *ctx, int64_t customer_id, const struct contact_attempt *a)
{
	struct chunk *ch = ctx;
	struct chunk_attempt ca = { customer_id, *a };
	if (ch->until && a->at > ch->until)
		return 0;
	ARRAY_PUSH(ch, attempts, n_attempts, cap_attempts, ca);
	return 0;
}

static int chunk_invoice(void *ctx, const struct invoice *inv)
{
	struct chunk *ch = ctx;
	struct chunk_invoice ci = { inv->customer_id, inv->id, { 0 }, { 0 } };
	memcpy(ci.currency, inv->currency, sizeof(ci.currency));
	text_copy(ci.ref, sizeof(ci.ref), inv->ref);
	ARRAY_PUSH(ch, invoices, n_invoices, cap_invoices, ci);
	return 0;
}

static void chunk_release(struct chunk *ch)
{
	free(ch->customers);
	free(ch->contacts);
	free(ch->flags);
	free(ch->attempts);
	free(ch->history);
	free(ch->invoices);
	free(ch->debt_ids);
	free(ch->ids);
	free(ch->refs);
	free(ch->currencies);
	free(ch->debt_customers);
	free(ch->debt_invoices);
}

/* Where the rows of `customer_id` start and end in a customer-ordered array (walked once, in order). */
#define CHUNK_SLICE(arr, n, pos, cid, first, end)                      \
	do {                                                           \
		while ((pos) < (n) && (arr)[pos].customer_id < (cid))  \
			(pos)++;                                       \
		(first) = (pos);                                       \
		while ((pos) < (n) && (arr)[pos].customer_id == (cid)) \
			(pos)++;                                       \
		(end) = (pos);                                         \
	} while (0)

struct batch {
	struct rules_ctx *rc;
	const struct rules_question *q;
	size_t n_q;
	rules_result_cb cb;
	void *cb_ctx;
	struct error *e;
	struct store_tx *tx;
};

/* Every question for every contact of one customer of the chunk. */
static int batch_customer(struct batch *b, struct chunk *ch, const struct customer *c, size_t k0, size_t k1, size_t f0,
			  size_t f1, size_t a0, size_t a1, size_t i0, size_t i1)
{
	struct rules_ctx *rc = b->rc;
	struct rules_answer *ans = &rc->answer;
	const struct profile *profile = NULL;
	struct error perr = ERROR_INIT;
	struct judge_in j = { 0 };
	size_t n_debts = 0;
	int pstatus, ret;

	if (k0 == k1)
		return 0; /* no contact: nothing to ask */
	pstatus = customer_profile(rc, c, &profile, &perr);
	if (a1 > a0 && array_grow(&ch->history, &ch->cap_history, a1 - a0 - 1, sizeof(*ch->history)) < 0)
		return error_set(b->e, ERR_ENV, "out of memory");
	for (size_t i = a0; i < a1; i++)
		ch->history[i - a0] = ch->attempts[i].a;
	for (size_t i = i0; i < i1; i++) {
		if (strcmp(ch->invoices[i].currency, c->currency))
			continue;
		if (array_grow(&ch->debt_ids, &ch->cap_debt_ids, n_debts, sizeof(*ch->debt_ids)) < 0)
			return error_set(b->e, ERR_ENV, "out of memory");
		ch->debt_ids[n_debts++] = ch->invoices[i].id;
	}
	ans->customer = *c;
	if (pstatus == 0)
		ans->profile = *profile;
	j.customer = &ans->customer;
	j.contact = &ans->contact;
	j.profile = &ans->profile;
	j.debt_ids = ch->debt_ids;
	j.n_debts = n_debts;
	j.flags = ch->flags + f0;
	j.n_flags = f1 - f0;
	j.attempts = ch->history;
	j.n_attempts = a1 - a0;
	j.invoices = ch->invoices + i0;
	j.n_invoices = i1 - i0;
	j.tx = b->tx;
	for (size_t k = k0; k < k1; k++) {
		struct error cerr = ERROR_INIT; /* the contact's own error, given for every question */
		int cstatus = pstatus;

		ans->contact = ch->contacts[k];
		if (cstatus == 0)
			debtor_calendar(&ans->profile, profile->holiday_calendar, c, &ans->contact);
		if (cstatus == 0)
			cstatus = judge_prepare(rc, &j, &cerr);
		if (cstatus == -ERR_ENV) {
			*b->e = cerr;
			return cstatus;
		}
		for (size_t qi = 0; qi < b->n_q; qi++) {
			struct error err = ERROR_INIT;
			struct rules_result r = { qi, cstatus, ans, pstatus < 0 ? &perr : &cerr };

			memset(&ans->verdict, 0, sizeof(ans->verdict));
			if (cstatus == 0) {
				j.channel = b->q[qi].channel;
				j.at = b->q[qi].at;
				j.final_notice = b->q[qi].final_notice;
				r.status = judge_ask(rc, &j, &ans->verdict, &err);
				r.error = &err;
				if (r.status == -ERR_ENV) {
					*b->e = err;
					return r.status;
				}
			}
			ret = b->cb(b->cb_ctx, &r);
			if (ret != 0)
				return ret;
		}
	}
	return 0;
}

static int batch_chunk(struct batch *b, struct store_tx *tx, struct chunk *ch, timestamp_t since)
{
	int64_t lo = ch->customers[0].id, hi = ch->customers[ch->n_customers - 1].id;
	size_t kp = 0, fp = 0, ap = 0, ip = 0;
	int ret;

	ch->n_contacts = ch->n_flags = ch->n_attempts = ch->n_invoices = 0;
	ret = iteration(store_contacts_by_customer(tx, lo, hi, chunk_contact, ch, b->e));
	if (ret < 0)
		return ret;
	ret = iteration(store_flags_by_customer(tx, lo, hi, chunk_flag, ch, b->e));
	if (ret < 0)
		return ret;
	ret = iteration(store_attempts_by_customer(tx, lo, hi, since, chunk_attempt, ch, b->e));
	if (ret < 0)
		return ret;
	ret = iteration(store_open_invoices_by_customer(tx, lo, hi, chunk_invoice, ch, b->e));
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < ch->n_customers; i++) {
		const struct customer *c = &ch->customers[i];
		size_t k0, k1, f0, f1, a0, a1, i0, i1;
		CHUNK_SLICE(ch->contacts, ch->n_contacts, kp, c->id, k0, k1);
		CHUNK_SLICE(ch->flags, ch->n_flags, fp, c->id, f0, f1);
		CHUNK_SLICE(ch->attempts, ch->n_attempts, ap, c->id, a0, a1);
		CHUNK_SLICE(ch->invoices, ch->n_invoices, ip, c->id, i0, i1);
		ret = batch_customer(b, ch, c, k0, k1, f0, f1, a0, a1, i0, i1);
		if (ret != 0)
			return ret;
	}
	return 0;
}

int rules_ctx_check_batch(struct rules_ctx *rc, struct store_tx *tx, const struct rules_question *q, size_t n_q,
			  rules_result_cb cb, void *cb_ctx, struct error *e)
{
	struct batch b = { rc, q, n_q, cb, cb_ctx, e, tx };
	struct chunk ch = { .e = e };
	struct store_cursor cur = { 0, rc->chunk };
	timestamp_t since;
	int ret = 0;

	if (store_tx_tenant(tx) != rc->tenant)
		return error_set(e, ERR_ENV, "contact rules: context loaded for another tenant");
	if (n_q == 0)
		return 0;
	/* the earliest attempt any question of any profile can count */
	since = q[0].at;
	for (size_t i = 1; i < n_q; i++)
		if (q[i].at < since)
			since = q[i].at;
	since -= rc->max_lookback;
	for (;;) {
		ch.n_customers = 0;
		/* a page of customers in id order: the chunk and its range of ids */
		ret = store_customers_list(tx, &cur, chunk_customer, &ch, e);
		if (ret < 0)
			break;
		ret = 0;
		if (ch.n_customers == 0)
			break;
		ret = batch_chunk(&b, tx, &ch, since);
		if (ret != 0)
			break;
		if (ch.n_customers < (size_t)rc->chunk)
			break;
	}
	chunk_release(&ch);
	return ret;
}

void rules_ctx_set_chunk(struct rules_ctx *rc, int customers)
{
	rc->chunk = customers > 0 ? customers : RULES_CTX_CHUNK;
}

int rules_ctx_check_tenant(const struct app_ctx *ctx, const struct rules_question *q, size_t n_q, rules_result_cb cb,
			   void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	struct rules_ctx *rc = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret < 0)
		goto cleanup;
	ret = rules_ctx_load(tx, &rc, e);
	if (ret < 0)
		goto cleanup;
	ret = rules_ctx_check_batch(rc, tx, q, n_q, cb, cb_ctx, e);
cleanup:
	rules_ctx_free(rc);
	store_tx_free(tx);
	return ret;
}

/* ---- the daily run's form: a page of customers, questions about chosen contacts ---- */

struct rules_chunk {
	struct chunk ch;
	/*
	 * The last question's answer and what was copied into it: a question
	 * about the same customer, contact and profile into the same answer
	 * (schedule() asks two to four times an action) leaves the copies as
	 * they are, 7.6 KB an ask. Forgotten when the chunk is refilled.
	 */
	const struct rules_answer *last_out;
	const struct customer *last_c;
	const struct contact *last_k;
	const struct profile *last_p;
	struct store_tx *tx; /* the transaction it was loaded in, asked in (a refusal's debt is looked up there) */
};

/*
 * Customers far apart (a few of a page: those a run has a question for)
 * are read by their ids, one statement per kind for the chunk (their ids
 * as an array on PostgreSQL; on SQLite an indexed lookup each, which costs
 * no round trip), rather than with range reads that would pass over every
 * customer between them.
 */
#define RULES_CHUNK_SPARSE 8

/* The flags of customers [lo, hi]: the active ones, or those known at ch->flags_at. */
static int chunk_flags(struct chunk *ch, struct store_tx *tx, int64_t lo, int64_t hi, struct error *e)
{
	if (ch->flags_at)
		return iteration(store_flags_by_customer_at(tx, lo, hi, ch->flags_at, chunk_flag, ch, e));
	if (lo == hi)
		return iteration(store_flags_each(tx, lo, chunk_flag, ch, e)); /* one customer: an indexed lookup */
	return iteration(store_flags_by_customer(tx, lo, hi, chunk_flag, ch, e));
}

/* The rows of the chunk's customers by their ids: the same rows, in the same order, as the range reads give. */
static int chunk_load_ids(struct chunk *ch, struct store_tx *tx, timestamp_t since, struct error *e)
{
	int ret;

	if (array_grow(&ch->ids, &ch->cap_ids, ch->n_customers - 1, sizeof(*ch->ids)) < 0 ||
	    array_grow(&ch->refs, &ch->cap_refs, ch->n_customers - 1, sizeof(*ch->refs)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < ch->n_customers; i++) {
		ch->ids[i] = ch->customers[i].id;
		ch->refs[i] = ch->customers[i].ref;
	}
	ret = iteration(store_contacts_of_customers(tx, ch->ids, ch->refs, ch->n_customers, chunk_contact, ch, e));
	if (ret == 0)
		ret = iteration(
			store_flags_of_customers(tx, ch->ids, ch->n_customers, ch->flags_at, chunk_flag, ch, e));
	if (ret == 0)
		ret = iteration(store_attempts_of_customers(tx, ch->ids, ch->n_customers, since, chunk_attempt, ch, e));
	return ret;
}

int rules_ctx_chunk_load(struct rules_ctx *rc, struct store_tx *tx, const struct customer *customers, size_t n,
			 timestamp_t earliest, struct rules_chunk **io, struct error *e)
{
	return rules_ctx_chunk_load_at(rc, tx, customers, n, earliest, 0, 0, io, e);
}

int rules_ctx_chunk_load_at(struct rules_ctx *rc, struct store_tx *tx, const struct customer *customers, size_t n,
			    timestamp_t earliest, timestamp_t until, timestamp_t flags_at, struct rules_chunk **io,
			    struct error *e)
{
	struct rules_chunk *rch = *io;
	struct chunk *ch;
	int64_t lo, hi;
	int ret;

	if (store_tx_tenant(tx) != rc->tenant)
		return error_set(e, ERR_ENV, "contact rules: context loaded for another tenant");
	if (!rch) {
		rch = calloc(1, sizeof(*rch));
		if (!rch)
			return error_set(e, ERR_ENV, "out of memory");
		*io = rch;
	}
	/* a chunk is refilled in place: its buffers serve chunk after chunk */
	rch->last_out = NULL;
	rch->tx = tx;
	ch = &rch->ch;
	ch->e = e;
	ch->until = until;
	ch->flags_at = flags_at;
	ch->n_customers = ch->n_contacts = ch->n_flags = ch->n_attempts = ch->n_invoices = ch->n_debts = 0;
	if (n == 0)
		return 0;
	if (array_grow(&ch->customers, &ch->cap_customers, n - 1, sizeof(*ch->customers)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	memcpy(ch->customers, customers, n * sizeof(*ch->customers));
	ch->n_customers = n;
	lo = customers[0].id;
	hi = customers[n - 1].id;
	if ((uint64_t)(hi - lo) >= (uint64_t)n * RULES_CHUNK_SPARSE)
		return chunk_load_ids(ch, tx, earliest - rc->max_lookback, e);
	ret = iteration(store_contacts_by_customer(tx, lo, hi, chunk_contact, ch, e));
	if (ret == 0)
		ret = chunk_flags(ch, tx, lo, hi, e);
	if (ret == 0)
		ret = iteration(
			store_attempts_by_customer(tx, lo, hi, earliest - rc->max_lookback, chunk_attempt, ch, e));
	return ret;
}

void rules_chunk_free(struct rules_chunk *rch)
{
	if (!rch)
		return;
	chunk_release(&rch->ch);
	free(rch);
}

/* The first index in a customer-ordered array whose customer_id is >= id (binary search). */
#define LOWER_BOUND(arr, n, id, out)                         \
	do {                                                 \
		size_t lo_ = 0, hi_ = (n);                   \
		while (lo_ < hi_) {                          \
			size_t mid_ = lo_ + (hi_ - lo_) / 2; \
			if ((arr)[mid_].customer_id < (id))  \
				lo_ = mid_ + 1;              \
			else                                 \
				hi_ = mid_;                  \
		}                                            \
		(out) = lo_;                                 \
	} while (0)

#define SLICE_OF(arr, n, id, first, end)                              \
	do {                                                          \
		LOWER_BOUND(arr, n, id, first);                       \
		(end) = (first);                                      \
		while ((end) < (n) && (arr)[end].customer_id == (id)) \
			(end)++;                                      \
	} while (0)

size_t rules_chunk_contacts(const struct rules_chunk *rch, int64_t customer_id, const struct contact **out)
{
	const struct chunk *ch = &rch->ch;
	size_t k0, k1;

	SLICE_OF(ch->contacts, ch->n_contacts, customer_id, k0, k1);
	*out = ch->contacts + k0;
	return k1 - k0;
}

size_t rules_chunk_flags(const struct rules_chunk *rch, int64_t customer_id)
{
	const struct chunk *ch = &rch->ch;
	size_t f0, f1;

	SLICE_OF(ch->flags, ch->n_flags, customer_id, f0, f1);
	return f1 - f0;
}

static int chunk_debt(void *ctx, int64_t customer_id, int64_t invoice_id)
{
	struct chunk *ch = ctx;

	if (array_grow(&ch->debt_customers, &ch->cap_debt_customers, ch->n_debts, sizeof(*ch->debt_customers)) < 0 ||
	    array_grow(&ch->debt_invoices, &ch->cap_debt_invoices, ch->n_debts, sizeof(*ch->debt_invoices)) < 0)
		return error_set(ch->e, ERR_ENV, "out of memory");
	ch->debt_customers[ch->n_debts] = customer_id;
	ch->debt_invoices[ch->n_debts++] = invoice_id;
	return 0;
}

int rules_chunk_load_debts(struct rules_chunk *rch, struct store_tx *tx, struct error *e)
{
	struct chunk *ch = &rch->ch;

	ch->n_debts = 0;
	ch->e = e;
	if (ch->n_customers == 0)
		return 0;
	if (array_grow(&ch->ids, &ch->cap_ids, ch->n_customers - 1, sizeof(*ch->ids)) < 0 ||
	    array_grow(&ch->currencies, &ch->cap_currencies, ch->n_customers - 1, sizeof(*ch->currencies)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	/* each customer in its own currency, as rules_ctx_open_invoice_ids asks for one */
	for (size_t i = 0; i < ch->n_customers; i++) {
		ch->ids[i] = ch->customers[i].id;
		ch->currencies[i] = ch->customers[i].currency;
	}
	return iteration(
		store_open_invoice_ids_of_customers(tx, ch->ids, ch->currencies, ch->n_customers, chunk_debt, ch, e));
}

size_t rules_chunk_debts(const struct rules_chunk *rch, int64_t customer_id, const int64_t **out)
{
	const struct chunk *ch = &rch->ch;
	size_t lo = 0, hi = ch->n_debts, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ch->debt_customers[mid] < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	end = lo;
	while (end < ch->n_debts && ch->debt_customers[end] == customer_id)
		end++;
	*out = end > lo ? ch->debt_invoices + lo : NULL;
	return end - lo;
}

static const struct customer *chunk_find_customer(const struct chunk *ch, int64_t id)
{
	size_t lo = 0, hi = ch->n_customers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ch->customers[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ch->n_customers && ch->customers[lo].id == id ? &ch->customers[lo] : NULL;
}

int rules_ctx_chunk_ask(struct rules_ctx *rc, struct rules_chunk *rch, const struct rules_chunk_question *q,
			struct rules_answer *out, struct error *e)
{
	struct chunk *ch = &rch->ch;
	const struct customer *c = chunk_find_customer(ch, q->customer_id);
	const struct contact *contacts = NULL;
	const struct profile *profile = NULL;
	struct judge_in j = { 0 };
	size_t n_contacts, f0, f1, a0, a1;
	const struct contact *k = NULL;
	int ret;

	if (c) {
		n_contacts = rules_chunk_contacts(rch, c->id, &contacts);
		for (size_t i = 0; i < n_contacts && !k; i++)
			if (contacts[i].id == q->contact_id)
				k = &contacts[i];
	}
	ret = c && k && k->id ? customer_profile(rc, c, &profile, NULL) : -ERR_INPUT;
	/* the ids too: an answer filled from another chunk since holds another customer */
	if (ret == 0 && rch->last_out == out && rch->last_c == c && rch->last_k == k && rch->last_p == profile &&
	    out->customer.id == c->id && out->contact.id == k->id) {
		/* the same customer, contact and profile as the last question into `out`: its verdict alone is cleared */
		verdict_clear_used(&out->verdict);
	} else {
		/* cleared only as far as the last answer used (answer_clear): the answer is 17 KB */
		answer_clear(out); /* a question that fails leaves it so */
		rch->last_out = NULL;
		if (!c)
			return error_set(e, ERR_INPUT, "contact rules: customer %lld is not in the chunk",
					 (long long)q->customer_id);
		if (!k || !k->id)
			return error_set(e, ERR_INPUT, "contact rules: contact %lld is not one of customer '%s'",
					 (long long)q->contact_id, c->ref);
		ret = customer_profile(rc, c, &profile, e);
		if (ret < 0)
			return ret;
		out->contact = *k;
		out->customer = *c;
		out->profile = *profile;
		/* as rules_ctx_evaluate and the batch do: a Canadian debtor's "debtor" calendar is its province's */
		debtor_calendar(&out->profile, profile->holiday_calendar, c, &out->contact);
		rch->last_out = out;
		rch->last_c = c;
		rch->last_k = k;
		rch->last_p = profile;
	}
	SLICE_OF(ch->flags, ch->n_flags, c->id, f0, f1);
	SLICE_OF(ch->attempts, ch->n_attempts, c->id, a0, a1);
	if (a1 > a0 && array_grow(&ch->history, &ch->cap_history, a1 - a0 - 1, sizeof(*ch->history)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	for (size_t i = a0; i < a1; i++)
		ch->history[i - a0] = ch->attempts[i].a;
	j.customer = &out->customer;
	j.contact = &out->contact;
	j.profile = &out->profile;
	j.debt_ids = q->invoice_ids;
	j.n_debts = q->n_invoices;
	j.flags = ch->flags + f0;
	j.n_flags = f1 - f0;
	j.attempts = ch->history;
	j.n_attempts = a1 - a0;
	j.channel = q->channel;
	j.at = q->at;
	j.final_notice = q->final_notice;
	j.tx = rch->tx;
	ret = judge(rc, &j, &out->verdict, e);
	if (ret < 0)
		memset(&out->verdict, 0, sizeof(out->verdict));
	return ret;
}

int rules_ctx_customer_profile(const struct rules_ctx *rc, const struct customer *c, const struct profile **out,
			       struct error *e)
{
	return customer_profile(rc, c, out, e);
}

/*
 * The first moment of the as-of date for this contact: local midnight in
 * its zone (the contact's, else the customer's), or the latest local
 * midnight of the candidate zones of its country, when it is that date
 * everywhere the debtor may be; else midnight UTC.
 */
static timestamp_t day_start(const struct contact *k, const struct customer *c, date_t as_of)
{
	const char *name = k->timezone[0] ? k->timezone : c->timezone;
	const struct tz_zone *const *zones = NULL;
	const struct tz_zone *zone = NULL;
	timestamp_t start = (timestamp_t)as_of * 86400, latest = 0;
	struct tz_moments m;
	size_t n = 0;

	if (name[0] && tz_zone_get(name, &zone, NULL) == 0 && tz_from_local(zone, as_of, 0, &m, NULL) == 0)
		return m.first;
	if (name[0] || tz_debtor_zones(c->country, c->region, &zones, &n, NULL) < 0)
		return start;
	for (size_t i = 0; i < n; i++)
		if (tz_from_local(zones[i], as_of, 0, &m, NULL) == 0 && (latest == 0 || m.first > latest))
			latest = m.first;
	return latest ? latest : start;
}

timestamp_t rules_ctx_day_start(const struct contact *k, const struct customer *c, date_t as_of)
{
	timestamp_t t = day_start(k, c, as_of);

	/* east of UTC 1970-01-01 begins before the first moment the rules judge: from that moment */
	return t < CONTACT_RULES_FIRST_MOMENT ? CONTACT_RULES_FIRST_MOMENT : t;
}

/*
 * When the contact rules let the action reach contact `k` on date as_of
 * (as the daily run asks them, app/run.c): from the first moment of that
 * day in the debtor's zone, scheduled then when allowed, else at the next
 * moment allowed; refused with the rule's code and sentence when never
 * (a cease, a bankruptcy...), or when the contact cannot be judged. No
 * contact: a task for a person, scheduled.
 */
int rules_ctx_schedule(struct rules_ctx **rc, struct store_tx *tx, const struct contact *k, const char *kind,
		       date_t as_of, struct action_record *a, struct error *e)
{
	struct rules_request rq = { 0 };
	struct rules_answer *ans;
	struct customer cu;
	enum channel ch;
	int ret;

	a->scheduled_at = (timestamp_t)as_of * 86400;
	a->next_allowed_at = 0;
	a->local_time[0] = '\0';
	text_copy(a->state, sizeof(a->state), "scheduled");
	if (!k->id || channel_parse(kind, &ch, NULL) < 0)
		return 0;
	ret = store_customer_by_id(tx, k->customer_id, &cu, e);
	if (ret < 0)
		return ret;
	if (!*rc && rules_ctx_load(tx, rc, e) < 0)
		return -ERR_ENV;
	ans = calloc(1, sizeof(*ans));
	if (!ans)
		return error_set(e, ERR_ENV, "out of memory");
	rq.contact_ref = k->ref;
	rq.channel = ch;
	rq.at = rules_ctx_day_start(k, &cu, as_of);
	/* as the run knows the day (app/run.c, known_at): a flag set since does not decide a past day's step */
	rq.known_at = (timestamp_t)(as_of + 1) * 86400 - 1;
	ret = rules_ctx_evaluate(*rc, tx, &rq, ans, e);
	if (ret == -ERR_INPUT) {
		/* cannot be judged (no profile, an unknown zone): refused, and said why */
		text_copy(a->state, sizeof(a->state), "refused");
		text_copy(a->reason_code, sizeof(a->reason_code), "unjudged");
		text_copy(a->reason, sizeof(a->reason), e->message);
		a->scheduled_at = TIMESTAMP_NONE;
		*e = (struct error)ERROR_INIT;
		free(ans);
		return 0;
	}
	if (ret == 0 && ans->verdict.allowed) {
		a->scheduled_at = rq.at;
		text_copy(a->local_time, sizeof(a->local_time), ans->verdict.local_time);
	} else if (ret == 0 && ans->verdict.next == NEXT_AT) {
		/*
		 * not at the day's first moment (the night, a pause): the first one the
		 * rules allow, asked again there for its local time (as the daily run
		 * does: a rule that moves on is looked at again, a few times at most)
		 */
		a->scheduled_at = ans->verdict.next_allowed_at;
		for (int tries = 0; ret == 0 && tries < 4 && !ans->verdict.allowed && ans->verdict.next == NEXT_AT;
		     tries++) {
			rq.at = ans->verdict.next_allowed_at;
			ret = rules_ctx_evaluate(*rc, tx, &rq, ans, e);
		}
		if (ret == -ERR_INPUT) {
			/* judged at the first look: the moment it named stands, without its local time */
			*e = (struct error)ERROR_INIT;
			ret = 0;
		} else if (ret == 0 && ans->verdict.allowed) {
			a->scheduled_at = rq.at;
			text_copy(a->local_time, sizeof(a->local_time), ans->verdict.local_time);
		}
	} else if (ret == 0) {
		text_copy(a->state, sizeof(a->state), "refused");
		a->scheduled_at = TIMESTAMP_NONE;
		if (ans->verdict.n_reasons) {
			text_copy(a->reason_code, sizeof(a->reason_code), ans->verdict.reasons[0].code);
			text_copy(a->reason, sizeof(a->reason), ans->verdict.reasons[0].message);
		}
	}
	free(ans);
	return ret;
}

/*
 * account_view.c: see account_view.h.
 */
#include "app/account_view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/credit.h"
#include "app/day_charges.h"
#include "app/strategies.h"
#include "core/money.h"
#include "core/tz.h"
#include "core/array.h"
#include "store/account.h"
#include "store/history.h"
#include "store/holds.h"

int account_view_dpd(const struct invoice *inv, date_t today)
{
	return today > inv->due_date ? (int)(today - inv->due_date) : 0;
}

static void add_line(struct account_lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(struct account_lines *l, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= ACCOUNT_VIEW_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(l->line[l->n++], ACCOUNT_VIEW_LINE_MAX, fmt, ap);
	va_end(ap);
}

/* "2027-07-01T10:00-04:00 America/Toronto"; "" when `zone` is "" or unknown. */
static void local_text(const char *zone, timestamp_t t, char *buf, size_t size)
{
	struct tz_local l;
	char d[DATE_TEXT_MAX], off[8];

	buf[0] = '\0';
	if (!zone[0] || tz_to_local_named(zone, t, &l, NULL) < 0)
		return;
	snprintf(buf, size, "%sT%02d:%02d%s %s", date_format(l.date, d, sizeof(d)), l.minute / 60, l.minute % 60,
		 tz_offset_format(l.offset, off, sizeof(off)), zone);
}

/* The zone a contact is reached in: its own, else its customer's; "" when neither is known. */
static const char *contact_zone(const struct customer *cu, const struct contact *k)
{
	return k && k->timezone[0] ? k->timezone : cu->timezone;
}

/* ---- who to call, and may it happen now ---- */

static int judge_call(const struct app_ctx *ctx, struct store_tx *tx, struct account_view *v, struct error *e)
{
	struct customer_view *b = &v->base;
	struct rules_request rq = { 0 };
	struct error err = ERROR_INIT;
	int ret;

	/* the contact who pays the bills, else the first one; either with a phone to call */
	for (int pass = 0; pass < 2 && !v->has_target; pass++) {
		for (size_t i = 0; i < b->n_contacts && !v->has_target; i++) {
			if (b->contacts[i].phone[0] && (pass || b->contacts[i].pays_bills)) {
				v->has_target = 1;
				v->target = i;
			}
		}
	}
	if (!v->has_target)
		return 0;
	snprintf(v->stated_best_time, sizeof(v->stated_best_time), "%s", b->contacts[v->target].best_time);
	rq.contact_ref = b->contacts[v->target].ref;
	rq.channel = CHANNEL_CALL;
	rq.at = ctx->now;
	ret = rules_ctx_evaluate_once(tx, &rq, &v->call, &err);
	if (ret == -ERR_ENV) {
		*e = err;
		return ret;
	}
	v->call_status = ret;
	v->call_error = err;
	return 0;
}

static void window_text(const struct profile_day *day, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < day->n && len < size; i++) {
		const struct profile_window *w = &day->w[i];
		len += (size_t)snprintf(buf + len, size - len, "%s%02d:%02d-%02d:%02d", i ? ", " : "", w->start / 60,
					w->start % 60, w->end / 60, w->end % 60);
	}
}

/* The profile's preferred call windows on the target's local day. */
static void preferred_today(const struct app_ctx *ctx, struct account_view *v)
{
	const char *zone;
	struct tz_local l;

	if (!v->has_target || v->call_status < 0)
		return;
	zone = contact_zone(&v->base.customer, &v->base.contacts[v->target]);
	if (!zone[0] || tz_to_local_named(zone, ctx->now, &l, NULL) < 0)
		return;
	window_text(&v->call.profile.preferred[CHANNEL_CALL][l.weekday], v->preferred_today,
		    sizeof(v->preferred_today));
}

/* ---- the contact history: the last attempts, and when calls were answered ---- */

struct walk {
	struct account_view *v;
	struct account_attempt ring[ACCOUNT_VIEW_RECENT];
	size_t n;
};

static const struct contact *contact_by_ref(const struct customer_view *b, const char *ref)
{
	for (size_t i = 0; i < b->n_contacts; i++)
		if (!strcmp(b->contacts[i].ref, ref))
			return &b->contacts[i];
	return NULL;
}

/* Someone picked up: a conversation, or a message left with whoever answered. */
static int answered(const struct contact_attempt *a)
{
	return a->conversation || a->outcome == OUTCOME_MESSAGE_LEFT;
}

static int on_attempt(void *ctx, const struct attempt_view *av)
{
	struct walk *w = ctx;
	struct account_view *v = w->v;
	const char *zone = contact_zone(&v->base.customer, contact_by_ref(&v->base, av->contact_ref));
	struct account_attempt *r = &w->ring[w->n % ACCOUNT_VIEW_RECENT];
	struct tz_local l;

	w->n++;
	memset(r, 0, sizeof(*r));
	r->at = av->a.at;
	r->channel = av->a.channel;
	r->outcome = av->a.outcome;
	r->inbound = av->a.inbound;
	r->conversation = av->a.conversation;
	snprintf(r->contact_ref, sizeof(r->contact_ref), "%s", av->contact_ref);
	snprintf(r->spoke_with, sizeof(r->spoke_with), "%s", av->spoke_with ? av->spoke_with : "");
	snprintf(r->note, sizeof(r->note), "%s", av->note ? av->note : "");
	local_text(zone, av->a.at, r->local_time, sizeof(r->local_time));
	if (av->a.channel != CHANNEL_CALL || av->a.inbound || !zone[0] ||
	    tz_to_local_named(zone, av->a.at, &l, NULL) < 0)
		return 0;
	v->calls++;
	v->calls_by_hour[l.minute / 60]++;
	if (answered(&av->a)) {
		v->answered++;
		v->answered_by_hour[l.minute / 60]++;
	}
	return 0;
}

static int read_history(struct store_tx *tx, struct account_view *v, struct error *e)
{
	struct walk w = { v, { { 0 } }, 0 };
	int ret = store_attempt_views_each(tx, v->base.customer.id, on_attempt, &w, e);

	if (ret < 0)
		return ret;
	v->n_attempts = w.n;
	v->n_recent = w.n < ACCOUNT_VIEW_RECENT ? w.n : ACCOUNT_VIEW_RECENT;
	for (size_t i = 0; i < v->n_recent; i++) /* newest first */
		v->recent[i] = w.ring[(w.n - 1 - i) % ACCOUNT_VIEW_RECENT];
	return 0;
}

/* ---- purchase history ---- */

struct months {
	struct account_view *v;
	int overflow;
};

static int on_month(void *ctx, const struct account_month_row *m)
{
	struct months *ms = ctx;
	struct account_view *v = ms->v;

	for (size_t i = 0; i < ACCOUNT_VIEW_MONTHS; i++) {
		struct account_month *slot = &v->months[i];
		if (slot->year != m->year || slot->month != m->month)
			continue;
		slot->count = m->count;
		slot->volume = m->volume;
		v->months_count += m->count;
		if (money_add(v->months_volume, m->volume, &v->months_volume) < 0)
			ms->overflow = 1;
	}
	return 0;
}

static int read_months(const struct app_ctx *ctx, struct store_tx *tx, struct account_view *v, struct error *e)
{
	struct months ms = { v, 0 };
	int y, m, d;
	date_t first;
	int ret;

	date_to_ymd(ctx->today, &y, &m, &d);
	first = date_add_months(date_from_ymd(y, m, 1), -(ACCOUNT_VIEW_MONTHS - 1));
	for (int i = 0; i < ACCOUNT_VIEW_MONTHS; i++)
		date_to_ymd(date_add_months(first, i), &v->months[i].year, &v->months[i].month, &d);
	ret = store_account_months(tx, v->base.customer.id, v->base.customer.currency, first, ctx->today, on_month, &ms,
				   e);
	if (ret < 0)
		return ret;
	if (ms.overflow)
		return error_set(e, ERR_INPUT, "customer '%s': the purchase volume overflows", v->base.customer.ref);
	return 0;
}

/* ---- the call script ---- */

/* The customer's current holds but promises (account_view.h, askable). */
struct view_holds {
	struct hold *v;
	size_t n, cap;
	int oom;
};

static int on_view_hold(void *ctx, const struct hold *h)
{
	struct view_holds *vh = ctx;

	if (!strcmp(h->kind, "promise"))
		return 0;
	if (array_grow(&vh->v, &vh->cap, vh->n, sizeof(*vh->v)) < 0) {
		vh->oom = 1;
		return 1;
	}
	vh->v[vh->n++] = *h;
	return 0;
}

static int held_invoice(const struct view_holds *vh, const struct invoice *inv)
{
	for (size_t i = 0; i < vh->n; i++)
		if (vh->v[i].invoice_id ? vh->v[i].invoice_id == inv->id : hold_in_currency(&vh->v[i], inv->currency))
			return 1;
	return 0;
}

static const struct flag_record *dispute_of(const struct customer_view *b, int64_t invoice_id);

static void overdue_sums(const struct app_ctx *ctx, struct account_view *v, const struct view_holds *vh)
{
	const struct customer_view *b = &v->base;

	v->oldest = v->oldest_askable = -1;
	for (size_t i = 0; i < b->n_invoices; i++) {
		const struct invoice *inv = &b->invoices[i];
		if (inv->due_date >= ctx->today || inv->balance <= 0 || customer_view_issued_later(b, inv))
			continue;
		v->n_overdue++;
		v->overdue += inv->balance; /* <= the owed sum, which did not overflow */
		if (v->oldest < 0 || inv->due_date < b->invoices[v->oldest].due_date)
			v->oldest = (int)i;
		if (held_invoice(vh, inv) || dispute_of(b, inv->id))
			continue;
		v->n_askable++;
		v->askable += inv->balance;
		if (v->oldest_askable < 0 || inv->due_date < b->invoices[v->oldest_askable].due_date)
			v->oldest_askable = (int)i;
	}
	/* recoup credit check's seriously_overdue: the oldest open invoice past due by more than the policy's days */
	v->seriously_overdue = v->oldest >= 0 && ctx->today - b->invoices[v->oldest].due_date > v->credit_overdue_days;
}

static const struct flag_record *dispute_of(const struct customer_view *b, int64_t invoice_id)
{
	for (size_t i = 0; i < b->n_flags; i++)
		if (!strcmp(b->flags[i].flag, "dispute") &&
		    (b->flags[i].invoice_id == 0 || b->flags[i].invoice_id == invoice_id))
			return &b->flags[i];
	return NULL;
}

/*
 * The invoices imported ahead of their issue date: listed on the screen but
 * not owed yet, so the script says not to ask for them. Their sum is only
 * said: one beyond int64 is said as INT64_MAX, not wrapped.
 */
static void later_fact(struct account_view *v)
{
	const struct customer_view *b = &v->base;
	const struct customer *cu = &b->customer;
	const struct invoice *first = NULL;
	int exp = currency_exponent(cu->currency);
	char a[MONEY_TEXT_MAX], d[DATE_TEXT_MAX];
	int64_t sum = 0;

	for (size_t i = 0; i < b->n_invoices; i++) {
		const struct invoice *inv = &b->invoices[i];
		if (!customer_view_issued_later(b, inv))
			continue;
		if (!first || inv->issue_date < first->issue_date)
			first = inv;
		if (money_add(sum, inv->balance, &sum) < 0)
			sum = INT64_MAX;
	}
	if (!first)
		return;
	if (b->n_later == 1)
		add_line(&v->facts, "Invoice %s (%s %s) is issued on %s: not owed yet, do not ask for it.", first->ref,
			 money_format(sum, exp, a, sizeof(a)), cu->currency,
			 date_format(first->issue_date, d, sizeof(d)));
	else
		add_line(&v->facts,
			 "%zu invoices (%s %s) are issued later, the first, %s, on %s: not owed yet, do not ask "
			 "for them.",
			 b->n_later, money_format(sum, exp, a, sizeof(a)), cu->currency, first->ref,
			 date_format(first->issue_date, d, sizeof(d)));
}

static void script_facts(const struct app_ctx *ctx, struct account_view *v)
{
	const struct customer_view *b = &v->base;
	const struct customer *cu = &b->customer;
	int exp = currency_exponent(cu->currency);
	char a[MONEY_TEXT_MAX], c[MONEY_TEXT_MAX], n[MONEY_TEXT_MAX], due[DATE_TEXT_MAX];

	if (v->has_target) {
		const struct contact *k = &b->contacts[v->target];
		add_line(&v->facts, "Ask for %s (%s%s). To anyone else the call is about an invoice, never a debt.",
			 k->name, k->role, k->pays_bills ? ", pays the bills" : "");
	}
	if (v->n_overdue) {
		const struct invoice *o = &b->invoices[v->oldest];
		add_line(&v->facts,
			 "%zu invoice%s overdue, %s %s in all; the oldest, %s, was due %s (%d days ago): %s %s.",
			 v->n_overdue, v->n_overdue == 1 ? "" : "s", money_format(v->overdue, exp, a, sizeof(a)),
			 cu->currency, o->ref, date_format(o->due_date, due, sizeof(due)),
			 account_view_dpd(o, ctx->today), money_format(o->balance, exp, c, sizeof(c)), cu->currency);
	} else {
		add_line(&v->facts, "Nothing is overdue today; %s %s is owed on %zu open invoice%s.",
			 money_format(b->owed, exp, a, sizeof(a)), cu->currency, b->n_open, b->n_open == 1 ? "" : "s");
	}
	if (b->unapplied_credit > 0)
		add_line(&v->facts, "The customer holds %s %s of unapplied payments: net owed %s %s.",
			 money_format(b->unapplied_credit, exp, c, sizeof(c)), cu->currency,
			 money_format(b->net, exp, n, sizeof(n)), cu->currency);
	later_fact(v);
	for (size_t i = 0; i < b->n_invoices; i++) {
		const struct flag_record *f = dispute_of(b, b->invoices[i].id);
		if (f)
			add_line(&v->facts,
				 "Invoice %s is disputed (%s): do not ask for it; ask how the dispute stands.",
				 b->invoices[i].ref, f->reason[0] ? f->reason : "no reason recorded");
	}
}

/* The hold current and the tenant's policy: what `recoup credit check` would weigh besides the amount. */
static int read_credit(struct store_tx *tx, struct account_view *v, struct error *e)
{
	struct credit_policy p;
	int ret = store_credit_hold_current(tx, v->base.customer.id, &v->hold, e);

	if (ret < 0)
		return ret;
	v->on_credit_hold = ret;
	ret = credit_policy_in(tx, &p, e);
	v->credit_overdue_days = p.overdue_days;
	return ret;
}

/*
 * What settling does for new orders on credit. Only a limit gives a credit
 * line; a hold or an invoice past the policy's days refuses orders now
 * (recoup credit check), and the line must not be promised as open then.
 */
static void credit_benefit(struct account_view *v)
{
	const struct customer *cu = &v->base.customer;
	int exp = currency_exponent(cu->currency);
	char a[MONEY_TEXT_MAX];

	if (cu->credit_limit <= 0)
		return;
	money_format(cu->credit_limit, exp, a, sizeof(a));
	if (v->on_credit_hold && !strcmp(v->hold.source, "run"))
		add_line(&v->benefits,
			 "New orders are on credit hold now; the hold is lifted once nothing is more than %d days "
			 "overdue and the balance is within the credit line of %s %s.",
			 v->credit_overdue_days, a, cu->currency);
	else if (v->on_credit_hold)
		add_line(&v->benefits,
			 "New orders are on credit hold now (set by %s); settling is what a manager needs to release "
			 "it and reopen the credit line of %s %s.",
			 v->hold.set_by[0] ? v->hold.set_by : "hand", a, cu->currency);
	else if (v->seriously_overdue)
		add_line(&v->benefits,
			 "New orders on credit are refused while an invoice is more than %d days overdue: settling "
			 "reopens the credit line of %s %s.",
			 v->credit_overdue_days, a, cu->currency);
	else
		add_line(&v->benefits, "The credit line of %s %s stays open for new orders.", a, cu->currency);
}

static void script_benefits(struct account_view *v)
{
	if (!v->n_overdue)
		return;
	add_line(&v->benefits,
		 "The account is back in good standing: no more reminders or calls about these invoices.");
	credit_benefit(v);
	if (v->months_count > 0)
		add_line(&v->benefits, "Deliveries go on as before (%lld invoice%s in the last %d months).",
			 (long long)v->months_count, v->months_count == 1 ? "" : "s", ACCOUNT_VIEW_MONTHS);
}

/* Words for a step in the call script ("a formal letter"); the action's name for the rest. */
static const char *step_words(enum step_action a)
{
	switch (a) {
	case ACTION_EMAIL: return "a reminder by email";
	case ACTION_SMS: return "a text message";
	case ACTION_LETTER: return "a formal letter";
	case ACTION_CALL: return "another call";
	case ACTION_VISIT: return "a visit";
	case ACTION_FEE: return "a late fee on the invoice";
	case ACTION_INTEREST: return "interest charged on the balance";
	case ACTION_CREDIT_HOLD: return "new orders on credit hold";
	case ACTION_PLACE_WITH_AGENCY: return "review for placement with a collection agency";
	case ACTION_LEGAL_REVIEW: return "review for legal action";
	case ACTION_WRITE_OFF_REVIEW: return "review for write-off";
	default: return step_action_name(a);
	}
}

/*
 * The account's strategy, chosen as the daily run chooses it (segment,
 * priority, else the tenant's default for the kind), and its steps still
 * ahead of the oldest open invoice, in order: what happens if the account
 * is not settled.
 */
/*
 * A fee or interest step the debtor's profile allows none of (France's
 * consumers: no collection fee, CPCE L111-8): the run refuses it, so the
 * script does not threaten it. The profile is the one the call was judged
 * by (judge_call); without a contact to call none is known here.
 */
static int charge_barred(const struct account_view *v, enum step_action action)
{
	const struct profile *p = &v->call.profile;

	if (!v->has_target || !p->name[0] || !p->has_charges)
		return 0;
	return (action == ACTION_FEE && p->fee_max_bp == 0) ||
	       (action == ACTION_INTEREST && p->interest_monthly_max_bp == 0);
}

static int read_next_steps(const struct app_ctx *ctx, struct store_tx *tx, struct account_view *v, struct error *e)
{
	const struct customer_view *b = &v->base;
	const struct customer *cu = &b->customer;
	struct account_view_next_steps *ns = &v->next_steps;
	struct strategies_set set = { 0 };
	struct account_facts a = { 0 };
	const struct strategy *s;
	const struct invoice *oldest = NULL;
	const char **products;
	int ret;

	/* as the run sees the account on ctx->today: the invoices issued by then */
	for (size_t i = 0; i < b->n_invoices; i++)
		if (b->invoices[i].balance > 0 && !customer_view_issued_later(b, &b->invoices[i]) &&
		    (!oldest || b->invoices[i].due_date < oldest->due_date))
			oldest = &b->invoices[i];
	if (!oldest)
		return 0;
	ret = strategies_load(tx, &set, e);
	if (ret < 0)
		return ret;
	a.kind = cu->kind;
	a.country = cu->country;
	a.currency = cu->currency;
	a.exponent = currency_exponent(cu->currency);
	/*
	 * picked from the balance the run picks it from: less the fees and
	 * interest dated the day, which the run posts after its pick
	 * (docs/strategies.md, "Fees and interest"); the script is then the
	 * strategy the run keeps the account in that day
	 */
	{
		struct day_charges dc = { 0 };
		ret = day_charges_load_of(tx, ctx->today, cu->id, &dc, e);
		if (ret < 0) {
			day_charges_release(&dc);
			strategies_release(&set);
			return ret;
		}
		a.balance = day_charges_pick_balance(&dc, cu->id, cu->currency, b->net);
		day_charges_release(&dc);
	}
	a.dpd = (int)(ctx->today - oldest->due_date);
	a.risk_band = (int)b->risk.band;
	a.tags = cu->tags;
	/* the products of the open invoices, as the run matches them */
	products = calloc(b->n_invoices, sizeof(*products));
	if (!products) {
		strategies_release(&set);
		return error_set(e, ERR_ENV, "out of memory");
	}
	for (size_t i = 0; i < b->n_invoices; i++)
		if (b->invoices[i].balance > 0 && b->invoices[i].product[0] &&
		    !customer_view_issued_later(b, &b->invoices[i]))
			products[a.n_products++] = b->invoices[i].product;
	a.products = products;
	s = strategies_for(&set, &a);
	if (s) {
		ns->available = 1;
		snprintf(ns->strategy, sizeof(ns->strategy), "%s", s->name);
		snprintf(ns->invoice_ref, sizeof(ns->invoice_ref), "%s", oldest->ref);
		for (size_t i = 0; i < s->n_steps && ns->n < ACCOUNT_VIEW_STEPS; i++) {
			const struct strategy_step *st = &s->steps[i];
			struct account_view_step *out = &ns->steps[ns->n];
			if (oldest->due_date + st->offset_days <= ctx->today || charge_barred(v, st->action))
				continue;
			snprintf(out->name, sizeof(out->name), "%s", st->name);
			out->action = st->action;
			out->offset_days = st->offset_days;
			out->date = oldest->due_date + st->offset_days;
			ns->n++;
		}
	}
	free(products);
	strategies_release(&set);
	return 0;
}

/* The next steps as the script says them. */
static void script_consequences(struct account_view *v)
{
	const struct account_view_next_steps *ns = &v->next_steps;
	char d[DATE_TEXT_MAX];

	if (!ns->available || !v->n_overdue)
		return;
	if (ns->n == 0) {
		add_line(&v->consequences, "Every step of the %s strategy has been reached: the account is with %s.",
			 ns->strategy, "the manager for review");
		return;
	}
	for (size_t i = 0; i < ns->n; i++)
		add_line(&v->consequences, "On %s, %s (%s strategy, step %s).",
			 date_format(ns->steps[i].date, d, sizeof(d)), step_words(ns->steps[i].action), ns->strategy,
			 ns->steps[i].name);
}

/* What the acting user may offer: a collector the simple agreements, a manager or admin also plans. */
static void script_options(struct account_view *v)
{
	const struct customer_view *b = &v->base;
	int exp = currency_exponent(b->customer.currency);
	int senior = v->actor_known && strcmp(v->actor.role, "collector");
	char a[MONEY_TEXT_MAX], c[MONEY_TEXT_MAX];

	if (!v->n_overdue)
		return;
	if (v->n_askable)
		add_line(&v->options, "A promise to pay %s %s by a date (record it on the call).",
			 money_format(v->askable, exp, a, sizeof(a)), b->customer.currency);
	if (v->n_askable > 1)
		add_line(&v->options, "Part now: the oldest invoice %s (%s %s) first.",
			 b->invoices[v->oldest_askable].ref,
			 money_format(b->invoices[v->oldest_askable].balance, exp, c, sizeof(c)), b->customer.currency);
	if (v->n_askable < v->n_overdue)
		add_line(&v->options,
			 "%s %s of it (%zu invoice%s) is disputed or under an agreement: not asked for on this call.",
			 money_format(v->overdue - v->askable, exp, c, sizeof(c)), b->customer.currency,
			 v->n_overdue - v->n_askable, v->n_overdue - v->n_askable == 1 ? "" : "s");
	add_line(&v->options, "A callback at a time the payer chooses.");
	add_line(&v->options, "If an invoice is contested: record the dispute (it stops collection on that invoice).");
	if (senior)
		add_line(&v->options, "A payment plan in instalments (%s: you may agree it).", v->actor.role);
	else
		add_line(&v->options, "A payment plan in instalments: needs a manager's approval%s.",
			 v->actor_known ? "" : " (you are not a user of this tenant)");
}

/* ---- the use case ---- */

int account_view_load(const struct app_ctx *ctx, const char *ref, struct account_view *out, struct error *e)
{
	struct store_tx *tx = NULL;
	struct view_holds vh = { 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	out->oldest = out->oldest_askable = -1;
	/* the screen says whether a call may be made now: a now the rules cannot judge is refused */
	if (app_check_rules_moment("now", ctx->now, e) < 0)
		return -ERR_INPUT;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = customer_view_load_tx(ctx, tx, ref, &out->base, e);
	if (ret < 0)
		goto cleanup;
	local_text(out->base.customer.timezone, ctx->now, out->local_time, sizeof(out->local_time));
	ret = judge_call(ctx, tx, out, e);
	if (ret < 0)
		goto cleanup;
	preferred_today(ctx, out);
	ret = read_history(tx, out, e);
	if (ret < 0)
		goto cleanup;
	ret = read_months(ctx, tx, out, e);
	if (ret < 0)
		goto cleanup;
	ret = store_user_get(tx, ctx->actor ? ctx->actor : "", &out->actor, e);
	if (ret < 0)
		goto cleanup;
	out->actor_known = ret;
	ret = read_next_steps(ctx, tx, out, e);
	if (ret < 0)
		goto cleanup;
	ret = read_credit(tx, out, e);
	if (ret < 0)
		goto cleanup;
	ret = store_holds_each(tx, out->base.customer.id, out->base.customer.id, ctx->now, ctx->today, on_view_hold,
			       &vh, e);
	if (ret >= 0 && vh.oom)
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret < 0)
		goto cleanup;
	ret = 0;
	overdue_sums(ctx, out, &vh);
	script_facts(ctx, out);
	script_benefits(out);
	script_consequences(out);
	script_options(out);
cleanup:
	free(vh.v);
	store_tx_free(tx);
	if (ret < 0)
		account_view_release(out);
	return ret;
}

void account_view_release(struct account_view *v)
{
	if (!v)
		return;
	customer_view_release(&v->base);
	memset(v, 0, sizeof(*v));
	v->oldest = v->oldest_askable = -1;
}

#include "core/contact_rules.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/holidays.h"
#include "core/text_copy.h"
#include "core/tz.h"

#define MAX_ZONES   64
#define MEMO_SLOTS  8
#define DAY_SECONDS ((timestamp_t)86400)

static const char *const outcome_names[OUTCOME_COUNT] = {
	"no_answer", "voicemail", "message_left", "wrong_number", "right_party", "refused", "callback",
	"promise",   "dispute",   "sent",         "busy",         "third_party", "paid",
};

const char *contact_outcome_name(enum contact_outcome o)
{
	return (unsigned)o < OUTCOME_COUNT ? outcome_names[o] : "unknown";
}

int contact_outcome_parse(const char *name, enum contact_outcome *out, struct error *e)
{
	for (int i = 0; i < OUTCOME_COUNT; i++) {
		if (name && !strcmp(name, outcome_names[i])) {
			*out = (enum contact_outcome)i;
			return 0;
		}
	}
	return error_set(
		e, ERR_INPUT,
		"unknown outcome '%s' (no_answer, voicemail, message_left, wrong_number, right_party, refused, callback, promise, dispute, sent, busy, third_party, paid)",
		name ? name : "");
}

int contact_outcome_is_conversation(enum contact_outcome o)
{
	return o == OUTCOME_RIGHT_PARTY || o == OUTCOME_REFUSED || o == OUTCOME_CALLBACK || o == OUTCOME_PROMISE ||
	       o == OUTCOME_DISPUTE || o == OUTCOME_PAID;
}

/*
 * Which outcome can happen on which channel, one bit per outcome. A call
 * rings (no answer, voicemail, a message with someone, a wrong number) or
 * reaches someone; an sms, email or letter is sent, and a reply to it is a
 * conversation; an sms can reach a wrong number; a visit finds nobody,
 * leaves a card (message_left) or speaks with someone. Only a call meets a
 * busy line; a call or a visit can find a third party (the debtor's
 * secretary or spouse); "paid" is what a debtor says, so it comes wherever
 * a conversation can.
 */
#define OB(o) (1u << (o))
#define CONVERSATIONS                                                                                 \
	(OB(OUTCOME_RIGHT_PARTY) | OB(OUTCOME_REFUSED) | OB(OUTCOME_CALLBACK) | OB(OUTCOME_PROMISE) | \
	 OB(OUTCOME_DISPUTE) | OB(OUTCOME_PAID))
static const unsigned outcomes_of_channel[CHANNEL_COUNT] = {
	[CHANNEL_CALL] = OB(OUTCOME_NO_ANSWER) | OB(OUTCOME_VOICEMAIL) | OB(OUTCOME_MESSAGE_LEFT) |
			 OB(OUTCOME_WRONG_NUMBER) | OB(OUTCOME_BUSY) | OB(OUTCOME_THIRD_PARTY) | CONVERSATIONS,
	[CHANNEL_SMS] = OB(OUTCOME_SENT) | OB(OUTCOME_WRONG_NUMBER) | CONVERSATIONS,
	[CHANNEL_EMAIL] = OB(OUTCOME_SENT) | CONVERSATIONS,
	[CHANNEL_LETTER] = OB(OUTCOME_SENT) | CONVERSATIONS,
	[CHANNEL_VISIT] = OB(OUTCOME_NO_ANSWER) | OB(OUTCOME_MESSAGE_LEFT) | OB(OUTCOME_THIRD_PARTY) | CONVERSATIONS,
};

int contact_outcome_fits(enum channel ch, enum contact_outcome o)
{
	return (unsigned)ch < CHANNEL_COUNT && (unsigned)o < OUTCOME_COUNT && (outcomes_of_channel[ch] & OB(o));
}

const char *contact_outcomes_of_channel(enum channel ch, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int o = 0; o < OUTCOME_COUNT && used < size; o++)
		if (contact_outcome_fits(ch, (enum contact_outcome)o))
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
						 contact_outcome_name((enum contact_outcome)o));
	return buf;
}

/*
 * Every role recoup knows, with what it means for what may be said. The
 * importer accepts exactly these names (contact_role_known), so a role
 * cannot be stored that the rules would misread. A spouse, a secretary or a
 * relative is a third party: DOMAIN.md's rule is that the debt is never
 * exposed to them ("about an invoice", never "about a debt"), stricter than
 * the FDCPA's definition of consumer, which includes a spouse.
 */
static const struct {
	const char *role;
	enum contact_role_class cls;
} roles[] = {
	{ "debtor", ROLE_DEBTOR },
	{ "guardian", ROLE_DEBTOR },
	{ "co_debtor", ROLE_DEBTOR },
	{ "cosigner", ROLE_DEBTOR },
	{ "guarantor", ROLE_DEBTOR },
	{ "payer", ROLE_PAYER },
	{ "billing", ROLE_PAYER },
	{ "accounts_payable", ROLE_PAYER },
	{ "finance", ROLE_PAYER },
	{ "owner", ROLE_PAYER },
	{ "authorised", ROLE_PAYER },
	{ "authorized", ROLE_PAYER },
	{ "legal_representative", ROLE_PAYER },
	{ "estate", ROLE_ESTATE },
	{ "estate_representative", ROLE_ESTATE },
	{ "executor", ROLE_ESTATE },
	{ "administrator", ROLE_ESTATE },
	{ "attorney", ROLE_ATTORNEY },
	{ "lawyer", ROLE_ATTORNEY },
	{ "spouse", ROLE_THIRD_PARTY },
	{ "secretary", ROLE_THIRD_PARTY },
	{ "relative", ROLE_THIRD_PARTY },
	{ "employee", ROLE_THIRD_PARTY },
	{ "employer", ROLE_THIRD_PARTY },
	{ "neighbour", ROLE_THIRD_PARTY },
	{ "third_party", ROLE_THIRD_PARTY },
};

enum contact_role_class contact_role_class(const char *role)
{
	for (size_t i = 0; role && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(role, roles[i].role))
			return roles[i].cls;
	return ROLE_THIRD_PARTY;
}

int contact_role_known(const char *role)
{
	for (size_t i = 0; role && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(role, roles[i].role))
			return 1;
	return 0;
}

const char *contact_role_names(void)
{
	return "debtor, guardian, co_debtor, cosigner, guarantor, payer, billing, accounts_payable, finance, owner, "
	       "authorised, authorized, legal_representative, estate, estate_representative, executor, "
	       "administrator, attorney, lawyer, spouse, secretary, relative, employee, employer, neighbour, "
	       "third_party";
}

const char *contact_audience_name(enum contact_audience a)
{
	switch (a) {
	case AUDIENCE_DEBTOR: return "debtor";
	case AUDIENCE_THIRD_PARTY: return "third_party";
	case AUDIENCE_VOICEMAIL_LIMITED: return "voicemail_limited";
	}
	return "unknown";
}

/* Everything derived once per request. */
struct ctx {
	const struct contact_rules_input *in;
	const struct profile *p;
	const struct contact_status *st;
	enum channel ch;
	unsigned bit;
	const struct tz_zone *zones[MAX_ZONES];
	size_t n_zones;
	char calendar[PROFILE_CALENDAR_MAX + 1]; /* "" when none applies */
	int calendar_missing;
	enum contact_role_class role;
	const char *address; /* the address used, may be "" */
	int64_t *debts;      /* debts concerned, not disputed */
	size_t n_debts;
	int all_debts; /* the request concerns every debt */
	int all_disputed;
	size_t n_disputed;
	int any_time_barred;
	int channel_never_open;
	timestamp_t *scratch; /* n_history slots */
	date_t memo_date[MEMO_SLOTS];
	int memo_set[MEMO_SLOTS];
	int memo_holiday[MEMO_SLOTS];
	const char *memo_name[MEMO_SLOTS];
};

struct eval {
	int allowed;
	int permanent;       /* a refusal that the passing of time does not lift */
	timestamp_t release; /* refused at least until then (0: no such bound) */
	struct contact_verdict *v;
	unsigned seen; /* time-rule codes already reported */
};

/* src added at buf + *len, cut to size; *len grows by its whole length, as snprintf's return would add */
static void text_append(char *buf, size_t size, size_t *len, const char *src)
{
	if (*len < size)
		text_copy(buf + *len, size - *len, src);
	*len += strlen(src);
}

static void refuse(struct eval *ev, const char *code, int permanent, timestamp_t release, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void refuse(struct eval *ev, const char *code, int permanent, timestamp_t release, const char *fmt, ...)
{
	va_list ap;

	ev->allowed = 0;
	if (permanent)
		ev->permanent = 1;
	if (release > ev->release)
		ev->release = release;
	if (ev->v && ev->v->n_reasons < VERDICT_REASONS_MAX) {
		struct contact_reason *r = &ev->v->reasons[ev->v->n_reasons++];
		text_copy(r->code, sizeof(r->code), code);
		va_start(ap, fmt);
		vsnprintf(r->message, sizeof(r->message), fmt, ap);
		va_end(ap);
	}
}

static void warn(struct contact_verdict *v, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct contact_verdict *v, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (!v || v->n_warnings >= VERDICT_WARNINGS_MAX)
		return;
	snprintf(v->warnings[v->n_warnings].code, sizeof(v->warnings[0].code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(v->warnings[v->n_warnings].message, sizeof(v->warnings[0].message), fmt, ap);
	va_end(ap);
	v->n_warnings++;
}

/* ---- small helpers ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Emails: case-insensitive; phones: the digits only; other text: exact, case-insensitive. */
int contact_address_equal(const char *a, const char *b)
{
	if (!a || !b || !*a || !*b)
		return 0;
	if (strchr(a, '@') || strchr(b, '@') || !strpbrk(a, "0123456789") || !strpbrk(b, "0123456789")) {
		for (; *a && *b; a++, b++)
			if (lower((unsigned char)*a) != lower((unsigned char)*b))
				return 0;
		return *a == *b;
	}
	for (;;) {
		while (*a && (*a < '0' || *a > '9'))
			a++;
		while (*b && (*b < '0' || *b > '9'))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a++ != *b++)
			return 0;
	}
}

static char *format_local(const struct tz_local *l, char *buf, size_t size)
{
	char date[DATE_TEXT_MAX], off[8], text[DATE_TEXT_MAX + 16];
	size_t nd, no;

	date_format(l->date, date, sizeof(date));
	tz_offset_format(l->offset, off, sizeof(off));
	nd = strlen(date);
	no = strlen(off);
	/* by hand, as "%sT%02d:%02d%s" prints it: this runs per question asked, snprintf costs thousands */
	if (l->minute < 0 || l->minute >= 100 * 60 || size == 0) {
		snprintf(buf, size, "%sT%02d:%02d%s", date, l->minute / 60, l->minute % 60, off);
		return buf;
	}
	memcpy(text, date, nd);
	text[nd] = 'T';
	text[nd + 1] = (char)('0' + l->minute / 60 / 10);
	text[nd + 2] = (char)('0' + l->minute / 60 % 10);
	text[nd + 3] = ':';
	text[nd + 4] = (char)('0' + l->minute % 60 / 10);
	text[nd + 5] = (char)('0' + l->minute % 60 % 10);
	memcpy(text + nd + 6, off, no + 1);
	nd = nd + 6 + no < size - 1 ? nd + 6 + no : size - 1; /* cut to size, as snprintf */
	memcpy(buf, text, nd);
	buf[nd] = '\0';
	return buf;
}

static char *format_ts(timestamp_t t, char *buf, size_t size)
{
	return timestamp_format(t, buf, size);
}

static const char *weekday_name(int w)
{
	static const char *const names[7] = { "Sunday",   "Monday", "Tuesday", "Wednesday",
					      "Thursday", "Friday", "Saturday" };
	return names[w % 7];
}

static void describe_windows(const struct profile_day *day, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (day->n == 0) {
		snprintf(buf, size, "none");
		return;
	}
	for (int i = 0; i < day->n && len < size; i++) {
		char a[8], b[8];
		len += (size_t)snprintf(buf + len, size - len, "%s%s-%s", i ? ", " : "",
					profile_time_format(day->w[i].start, a, sizeof(a)),
					profile_time_format(day->w[i].end, b, sizeof(b)));
	}
}

static int in_day(const struct profile_day *day, int minute)
{
	for (int i = 0; i < day->n; i++)
		if (minute >= day->w[i].start && minute < day->w[i].end)
			return 1;
	return 0;
}

static int attempt_concerns(const struct contact_attempt *a, int64_t debt)
{
	if (a->n_invoices == 0)
		return 1;
	for (size_t i = 0; i < a->n_invoices && i < ATTEMPT_INVOICES_MAX; i++)
		if (a->invoice_ids[i] == debt)
			return 1;
	return 0;
}

/* Does attempt `a` concern one of the debts of the request? */
static int attempt_concerns_request(const struct ctx *c, const struct contact_attempt *a)
{
	if (c->all_debts)
		return 1;
	for (size_t i = 0; i < c->n_debts; i++)
		if (attempt_concerns(a, c->debts[i]))
			return 1;
	return 0;
}

static int same_contact(const struct ctx *c, const struct contact_attempt *a)
{
	return a->contact_id == c->in->contact->id;
}

static int consent_valid(const struct ctx *c, timestamp_t t)
{
	return c->st->consent_at != 0 && c->p->consent_validity > 0 && c->st->consent_at <= t &&
	       t < c->st->consent_at + c->p->consent_validity;
}

/* 1 when a call at t is one the contact asked for (contact_rules.h, CALLBACK_WINDOW). */
static int callback_asked(const struct ctx *c, timestamp_t t)
{
	if (c->ch != CHANNEL_CALL)
		return 0;
	for (size_t i = 0; i < c->in->n_history; i++) {
		const struct contact_attempt *a = &c->in->history[i];
		if (a->outcome == OUTCOME_CALLBACK && a->callback_at && a->at <= t && a->callback_at <= t &&
		    t < a->callback_at + CALLBACK_WINDOW && same_contact(c, a))
			return 1;
	}
	return 0;
}

/* A callback asked for after t and before `release` bounds it: the call may be made then. */
static timestamp_t bound_by_callback(const struct ctx *c, timestamp_t t, timestamp_t release)
{
	if (c->ch != CHANNEL_CALL)
		return release;
	for (size_t i = 0; i < c->in->n_history; i++) {
		const struct contact_attempt *a = &c->in->history[i];
		if (a->outcome == OUTCOME_CALLBACK && a->callback_at > t && a->callback_at < release && a->at <= t &&
		    same_contact(c, a))
			release = a->callback_at;
	}
	return release;
}

/* A consent given later than t that would lift the rule bounds its release. */
static timestamp_t bound_by_consent(const struct ctx *c, timestamp_t t, timestamp_t release, int lifts)
{
	if (lifts && c->p->consent_validity > 0 && c->st->consent_at > t && c->st->consent_at < release)
		return c->st->consent_at;
	return release;
}

static int compare_ts(const void *a, const void *b)
{
	timestamp_t x = *(const timestamp_t *)a, y = *(const timestamp_t *)b;
	return x < y ? -1 : x > y;
}

static int holiday_memo(struct ctx *c, date_t d, const char **name)
{
	unsigned slot = (unsigned)d % MEMO_SLOTS;

	if (!c->memo_set[slot] || c->memo_date[slot] != d) {
		c->memo_set[slot] = 1;
		c->memo_date[slot] = d;
		c->memo_holiday[slot] = c->calendar[0] ? holiday_is(c->calendar, d, NULL, 0, &c->memo_name[slot]) : 0;
	}
	*name = c->memo_name[slot];
	return c->memo_holiday[slot];
}

static int closed_day(const struct ctx *c, date_t d)
{
	for (size_t i = 0; i < c->p->n_closed_days; i++)
		if (c->p->closed_days[i] == d)
			return 1;
	for (size_t i = 0; i < c->in->n_closed_days; i++)
		if (c->in->closed_days[i] == d)
			return 1;
	return 0;
}

/* ---- the rules ---- */

static void eval_status(struct ctx *c, timestamp_t t, struct eval *ev)
{
	const struct contact_status *st = c->st;
	const struct contact_rules_input *in = c->in;
	const char *cref = in->contact->ref;

	if (c->channel_never_open)
		refuse(ev, "outside_hours", 1, 0, "the profile '%s' allows no %s at any time", c->p->name,
		       channel_name(c->ch));
	if (c->n_zones == 0) {
		int open = 1;
		for (int d = 0; d < 7; d++)
			open &= c->p->windows[c->ch][d].n == 1 && c->p->windows[c->ch][d].w[0].start == 0 &&
				c->p->windows[c->ch][d].w[0].end == 1440;
		if (!open || (c->p->holiday_channels & c->bit) || st->n_inconvenient)
			refuse(ev, "no_timezone", 1, 0,
			       "the local time of contact '%s' is unknown: set its time zone or the customer's country",
			       cref);
	}
	if (st->bankrupt)
		refuse(ev, "bankrupt", 1, 0, "customer '%s' is in bankruptcy: collection contact is stayed",
		       in->customer->ref);
	if (st->deceased && c->role != ROLE_ESTATE)
		refuse(ev, "deceased", 1, 0,
		       "customer '%s' is deceased: only the estate's representative may be contacted",
		       in->customer->ref);
	if (st->attorney && c->role != ROLE_ATTORNEY)
		refuse(ev, "attorney", 1, 0, "customer '%s' is represented by an attorney: contact the attorney only",
		       in->customer->ref);
	if (st->cease && !(c->ch == CHANNEL_LETTER && in->final_notice))
		refuse(ev, "cease", 1, 0,
		       "customer '%s' asked in writing to cease communication: only a final-notice letter is allowed",
		       in->customer->ref);
	if (c->all_disputed)
		refuse(ev, "dispute", 1, 0, "every debt concerned is disputed and awaiting validation");
	if (st->optout_channels & c->bit)
		refuse(ev, "optout", 1, 0, "customer '%s' opted out of %s", in->customer->ref, channel_name(c->ch));
	for (size_t i = 0; i < st->n_blocked; i++) {
		const struct address_block *b = &st->blocked[i];
		static const char *const codes[] = { "optout", "wrong_number", "inconvenient_place" };
		static const char *const why[] = { "opted out", "is a wrong number",
						   "was named inconvenient by the consumer" };
		if (b->channels && !(b->channels & c->bit))
			continue;
		if ((unsigned)b->reason > BLOCK_INCONVENIENT_PLACE || !contact_address_equal(b->address, c->address))
			continue;
		refuse(ev, codes[b->reason], 1, 0, "'%s' %s", c->address, why[b->reason]);
	}
	if (c->ch == CHANNEL_CALL || c->ch == CHANNEL_SMS) {
		timestamp_t wrong = INT64_MIN, right = INT64_MIN;
		for (size_t i = 0; i < in->n_history; i++) {
			const struct contact_attempt *a = &in->history[i];
			if (a->at > t || !same_contact(c, a) ||
			    (a->channel != CHANNEL_CALL && a->channel != CHANNEL_SMS))
				continue;
			if (a->address[0] && !contact_address_equal(a->address, c->address))
				continue;
			if (a->outcome == OUTCOME_WRONG_NUMBER && a->at > wrong)
				wrong = a->at;
			else if (a->conversation && a->at > right)
				right = a->at;
		}
		if (wrong != INT64_MIN && wrong >= right) {
			char when[TIMESTAMP_TEXT_MAX];
			refuse(ev, "wrong_number", 1, 0, "'%s' was reported a wrong number on %s", c->address,
			       ev->v ? format_ts(wrong, when, sizeof(when)) : "");
		}
	}
	if (st->no_calls_at_work && st->contact_at_work)
		refuse(ev, "workplace", 1, 0, "contact '%s' is at the workplace and the employer forbids such contact",
		       cref);
	if (c->ch == CHANNEL_VISIT && c->p->visit_by_agreement && !st->visit_agreed)
		refuse(ev, "visit_not_agreed", 1, 0, "profile '%s' allows visits only by prior agreement", c->p->name);
	if (c->role == ROLE_THIRD_PARTY) {
		if (!(c->p->third_party_channels & c->bit))
			refuse(ev, "third_party_channel", 1, 0,
			       "contact '%s' is a third party: no %s to third parties (location information only)",
			       cref, channel_name(c->ch));
		if (c->p->third_party_max > 0 && !st->third_party_asked_more) {
			int n = 0;
			for (size_t i = 0; i < in->n_history; i++) {
				const struct contact_attempt *a = &in->history[i];
				if (a->at > t || a->inbound || !same_contact(c, a))
					continue;
				if (a->conversation || a->outcome == OUTCOME_VOICEMAIL ||
				    a->outcome == OUTCOME_MESSAGE_LEFT || a->channel == CHANNEL_SMS ||
				    a->channel == CHANNEL_EMAIL || a->channel == CHANNEL_LETTER)
					n++;
			}
			if (n >= c->p->third_party_max)
				refuse(ev, "third_party_limit", 1, 0,
				       "contact '%s' is a third party already contacted %d time%s (limit %d unless they ask)",
				       cref, n, n == 1 ? "" : "s", c->p->third_party_max);
		}
	}
	if (st->forbearance_until && st->forbearance_until > t) { /* 0: none, not 1970-01-01 (a moment before it) */
		char until[TIMESTAMP_TEXT_MAX];
		refuse(ev, "forbearance", 0, st->forbearance_until, "customer '%s' is in forbearance until %s",
		       in->customer->ref, ev->v ? format_ts(st->forbearance_until, until, sizeof(until)) : "");
	}
}

/* One reply in the same medium to an inbound contact lifts the time rules. */
static int reply_allowed(const struct ctx *c, timestamp_t t)
{
	const struct contact_rules_input *in = c->in;
	int64_t window = c->p->inbound_reply_window;

	if (window <= 0)
		return 0;
	for (size_t i = 0; i < in->n_history; i++) {
		const struct contact_attempt *a = &in->history[i];
		int used = 0;

		if (!a->inbound || a->channel != c->ch || !same_contact(c, a) || a->at > t || t >= a->at + window)
			continue;
		for (size_t j = 0; j < in->n_history && !used; j++) {
			const struct contact_attempt *b = &in->history[j];
			used = !b->inbound && b->channel == c->ch && same_contact(c, b) && b->at > a->at && b->at <= t;
		}
		if (!used)
			return 1;
	}
	return 0;
}

enum { SEEN_HOURS = 1, SEEN_HOLIDAY = 2, SEEN_CLOSED = 4, SEEN_INCONVENIENT = 8 };

static void eval_zone_time(struct ctx *c, const struct tz_zone *z, timestamp_t t, struct eval *ev)
{
	const struct profile *p = c->p;
	struct tz_local l;
	char when[48];

	tz_local(z, t, &l);
	if (ev->v)
		format_local(&l, when, sizeof(when));
	if (!(ev->seen & SEEN_HOURS) && !in_day(&p->windows[c->ch][l.weekday], l.minute)) {
		char allowed[128];
		ev->seen |= SEEN_HOURS;
		if (ev->v)
			describe_windows(&p->windows[c->ch][l.weekday], allowed, sizeof(allowed));
		refuse(ev, "outside_hours", 0, 0, "%s at %s in %s (%s) is outside the allowed hours: %s",
		       channel_name(c->ch), ev->v ? when : "", tz_zone_name(z), weekday_name(l.weekday),
		       ev->v ? allowed : "");
	}
	if (p->holiday_channels & c->bit) {
		const char *name = NULL;
		if (!(ev->seen & SEEN_HOLIDAY) && holiday_memo(c, l.date, &name)) {
			char d[DATE_TEXT_MAX];
			ev->seen |= SEEN_HOLIDAY;
			refuse(ev, "holiday", 0, 0, "%s is a public holiday (%s, calendar %s) in %s",
			       ev->v ? date_format(l.date, d, sizeof(d)) : "", name ? name : "", c->calendar,
			       tz_zone_name(z));
		}
		if (!(ev->seen & SEEN_CLOSED) && closed_day(c, l.date)) {
			char d[DATE_TEXT_MAX];
			ev->seen |= SEEN_CLOSED;
			refuse(ev, "closed_day", 0, 0, "%s is a closed day in %s",
			       ev->v ? date_format(l.date, d, sizeof(d)) : "", tz_zone_name(z));
		}
	}
	for (size_t i = 0; i < c->st->n_inconvenient && !(ev->seen & SEEN_INCONVENIENT); i++) {
		const struct time_block *b = &c->st->inconvenient[i];
		if (b->channels && !(b->channels & c->bit))
			continue;
		if (b->weekdays && !(b->weekdays & (1u << l.weekday)))
			continue;
		if (l.minute >= b->start && l.minute < b->end) {
			char s[8], e[8];
			ev->seen |= SEEN_INCONVENIENT;
			refuse(ev, "inconvenient_time", 0, 0,
			       "%s %s is within %s-%s, a time the consumer named inconvenient", ev->v ? when : "",
			       tz_zone_name(z), profile_time_format(b->start, s, sizeof(s)),
			       profile_time_format(b->end, e, sizeof(e)));
		}
	}
}

static void eval_time(struct ctx *c, timestamp_t t, struct eval *ev)
{
	int offsets[MAX_ZONES];
	size_t n = 0;

	if (reply_allowed(c, t))
		return;
	/* local time depends only on the offset: evaluate each distinct one once */
	for (size_t i = 0; i < c->n_zones; i++) {
		int off = tz_offset(c->zones[i], t);
		size_t k;
		for (k = 0; k < n; k++)
			if (offsets[k] == off)
				break;
		if (k < n)
			continue;
		offsets[n++] = off;
		eval_zone_time(c, c->zones[i], t, ev);
	}
}

static int conversation_before(const struct ctx *c, timestamp_t t, int per_person)
{
	for (size_t i = 0; i < c->in->n_history; i++) {
		const struct contact_attempt *a = &c->in->history[i];
		if (a->conversation && a->at <= t && (!per_person || same_contact(c, a)))
			return 1;
	}
	return 0;
}

/*
 * Counts the attempts that a cap counts at t for one debt (all_debt: any),
 * leaving their times in c->scratch. Returns the count.
 */
static size_t cap_collect(struct ctx *c, const struct profile_cap *cap, timestamp_t t, int any_debt, int64_t debt)
{
	size_t n = 0;

	for (size_t i = 0; i < c->in->n_history; i++) {
		const struct contact_attempt *a = &c->in->history[i];
		if (a->inbound || a->at > t || t - a->at >= cap->period || !(cap->channels & CHANNEL_BIT(a->channel)))
			continue;
		if (cap->per_person && !same_contact(c, a))
			continue;
		if (!any_debt && !attempt_concerns(a, debt))
			continue;
		c->scratch[n++] = a->at;
	}
	return n;
}

/*
 * " about invoice 'REF'" for a refusal that counts debt `invoice_id` alone
 * (its ref from the caller: in->debt_ref), its id when the caller gives
 * none; "" for 0 (every debt counted).
 */
static void about_debt(const struct ctx *c, int64_t invoice_id, char *buf, size_t size)
{
	char ref[REF_MAX + 1] = "";

	buf[0] = '\0';
	if (!invoice_id)
		return;
	if (c->in->debt_ref)
		c->in->debt_ref(c->in->debt_ref_ctx, invoice_id, ref, sizeof(ref));
	if (ref[0])
		snprintf(buf, size, " about invoice '%s'", ref);
	else
		snprintf(buf, size, " about invoice %lld", (long long)invoice_id);
}

static void eval_caps(struct ctx *c, timestamp_t t, struct eval *ev)
{
	const struct profile *p = c->p;
	int consent = consent_valid(c, t) || callback_asked(c, t);

	for (size_t k = 0; k < p->n_caps; k++) {
		const struct profile_cap *cap = &p->caps[k];
		int per_debt = cap->per_debt && !c->all_debts;
		size_t rounds = per_debt ? c->n_debts : 1;
		timestamp_t release = 0;
		size_t worst = 0;
		int64_t worst_debt = 0;

		if (!(cap->channels & c->bit) || (cap->consent_lifts && consent))
			continue;
		if (cap->after_conversation && !conversation_before(c, t, cap->per_person))
			continue;
		for (size_t r = 0; r < rounds; r++) {
			size_t n = cap_collect(c, cap, t, !per_debt, per_debt ? c->debts[r] : 0);
			timestamp_t rel;
			if (n < (size_t)cap->count)
				continue;
			qsort(c->scratch, n, sizeof(c->scratch[0]), compare_ts);
			rel = c->scratch[n - (size_t)cap->count] + cap->period;
			if (rel > release) {
				release = rel;
				worst = n;
				worst_debt = per_debt ? c->debts[r] : 0;
			}
		}
		if (release) {
			char period[24], until[TIMESTAMP_TEXT_MAX], about[REF_MAX + 32];
			if (ev->v) {
				profile_duration_format(cap->period, period, sizeof(period));
				format_ts(release, until, sizeof(until));
				about_debt(c, per_debt ? worst_debt : 0, about, sizeof(about));
			}
			if (cap->consent_lifts)
				release = bound_by_callback(c, t, release);
			refuse(ev, cap->code, 0, bound_by_consent(c, t, release, cap->consent_lifts),
			       "%zu attempt%s%s%s in the last %s already (limit %d in %s); the oldest leaves the window at %s",
			       worst, worst == 1 ? "" : "s", ev->v ? about : "",
			       cap->per_person ? " to this contact" : "", ev->v ? period : "", cap->count,
			       ev->v ? period : "", ev->v ? until : "");
		}
	}
}

static void eval_pauses(struct ctx *c, timestamp_t t, struct eval *ev)
{
	const struct profile *p = c->p;
	int consent = consent_valid(c, t);

	/* a pause keeps back the calls nobody asked for: not the callback the contact asked */
	if (callback_asked(c, t))
		return;
	for (size_t k = 0; k < p->n_pauses; k++) {
		const struct profile_pause *q = &p->pauses[k];
		timestamp_t end = 0, started = 0;

		if (!(q->channels & c->bit) || (q->consent_lifts && consent))
			continue;
		for (size_t i = 0; i < c->in->n_history; i++) {
			const struct contact_attempt *a = &c->in->history[i];
			if (!a->conversation || a->at > t || t >= a->at + q->duration ||
			    !(q->trigger & CHANNEL_BIT(a->channel)))
				continue;
			if (q->per_person && !same_contact(c, a))
				continue;
			if (q->per_debt && !attempt_concerns_request(c, a))
				continue;
			if (a->at + q->duration > end) {
				end = a->at + q->duration;
				started = a->at;
			}
		}
		if (end) {
			char d[24], s[TIMESTAMP_TEXT_MAX], u[TIMESTAMP_TEXT_MAX];
			refuse(ev, q->code, 0, bound_by_consent(c, t, bound_by_callback(c, t, end), q->consent_lifts),
			       "a conversation at %s starts a %s pause on %s until %s",
			       ev->v ? format_ts(started, s, sizeof(s)) : "",
			       ev->v ? profile_duration_format(q->duration, d, sizeof(d)) : "", channel_name(c->ch),
			       ev->v ? format_ts(end, u, sizeof(u)) : "");
		}
	}
}

static void eval_gap(struct ctx *c, timestamp_t t, struct eval *ev)
{
	int64_t gap = c->p->min_gap[c->ch];
	timestamp_t last = INT64_MIN;

	if (gap <= 0 || callback_asked(c, t))
		return;
	for (size_t i = 0; i < c->in->n_history; i++) {
		const struct contact_attempt *a = &c->in->history[i];
		if (!a->inbound && a->channel == c->ch && same_contact(c, a) && a->at <= t && a->at > last)
			last = a->at;
	}
	if (last != INT64_MIN && t - last < gap) {
		char g[24], u[TIMESTAMP_TEXT_MAX];
		refuse(ev, "min_gap", 0, bound_by_callback(c, t, last + gap),
		       "the last %s to this contact was less than %s ago; next from %s", channel_name(c->ch),
		       ev->v ? profile_duration_format(gap, g, sizeof(g)) : "",
		       ev->v ? format_ts(last + gap, u, sizeof(u)) : "");
	}
}

static void evaluate(struct ctx *c, timestamp_t t, struct eval *ev, struct contact_verdict *v)
{
	memset(ev, 0, sizeof(*ev));
	ev->allowed = 1;
	ev->v = v;
	eval_status(c, t, ev);
	eval_time(c, t, ev);
	eval_caps(c, t, ev);
	eval_pauses(c, t, ev);
	eval_gap(c, t, ev);
}

/* ---- set-up ---- */

static int resolve_zones(struct ctx *c, struct error *e)
{
	const struct contact *co = c->in->contact;
	const struct customer *cu = c->in->customer;
	const struct tz_zone *z;
	const struct tz_zone *const *list;
	size_t n;

	if (co->timezone[0]) {
		if (tz_zone_get(co->timezone, &z, e))
			return error_prefix(e, "contact '%s'", co->ref);
		c->zones[c->n_zones++] = z;
		return 0;
	}
	if (cu->timezone[0]) {
		if (tz_zone_get(cu->timezone, &z, e))
			return error_prefix(e, "customer '%s'", cu->ref);
		c->zones[c->n_zones++] = z;
		return 0;
	}
	if (!cu->country[0])
		return 0;
	if (tz_debtor_zones(cu->country, cu->region, &list, &n, e))
		return error_prefix(e, "customer '%s'", cu->ref);
	for (size_t i = 0; i < n && c->n_zones < MAX_ZONES; i++)
		c->zones[c->n_zones++] = list[i];
	return 0;
}

static int ctx_init(struct ctx *c, const struct contact_rules_input *in, struct error *e)
{
	static const struct contact_status no_status;
	const struct profile *p = in->profile;
	int ret;

	memset(c, 0, sizeof(*c));
	if (!p || !in->customer || !in->contact)
		return error_set(e, ERR_INPUT, "contact rules: profile, customer and contact are required");
	if ((unsigned)in->channel >= CHANNEL_COUNT)
		return error_set(e, ERR_INPUT, "contact rules: channel %d is not a channel", (int)in->channel);
	if (in->n_history && !in->history)
		return error_set(e, ERR_INPUT, "contact rules: history is missing");
	ret = in->profile_valid ? 0 : profile_validate(p, e);
	if (ret)
		return ret;
	c->in = in;
	c->p = p;
	c->st = in->status ? in->status : &no_status;
	c->ch = in->channel;
	c->bit = CHANNEL_BIT(in->channel);
	c->role = contact_role_class(in->contact->role);
	ret = resolve_zones(c, e);
	if (ret)
		return ret;
	if (!strcmp(p->holiday_calendar, "debtor")) {
		if (holiday_calendar_known(in->customer->country))
			text_copy(c->calendar, sizeof(c->calendar), in->customer->country);
		else
			c->calendar_missing = 1;
	} else {
		text_copy(c->calendar, sizeof(c->calendar), p->holiday_calendar);
	}
	if (in->address && *in->address)
		c->address = in->address;
	else if (c->ch == CHANNEL_CALL || c->ch == CHANNEL_SMS)
		c->address = in->contact->phone;
	else if (c->ch == CHANNEL_EMAIL)
		c->address = in->contact->email;
	else
		c->address = in->customer->address;
	c->channel_never_open = 1;
	for (int d = 0; d < 7; d++)
		if (p->windows[c->ch][d].n > 0)
			c->channel_never_open = 0;
	if (in->n_debts == 0) {
		c->all_debts = 1;
	} else {
		c->debts = malloc(in->n_debts * sizeof(*c->debts));
		if (!c->debts)
			return error_set(e, ERR_ENV, "contact rules: out of memory");
		for (size_t i = 0; i < in->n_debts; i++) {
			if (in->debts[i].disputed) {
				c->n_disputed++;
				continue;
			}
			if (in->debts[i].time_barred)
				c->any_time_barred = 1;
			c->debts[c->n_debts++] = in->debts[i].invoice_id;
		}
		c->all_disputed = c->n_debts == 0;
	}
	c->scratch = malloc((in->n_history ? in->n_history : 1) * sizeof(*c->scratch));
	if (!c->scratch)
		return error_set(e, ERR_ENV, "contact rules: out of memory");
	return 0;
}

static void ctx_release(struct ctx *c)
{
	free(c->debts);
	free(c->scratch);
	c->debts = NULL;
	c->scratch = NULL;
}

/* ---- the search for the next allowed moment ---- */

struct moments {
	timestamp_t *t;
	size_t n, cap;
};

static int moments_add(struct moments *m, timestamp_t t)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		timestamp_t *nt = realloc(m->t, cap * sizeof(*nt));
		if (!nt)
			return -1;
		m->t = nt;
		m->cap = cap;
	}
	m->t[m->n++] = t;
	return 0;
}

static void moments_sort_unique(struct moments *m)
{
	size_t k = 0;

	if (m->n == 0)
		return;
	qsort(m->t, m->n, sizeof(m->t[0]), compare_ts);
	for (size_t i = 0; i < m->n; i++)
		if (k == 0 || m->t[i] != m->t[k - 1])
			m->t[k++] = m->t[i];
	m->n = k;
}

/* Moments at which a history- or status-driven refusal can end. */
static int collect_events(const struct ctx *c, timestamp_t from, struct moments *ev)
{
	const struct profile *p = c->p;
	const struct contact_status *st = c->st;
	int ret = 0;

#define ADD(x)                                      \
	do {                                        \
		timestamp_t x_ = (x);               \
		if (x_ > from)                      \
			ret |= moments_add(ev, x_); \
	} while (0)
	for (size_t i = 0; i < c->in->n_history; i++) {
		timestamp_t a = c->in->history[i].at;
		ADD(a);
		for (size_t k = 0; k < p->n_caps; k++)
			ADD(a + p->caps[k].period);
		for (size_t k = 0; k < p->n_pauses; k++)
			ADD(a + p->pauses[k].duration);
		ADD(a + p->min_gap[c->ch]);
		ADD(a + p->inbound_reply_window);
	}
	if (st->forbearance_until)
		ADD(st->forbearance_until);
	if (st->consent_at) {
		ADD(st->consent_at);
		ADD(st->consent_at + p->consent_validity);
	}
#undef ADD
	moments_sort_unique(ev);
	return ret;
}

/* Do two zones show the same wall clock throughout [from, to)? */
static int same_clock(const struct tz_zone *a, const struct tz_zone *b, timestamp_t from, timestamp_t to)
{
	timestamp_t ca = from, cb = from;

	if (tz_offset(a, from) != tz_offset(b, from))
		return 0;
	for (int k = 0; k < 8; k++) {
		timestamp_t ta, tb;
		int ha = tz_next_transition(a, ca, to, &ta);
		int hb = tz_next_transition(b, cb, to, &tb);
		if (ha != hb)
			return 0;
		if (!ha)
			return 1;
		if (ta != tb || tz_offset(a, ta) != tz_offset(b, tb))
			return 0;
		ca = ta;
		cb = tb;
	}
	return 0;
}

/* Every moment in [from, to) at which some candidate zone's clock can enter an allowed state. */
static int collect_clock(const struct ctx *c, timestamp_t from, timestamp_t to, struct moments *m)
{
	const struct profile *p = c->p;

	for (size_t i = 0; i < c->n_zones; i++) {
		const struct tz_zone *z = c->zones[i];
		int duplicate = 0;
		date_t first, last;
		timestamp_t tr, cursor = from - 1;

		/* zones with the same offsets around the chunk produce the same moments */
		for (size_t j = 0; j < i && !duplicate; j++)
			duplicate = same_clock(z, c->zones[j], from - 2 * DAY_SECONDS, to + 2 * DAY_SECONDS);
		if (duplicate)
			continue;
		while (tz_next_transition(z, cursor, to, &tr)) {
			if (moments_add(m, tr))
				return -1;
			cursor = tr;
		}
		first = (date_t)((from + tz_offset(z, from)) / DAY_SECONDS) - 1;
		last = (date_t)((to + tz_offset(z, to)) / DAY_SECONDS) + 1;
		for (date_t d = first; d <= last; d++) {
			const struct profile_day *day = &p->windows[c->ch][date_weekday(d)];
			int minutes[PROFILE_WINDOWS_MAX + 1 + 16];
			int n = 0;

			minutes[n++] = 0;
			for (int w = 0; w < day->n; w++)
				minutes[n++] = day->w[w].start;
			for (size_t b = 0; b < c->st->n_inconvenient && n < (int)(sizeof(minutes) / sizeof(minutes[0]));
			     b++)
				if (c->st->inconvenient[b].end < 1440 && c->st->inconvenient[b].end >= 0)
					minutes[n++] = c->st->inconvenient[b].end;
			for (int k = 0; k < n; k++) {
				struct tz_moments tm;
				if (minutes[k] >= 1440 || tz_from_local(z, d, minutes[k], &tm, NULL))
					continue;
				if (tm.first >= from && tm.first < to && moments_add(m, tm.first))
					return -1;
				if (tm.second != tm.first && tm.second >= from && tm.second < to &&
				    moments_add(m, tm.second))
					return -1;
			}
		}
	}
	return 0;
}

static int search_next(struct ctx *c, timestamp_t at, timestamp_t release, enum contact_next *kind, timestamp_t *next,
		       struct error *e)
{
	struct moments events = { 0 }, cand = { 0 };
	const timestamp_t horizon = at + (timestamp_t)CONTACT_RULES_HORIZON_DAYS * DAY_SECONDS;
	timestamp_t cursor = release > at ? release : at;
	size_t ev_pos = 0;
	int ret = 0;

	*kind = NEXT_BEYOND;
	if (collect_events(c, at, &events)) {
		ret = error_set(e, ERR_ENV, "contact rules: out of memory");
		goto cleanup;
	}
	while (cursor < horizon) {
		timestamp_t chunk_end = cursor + DAY_SECONDS;
		int restart = 0;

		if (chunk_end > horizon)
			chunk_end = horizon;
		cand.n = 0;
		if (moments_add(&cand, cursor) || collect_clock(c, cursor, chunk_end, &cand)) {
			ret = error_set(e, ERR_ENV, "contact rules: out of memory");
			goto cleanup;
		}
		while (ev_pos < events.n && events.t[ev_pos] < cursor)
			ev_pos++;
		for (size_t i = ev_pos; i < events.n && events.t[i] < chunk_end; i++) {
			if (moments_add(&cand, events.t[i])) {
				ret = error_set(e, ERR_ENV, "contact rules: out of memory");
				goto cleanup;
			}
		}
		moments_sort_unique(&cand);
		for (size_t i = 0; i < cand.n; i++) {
			struct eval ev;
			timestamp_t t = cand.t[i];

			if (t < cursor)
				continue;
			evaluate(c, t, &ev, NULL);
			if (ev.allowed) {
				*kind = NEXT_AT;
				*next = t;
				goto cleanup;
			}
			if (ev.release > t) {
				/* refused until then whatever the clock says: jump */
				cursor = ev.release;
				restart = 1;
				break;
			}
		}
		if (!restart)
			cursor = chunk_end;
	}
cleanup:
	free(events.t);
	free(cand.t);
	return ret;
}

/* ---- the verdict ---- */

static void describe_local(struct ctx *c, timestamp_t t, struct contact_verdict *v)
{
	int offsets[MAX_ZONES];
	size_t n = 0, len = 0;

	v->preferred = 1;
	for (size_t i = 0; i < c->n_zones; i++) {
		struct tz_local l;
		int any_preferred = 0;
		size_t k;

		tz_local(c->zones[i], t, &l);
		for (int d = 0; d < 7; d++)
			any_preferred |= c->p->preferred[c->ch][d].n > 0;
		if (any_preferred && !in_day(&c->p->preferred[c->ch][l.weekday], l.minute))
			v->preferred = 0;
		for (k = 0; k < n; k++)
			if (offsets[k] == l.offset)
				break;
		if (k < n)
			continue;
		offsets[n++] = l.offset;
		if (len < sizeof(v->local_time)) {
			char buf[48];
			/* "%s%s %s" by hand (per question asked) */
			if (n > 1)
				text_append(v->local_time, sizeof(v->local_time), &len, "; ");
			text_append(v->local_time, sizeof(v->local_time), &len, format_local(&l, buf, sizeof(buf)));
			text_append(v->local_time, sizeof(v->local_time), &len, " ");
			text_append(v->local_time, sizeof(v->local_time), &len, tz_zone_name(c->zones[i]));
		}
	}
}

/* contact_rules.h: the first moment after t at which a time-dependent input of the verdict can change. */
static void steady_bound(timestamp_t t, timestamp_t x, timestamp_t *best)
{
	if (x > t && x < *best)
		*best = x;
}

static timestamp_t steady_until(const struct ctx *c, timestamp_t t)
{
	const struct profile *p = c->p;
	const struct contact_rules_input *in = c->in;
	timestamp_t best = t - (t % 60 + 60) % 60 + 60; /* the next UTC minute (no zone) */

	for (size_t i = 0; i < c->n_zones; i++) {
		int off = tz_offset(c->zones[i], t);
		timestamp_t local_next = t - ((t + off) % 60 + 60) % 60 + 60;
		steady_bound(t, local_next, &best);
		/* an offset changing before that minute ends: hold nothing past this second */
		if (tz_offset(c->zones[i], local_next - 1) != off)
			steady_bound(t, t + 1, &best);
	}
	if (c->st->consent_at) {
		steady_bound(t, c->st->consent_at, &best);
		steady_bound(t, c->st->consent_at + p->consent_validity, &best);
	}
	if (c->st->forbearance_until)
		steady_bound(t, c->st->forbearance_until, &best);
	for (size_t i = 0; i < in->n_history; i++) {
		const struct contact_attempt *a = &in->history[i];
		steady_bound(t, a->at, &best);
		for (size_t k = 0; k < p->n_caps; k++)
			steady_bound(t, a->at + p->caps[k].period, &best);
		for (size_t k = 0; k < p->n_pauses; k++)
			steady_bound(t, a->at + p->pauses[k].duration, &best);
		steady_bound(t, a->at + p->min_gap[c->ch], &best);
		steady_bound(t, a->at + p->inbound_reply_window, &best);
		steady_bound(t, a->at + p->burst_window, &best);
		if (a->callback_at) {
			steady_bound(t, a->callback_at, &best);
			steady_bound(t, a->callback_at + CALLBACK_WINDOW, &best);
		}
	}
	return best;
}

int contact_rules_moment_check(const char *name, timestamp_t at, struct error *e)
{
	char text[TIMESTAMP_TEXT_MAX], first[TIMESTAMP_TEXT_MAX];

	if (at >= CONTACT_RULES_FIRST_MOMENT)
		return 0;
	return error_set(e, ERR_INPUT,
			 "%s %s is before %s, the first moment the contact rules judge (a mistyped year?)", name,
			 timestamp_format(at, text, sizeof(text)),
			 timestamp_format(CONTACT_RULES_FIRST_MOMENT, first, sizeof(first)));
}

int contact_rules_allowed_at(const struct contact_rules_input *in, timestamp_t at, int *allowed, struct error *e)
{
	struct ctx c;
	struct eval ev;
	int ret;

	if (contact_rules_moment_check("moment", at, e) < 0)
		return -ERR_INPUT;
	ret = ctx_init(&c, in, e);
	if (!ret) {
		evaluate(&c, at, &ev, NULL);
		*allowed = ev.allowed;
	}
	ctx_release(&c);
	return ret;
}

/* The verdict's fields in the order the clearing below relies on. */
_Static_assert(offsetof(struct contact_verdict, reasons) < offsetof(struct contact_verdict, n_warnings) &&
		       offsetof(struct contact_verdict, n_warnings) < offsetof(struct contact_verdict, warnings) &&
		       offsetof(struct contact_verdict, warnings) < offsetof(struct contact_verdict, next),
	       "contact_verdict: reasons, n_warnings, warnings, then next");

/*
 * Clears a verdict but for the texts of its reasons and warnings (9 KB):
 * they are read up to their counts, and refuse() and warn() write each
 * entry whole. Clearing them was 2% of the daily run at 1,000,000
 * customers (issue 9).
 */
static void verdict_clear(struct contact_verdict *v)
{
	char *p = (char *)v;
	size_t next = offsetof(struct contact_verdict, next);

	memset(p, 0, offsetof(struct contact_verdict, reasons));
	v->n_warnings = 0;
	memset(p + next, 0, sizeof(*v) - next);
}

int contact_rules_check(const struct contact_rules_input *in, struct contact_verdict *v, struct error *e)
{
	struct ctx c;
	struct eval ev;
	int ret;

	verdict_clear(v);
	if (contact_rules_moment_check("moment", in->at, e) < 0)
		return -ERR_INPUT;
	ret = ctx_init(&c, in, e);
	if (ret)
		goto cleanup;
	text_copy(v->profile, sizeof(v->profile), in->profile->name);
	v->n_zones = c.n_zones;
	if (c.n_zones == 1)
		text_copy(v->zone, sizeof(v->zone), tz_zone_name(c.zones[0]));
	describe_local(&c, in->at, v);
	if (c.role == ROLE_THIRD_PARTY) {
		v->audience = AUDIENCE_THIRD_PARTY;
		v->voicemail = AUDIENCE_THIRD_PARTY;
	} else {
		v->audience = AUDIENCE_DEBTOR;
		v->voicemail = in->profile->voicemail_limited ? AUDIENCE_VOICEMAIL_LIMITED : AUDIENCE_DEBTOR;
	}
	v->no_legal_threats = c.any_time_barred;

	evaluate(&c, in->at, &ev, v);
	v->allowed = ev.allowed;
	if (ev.allowed) {
		v->next = NEXT_AT;
		v->next_allowed_at = in->at;
		v->steady_until = steady_until(&c, in->at);
	} else if (ev.permanent) {
		v->next = NEXT_NEVER;
	} else {
		ret = search_next(&c, in->at, ev.release, &v->next, &v->next_allowed_at, e);
		if (ret)
			goto cleanup;
	}

	if (c.ch == CHANNEL_CALL && in->profile->burst_window > 0) {
		for (size_t i = 0; i < in->n_history; i++) {
			const struct contact_attempt *a = &in->history[i];
			if (a->inbound || a->channel != CHANNEL_CALL || !same_contact(&c, a) || a->at > in->at ||
			    in->at - a->at >= in->profile->burst_window || a->outcome != OUTCOME_NO_ANSWER)
				continue;
			warn(v, "burst",
			     "an unanswered call to this number %lld s ago: two unanswered calls within %lld s look like harassment",
			     (long long)(in->at - a->at), (long long)in->profile->burst_window);
			break;
		}
	}
	if (c.n_disputed && !c.all_disputed)
		warn(v, "dispute_partial", "%zu disputed debt%s excluded: do not mention %s", c.n_disputed,
		     c.n_disputed == 1 ? "" : "s", c.n_disputed == 1 ? "it" : "them");
	if (c.any_time_barred)
		warn(v, "time_barred", "a debt concerned is time-barred: no threat of legal action");
	if (c.calendar_missing && (in->profile->holiday_channels & c.bit))
		warn(v, "no_holiday_calendar", "no public holiday calendar for country '%s': add its closed days",
		     in->customer->country);
	if (!v->preferred)
		warn(v, "not_preferred", "outside the preferred %s windows", channel_name(c.ch));
cleanup:
	ctx_release(&c);
	return ret;
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/contact_rules.h"

struct scen {
	struct profile p;
	struct customer cu;
	struct contact co;
	struct contact_status st;
	struct contact_attempt h[64];
	struct contact_debt d[8];
	struct address_block blocks[4];
	struct time_block times[4];
	date_t closed[4];
	struct contact_rules_input in;
	struct contact_verdict v;
};

static timestamp_t T(const char *text)
{
	timestamp_t t = 0;
	struct error e = ERROR_INIT;
	if (timestamp_parse(text, &t, &e))
		fail_msg("%s", e.message);
	return t;
}

/* A consumer (or company) with one debtor contact and one debt, invoice 1. */
static void scen_init(struct scen *s, const char *profile, enum customer_kind kind, const char *country,
		      const char *zone)
{
	struct error e = ERROR_INIT;

	memset(s, 0, sizeof(*s));
	if (profile_preset(profile, &s->p, &e))
		fail_msg("%s", e.message);
	s->cu.id = 10;
	snprintf(s->cu.ref, sizeof(s->cu.ref), "CUST-1");
	s->cu.kind = kind;
	snprintf(s->cu.country, sizeof(s->cu.country), "%s", country);
	snprintf(s->cu.address, sizeof(s->cu.address), "1 Main Street");
	s->co.id = 100;
	s->co.customer_id = 10;
	snprintf(s->co.ref, sizeof(s->co.ref), "C-1");
	snprintf(s->co.role, sizeof(s->co.role), "debtor");
	snprintf(s->co.phone, sizeof(s->co.phone), "+1 (212) 555-0100");
	snprintf(s->co.email, sizeof(s->co.email), "debtor@example.com");
	snprintf(s->co.timezone, sizeof(s->co.timezone), "%s", zone);
	s->d[0].invoice_id = 1;
	s->in.profile = &s->p;
	s->in.customer = &s->cu;
	s->in.contact = &s->co;
	s->in.status = &s->st;
	s->in.debts = s->d;
	s->in.n_debts = 1;
	s->in.history = s->h;
	s->in.closed_days = s->closed;
	s->in.channel = CHANNEL_CALL;
}

static struct contact_attempt *add_attempt(struct scen *s, const char *at, enum channel ch, enum contact_outcome o,
					   int inbound, int64_t invoice)
{
	struct contact_attempt *a = &s->h[s->in.n_history++];
	memset(a, 0, sizeof(*a));
	a->at = T(at);
	a->channel = ch;
	a->contact_id = s->co.id;
	a->outcome = o;
	a->inbound = inbound;
	a->conversation = contact_outcome_is_conversation(o);
	if (invoice) {
		a->n_invoices = 1;
		a->invoice_ids[0] = invoice;
	}
	return a;
}

static int has(const struct contact_verdict *v, const char *code)
{
	for (size_t i = 0; i < v->n_reasons; i++)
		if (!strcmp(v->reasons[i].code, code))
			return 1;
	return 0;
}

static int has_warning(const struct contact_verdict *v, const char *code)
{
	for (size_t i = 0; i < v->n_warnings; i++)
		if (!strcmp(v->warnings[i].code, code))
			return 1;
	return 0;
}

static void dump(const struct contact_verdict *v)
{
	char buf[TIMESTAMP_TEXT_MAX];
	print_message("allowed %d next %d %s local %s\n", v->allowed, v->next,
		      timestamp_format(v->next_allowed_at, buf, sizeof(buf)), v->local_time);
	for (size_t i = 0; i < v->n_reasons; i++)
		print_message("  %s: %s\n", v->reasons[i].code, v->reasons[i].message);
}

static const struct contact_verdict *check(struct scen *s, enum channel ch, const char *at)
{
	struct error e = ERROR_INIT;
	s->in.channel = ch;
	s->in.at = T(at);
	if (contact_rules_check(&s->in, &s->v, &e))
		fail_msg("%s", e.message);
	return &s->v;
}

static int allowed_at(struct scen *s, timestamp_t t)
{
	int ok = -1;
	struct error e = ERROR_INIT;
	if (contact_rules_allowed_at(&s->in, t, &ok, &e))
		fail_msg("%s", e.message);
	return ok;
}

/* Allowed; or refused for `code` with next allowed exactly at `next` ("never" / "beyond"). */
static void expect(struct scen *s, enum channel ch, const char *at, const char *code, const char *next)
{
	const struct contact_verdict *v = check(s, ch, at);

	if (!code) {
		if (!v->allowed) {
			dump(v);
			fail_msg("%s %s: refused, expected allowed", channel_name(ch), at);
		}
		assert_true(v->next == NEXT_AT && v->next_allowed_at == T(at));
		return;
	}
	if (v->allowed || !has(v, code)) {
		dump(v);
		fail_msg("%s %s: expected refusal '%s'", channel_name(ch), at, code);
	}
	if (!strcmp(next, "never")) {
		if (v->next != NEXT_NEVER) {
			dump(v);
			fail_msg("%s %s: expected never", channel_name(ch), at);
		}
	} else if (!strcmp(next, "beyond")) {
		assert_int_equal(v->next, NEXT_BEYOND);
	} else {
		if (v->next != NEXT_AT || v->next_allowed_at != T(next)) {
			dump(v);
			fail_msg("%s %s: expected next %s", channel_name(ch), at, next);
		}
		/* exact: allowed then, refused one second before (when later than at) */
		assert_int_equal(allowed_at(s, T(next)), 1);
		if (T(next) - 1 >= T(at))
			assert_int_equal(allowed_at(s, T(next) - 1), 0);
	}
}

static void test_us_hours(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	expect(&s, CHANNEL_CALL, "2026-11-23T12:59:00Z", "outside_hours", "2026-11-23T13:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T13:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-11-24T01:59:59Z", NULL, NULL); /* 20:59:59 */
	expect(&s, CHANNEL_CALL, "2026-11-24T02:00:00Z", "outside_hours", "2026-11-24T13:00:00Z");
	expect(&s, CHANNEL_SMS, "2026-11-24T03:00:00Z", "outside_hours", "2026-11-24T13:00:00Z");
	expect(&s, CHANNEL_EMAIL, "2026-11-24T03:00:00Z", "outside_hours", "2026-11-24T13:00:00Z");
	expect(&s, CHANNEL_LETTER, "2026-11-24T03:00:00Z", NULL, NULL);
	check(&s, CHANNEL_CALL, "2026-11-24T02:00:00Z");
	assert_non_null(strstr(s.v.reasons[0].message, "2026-11-23T21:00-05:00 in America/New_York"));
	assert_non_null(strstr(s.v.reasons[0].message, "08:00-21:00"));
	assert_string_equal(s.v.zone, "America/New_York");
	assert_string_equal(s.v.local_time, "2026-11-23T21:00-05:00 America/New_York");
	assert_string_equal(s.v.profile, "us-consumer");
	assert_int_equal(s.v.audience, AUDIENCE_DEBTOR);
	assert_int_equal(s.v.voicemail, AUDIENCE_VOICEMAIL_LIMITED);
}

/* 08:00 window start on the spring-forward day is 12:00Z, not 13:00Z. */
static void test_dst(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	expect(&s, CHANNEL_CALL, "2026-03-08T06:00:00Z", "outside_hours", "2026-03-08T12:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-03-08T11:59:00Z", "outside_hours", "2026-03-08T12:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-03-08T12:00:00Z", NULL, NULL);
	/* the autumn day: 08:00 EST is 13:00Z */
	expect(&s, CHANNEL_CALL, "2026-11-01T05:30:00Z", "outside_hours", "2026-11-01T13:00:00Z");

	/* 01:30 happens twice on 2026-11-01: a window 01:30-01:45 opens twice */
	s.p.holiday_calendar[0] = '\0';
	memset(s.p.windows[CHANNEL_CALL], 0, sizeof(s.p.windows[CHANNEL_CALL]));
	for (int d = 0; d < 7; d++) {
		s.p.windows[CHANNEL_CALL][d].n = 1;
		s.p.windows[CHANNEL_CALL][d].w[0].start = 90;
		s.p.windows[CHANNEL_CALL][d].w[0].end = 105;
	}
	expect(&s, CHANNEL_CALL, "2026-11-01T05:00:00Z", "outside_hours", "2026-11-01T05:30:00Z"); /* 01:00 EDT */
	expect(&s, CHANNEL_CALL, "2026-11-01T05:50:00Z", "outside_hours",
	       "2026-11-01T06:30:00Z");                               /* 01:50 EDT -> 01:30 EST */
	expect(&s, CHANNEL_CALL, "2026-11-01T06:40:00Z", NULL, NULL); /* 01:40 EST */

	/* a window starting inside the spring gap opens when the clock jumps: 03:00 EDT */
	for (int d = 0; d < 7; d++) {
		s.p.windows[CHANNEL_CALL][d].w[0].start = 150;
		s.p.windows[CHANNEL_CALL][d].w[0].end = 240;
	}
	expect(&s, CHANNEL_CALL, "2026-03-08T06:00:00Z", "outside_hours", "2026-03-08T07:00:00Z");
}

/*
 * US consumer with no zone: every US zone of ICU is a candidate. The
 * westernmost we include is Pacific/Honolulu (UTC-10; America/Adak is also
 * UTC-10 in winter), so the day's first allowed moment is 08:00 HST = 18:00Z.
 */
static void test_multi_zone(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "");
	expect(&s, CHANNEL_CALL, "2026-11-23T13:30:00Z", "outside_hours", "2026-11-23T18:00:00Z");
	check(&s, CHANNEL_CALL, "2026-11-23T13:30:00Z");
	assert_true(s.v.n_zones >= 20);
	assert_string_equal(s.v.zone, "");
	assert_non_null(strstr(s.v.local_time, "08:30-05:00 America/"));
	assert_non_null(strstr(s.v.local_time, "05:30-08:00 America/Los_Angeles"));
	assert_non_null(strstr(s.v.local_time, "03:30-10:00"));
	/* 21:00 in New York closes the day: 18:00Z..02:00Z */
	expect(&s, CHANNEL_CALL, "2026-11-24T01:59:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-11-24T02:00:00Z", "outside_hours", "2026-11-24T18:00:00Z");
	/* summer: 08:00 HST is still 18:00Z (Hawaii has no DST), New York closes at 01:00Z */
	expect(&s, CHANNEL_CALL, "2026-07-15T12:30:00Z", "outside_hours", "2026-07-15T18:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-07-16T01:00:00Z", "outside_hours", "2026-07-16T18:00:00Z");
	/* with the zone known, 08:30 Eastern is fine */
	snprintf(s.cu.timezone, sizeof(s.cu.timezone), "America/New_York");
	expect(&s, CHANNEL_CALL, "2026-11-23T13:30:00Z", NULL, NULL);

	/* b2b hours with a lunch break have no common moment from New York to Honolulu */
	scen_init(&s, "b2b", KIND_COMPANY, "US", "");
	snprintf(s.co.role, sizeof(s.co.role), "accounts_payable");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "outside_hours", "beyond");
}

static void test_holidays(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	expect(&s, CHANNEL_CALL, "2026-11-26T15:00:00Z", "holiday", "2026-11-27T13:00:00Z"); /* Thanksgiving */
	check(&s, CHANNEL_CALL, "2026-11-26T15:00:00Z");
	assert_non_null(strstr(s.v.reasons[0].message, "Thanksgiving Day"));
	/* 4 July 2026 is a Saturday: Friday 3 (observed) and Saturday 4 are closed */
	expect(&s, CHANNEL_CALL, "2026-07-03T14:00:00Z", "holiday", "2026-07-05T12:00:00Z");
	expect(&s, CHANNEL_LETTER, "2026-07-03T14:00:00Z", NULL, NULL);
	/* the tenant's own closed day */
	s.closed[0] = date_from_ymd(2026, 11, 27);
	s.in.n_closed_days = 1;
	expect(&s, CHANNEL_CALL, "2026-11-26T15:00:00Z", "holiday", "2026-11-28T13:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-27T15:00:00Z", "closed_day", "2026-11-28T13:00:00Z");

	/* b2b in Germany: Christmas Friday, then the weekend, then Monday 08:00 CET */
	scen_init(&s, "b2b", KIND_COMPANY, "DE", "Europe/Berlin");
	expect(&s, CHANNEL_CALL, "2026-12-24T09:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-12-25T09:00:00Z", "holiday", "2026-12-28T07:00:00Z");
	/* GB 2027: Christmas Saturday, substitute days Monday 27 and Tuesday 28 */
	scen_init(&s, "gb-consumer", KIND_PERSON, "GB", "Europe/London");
	expect(&s, CHANNEL_CALL, "2027-12-27T10:00:00Z", "holiday", "2027-12-29T08:00:00Z");
	/* Brazil: no calls on Sunday; Saturday until 14:00 */
	scen_init(&s, "br-consumer", KIND_PERSON, "BR", "America/Sao_Paulo");
	expect(&s, CHANNEL_CALL, "2026-11-21T16:59:00Z", NULL, NULL); /* Sat 13:59 */
	expect(&s, CHANNEL_CALL, "2026-11-21T17:00:00Z", "outside_hours", "2026-11-23T11:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-20T12:00:00Z", "holiday", "2026-11-21T11:00:00Z"); /* Consciencia Negra */
	/* no calendar for the debtor's country: allowed with a warning */
	scen_init(&s, "b2b", KIND_COMPANY, "IT", "Europe/Rome");
	check(&s, CHANNEL_CALL, "2026-06-02T08:00:00Z");
	assert_true(s.v.allowed);
	assert_true(has_warning(&s.v, "no_holiday_calendar"));
	/* a French company: b2b, France's calendar (14 July) */
	scen_init(&s, "b2b", KIND_COMPANY, "FR", "Europe/Paris");
	expect(&s, CHANNEL_CALL, "2026-07-14T08:00:00Z", "holiday", "2026-07-15T06:00:00Z");
	assert_false(has_warning(&s.v, "no_holiday_calendar"));
}

/*
 * fr-consumer: Monday to Friday 10:00-13:00 and 14:00-20:00 in Paris (the
 * telemarketing hours of decret 2022-1313, taken as practice), never on a
 * weekend or a French public holiday; Alsace-Moselle closes Good Friday too.
 */
static void test_fr_consumer(void **state)
{
	struct scen s;

	scen_init(&s, "fr-consumer", KIND_PERSON, "FR", "Europe/Paris");
	/* Tuesday 1 December 2026 (CET, UTC+1) */
	expect(&s, CHANNEL_CALL, "2026-12-01T08:00:00Z", "outside_hours", "2026-12-01T09:00:00Z"); /* 09:00 */
	expect(&s, CHANNEL_CALL, "2026-12-01T09:00:00Z", NULL, NULL);                              /* 10:00 */
	expect(&s, CHANNEL_CALL, "2026-12-01T11:59:59Z", NULL, NULL);                              /* 12:59:59 */
	expect(&s, CHANNEL_CALL, "2026-12-01T12:30:00Z", "outside_hours", "2026-12-01T13:00:00Z"); /* lunch */
	expect(&s, CHANNEL_SMS, "2026-12-01T18:59:59Z", NULL, NULL);                               /* 19:59:59 */
	expect(&s, CHANNEL_EMAIL, "2026-12-01T19:00:00Z", "outside_hours", "2026-12-02T09:00:00Z");
	expect(&s, CHANNEL_VISIT, "2026-12-01T08:00:00Z", "outside_hours", "2026-12-01T09:00:00Z");
	/* Friday evening: nothing on Saturday or Sunday, Monday 10:00 */
	expect(&s, CHANNEL_CALL, "2026-12-04T19:30:00Z", "outside_hours", "2026-12-07T09:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-12-05T10:00:00Z", "outside_hours", "2026-12-07T09:00:00Z");
	expect(&s, CHANNEL_LETTER, "2026-12-06T10:00:00Z", NULL, NULL);
	/* 14 July 2026, a Tuesday (CEST, UTC+2): Wednesday 10:00; Whit Monday, Ascension likewise */
	expect(&s, CHANNEL_CALL, "2026-07-14T08:00:00Z", "holiday", "2026-07-15T08:00:00Z");
	check(&s, CHANNEL_CALL, "2026-07-14T08:00:00Z");
	assert_non_null(strstr(s.v.reasons[0].message, "Fete nationale"));
	expect(&s, CHANNEL_LETTER, "2026-07-14T08:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_SMS, "2026-05-25T10:00:00Z", "holiday", "2026-05-26T08:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-05-14T10:00:00Z", "holiday", "2026-05-15T08:00:00Z");
	/* Good Friday is a working day in France, Easter Monday is not */
	expect(&s, CHANNEL_CALL, "2026-04-03T08:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-04-06T08:00:00Z", "holiday", "2026-04-07T08:00:00Z");
	/* two calls a day to one person */
	add_attempt(&s, "2026-12-01T09:00:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	add_attempt(&s, "2026-12-01T13:00:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	expect(&s, CHANNEL_CALL, "2026-12-01T16:00:00Z", "cap_calls_24h", "2026-12-02T09:00:00Z");

	/* Alsace-Moselle's calendar (rules_ctx gives it to a customer of region 57, 67 or 68) */
	scen_init(&s, "fr-consumer", KIND_PERSON, "FR", "Europe/Paris");
	snprintf(s.p.holiday_calendar, sizeof(s.p.holiday_calendar), "FR-57");
	expect(&s, CHANNEL_CALL, "2026-04-03T08:00:00Z", "holiday", "2026-04-07T08:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-12-24T09:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-12-25T09:00:00Z", "holiday", "2026-12-28T09:00:00Z");
}

/* contact_rules_input.debt_ref: the ref `ctx` for invoice 1, "" for any other. */
static void invoice_ref_of(void *ctx, int64_t invoice_id, char *buf, size_t size)
{
	snprintf(buf, size, "%s", invoice_id == 1 ? (const char *)ctx : "");
}

static void test_7_in_7(void **state)
{
	struct scen s;
	char at[32];
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	for (int day = 17; day <= 22; day++) {
		snprintf(at, sizeof(at), "2026-11-%02dT14:00:00Z", day);
		add_attempt(&s, at, CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	}
	/* the 7th attempt in 7 days is allowed */
	expect(&s, CHANNEL_CALL, "2026-11-23T14:00:00Z", NULL, NULL);
	add_attempt(&s, "2026-11-23T14:00:00Z", CHANNEL_CALL, OUTCOME_VOICEMAIL, 0, 1);
	/* the 8th is refused until the oldest leaves the rolling 7x24h window */
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "cap_7_in_7", "2026-11-24T14:00:00Z");
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z");
	assert_non_null(strstr(s.v.reasons[0].message, "limit 7 in 7d"));
	assert_non_null(strstr(s.v.reasons[0].message, "7 attempts about invoice 1 to this contact"));
	/* named by its ref, the user's name for it, where the caller gives one */
	s.in.debt_ref = invoice_ref_of;
	s.in.debt_ref_ctx = "INV-7";
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z");
	assert_non_null(
		strstr(s.v.reasons[0].message, "7 attempts about invoice 'INV-7' to this contact in the last 7d"));
	s.in.debt_ref_ctx = ""; /* no such invoice: its id, as before */
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z");
	assert_non_null(strstr(s.v.reasons[0].message, "7 attempts about invoice 1 to this contact"));
	s.in.debt_ref = NULL;
	s.in.debt_ref_ctx = NULL;
	/* if the oldest leaves at night, the window start decides */
	s.h[0].at = T("2026-11-17T03:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "cap_7_in_7", "2026-11-24T13:00:00Z");
	s.h[0].at = T("2026-11-17T14:00:00Z");
	/* another debt has its own count; an attempt about "all" counts for every debt */
	s.d[0].invoice_id = 2;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	s.h[3].n_invoices = 0;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	s.d[0].invoice_id = 1;
	/* text messages are not call attempts */
	expect(&s, CHANNEL_SMS, "2026-11-23T15:00:00Z", NULL, NULL);
	/* inbound calls are not attempts */
	for (int i = 0; i < 7; i++)
		s.h[i].inbound = 1;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	for (int i = 0; i < 7; i++)
		s.h[i].inbound = 0;
	/* direct prior consent (valid 7 days) lifts the cap, and the cap returns when it expires */
	s.st.consent_at = T("2026-11-23T14:30:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	s.st.consent_at = T("2026-11-16T15:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T14:59:59Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "cap_7_in_7", "2026-11-24T14:00:00Z");
	/* consent given later than the refusal bounds the search */
	s.st.consent_at = T("2026-11-23T19:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "cap_7_in_7", "2026-11-23T19:00:00Z");
}

static void test_pause_after_conversation(void **state)
{
	struct scen s;
	struct contact_attempt *a;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	s.d[1].invoice_id = 2;
	s.d[2].invoice_id = 3;
	a = add_attempt(&s, "2026-11-20T15:00:00Z", CHANNEL_CALL, OUTCOME_PROMISE, 0, 1);
	a->n_invoices = 2;
	a->invoice_ids[1] = 2;
	/* a conversation about debts 1 and 2 starts the 7-day clock for each */
	s.in.n_debts = 1;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "pause_after_conversation", "2026-11-27T15:00:00Z");
	s.in.debts = &s.d[1];
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "pause_after_conversation", "2026-11-27T15:00:00Z");
	s.in.debts = &s.d[2];
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	s.in.debts = s.d;
	/* the pause is on calls only; other channels go on */
	expect(&s, CHANNEL_EMAIL, "2026-11-23T15:00:00Z", NULL, NULL);
	/* a conversation the debtor started (inbound) starts the pause too */
	a->inbound = 1;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "pause_after_conversation", "2026-11-27T15:00:00Z");
	/* an inbound call without conversation does not */
	a->conversation = 0;
	a->outcome = OUTCOME_NO_ANSWER;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	/* when the pause ends at night, the next window start */
	a->conversation = 1;
	a->at = T("2026-11-20T03:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "pause_after_conversation", "2026-11-27T13:00:00Z");
	/* a conversation with someone else (another contact) does not pause this person */
	a->contact_id = 999;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
}

/*
 * A callback the contact asked for: the call at that hour is not held back
 * by the pause or the gap the asking conversation started (b2b: a day's
 * pause, two hours' gap), for CALLBACK_WINDOW; the hours still apply, and
 * another contact of the customer is still paused. Berlin, Monday
 * 2026-11-23 (UTC+1).
 */
static void test_callback_asked(void **state)
{
	struct scen s;
	struct contact_attempt *a;
	(void)state;
	scen_init(&s, "b2b", KIND_COMPANY, "DE", "Europe/Berlin");
	a = add_attempt(&s, "2026-11-23T09:00:00Z", CHANNEL_CALL, OUTCOME_CALLBACK, 0, 1); /* 10:00 */
	/* without a moment asked: the day's pause */
	expect(&s, CHANNEL_CALL, "2026-11-23T14:30:00Z", "pause_after_conversation", "2026-11-24T09:00:00Z");
	a->callback_at = T("2026-11-23T14:30:00Z"); /* call me back at 15:30 */
	/* before the moment asked: still paused, and the next allowed moment is the one asked */
	expect(&s, CHANNEL_CALL, "2026-11-23T10:00:00Z", "pause_after_conversation", "2026-11-23T14:30:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T14:30:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-11-23T16:00:00Z", NULL, NULL);
	/* past the window: paused again; and never outside the hours (18:00 Berlin) */
	expect(&s, CHANNEL_CALL, "2026-11-23T18:31:00Z", "pause_after_conversation", "2026-11-24T09:00:00Z");
	/* the minimum gap too: asked to be called back in an hour */
	a->callback_at = T("2026-11-23T10:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T10:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-11-23T09:30:00Z", "min_gap", "2026-11-23T10:00:00Z");
	/* it is this contact's consent, not anyone's */
	a->contact_id = s.co.id + 1;
	a->callback_at = T("2026-11-23T14:30:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T14:30:00Z", NULL, NULL); /* another's conversation: no pause here */
	a->contact_id = s.co.id;
	/* an email is not a call: the callback does not concern it */
	expect(&s, CHANNEL_EMAIL, "2026-11-23T14:30:00Z", NULL, NULL);
}

static void test_stops(void **state)
{
	static const struct {
		const char *code;
		enum channel channel;
	} cases[] = {
		{ "cease", CHANNEL_CALL },        { "bankrupt", CHANNEL_EMAIL },
		{ "deceased", CHANNEL_CALL },     { "attorney", CHANNEL_SMS },
		{ "optout", CHANNEL_SMS },        { "dispute", CHANNEL_CALL },
		{ "wrong_number", CHANNEL_CALL }, { "inconvenient_place", CHANNEL_CALL },
		{ "workplace", CHANNEL_CALL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scen s;
		const char *c = cases[i].code;
		scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
		s.st.cease = !strcmp(c, "cease");
		s.st.bankrupt = !strcmp(c, "bankrupt");
		s.st.deceased = !strcmp(c, "deceased");
		s.st.attorney = !strcmp(c, "attorney");
		s.st.optout_channels = !strcmp(c, "optout") ? CHANNEL_BIT(CHANNEL_SMS) : 0;
		s.d[0].disputed = !strcmp(c, "dispute");
		s.st.no_calls_at_work = s.st.contact_at_work = !strcmp(c, "workplace");
		if (!strcmp(c, "wrong_number") || !strcmp(c, "inconvenient_place")) {
			snprintf(s.blocks[0].address, sizeof(s.blocks[0].address), "+12125550100");
			s.blocks[0].reason = !strcmp(c, "wrong_number") ? BLOCK_WRONG_NUMBER : BLOCK_INCONVENIENT_PLACE;
			s.st.blocked = s.blocks;
			s.st.n_blocked = 1;
		}
		expect(&s, cases[i].channel, "2026-11-23T15:00:00Z", c, "never");
		/* at night too: the permanent stop is reported with the hours */
		check(&s, cases[i].channel, "2026-11-24T04:00:00Z");
		assert_true(has(&s.v, c) && has(&s.v, "outside_hours") && s.v.next == NEXT_NEVER);
	}
}

static void test_stop_exceptions(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	/* cease: only the final-notice letters */
	s.st.cease = 1;
	expect(&s, CHANNEL_LETTER, "2026-11-23T15:00:00Z", "cease", "never");
	s.in.final_notice = 1;
	expect(&s, CHANNEL_LETTER, "2026-11-23T15:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_EMAIL, "2026-11-23T15:00:00Z", "cease", "never");
	s.st.cease = 0;
	s.in.final_notice = 0;
	/* deceased: the estate's representative only */
	s.st.deceased = 1;
	snprintf(s.co.role, sizeof(s.co.role), "executor");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	s.st.deceased = 0;
	/* attorney: the attorney only */
	s.st.attorney = 1;
	snprintf(s.co.role, sizeof(s.co.role), "attorney");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	snprintf(s.co.role, sizeof(s.co.role), "cosigner");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "attorney", "never");
	s.st.attorney = 0;
	/* one of two debts disputed: the other may be collected, with a warning */
	s.d[0].disputed = 1;
	s.d[1].invoice_id = 2;
	s.in.n_debts = 2;
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z");
	assert_true(s.v.allowed);
	assert_true(has_warning(&s.v, "dispute_partial"));
	/* opt-out of another channel or another number does not stop calls */
	s.st.optout_channels = CHANNEL_BIT(CHANNEL_EMAIL);
	snprintf(s.blocks[0].address, sizeof(s.blocks[0].address), "+1 212 555 0199");
	s.blocks[0].reason = BLOCK_OPTOUT;
	s.st.blocked = s.blocks;
	s.st.n_blocked = 1;
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	expect(&s, CHANNEL_EMAIL, "2026-11-23T15:00:00Z", "optout", "never");
	/* an address opted out by email, compared without case */
	snprintf(s.blocks[0].address, sizeof(s.blocks[0].address), "Debtor@Example.COM");
	s.st.optout_channels = 0;
	expect(&s, CHANNEL_EMAIL, "2026-11-23T15:00:00Z", "optout", "never");
	/* another address given explicitly is not blocked */
	s.in.address = "other@example.com";
	expect(&s, CHANNEL_EMAIL, "2026-11-23T15:00:00Z", NULL, NULL);
	s.in.address = NULL;
	s.st.n_blocked = 0;
	/* time-barred: allowed, but no legal threats */
	s.d[1].time_barred = 1;
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z");
	assert_true(s.v.allowed && s.v.no_legal_threats && has_warning(&s.v, "time_barred"));
}

static void test_wrong_number_history(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	add_attempt(&s, "2026-11-20T15:00:00Z", CHANNEL_CALL, OUTCOME_WRONG_NUMBER, 0, 0);
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "wrong_number", "never");
	expect(&s, CHANNEL_SMS, "2026-11-23T15:00:00Z", "wrong_number", "never");
	/* the contact's number changed since */
	snprintf(s.h[0].address, sizeof(s.h[0].address), "+1 212 555 0000");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
}

static void test_third_party(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	snprintf(s.co.role, sizeof(s.co.role), "neighbour");
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z");
	assert_true(s.v.allowed);
	assert_int_equal(s.v.audience, AUDIENCE_THIRD_PARTY);
	assert_int_equal(s.v.voicemail, AUDIENCE_THIRD_PARTY);
	assert_string_equal(contact_audience_name(s.v.audience), "third_party");
	expect(&s, CHANNEL_EMAIL, "2026-11-23T15:00:00Z", "third_party_channel", "never");
	/* an unanswered call is not a communication; a conversation is */
	add_attempt(&s, "2026-11-20T15:00:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 0);
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", NULL, NULL);
	add_attempt(&s, "2026-11-21T15:00:00Z", CHANNEL_CALL, OUTCOME_RIGHT_PARTY, 0, 0);
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "third_party_limit", "never");
	s.st.third_party_asked_more = 1;
	/* asked to call back: allowed again once the pause after that conversation is over */
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "pause_after_conversation", "2026-11-28T15:00:00Z");
	/* an empty role is a third party: the safe reading */
	snprintf(s.co.role, sizeof(s.co.role), "%s", "");
	assert_int_equal(contact_role_class(s.co.role), ROLE_THIRD_PARTY);
	assert_int_equal(contact_role_class("accounts_payable"), ROLE_PAYER);
	assert_int_equal(contact_role_class("spouse"), ROLE_THIRD_PARTY); /* DOMAIN.md: never the debt */
	assert_int_equal(contact_role_class("estate_representative"), ROLE_ESTATE);
	assert_true(contact_role_known("secretary"));
	assert_false(contact_role_known("cousin"));
}

static void test_inconvenient_and_reply(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	/* the consumer said weekday mornings before 10:00 are inconvenient */
	s.times[0].weekdays = 0x3e;
	s.times[0].start = 8 * 60;
	s.times[0].end = 10 * 60;
	s.st.inconvenient = s.times;
	s.st.n_inconvenient = 1;
	expect(&s, CHANNEL_CALL, "2026-11-23T13:30:00Z", "inconvenient_time", "2026-11-23T15:00:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-22T13:30:00Z", NULL, NULL); /* Sunday */
	s.st.n_inconvenient = 0;
	/* an SMS from the consumer at 22:10 may get one reply in the same medium */
	add_attempt(&s, "2026-11-24T03:10:00Z", CHANNEL_SMS, OUTCOME_SENT, 1, 0);
	expect(&s, CHANNEL_SMS, "2026-11-24T03:20:00Z", NULL, NULL);
	expect(&s, CHANNEL_CALL, "2026-11-24T03:20:00Z", "outside_hours", "2026-11-24T13:00:00Z");
	add_attempt(&s, "2026-11-24T03:20:00Z", CHANNEL_SMS, OUTCOME_SENT, 0, 0);
	expect(&s, CHANNEL_SMS, "2026-11-24T03:25:00Z", "outside_hours", "2026-11-24T13:00:00Z");
	s.in.n_history = 1;
	expect(&s, CHANNEL_SMS, "2026-11-24T04:10:00Z", "outside_hours", "2026-11-24T13:00:00Z");
}

static void test_warnings_and_b2b(void **state)
{
	struct scen s;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	add_attempt(&s, "2026-11-23T14:58:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z");
	assert_true(s.v.allowed && has_warning(&s.v, "burst"));
	check(&s, CHANNEL_CALL, "2026-11-23T15:03:00Z");
	assert_true(s.v.allowed && !has_warning(&s.v, "burst"));

	scen_init(&s, "b2b", KIND_COMPANY, "US", "America/Chicago");
	snprintf(s.co.role, sizeof(s.co.role), "accounts_payable");
	expect(&s, CHANNEL_CALL, "2026-11-23T18:30:00Z", "outside_hours", "2026-11-23T20:00:00Z"); /* 12:30 lunch */
	check(&s, CHANNEL_CALL, "2026-11-23T15:30:00Z");                                           /* 09:30 */
	assert_true(s.v.allowed && s.v.preferred && !has_warning(&s.v, "not_preferred"));
	check(&s, CHANNEL_CALL, "2026-11-23T14:30:00Z"); /* 08:30 */
	assert_true(s.v.allowed && !s.v.preferred && has_warning(&s.v, "not_preferred"));
	expect(&s, CHANNEL_CALL, "2026-11-21T15:30:00Z", "outside_hours", "2026-11-23T14:00:00Z"); /* Saturday */
	add_attempt(&s, "2026-11-23T15:00:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	expect(&s, CHANNEL_CALL, "2026-11-23T16:00:00Z", "min_gap", "2026-11-23T17:00:00Z");
	s.st.forbearance_until = T("2026-11-25T16:20:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-23T17:00:00Z", "forbearance", "2026-11-25T16:20:00Z");
	s.st.forbearance_until = T("2026-11-25T18:20:00Z"); /* 12:20 lunch */
	expect(&s, CHANNEL_CALL, "2026-11-23T17:00:00Z", "forbearance", "2026-11-25T20:00:00Z");
}

static void test_other_profiles(void **state)
{
	struct scen s;
	/* Massachusetts: two calls or texts per debt in seven days */
	scen_init(&s, "us-ma", KIND_PERSON, "US", "America/New_York");
	add_attempt(&s, "2026-11-18T15:00:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	add_attempt(&s, "2026-11-20T15:00:00Z", CHANNEL_SMS, OUTCOME_SENT, 0, 1);
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "cap_ma_2_in_7", "2026-11-25T15:00:00Z");
	expect(&s, CHANNEL_EMAIL, "2026-11-23T15:00:00Z", NULL, NULL);
	/* Poland: working days 09:00-17:00, daily caps, visits by agreement only */
	scen_init(&s, "pl-consumer", KIND_PERSON, "PL", "Europe/Warsaw");
	expect(&s, CHANNEL_CALL, "2026-11-23T07:30:00Z", "outside_hours", "2026-11-23T08:00:00Z");
	expect(&s, CHANNEL_VISIT, "2026-11-23T10:00:00Z", "visit_not_agreed", "never");
	s.st.visit_agreed = 1;
	expect(&s, CHANNEL_VISIT, "2026-11-23T10:00:00Z", NULL, NULL);
	add_attempt(&s, "2026-11-23T08:10:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	add_attempt(&s, "2026-11-23T09:10:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	expect(&s, CHANNEL_CALL, "2026-11-23T10:00:00Z", "cap_daily_calls", "2026-11-24T08:10:00Z");
	add_attempt(&s, "2026-11-23T09:30:00Z", CHANNEL_EMAIL, OUTCOME_SENT, 0, 1);
	expect(&s, CHANNEL_SMS, "2026-11-23T10:00:00Z", "cap_daily_contacts", "2026-11-24T08:10:00Z");
	expect(&s, CHANNEL_CALL, "2026-11-11T10:00:00Z", "holiday", "2026-11-12T08:00:00Z");
	/* Ontario: Sunday 13:00-17:00 only; three contacts in seven days once spoken to */
	scen_init(&s, "ca-on", KIND_PERSON, "CA", "America/Toronto");
	expect(&s, CHANNEL_CALL, "2026-11-22T17:00:00Z", "outside_hours", "2026-11-22T18:00:00Z");
	add_attempt(&s, "2026-11-16T15:00:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	add_attempt(&s, "2026-11-17T15:00:00Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	add_attempt(&s, "2026-11-18T15:00:00Z", CHANNEL_EMAIL, OUTCOME_SENT, 0, 1);
	expect(&s, CHANNEL_CALL, "2026-11-19T15:00:00Z", NULL, NULL); /* no conversation yet */
	add_attempt(&s, "2026-11-12T15:00:00Z", CHANNEL_CALL, OUTCOME_CALLBACK, 0, 1);
	expect(&s, CHANNEL_CALL, "2026-11-19T15:00:00Z", "cap_3_in_7", "2026-11-23T15:00:00Z");
	/* no zone, no country: letters only */
	scen_init(&s, "us-consumer", KIND_PERSON, "", "");
	expect(&s, CHANNEL_CALL, "2026-11-23T15:00:00Z", "no_timezone", "never");
	expect(&s, CHANNEL_LETTER, "2026-11-23T15:00:00Z", NULL, NULL);
	/* a channel the profile never opens */
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	memset(s.p.windows[CHANNEL_SMS], 0, sizeof(s.p.windows[CHANNEL_SMS]));
	expect(&s, CHANNEL_SMS, "2026-11-23T15:00:00Z", "outside_hours", "never");
}

static void test_input_errors(void **state)
{
	struct scen s;
	struct error e = ERROR_INIT;

	scen_init(&s, "us-consumer", KIND_PERSON, "US", "Mars/Base");
	s.in.at = T("2026-11-23T15:00:00Z");
	assert_int_equal(contact_rules_check(&s.in, &s.v, &e), -ERR_INPUT);
	assert_string_equal(e.message,
			    "contact 'C-1': unknown time zone 'Mars/Base' (an IANA name such as America/New_York)");
	scen_init(&s, "us-consumer", KIND_PERSON, "us", "");
	assert_int_equal(contact_rules_check(&s.in, &s.v, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "customer 'CUST-1': country 'us' is not an ISO 3166-1 alpha-2 code"));
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "");
	s.in.channel = CHANNEL_COUNT;
	assert_int_equal(contact_rules_check(&s.in, &s.v, &e), -ERR_INPUT);
	s.in.channel = CHANNEL_CALL;
	s.p.caps[0].count = 0;
	assert_int_equal(contact_rules_check(&s.in, &s.v, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "caps[0].count"));
	s.in.profile = NULL;
	assert_int_equal(contact_rules_check(&s.in, &s.v, &e), -ERR_INPUT);
	{
		enum contact_outcome o;
		assert_int_equal(contact_outcome_parse("promise", &o, &e), 0);
		assert_int_equal(o, OUTCOME_PROMISE);
		assert_int_equal(contact_outcome_parse("maybe", &o, &e), -ERR_INPUT);
		assert_non_null(strstr(e.message, "unknown outcome 'maybe'"));
	}
}

/*
 * No moment before 1970-01-01T00:00:00Z is judged: the rules read 0 as
 * "none", and a call refused at 20:00 on 1969-06-10 came out "next allowed
 * 1970-01-02". The first moments are judged, and rightly (19:00 on New
 * Year's Eve in New York is within the hours; the day after is a holiday:
 * 08:00 on the 2nd).
 */
static void test_moment_before_1970(void **state)
{
	struct scen s;
	struct error e = ERROR_INIT;
	int ok = -1;

	(void)state;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	s.in.at = T("1969-06-11T00:00:00Z");
	assert_int_equal(contact_rules_check(&s.in, &s.v, &e), -ERR_INPUT);
	assert_string_equal(e.message, "moment 1969-06-11T00:00:00Z is before 1970-01-01T00:00:00Z, the first moment "
				       "the contact rules judge (a mistyped year?)");
	assert_int_equal(contact_rules_allowed_at(&s.in, -1, &ok, &e), -ERR_INPUT);
	assert_int_equal(ok, -1);
	assert_int_equal(contact_rules_moment_check("--at", -1, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "--at 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z"));
	assert_int_equal(contact_rules_moment_check("--at", 0, &e), 0);
	expect(&s, CHANNEL_CALL, "1970-01-01T00:00:00Z", NULL, NULL); /* 19:00 on 1969-12-31 there */
	expect(&s, CHANNEL_CALL, "1970-01-01T05:00:00Z", "holiday", "1970-01-02T13:00:00Z");
}

/*
 * Which outcome fits which channel: the table of docs/compliance.md
 * ("Recording contact"), row by row, so that the code and the document
 * cannot part; contact_address_equal as the engine compares addresses.
 */
static void test_outcomes_and_addresses(void **state)
{
	static const struct {
		enum contact_outcome o;
		const char *fits; /* channels, in the order call sms email letter visit */
	} table[] = {
		{ OUTCOME_NO_ANSWER, "y...y" },    { OUTCOME_VOICEMAIL, "y...." }, { OUTCOME_MESSAGE_LEFT, "y...y" },
		{ OUTCOME_WRONG_NUMBER, "yy..." }, { OUTCOME_SENT, ".yyy." },      { OUTCOME_RIGHT_PARTY, "yyyyy" },
		{ OUTCOME_REFUSED, "yyyyy" },      { OUTCOME_CALLBACK, "yyyyy" },  { OUTCOME_PROMISE, "yyyyy" },
		{ OUTCOME_DISPUTE, "yyyyy" },      { OUTCOME_BUSY, "y...." },      { OUTCOME_THIRD_PARTY, "y...y" },
		{ OUTCOME_PAID, "yyyyy" },
	};
	char buf[256];
	(void)state;
	assert_int_equal(sizeof(table) / sizeof(table[0]), OUTCOME_COUNT);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (int ch = 0; ch < CHANNEL_COUNT; ch++)
			assert_int_equal(contact_outcome_fits((enum channel)ch, table[i].o), table[i].fits[ch] == 'y');
	assert_false(contact_outcome_fits(CHANNEL_COUNT, OUTCOME_SENT));
	assert_string_equal(contact_outcomes_of_channel(CHANNEL_EMAIL, buf, sizeof(buf)),
			    "right_party, refused, callback, promise, dispute, sent, paid");
	assert_true(contact_outcome_is_conversation(OUTCOME_PAID));
	assert_false(contact_outcome_is_conversation(OUTCOME_THIRD_PARTY));
	assert_false(contact_outcome_is_conversation(OUTCOME_BUSY));

	assert_true(contact_address_equal("+1 (212) 555-0101", "12125550101"));
	assert_false(contact_address_equal("+1 212 555 0101", "+1 212 555 0102"));
	assert_true(contact_address_equal("AP@Example.com", "ap@example.COM"));
	assert_false(contact_address_equal("ap@example.com", "ap@example.co"));
	assert_false(contact_address_equal("", ""));
}

/*
 * steady_until (contact_rules.h): an allowed verdict holds, with the same
 * local time and warnings, at every second of [at, steady_until), and
 * steady_until is never later than the next minute. The work queue's cache
 * serves a queue for that long at most (docs/queue.md).
 */
static int steady_allowed, steady_short; /* allowed verdicts seen; of those, held less than to the minute's end */

static void expect_steady(struct scen *s, enum channel ch, timestamp_t at)
{
	struct contact_verdict first;
	struct error e = ERROR_INIT;
	char buf[TIMESTAMP_TEXT_MAX];

	s->in.channel = ch;
	s->in.at = at;
	if (contact_rules_check(&s->in, &first, &e))
		fail_msg("%s", e.message);
	if (!first.allowed) {
		assert_int_equal(first.steady_until, 0);
		return;
	}
	assert_true(first.steady_until > at);
	assert_true(first.steady_until <= at - at % 60 + 60);
	steady_allowed++;
	steady_short += first.steady_until < at - at % 60 + 60;
	for (timestamp_t t = at + 1; t < first.steady_until; t++) {
		s->in.at = t;
		if (contact_rules_check(&s->in, &s->v, &e))
			fail_msg("%s", e.message);
		if (!s->v.allowed || strcmp(s->v.local_time, first.local_time) || s->v.n_warnings != first.n_warnings) {
			dump(&s->v);
			fail_msg("%s allowed at %lld, steady until %s, but not at %lld", channel_name(ch),
				 (long long)at, timestamp_format(first.steady_until, buf, sizeof(buf)), (long long)t);
		}
		for (size_t i = 0; i < first.n_warnings; i++)
			assert_string_equal(s->v.warnings[i].code, first.warnings[i].code);
	}
}

static void test_steady_until(void **state)
{
	struct scen s;
	struct contact_attempt *a;
	uint64_t seed = 88172645463325252ULL;

	(void)state;
	scen_init(&s, "us-consumer", KIND_PERSON, "US", "America/New_York");
	/* nothing in the history: the verdict holds to the end of the minute */
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:10Z");
	assert_true(s.v.allowed);
	assert_int_equal(s.v.steady_until, T("2026-11-23T15:01:00Z"));
	/* an attempt logged ahead of the clock (APP_CLOCK_SKEW) counts from its moment */
	add_attempt(&s, "2026-11-23T15:00:40Z", CHANNEL_CALL, OUTCOME_NO_ANSWER, 0, 1);
	check(&s, CHANNEL_CALL, "2026-11-23T15:00:10Z");
	assert_true(s.v.allowed);
	assert_int_equal(s.v.steady_until, T("2026-11-23T15:00:40Z"));
	/* a refusal holds nothing */
	check(&s, CHANNEL_CALL, "2026-11-23T03:00:10Z");
	assert_false(s.v.allowed);
	assert_int_equal(s.v.steady_until, 0);
	/* an inbound sms allows one reply outside the hours until its window ends, mid-minute */
	s.in.n_history = 0;
	add_attempt(&s, "2026-11-24T03:10:25Z", CHANNEL_SMS, OUTCOME_SENT, 1, 0);
	if (s.p.inbound_reply_window > 0) {
		timestamp_t end = T("2026-11-24T03:10:25Z") + s.p.inbound_reply_window;
		s.in.channel = CHANNEL_SMS;
		s.in.at = end - 20;
		struct error e = ERROR_INIT;
		if (contact_rules_check(&s.in, &s.v, &e))
			fail_msg("%s", e.message);
		if (s.v.allowed && end % 60 != 0)
			assert_int_equal(s.v.steady_until, end);
	}
	/* many histories: attempts, conversations, callbacks and replies at any second near the moment */
	for (int round = 0; round < 300; round++) {
		timestamp_t base = T("2026-11-23T15:00:00Z") + (timestamp_t)(round % 24) * 3600;
		s.in.n_history = 0;
		s.st.consent_at = 0;
		for (int i = 0; i < 6; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			a = &s.h[s.in.n_history++];
			memset(a, 0, sizeof(*a));
			a->at = base - 4 * 3600 + (timestamp_t)(seed % (5 * 3600));
			a->channel = (seed >> 20) % 2 ? CHANNEL_CALL : CHANNEL_SMS;
			a->contact_id = s.co.id;
			a->inbound = (seed >> 24) % 4 == 0;
			a->outcome = a->channel == CHANNEL_SMS ? OUTCOME_SENT
				     : (seed >> 28) % 3 == 0   ? OUTCOME_CALLBACK
				     : (seed >> 28) % 3 == 1   ? OUTCOME_RIGHT_PARTY
							       : OUTCOME_NO_ANSWER;
			a->conversation = contact_outcome_is_conversation(a->outcome);
			if (a->outcome == OUTCOME_CALLBACK)
				a->callback_at = a->at + (timestamp_t)((seed >> 32) % 7200);
		}
		if (round % 5 == 0)
			s.st.consent_at = base - (timestamp_t)(seed % 86400);
		for (int k = 0; k < 4; k++) {
			timestamp_t at = base + (timestamp_t)((seed >> (8 * k)) % 3600);
			expect_steady(&s, CHANNEL_CALL, at);
			expect_steady(&s, CHANNEL_SMS, at);
		}
	}
	print_message("steady_until: %d allowed verdicts, %d held short of the minute\n", steady_allowed, steady_short);
	/* else the loop above proved nothing */
	assert_true(steady_allowed >= 500 && steady_short >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_us_hours),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_multi_zone),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_fr_consumer),
		cmocka_unit_test(test_7_in_7),
		cmocka_unit_test(test_pause_after_conversation),
		cmocka_unit_test(test_callback_asked),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_stop_exceptions),
		cmocka_unit_test(test_wrong_number_history),
		cmocka_unit_test(test_third_party),
		cmocka_unit_test(test_inconvenient_and_reply),
		cmocka_unit_test(test_warnings_and_b2b),
		cmocka_unit_test(test_other_profiles),
		cmocka_unit_test(test_input_errors),
		cmocka_unit_test(test_moment_before_1970),
		cmocka_unit_test(test_outcomes_and_addresses),
		cmocka_unit_test(test_steady_until),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

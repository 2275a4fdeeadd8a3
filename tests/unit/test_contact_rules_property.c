/*
 * Property test of core/contact_rules against a separate, deliberately
 * naive checker written from the rules in contact_rules.h (every zone
 * evaluated, every attempt recounted, no shortcuts, no search):
 *   - the verdict's allowed flag equals the checker's at the moment asked;
 *   - a finite next_allowed_at is allowed by the checker, the second before
 *     it is refused, and so is every minute from `at` up to it (brute force,
 *     bounded to BRUTE_DAYS so the test stays fast);
 *   - "never" comes with a permanent reason, and the checker refuses the
 *     same request at later moments too.
 * Fixed seed: a failure reproduces; the case number is printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "core/contact_rules.h"
#include "core/holidays.h"
#include "core/tz.h"

/*
 * Under AddressSanitizer (the ASan tree of make check) the first 4,000 cases, which
 * took 58 s there of the tree's 12 minutes; the release tree runs all 20,000.
 */
#if defined(__SANITIZE_ADDRESS__)
#define CASES 4000
#else
#define CASES 20000
#endif
#define BRUTE_DAYS 8

static uint64_t seed = 20261123;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static int pick(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

struct scen {
	struct profile p;
	struct customer cu;
	struct contact co;
	struct contact_status st;
	struct contact_attempt h[16];
	struct contact_debt d[3];
	struct time_block tb[1];
	struct address_block ab[1];
	date_t closed[2];
	struct contact_rules_input in;
	/* checker state */
	const struct tz_zone *zones[64];
	size_t n_zones;
	char calendar[8];
	date_t memo_date[16];
	int memo_val[16];
	int memo_set[16];
};

static const char *const countries[] = { "US", "BR", "PL", "GB", "DE", "CA", "FR" };
static const char *const zones_of[][3] = {
	{ "America/New_York", "America/Los_Angeles", "America/Phoenix" },
	{ "America/Sao_Paulo", "America/Manaus", "America/Noronha" },
	{ "Europe/Warsaw", "Europe/Warsaw", "Europe/Warsaw" },
	{ "Europe/London", "Europe/London", "Europe/London" },
	{ "Europe/Berlin", "Europe/Berlin", "Europe/Berlin" },
	{ "America/Toronto", "America/Toronto", "America/Winnipeg" },
	{ "Europe/Paris", "Europe/Paris", "Europe/Paris" },
};
static const char *const roles[] = { "debtor",           "debtor",    "debtor",   "debtor",
				     "accounts_payable", "neighbour", "executor", "attorney" };

static void generate(struct scen *s)
{
	int ci = pick(7);
	timestamp_t at;

	memset(s, 0, sizeof(*s));
	profile_preset(profile_preset_names[pick(7)], &s->p, NULL);
	s->cu.id = 10;
	snprintf(s->cu.ref, sizeof(s->cu.ref), "CUST");
	s->cu.kind = pick(3) ? KIND_PERSON : KIND_COMPANY;
	snprintf(s->cu.country, sizeof(s->cu.country), "%s", pick(12) ? countries[ci] : "");
	snprintf(s->cu.address, sizeof(s->cu.address), "1 Main Street");
	if (pick(2))
		snprintf(s->cu.timezone, sizeof(s->cu.timezone), "%s", zones_of[ci][pick(3)]);
	s->co.id = 100;
	snprintf(s->co.ref, sizeof(s->co.ref), "C");
	snprintf(s->co.role, sizeof(s->co.role), "%s", roles[pick(8)]);
	snprintf(s->co.phone, sizeof(s->co.phone), "+1 555 0100");
	snprintf(s->co.email, sizeof(s->co.email), "d@example.com");
	if (!pick(3))
		snprintf(s->co.timezone, sizeof(s->co.timezone), "%s", zones_of[ci][pick(3)]);

	/* 2025-01-01 .. 2027-12-01, any second */
	at = 1735689600LL + (timestamp_t)(rnd() % (uint64_t)(1048 * 86400LL));
	s->in.at = at;
	s->in.channel = (enum channel)pick(CHANNEL_COUNT);
	s->in.final_notice = !pick(4);

	s->st.cease = !pick(25);
	s->st.bankrupt = !pick(40);
	s->st.deceased = !pick(30);
	s->st.attorney = !pick(30);
	s->st.optout_channels = pick(15) ? 0 : CHANNEL_BIT(pick(CHANNEL_COUNT));
	s->st.no_calls_at_work = !pick(10);
	s->st.contact_at_work = !pick(3);
	s->st.third_party_asked_more = !pick(4);
	s->st.visit_agreed = pick(2);
	if (!pick(4))
		s->st.consent_at = at - 9 * 86400 + (timestamp_t)(rnd() % (10 * 86400));
	if (!pick(8))
		s->st.forbearance_until = at - 86400 + (timestamp_t)(rnd() % (4 * 86400));
	if (!pick(5)) {
		s->tb[0].weekdays = (unsigned)pick(128);
		s->tb[0].start = pick(1440);
		s->tb[0].end = s->tb[0].start + 1 + pick(1440 - s->tb[0].start);
		s->tb[0].channels = pick(2) ? 0 : CHANNEL_BIT(pick(CHANNEL_COUNT));
		s->st.inconvenient = s->tb;
		s->st.n_inconvenient = 1;
	}
	if (!pick(15)) {
		snprintf(s->ab[0].address, sizeof(s->ab[0].address), "%s", pick(2) ? "+1-555-0100" : "D@example.com");
		s->ab[0].reason = (enum address_block_reason)pick(3);
		s->ab[0].channels = pick(2) ? 0 : CHANNEL_BIT(pick(CHANNEL_COUNT));
		s->st.blocked = s->ab;
		s->st.n_blocked = 1;
	}
	s->in.n_debts = (size_t)pick(4);
	for (size_t i = 0; i < s->in.n_debts; i++) {
		s->d[i].invoice_id = 1 + pick(4);
		s->d[i].disputed = !pick(10);
		s->d[i].time_barred = !pick(10);
	}
	s->in.n_history = (size_t)pick(13);
	for (size_t i = 0; i < s->in.n_history; i++) {
		struct contact_attempt *a = &s->h[i];
		/* mostly the last 9 days, sometimes in bursts just before `at` */
		a->at = at - (pick(3) ? (timestamp_t)(rnd() % (9 * 86400)) : (timestamp_t)(rnd() % 7200));
		a->channel = pick(2) ? CHANNEL_CALL : (enum channel)pick(CHANNEL_COUNT);
		a->contact_id = pick(5) ? 100 : 101;
		a->outcome = (enum contact_outcome)pick(OUTCOME_COUNT);
		a->inbound = !pick(6);
		a->conversation = contact_outcome_is_conversation(a->outcome);
		if (pick(2)) {
			a->n_invoices = 1 + (size_t)pick(2);
			a->invoice_ids[0] = 1 + pick(4);
			a->invoice_ids[1] = 1 + pick(4);
		}
		if (!pick(10))
			snprintf(a->address, sizeof(a->address), "+1 555 0199");
	}
	if (pick(3)) {
		s->closed[0] = timestamp_date_utc(at) + pick(4);
		s->in.n_closed_days = 1;
	}
	s->in.profile = &s->p;
	s->in.customer = &s->cu;
	s->in.contact = &s->co;
	s->in.status = &s->st;
	s->in.debts = s->d;
	s->in.history = s->h;
	s->in.closed_days = s->closed;
}

/* ---- the naive checker ---- */

static void checker_setup(struct scen *s)
{
	const struct tz_zone *z;
	const struct tz_zone *const *list;
	size_t n = 0;

	s->n_zones = 0;
	if (s->co.timezone[0] && !tz_zone_get(s->co.timezone, &z, NULL)) {
		s->zones[s->n_zones++] = z;
	} else if (s->cu.timezone[0] && !tz_zone_get(s->cu.timezone, &z, NULL)) {
		s->zones[s->n_zones++] = z;
	} else if (s->cu.country[0] && !tz_country_zones(s->cu.country, &list, &n, NULL)) {
		for (size_t i = 0; i < n; i++)
			s->zones[s->n_zones++] = list[i];
	}
	if (!strcmp(s->p.holiday_calendar, "debtor"))
		snprintf(s->calendar, sizeof(s->calendar), "%s", s->cu.country);
	else
		snprintf(s->calendar, sizeof(s->calendar), "%s", s->p.holiday_calendar);
	memset(s->memo_set, 0, sizeof(s->memo_set));
}

static int is_holiday(struct scen *s, date_t d)
{
	unsigned k = (unsigned)d % 16;
	if (!s->memo_set[k] || s->memo_date[k] != d) {
		s->memo_set[k] = 1;
		s->memo_date[k] = d;
		s->memo_val[k] = holiday_is(s->calendar, d, NULL, 0, NULL);
	}
	return s->memo_val[k];
}

static int digits_equal(const char *a, const char *b)
{
	char x[64], y[64];
	size_t i = 0, j = 0;
	for (; *a && i < 63; a++)
		if (*a >= '0' && *a <= '9')
			x[i++] = *a;
	for (; *b && j < 63; b++)
		if (*b >= '0' && *b <= '9')
			y[j++] = *b;
	x[i] = y[j] = 0;
	return i > 0 && !strcmp(x, y);
}

static int addr_eq(const char *a, const char *b)
{
	if (strchr(a, '@') || strchr(b, '@'))
		return strcasecmp(a, b) == 0;
	return digits_equal(a, b);
}

static int covers(const struct contact_attempt *a, int64_t debt)
{
	if (a->n_invoices == 0)
		return 1;
	for (size_t i = 0; i < a->n_invoices; i++)
		if (a->invoice_ids[i] == debt)
			return 1;
	return 0;
}

static int naive_allowed(struct scen *s, timestamp_t t)
{
	const struct profile *p = &s->p;
	const struct contact_status *st = &s->st;
	enum channel ch = s->in.channel;
	unsigned bit = CHANNEL_BIT(ch);
	enum contact_role_class role = contact_role_class(s->co.role);
	const char *addr = ch == CHANNEL_EMAIL                         ? s->co.email
			   : (ch == CHANNEL_CALL || ch == CHANNEL_SMS) ? s->co.phone
								       : s->cu.address;
	int64_t debts[3];
	size_t nd = 0;
	int all = s->in.n_debts == 0;
	int consent = st->consent_at && p->consent_validity && st->consent_at <= t &&
		      t < st->consent_at + p->consent_validity;
	int reply = 0;

	for (size_t i = 0; i < s->in.n_debts; i++)
		if (!s->d[i].disputed)
			debts[nd++] = s->d[i].invoice_id;
	if (!all && nd == 0)
		return 0;
	if (st->bankrupt || (st->deceased && role != ROLE_ESTATE) || (st->attorney && role != ROLE_ATTORNEY))
		return 0;
	if (st->cease && !(ch == CHANNEL_LETTER && s->in.final_notice))
		return 0;
	if ((st->optout_channels & bit) || (st->no_calls_at_work && st->contact_at_work))
		return 0;
	if (st->n_blocked && (!s->ab[0].channels || (s->ab[0].channels & bit)) && addr_eq(s->ab[0].address, addr))
		return 0;
	if (ch == CHANNEL_VISIT && p->visit_by_agreement && !st->visit_agreed)
		return 0;
	if (st->forbearance_until > t)
		return 0;
	if (ch == CHANNEL_CALL || ch == CHANNEL_SMS) {
		timestamp_t wrong = -1, right = -1;
		for (size_t i = 0; i < s->in.n_history; i++) {
			const struct contact_attempt *a = &s->h[i];
			if (a->at > t || a->contact_id != s->co.id ||
			    (a->channel != CHANNEL_CALL && a->channel != CHANNEL_SMS))
				continue;
			if (a->address[0] && !addr_eq(a->address, addr))
				continue;
			if (a->outcome == OUTCOME_WRONG_NUMBER)
				wrong = a->at > wrong ? a->at : wrong;
			else if (a->conversation)
				right = a->at > right ? a->at : right;
		}
		if (wrong >= 0 && wrong >= right)
			return 0;
	}
	if (role == ROLE_THIRD_PARTY) {
		int n = 0;
		if (!(p->third_party_channels & bit))
			return 0;
		for (size_t i = 0; i < s->in.n_history; i++) {
			const struct contact_attempt *a = &s->h[i];
			if (a->at <= t && !a->inbound && a->contact_id == s->co.id &&
			    (a->conversation || a->outcome == OUTCOME_VOICEMAIL || a->outcome == OUTCOME_MESSAGE_LEFT ||
			     a->channel == CHANNEL_SMS || a->channel == CHANNEL_EMAIL || a->channel == CHANNEL_LETTER))
				n++;
		}
		if (p->third_party_max && !st->third_party_asked_more && n >= p->third_party_max)
			return 0;
	}
	/* one reply to an inbound contact in the same medium, outside the time rules */
	for (size_t i = 0; i < s->in.n_history && p->inbound_reply_window; i++) {
		const struct contact_attempt *a = &s->h[i];
		int used = 0;
		if (!a->inbound || a->channel != ch || a->contact_id != s->co.id || a->at > t ||
		    t - a->at >= p->inbound_reply_window)
			continue;
		for (size_t j = 0; j < s->in.n_history; j++)
			if (!s->h[j].inbound && s->h[j].channel == ch && s->h[j].contact_id == s->co.id &&
			    s->h[j].at > a->at && s->h[j].at <= t)
				used = 1;
		if (!used)
			reply = 1;
	}
	if (s->n_zones == 0) {
		int open = !(p->holiday_channels & bit) && !st->n_inconvenient;
		for (int d = 0; d < 7; d++)
			open = open && p->windows[ch][d].n == 1 && p->windows[ch][d].w[0].start == 0 &&
			       p->windows[ch][d].w[0].end == 1440;
		if (!open)
			return 0;
	}
	for (size_t zi = 0; zi < s->n_zones && !reply; zi++) {
		struct tz_local l;
		int in = 0;
		tz_local(s->zones[zi], t, &l);
		for (int w = 0; w < p->windows[ch][l.weekday].n; w++)
			if (l.minute >= p->windows[ch][l.weekday].w[w].start &&
			    l.minute < p->windows[ch][l.weekday].w[w].end)
				in = 1;
		if (!in)
			return 0;
		if (p->holiday_channels & bit) {
			if (is_holiday(s, l.date))
				return 0;
			for (size_t k = 0; k < s->in.n_closed_days; k++)
				if (s->closed[k] == l.date)
					return 0;
			for (size_t k = 0; k < p->n_closed_days; k++)
				if (p->closed_days[k] == l.date)
					return 0;
		}
		if (st->n_inconvenient && (!s->tb[0].channels || (s->tb[0].channels & bit)) &&
		    (!s->tb[0].weekdays || (s->tb[0].weekdays & (1u << l.weekday))) && l.minute >= s->tb[0].start &&
		    l.minute < s->tb[0].end)
			return 0;
	}
	for (size_t k = 0; k < p->n_caps; k++) {
		const struct profile_cap *cap = &p->caps[k];
		int spoken = 0;
		if (!(cap->channels & bit) || (cap->consent_lifts && consent))
			continue;
		for (size_t i = 0; i < s->in.n_history; i++)
			if (s->h[i].conversation && s->h[i].at <= t &&
			    (!cap->per_person || s->h[i].contact_id == s->co.id))
				spoken = 1;
		if (cap->after_conversation && !spoken)
			continue;
		for (size_t di = 0; di < (cap->per_debt && !all ? nd : 1); di++) {
			int n = 0;
			for (size_t i = 0; i < s->in.n_history; i++) {
				const struct contact_attempt *a = &s->h[i];
				if (a->inbound || a->at > t || t - a->at >= cap->period ||
				    !(cap->channels & CHANNEL_BIT(a->channel)))
					continue;
				if (cap->per_person && a->contact_id != s->co.id)
					continue;
				if (cap->per_debt && !all && !covers(a, debts[di]))
					continue;
				n++;
			}
			if (n >= cap->count)
				return 0;
		}
	}
	for (size_t k = 0; k < p->n_pauses; k++) {
		const struct profile_pause *q = &p->pauses[k];
		if (!(q->channels & bit) || (q->consent_lifts && consent))
			continue;
		for (size_t i = 0; i < s->in.n_history; i++) {
			const struct contact_attempt *a = &s->h[i];
			int about = all || !q->per_debt;
			if (!a->conversation || a->at > t || t - a->at >= q->duration ||
			    !(q->trigger & CHANNEL_BIT(a->channel)))
				continue;
			if (q->per_person && a->contact_id != s->co.id)
				continue;
			for (size_t di = 0; di < nd && !about; di++)
				about = covers(a, debts[di]);
			if (about)
				return 0;
		}
	}
	if (p->min_gap[ch]) {
		for (size_t i = 0; i < s->in.n_history; i++) {
			const struct contact_attempt *a = &s->h[i];
			if (!a->inbound && a->channel == ch && a->contact_id == s->co.id && a->at <= t &&
			    t - a->at < p->min_gap[ch])
				return 0;
		}
	}
	return 1;
}

static int permanent_code(const char *code)
{
	static const char *const codes[] = { "bankrupt",
					     "deceased",
					     "attorney",
					     "cease",
					     "dispute",
					     "optout",
					     "wrong_number",
					     "inconvenient_place",
					     "workplace",
					     "visit_not_agreed",
					     "third_party_channel",
					     "third_party_limit",
					     "no_timezone",
					     "outside_hours" };
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(code, codes[i]))
			return 1;
	return 0;
}

static void test_property(void **state)
{
	static struct scen s;
	static struct contact_verdict v;
	int stats[4] = { 0 };
	long brute_minutes = 0;

	for (int c = 0; c < CASES; c++) {
		struct error e = ERROR_INIT;
		timestamp_t at;
		int naive;

		generate(&s);
		checker_setup(&s);
		at = s.in.at;
		if (contact_rules_check(&s.in, &v, &e))
			fail_msg("case %d: %s", c, e.message);
		naive = naive_allowed(&s, at);
		if (naive != v.allowed)
			fail_msg("case %d (%s, %s, channel %s, at %lld): engine %d, checker %d (%s)", c, s.p.name,
				 s.cu.country, channel_name(s.in.channel), (long long)at, v.allowed, naive,
				 v.n_reasons ? v.reasons[0].code : "-");
		if (v.allowed) {
			stats[0]++;
			assert_true(v.next == NEXT_AT && v.next_allowed_at == at && v.n_reasons == 0);
			continue;
		}
		assert_true(v.n_reasons > 0);
		if (v.next == NEXT_NEVER) {
			int perm = 0;
			stats[1]++;
			for (size_t i = 0; i < v.n_reasons; i++)
				perm |= permanent_code(v.reasons[i].code);
			if (!perm)
				fail_msg("case %d: never without a permanent reason (%s)", c, v.reasons[0].code);
			for (int k = 1; k <= 5; k++)
				if (naive_allowed(&s, at + (timestamp_t)k * 86400 * 3 + pick(86400)))
					fail_msg("case %d: never, but the checker allows a later moment", c);
			continue;
		}
		if (v.next == NEXT_BEYOND) {
			stats[3]++;
			for (int k = 0; k < 200; k++)
				if (naive_allowed(&s,
						  at + (timestamp_t)(rnd() % (CONTACT_RULES_HORIZON_DAYS * 86400ULL))))
					fail_msg("case %d: beyond the horizon, but the checker allows a moment", c);
			continue;
		}
		stats[2]++;
		assert_true(v.next_allowed_at > at);
		if (!naive_allowed(&s, v.next_allowed_at))
			fail_msg("case %d (%s): next_allowed_at %lld is refused by the checker", c, s.p.name,
				 (long long)v.next_allowed_at);
		if (naive_allowed(&s, v.next_allowed_at - 1))
			fail_msg("case %d (%s): the second before next_allowed_at is allowed", c, s.p.name);
		{
			timestamp_t end = v.next_allowed_at;
			timestamp_t m = (at + 59) / 60 * 60;
			if (end > at + BRUTE_DAYS * 86400)
				end = at + BRUTE_DAYS * 86400;
			for (; m < end; m += 60, brute_minutes++)
				if (naive_allowed(&s, m))
					fail_msg(
						"case %d (%s, %s, %s): %lld is allowed, earlier than next_allowed_at %lld",
						c, s.p.name, s.cu.country, channel_name(s.in.channel), (long long)m,
						(long long)v.next_allowed_at);
		}
	}
	print_message(
		"%d cases: %d allowed, %d never, %d with a next moment, %d beyond the horizon; %ld minutes brute-forced\n",
		CASES, stats[0], stats[1], stats[2], stats[3], brute_minutes);
	/* the generator must exercise every branch */
	assert_true(stats[0] > CASES / 20 && stats[1] > CASES / 20 && stats[2] > CASES / 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_property),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

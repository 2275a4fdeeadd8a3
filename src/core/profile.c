#include "core/profile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/holidays.h"

static const char *const day_names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

const char *const profile_preset_names[] = {
	"us-consumer", "us-ma", "br-consumer", "pl-consumer", "gb-consumer", "ca-on", "b2b",
	"de-consumer", "ca-qc", "ca-bc",       "ca-consumer", "fr-consumer", NULL,
};

/* ---- times and durations ---- */

int profile_time_parse(const char *text, int allow_2400, int *minute)
{
	int h, m;

	if (!text || strlen(text) != 5 || text[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (text[i] < '0' || text[i] > '9'))
			return -1;
	h = (text[0] - '0') * 10 + (text[1] - '0');
	m = (text[3] - '0') * 10 + (text[4] - '0');
	if (m > 59)
		return -1;
	if (h == 24 && m == 0 && allow_2400) {
		*minute = 1440;
		return 0;
	}
	if (h > 23)
		return -1;
	*minute = h * 60 + m;
	return 0;
}

char *profile_time_format(int minute, char *buf, size_t size)
{
	/* by hand when it fits, as "%02d:%02d" prints it: the contact rules' refusals name hours per question */
	if (minute < 0 || minute >= 100 * 60 || size < 6) {
		snprintf(buf, size, "%02d:%02d", minute / 60, minute % 60);
		return buf;
	}
	buf[0] = (char)('0' + minute / 60 / 10);
	buf[1] = (char)('0' + minute / 60 % 10);
	buf[2] = ':';
	buf[3] = (char)('0' + minute % 60 / 10);
	buf[4] = (char)('0' + minute % 60 % 10);
	buf[5] = '\0';
	return buf;
}

int profile_duration_parse(const char *text, int64_t *seconds)
{
	int64_t v = 0;
	int64_t unit = 1;
	const char *p = text;

	if (!p || !*p)
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (p == text)
		return -1;
	if (*p) {
		switch (*p) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		default: return -1;
		}
		if (p[1])
			return -1;
	}
	if (v > INT64_MAX / unit / 2)
		return -1;
	*seconds = v * unit;
	return 0;
}

char *profile_duration_format(int64_t s, char *buf, size_t size)
{
	if (s != 0 && s % 86400 == 0)
		snprintf(buf, size, "%lldd", (long long)(s / 86400));
	else if (s != 0 && s % 3600 == 0)
		snprintf(buf, size, "%lldh", (long long)(s / 3600));
	else if (s != 0 && s % 60 == 0)
		snprintf(buf, size, "%lldm", (long long)(s / 60));
	else
		snprintf(buf, size, "%llds", (long long)s);
	return buf;
}

/* ---- presets ---- */

#define DAYS_ALL     0x7fu
#define DAYS_MON_FRI 0x3eu
#define DAY_SUN      0x01u
#define DAY_SAT      0x40u
#define HM(h, m)     (60 * (h) + (m))

static void add_window(struct profile_day table[CHANNEL_COUNT][7], unsigned channels, unsigned days, int start, int end)
{
	for (int c = 0; c < CHANNEL_COUNT; c++) {
		if (!(channels & CHANNEL_BIT(c)))
			continue;
		for (int d = 0; d < 7; d++) {
			struct profile_day *day = &table[c][d];
			if (!(days & (1u << d)) || day->n == PROFILE_WINDOWS_MAX)
				continue;
			day->w[day->n].start = start;
			day->w[day->n].end = end;
			day->n++;
		}
	}
}

static void add_cap(struct profile *p, const char *code, unsigned channels, int count, int64_t period, int per_person,
		    int per_debt, int after_conversation, int consent_lifts)
{
	struct profile_cap *c = &p->caps[p->n_caps++];

	snprintf(c->code, sizeof(c->code), "%s", code);
	c->channels = channels;
	c->count = count;
	c->period = period;
	c->per_person = per_person;
	c->per_debt = per_debt;
	c->after_conversation = after_conversation;
	c->consent_lifts = consent_lifts;
}

static void add_pause(struct profile *p, const char *code, unsigned trigger, unsigned channels, int64_t duration,
		      int per_person, int per_debt, int consent_lifts)
{
	struct profile_pause *q = &p->pauses[p->n_pauses++];

	snprintf(q->code, sizeof(q->code), "%s", code);
	q->trigger = trigger;
	q->channels = channels;
	q->duration = duration;
	q->per_person = per_person;
	q->per_debt = per_debt;
	q->consent_lifts = consent_lifts;
}

#define B(c) CHANNEL_BIT(CHANNEL_##c)
#define DAY  86400
#define HOUR 3600

static void preset_us_consumer(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "US consumer debts: FDCPA and Regulation F (12 CFR 1006.6, 1006.14)");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_ALL, HM(8, 0), HM(21, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_7_in_7", B(CALL), 7, 7 * DAY, 1, 1, 0, 1);
	add_pause(p, "pause_after_conversation", B(CALL), B(CALL), 7 * DAY, 1, 1, 1);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->voicemail_limited = 1;
	p->consent_validity = 7 * DAY;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
}

static void preset_us_ma(struct profile *p)
{
	preset_us_consumer(p);
	snprintf(p->description, sizeof(p->description),
		 "Massachusetts consumer debts: us-consumer plus 940 CMR 7.04(1)(f)");
	add_cap(p, "cap_ma_2_in_7", B(CALL) | B(SMS), 2, 7 * DAY, 0, 1, 0, 0);
}

static void preset_br_consumer(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "Brazil consumer debts: CDC art. 42 and 71, Sao Paulo state hours");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_MON_FRI, HM(8, 0), HM(20, 0));
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAY_SAT, HM(8, 0), HM(14, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_calls_24h", B(CALL), 3, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_sms_24h", B(SMS), 2, DAY, 1, 0, 0, 0);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
	/* CDC art. 52 par. 1: a late fine of at most 2%; juros de mora of 1% a month (Civil Code art. 406) */
	p->has_charges = 1;
	p->fee_max_bp = 200;
	p->interest_monthly_max_bp = 100;
}

static void preset_pl_consumer(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "Poland consumer debts: working days 09:00-17:00, daily caps (art. 190a kk)");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_MON_FRI, HM(9, 0), HM(17, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_daily_calls", B(CALL), 2, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_daily_sms", B(SMS), 1, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_daily_contacts", B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), 3, DAY, 1, 0, 0, 0);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->visit_by_agreement = 1;
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
}

static void preset_gb_consumer(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "UK consumer credit: FCA CONC 7 (no unreasonable times or frequency)");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_ALL, HM(8, 0), HM(21, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_calls_24h", B(CALL), 3, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_contacts_7d", B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), 10, 7 * DAY, 1, 0, 0, 0);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
}

static void preset_ca_on(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "Ontario: Collection and Debt Settlement Services Act, O. Reg. 74/05");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_MON_FRI | DAY_SAT, HM(7, 0), HM(21, 0));
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAY_SUN, HM(13, 0), HM(17, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "CA-ON");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_3_in_7", B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), 3, 7 * DAY, 0, 0, 1, 0);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
}

/*
 * Quebec: Act respecting the collection of certain debts (CQLR c ),
 * s. 34(4): no verbal communication with the debtor (nor the surety, their
 * families, neighbours or employers) but from 08:00 to 20:00 on days other
 * than Sundays and holidays; "holiday" is that of the Interpretation Act
 * (CQLR c I-16, s. 61(23)), which the CA-QC calendar encodes (it also
 * closes Easter Monday and National Patriots' Day). Texts and emails keep
 * the same hours (the Act's harassment rule, s. 3(3), in practice). The Act
 * sets no count of contacts: cap_3_in_7 is the Ontario and British Columbia
 * figure, kept as practice. The written notice of payment 5 days before a
 * first call (s. 34(1)) is not a rule of this engine (docs/compliance.md).
 */
static void preset_ca_qc(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "Quebec: Act respecting the collection of certain debts, s. 34(4): Mon-Sat 08:00-20:00, not on "
		 "holidays");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_MON_FRI | DAY_SAT, HM(8, 0), HM(20, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "CA-QC");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_3_in_7", B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), 3, 7 * DAY, 0, 0, 1, 0);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
}

/*
 * British Columbia: Business Practices and Consumer Protection Act, Part 7
 * (s. 113-117) and the Debt Collection regulation: no communication on a
 * statutory holiday, on Sunday before 13:00 or after 17:00, on other days
 * before 07:00 or after 21:00 (Consumer Protection BC's own summary), and
 * not with a frequency that is harassment (s. 114); three contacts in seven
 * days is the figure Consumer Protection BC applies, as Ontario's O. Reg.
 * 74/05 does. Holidays: the CA-BC calendar (Employment Standards Act).
 */
static void preset_ca_bc(struct profile *p)
{
	preset_ca_on(p);
	snprintf(p->description, sizeof(p->description),
		 "British Columbia: Business Practices and Consumer Protection Act, Part 7");
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "CA-BC");
}

/*
 * Every other Canadian province and territory (AB, SK, MB, NB, NS, PE, NL,
 * YT, NT, NU) and a Canadian person whose province is not known: the
 * strictest of the three encoded provinces (Quebec's 08:00-20:00, Monday to
 * Saturday, no Sunday; three contacts in seven days) and the debtor's own
 * provincial calendar, resolved from the customer's region, else its zone.
 * Not each province's law: a compliance officer checks it (docs/compliance.md).
 */
static void preset_ca_consumer(struct profile *p)
{
	preset_ca_qc(p);
	snprintf(p->description, sizeof(p->description),
		 "Canada, other provinces: strictest of ON, QC, BC (Mon-Sat 08:00-20:00); the debtor's province's "
		 "holidays");
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
}

/*
 * Germany has no statutory calling hours for collections: the limits are
 * harassment (UWG 4a aggressive practices, StGB 238), the debtor's privacy
 * (BGB 823 and 1004, GDPR art. 6: no disclosure to third parties) and the
 * protected rest of Sundays and public holidays (GG art. 140 with WRV art. 139).
 * Hours and caps are those of industry practice (BDIU members): working days
 * and Saturday 08:00-20:00.
 */
static void preset_de_consumer(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "Germany consumer debts: Mon-Sat 08:00-20:00, never Sundays or holidays (UWG 4a, practice)");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_MON_FRI | DAY_SAT, HM(8, 0), HM(20, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_calls_24h", B(CALL), 2, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_sms_24h", B(SMS), 1, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_contacts_7d", B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), 7, 7 * DAY, 1, 0, 0, 0);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
}

/*
 * France sets no calling hours for amicable collection: the agencies' rules
 * (Code des procedures civiles d'execution, L124-1, R124-1 to R124-7) are
 * about the written notice, and repeated calls or messages meant to trouble
 * the debtor are offences (Code penal 222-16, 222-33-2-2). The hours and
 * days are those French consumers and regulators expect of any call, the
 * telemarketing decret n. 2022-1313 (Mon-Fri 10:00-13:00 and 14:00-20:00,
 * never on a weekend or public holiday), which governs sales calls, not
 * collection: practice, taken as the conservative reading. The caps are
 * de-consumer's. No fee (CPCE L111-8: the costs of collecting without an
 * enforceable title are the creditor's) and no interest: late interest is
 * the legal rate from a formal notice (Code civil 1231-6), which a strategy
 * step counting from the due date does not model; a tenant adds it by
 * overlaying "charges" (docs/compliance.md).
 */
static void preset_fr_consumer(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "France consumer debts: Mon-Fri 10:00-13:00 and 14:00-20:00, never weekends or holidays; no fee "
		 "(CPCE L111-8)");
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_MON_FRI, HM(10, 0), HM(13, 0));
	add_window(p->windows, B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), DAYS_MON_FRI, HM(14, 0), HM(20, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_calls_24h", B(CALL), 2, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_sms_24h", B(SMS), 1, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_contacts_7d", B(CALL) | B(SMS) | B(EMAIL) | B(VISIT), 7, 7 * DAY, 1, 0, 0, 0);
	p->third_party_max = 1;
	p->third_party_channels = B(CALL) | B(LETTER);
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
	p->has_charges = 1;
	p->fee_max_bp = 0;
	p->interest_monthly_max_bp = 0;
}

static void preset_b2b(struct profile *p)
{
	snprintf(p->description, sizeof(p->description),
		 "Business-to-business invoices: working days and hours, no lunch-time calls");
	add_window(p->windows, B(CALL) | B(VISIT), DAYS_MON_FRI, HM(8, 0), HM(12, 0));
	add_window(p->windows, B(CALL) | B(VISIT), DAYS_MON_FRI, HM(14, 0), HM(18, 0));
	add_window(p->windows, B(SMS) | B(EMAIL), DAYS_MON_FRI, HM(8, 0), HM(18, 0));
	add_window(p->windows, B(LETTER), DAYS_ALL, 0, 1440);
	add_window(p->preferred, B(CALL), DAYS_MON_FRI, HM(9, 0), HM(11, 0));
	add_window(p->preferred, B(CALL), DAYS_MON_FRI, HM(14, 30), HM(16, 0));
	snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "debtor");
	p->holiday_channels = B(CALL) | B(SMS) | B(EMAIL) | B(VISIT);
	add_cap(p, "cap_calls_24h", B(CALL), 2, DAY, 1, 0, 0, 0);
	add_cap(p, "cap_calls_7d_per_debt", B(CALL), 5, 7 * DAY, 0, 1, 0, 0);
	add_cap(p, "cap_email_24h", B(EMAIL), 1, DAY, 1, 0, 0, 0);
	add_pause(p, "pause_after_conversation", B(CALL) | B(VISIT), B(CALL), DAY, 1, 1, 0);
	p->min_gap[CHANNEL_CALL] = 2 * HOUR;
	p->third_party_max = 0;
	p->third_party_channels = B(CALL) | B(EMAIL) | B(LETTER);
	p->voicemail_limited = 1;
	p->inbound_reply_window = HOUR;
	p->burst_window = 5 * 60;
}

static const struct {
	const char *name;
	void (*fill)(struct profile *p);
} presets[] = {
	{ "us-consumer", preset_us_consumer },
	{ "us-ma", preset_us_ma },
	{ "br-consumer", preset_br_consumer },
	{ "pl-consumer", preset_pl_consumer },
	{ "gb-consumer", preset_gb_consumer },
	{ "ca-on", preset_ca_on },
	{ "b2b", preset_b2b },
	{ "de-consumer", preset_de_consumer },
	{ "ca-qc", preset_ca_qc },
	{ "ca-bc", preset_ca_bc },
	{ "ca-consumer", preset_ca_consumer },
	{ "fr-consumer", preset_fr_consumer },
};

int profile_preset(const char *name, struct profile *out, struct error *e)
{
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if (name && !strcmp(name, presets[i].name)) {
			memset(out, 0, sizeof(*out));
			snprintf(out->name, sizeof(out->name), "%s", presets[i].name);
			presets[i].fill(out);
			return 0;
		}
	}
	return error_set(e, ERR_INPUT,
			 "unknown profile '%s' (us-consumer, us-ma, br-consumer, pl-consumer, gb-consumer, ca-on, b2b, "
			 "de-consumer, ca-qc, ca-bc, ca-consumer, fr-consumer)",
			 name ? name : "");
}

/*
 * Canada: the collection-agency laws are provincial. Provinces whose law the
 * presets encode get their own; any other (or none known) gets ca-consumer,
 * whose calendar is the debtor's province.
 */
static const char *ca_consumer_profile(const char *region, const char *zone)
{
	static const struct {
		const char *region;
		const char *profile;
	} provinces[] = { { "ON", "ca-on" }, { "QC", "ca-qc" }, { "BC", "ca-bc" } };

	if (region && !strncmp(region, "CA-", 3))
		region += 3;
	if (!region || !*region)
		region = holiday_ca_region_of_zone(zone);
	for (size_t i = 0; region && i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (!strcmp(region, provinces[i].region))
			return provinces[i].profile;
	return "ca-consumer";
}

const char *profile_for_customer(enum customer_kind kind, const char *country, const char *region, const char *zone,
				 const char *explicit_customer_profile, const char *tenant_default)
{
	static const struct {
		const char *country;
		const char *profile;
	} consumer[] = {
		{ "US", "us-consumer" }, { "BR", "br-consumer" }, { "PL", "pl-consumer" },
		{ "GB", "gb-consumer" }, { "DE", "de-consumer" }, { "FR", "fr-consumer" },
	};

	if (explicit_customer_profile && *explicit_customer_profile)
		return explicit_customer_profile;
	if (kind == KIND_COMPANY)
		return "b2b";
	if (country && !strcmp(country, "CA"))
		return ca_consumer_profile(region, zone);
	for (size_t i = 0; country && i < sizeof(consumer) / sizeof(consumer[0]); i++)
		if (!strcmp(country, consumer[i].country))
			return consumer[i].profile;
	return tenant_default ? tenant_default : "";
}

/* ---- validation ---- */

static int validate_days(const struct profile *p, const struct profile_day table[CHANNEL_COUNT][7], const char *what,
			 struct error *e)
{
	for (int c = 0; c < CHANNEL_COUNT; c++) {
		for (int d = 0; d < 7; d++) {
			const struct profile_day *day = &table[c][d];
			if (day->n < 0 || day->n > PROFILE_WINDOWS_MAX)
				return error_set(e, ERR_INPUT, "profile '%s': %s.%s.%s: at most %d windows a day",
						 p->name, what, channel_name((enum channel)c), day_names[d],
						 PROFILE_WINDOWS_MAX);
			for (int i = 0; i < day->n; i++) {
				const struct profile_window *w = &day->w[i];
				if (w->start < 0 || w->end > 1440 || w->start >= w->end)
					return error_set(
						e, ERR_INPUT,
						"profile '%s': %s.%s.%s[%d]: the window is empty or out of the day",
						p->name, what, channel_name((enum channel)c), day_names[d], i);
				if (i > 0 && w->start < day->w[i - 1].end)
					return error_set(
						e, ERR_INPUT,
						"profile '%s': %s.%s.%s[%d]: windows must be in order and not overlap",
						p->name, what, channel_name((enum channel)c), day_names[d], i);
			}
		}
	}
	return 0;
}

int profile_validate(const struct profile *p, struct error *e)
{
	int ret;

	if (!p->name[0])
		return error_set(e, ERR_INPUT, "profile: name is empty");
	ret = validate_days(p, p->windows, "windows", e);
	if (ret)
		return ret;
	ret = validate_days(p, p->preferred, "preferred", e);
	if (ret)
		return ret;
	if (p->holiday_calendar[0] && strcmp(p->holiday_calendar, "debtor") &&
	    !holiday_calendar_known(p->holiday_calendar))
		return error_set(
			e, ERR_INPUT,
			"profile '%s': holidays.calendar: unknown calendar '%s' (debtor, US, BR, PL, GB, DE, FR, FR-57, FR-67, FR-68, FR-6AE, CA-ON, CA-QC, CA-BC, CA-AB, CA-SK, CA-MB, CA-NB, CA-NS, CA-PE, CA-NL)",
			p->name, p->holiday_calendar);
	if (p->n_closed_days > PROFILE_CLOSED_MAX || p->n_caps > PROFILE_CAPS_MAX || p->n_pauses > PROFILE_PAUSES_MAX)
		return error_set(e, ERR_INPUT, "profile '%s': too many closed days, caps or pauses", p->name);
	for (size_t i = 0; i < p->n_caps; i++) {
		const struct profile_cap *c = &p->caps[i];
		if (!c->code[0])
			return error_set(e, ERR_INPUT, "profile '%s': caps[%zu].code is empty", p->name, i);
		if (c->count < 1)
			return error_set(e, ERR_INPUT, "profile '%s': caps[%zu].count must be at least 1", p->name, i);
		if (c->period < 1)
			return error_set(e, ERR_INPUT, "profile '%s': caps[%zu].period must be positive", p->name, i);
		if (!c->channels || (c->channels & ~CHANNEL_MASK_ALL))
			return error_set(e, ERR_INPUT, "profile '%s': caps[%zu].channels is empty", p->name, i);
	}
	for (size_t i = 0; i < p->n_pauses; i++) {
		const struct profile_pause *q = &p->pauses[i];
		if (!q->code[0])
			return error_set(e, ERR_INPUT, "profile '%s': pauses[%zu].code is empty", p->name, i);
		if (q->duration < 1)
			return error_set(e, ERR_INPUT, "profile '%s': pauses[%zu].duration must be positive", p->name,
					 i);
		if (!q->trigger || !q->channels)
			return error_set(e, ERR_INPUT, "profile '%s': pauses[%zu] needs trigger and channels", p->name,
					 i);
	}
	for (int c = 0; c < CHANNEL_COUNT; c++)
		if (p->min_gap[c] < 0)
			return error_set(e, ERR_INPUT, "profile '%s': min_gap.%s is negative", p->name,
					 channel_name((enum channel)c));
	if (p->third_party_max < 0 || p->consent_validity < 0 || p->inbound_reply_window < 0 || p->burst_window < 0)
		return error_set(e, ERR_INPUT, "profile '%s': a limit or duration is negative", p->name);
	return 0;
}

/* ---- JSON out ---- */

static json_t *channels_json(unsigned mask)
{
	json_t *a = json_array();
	for (int c = 0; a && c < CHANNEL_COUNT; c++)
		if (mask & CHANNEL_BIT(c))
			json_array_append_new(a, json_string(channel_name((enum channel)c)));
	return a;
}

static json_t *duration_json(int64_t s)
{
	char buf[32];
	return json_string(profile_duration_format(s, buf, sizeof(buf)));
}

static json_t *days_json(const struct profile_day table[CHANNEL_COUNT][7], int skip_empty_channels)
{
	json_t *obj = json_object();

	for (int c = 0; obj && c < CHANNEL_COUNT; c++) {
		json_t *ch;
		int any = 0;

		for (int d = 0; d < 7; d++)
			any |= table[c][d].n > 0;
		if (!any && skip_empty_channels)
			continue;
		ch = json_object();
		for (int k = 0; k < 7; k++) {
			int d = (k + 1) % 7; /* Monday first, as people read a week */
			json_t *arr = json_array();
			for (int i = 0; i < table[c][d].n; i++) {
				char a[8], b[8], text[16];
				snprintf(text, sizeof(text), "%s-%s",
					 profile_time_format(table[c][d].w[i].start, a, sizeof(a)),
					 profile_time_format(table[c][d].w[i].end, b, sizeof(b)));
				json_array_append_new(arr, json_string(text));
			}
			json_object_set_new(ch, day_names[d], arr);
		}
		json_object_set_new(obj, channel_name((enum channel)c), ch);
	}
	return obj;
}

void *profile_to_json(const struct profile *p)
{
	json_t *root = json_object();
	json_t *hol, *closed, *caps, *pauses, *gaps, *tp;

	if (!root)
		return NULL;
	json_object_set_new(root, "name", json_string(p->name));
	json_object_set_new(root, "description", json_string(p->description));
	json_object_set_new(root, "windows", days_json(p->windows, 0));
	json_object_set_new(root, "preferred", days_json(p->preferred, 1));
	hol = json_object();
	json_object_set_new(hol, "calendar", json_string(p->holiday_calendar));
	json_object_set_new(hol, "channels", channels_json(p->holiday_channels));
	closed = json_array();
	for (size_t i = 0; i < p->n_closed_days; i++) {
		char buf[DATE_TEXT_MAX];
		json_array_append_new(closed, json_string(date_format(p->closed_days[i], buf, sizeof(buf))));
	}
	json_object_set_new(hol, "closed_days", closed);
	json_object_set_new(root, "holidays", hol);
	caps = json_array();
	for (size_t i = 0; i < p->n_caps; i++) {
		const struct profile_cap *c = &p->caps[i];
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(c->code));
		json_object_set_new(o, "channels", channels_json(c->channels));
		json_object_set_new(o, "count", json_integer(c->count));
		json_object_set_new(o, "period", duration_json(c->period));
		json_object_set_new(o, "per_person", json_boolean(c->per_person));
		json_object_set_new(o, "per_debt", json_boolean(c->per_debt));
		json_object_set_new(o, "after_conversation", json_boolean(c->after_conversation));
		json_object_set_new(o, "consent_lifts", json_boolean(c->consent_lifts));
		json_array_append_new(caps, o);
	}
	json_object_set_new(root, "caps", caps);
	pauses = json_array();
	for (size_t i = 0; i < p->n_pauses; i++) {
		const struct profile_pause *q = &p->pauses[i];
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(q->code));
		json_object_set_new(o, "trigger", channels_json(q->trigger));
		json_object_set_new(o, "channels", channels_json(q->channels));
		json_object_set_new(o, "duration", duration_json(q->duration));
		json_object_set_new(o, "per_person", json_boolean(q->per_person));
		json_object_set_new(o, "per_debt", json_boolean(q->per_debt));
		json_object_set_new(o, "consent_lifts", json_boolean(q->consent_lifts));
		json_array_append_new(pauses, o);
	}
	json_object_set_new(root, "pauses", pauses);
	gaps = json_object();
	for (int c = 0; c < CHANNEL_COUNT; c++)
		if (p->min_gap[c])
			json_object_set_new(gaps, channel_name((enum channel)c), duration_json(p->min_gap[c]));
	json_object_set_new(root, "min_gap", gaps);
	tp = json_object();
	json_object_set_new(tp, "max", json_integer(p->third_party_max));
	json_object_set_new(tp, "channels", channels_json(p->third_party_channels));
	json_object_set_new(root, "third_party", tp);
	json_object_set_new(root, "visit_by_agreement", json_boolean(p->visit_by_agreement));
	json_object_set_new(root, "voicemail_limited", json_boolean(p->voicemail_limited));
	json_object_set_new(root, "consent_validity", duration_json(p->consent_validity));
	json_object_set_new(root, "inbound_reply_window", duration_json(p->inbound_reply_window));
	json_object_set_new(root, "burst_window", duration_json(p->burst_window));
	if (p->has_charges) {
		json_t *ch = json_object();
		json_object_set_new(ch, "fee_max_bp", json_integer(p->fee_max_bp));
		json_object_set_new(ch, "interest_monthly_max_bp", json_integer(p->interest_monthly_max_bp));
		json_object_set_new(root, "charges", ch);
	}
	return root;
}

char *profile_to_json_text(const struct profile *p)
{
	json_t *j = profile_to_json(p);
	char *text;

	if (!j)
		return NULL;
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	return text;
}

/* ---- JSON in ---- */

/* The field path being parsed, for error messages. */
struct path {
	const char *profile;
	char text[160];
};

static int fail(const struct path *path, struct error *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(const struct path *path, struct error *e, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return error_set(e, ERR_INPUT, "profile '%s': %s: %s", path->profile, path->text, detail);
}

static int parse_channels(const json_t *v, struct path *path, unsigned *out, struct error *e)
{
	size_t i;
	json_t *item;

	if (!json_is_array(v))
		return fail(path, e, "not a list of channels");
	*out = 0;
	json_array_foreach(v, i, item)
	{
		enum channel c = CHANNEL_CALL;
		if (!json_is_string(item) || channel_parse(json_string_value(item), &c, NULL))
			return fail(path, e, "item %zu: unknown channel '%s' (call, sms, email, letter or visit)", i,
				    json_is_string(item) ? json_string_value(item) : "(not text)");
		*out |= CHANNEL_BIT(c);
	}
	return 0;
}

static int parse_duration_value(const json_t *v, struct path *path, int64_t *out, struct error *e)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && !profile_duration_parse(json_string_value(v), out))
		return 0;
	return fail(path, e, "'%s' is not a duration such as 7d, 24h, 30m or 45s",
		    json_is_string(v) ? json_string_value(v) : "(not text)");
}

static int parse_bool(const json_t *v, struct path *path, int *out, struct error *e)
{
	if (!json_is_boolean(v))
		return fail(path, e, "not true or false");
	*out = json_is_true(v);
	return 0;
}

static int parse_int(const json_t *v, struct path *path, int min, int max, int *out, struct error *e)
{
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return fail(path, e, "not a whole number between %d and %d", min, max);
	*out = (int)json_integer_value(v);
	return 0;
}

static int parse_code(const json_t *v, struct path *path, char *out, size_t size, struct error *e)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	if (!s || !*s || strlen(s) >= size)
		return fail(path, e, "not a code of 1 to %zu characters", size - 1);
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return fail(path, e, "'%s' is not a code (lower-case letters, digits, '_')", s);
	snprintf(out, size, "%s", s);
	return 0;
}

static int parse_window(const char *text, struct path *path, struct profile_window *w, struct error *e)
{
	char a[8], b[8];
	const char *dash = strchr(text, '-');

	if (!dash || dash - text != 5 || strlen(dash + 1) != 5)
		return fail(path, e, "'%s' is not a window such as 08:00-21:00", text);
	memcpy(a, text, 5);
	a[5] = '\0';
	memcpy(b, dash + 1, 6);
	if (profile_time_parse(a, 0, &w->start))
		return fail(path, e, "'%s' is not a time", a);
	if (profile_time_parse(b, 1, &w->end))
		return fail(path, e, "'%s' is not a time", b);
	if (w->start >= w->end)
		return fail(path, e, "'%s' ends before it starts", text);
	return 0;
}

static int parse_days(const json_t *v, struct path *path, struct profile_day table[CHANNEL_COUNT][7], struct error *e)
{
	const char *ckey;
	json_t *cval;
	size_t base = strlen(path->text);

	if (!json_is_object(v))
		return fail(path, e, "not an object of channels");
	json_object_foreach((json_t *)v, ckey, cval)
	{
		enum channel c = CHANNEL_CALL;
		const char *dkey;
		json_t *dval;
		size_t cbase;

		snprintf(path->text + base, sizeof(path->text) - base, ".%s", ckey);
		if (channel_parse(ckey, &c, NULL))
			return fail(path, e, "unknown channel (call, sms, email, letter or visit)");
		if (!json_is_object(cval))
			return fail(path, e, "not an object of days (mon, tue, ...)");
		memset(table[c], 0, sizeof(table[c]));
		cbase = strlen(path->text);
		json_object_foreach(cval, dkey, dval)
		{
			int d = -1;
			size_t i;
			json_t *item;

			snprintf(path->text + cbase, sizeof(path->text) - cbase, ".%s", dkey);
			for (int k = 0; k < 7; k++)
				if (!strcmp(dkey, day_names[k]))
					d = k;
			if (d < 0)
				return fail(path, e, "unknown day (sun, mon, tue, wed, thu, fri, sat)");
			if (!json_is_array(dval))
				return fail(path, e, "not a list of windows");
			if (json_array_size(dval) > PROFILE_WINDOWS_MAX)
				return fail(path, e, "at most %d windows a day", PROFILE_WINDOWS_MAX);
			json_array_foreach(dval, i, item)
			{
				size_t dbase = strlen(path->text);
				struct profile_window *w = &table[c][d].w[i];

				snprintf(path->text + dbase, sizeof(path->text) - dbase, "[%zu]", i);
				if (!json_is_string(item))
					return fail(path, e, "not a window such as 08:00-21:00");
				if (parse_window(json_string_value(item), path, w, e))
					return -ERR_INPUT;
				if (i > 0 && w->start < table[c][d].w[i - 1].end)
					return fail(path, e, "windows must be in order and not overlap");
				table[c][d].n = (int)i + 1;
				path->text[dbase] = '\0';
			}
		}
	}
	path->text[base] = '\0';
	return 0;
}

static int parse_cap(const json_t *v, struct path *path, struct profile_cap *c, struct error *e)
{
	size_t base = strlen(path->text);
	const char *key;
	json_t *val;
	int seen_count = 0, seen_period = 0, seen_channels = 0, seen_code = 0;

	if (!json_is_object(v))
		return fail(path, e, "not an object");
	memset(c, 0, sizeof(*c));
	json_object_foreach((json_t *)v, key, val)
	{
		int ret;
		snprintf(path->text + base, sizeof(path->text) - base, ".%s", key);
		if (!strcmp(key, "code")) {
			ret = parse_code(val, path, c->code, sizeof(c->code), e);
			seen_code = 1;
		} else if (!strcmp(key, "channels")) {
			ret = parse_channels(val, path, &c->channels, e);
			seen_channels = 1;
		} else if (!strcmp(key, "count")) {
			ret = parse_int(val, path, 1, 1000000, &c->count, e);
			seen_count = 1;
		} else if (!strcmp(key, "period")) {
			ret = parse_duration_value(val, path, &c->period, e);
			seen_period = 1;
		} else if (!strcmp(key, "per_person")) {
			ret = parse_bool(val, path, &c->per_person, e);
		} else if (!strcmp(key, "per_debt")) {
			ret = parse_bool(val, path, &c->per_debt, e);
		} else if (!strcmp(key, "after_conversation")) {
			ret = parse_bool(val, path, &c->after_conversation, e);
		} else if (!strcmp(key, "consent_lifts")) {
			ret = parse_bool(val, path, &c->consent_lifts, e);
		} else {
			ret = fail(path, e, "unknown field");
		}
		if (ret)
			return ret;
	}
	path->text[base] = '\0';
	if (!seen_code || !seen_channels || !seen_count || !seen_period)
		return fail(path, e, "code, channels, count and period are required");
	if (c->period < 1)
		return fail(path, e, "period must be positive");
	return 0;
}

static int parse_pause(const json_t *v, struct path *path, struct profile_pause *q, struct error *e)
{
	size_t base = strlen(path->text);
	const char *key;
	json_t *val;
	int seen = 0;

	if (!json_is_object(v))
		return fail(path, e, "not an object");
	memset(q, 0, sizeof(*q));
	json_object_foreach((json_t *)v, key, val)
	{
		int ret;
		snprintf(path->text + base, sizeof(path->text) - base, ".%s", key);
		if (!strcmp(key, "code")) {
			ret = parse_code(val, path, q->code, sizeof(q->code), e);
			seen |= 1;
		} else if (!strcmp(key, "trigger")) {
			ret = parse_channels(val, path, &q->trigger, e);
			seen |= 2;
		} else if (!strcmp(key, "channels")) {
			ret = parse_channels(val, path, &q->channels, e);
			seen |= 4;
		} else if (!strcmp(key, "duration")) {
			ret = parse_duration_value(val, path, &q->duration, e);
			seen |= 8;
		} else if (!strcmp(key, "per_person")) {
			ret = parse_bool(val, path, &q->per_person, e);
		} else if (!strcmp(key, "per_debt")) {
			ret = parse_bool(val, path, &q->per_debt, e);
		} else if (!strcmp(key, "consent_lifts")) {
			ret = parse_bool(val, path, &q->consent_lifts, e);
		} else {
			ret = fail(path, e, "unknown field");
		}
		if (ret)
			return ret;
	}
	path->text[base] = '\0';
	if (seen != 15)
		return fail(path, e, "code, trigger, channels and duration are required");
	if (q->duration < 1)
		return fail(path, e, "duration must be positive");
	return 0;
}

static int parse_holidays(const json_t *v, struct path *path, struct profile *p, struct error *e)
{
	size_t base = strlen(path->text);
	const char *key;
	json_t *val;

	if (!json_is_object(v))
		return fail(path, e, "not an object");
	json_object_foreach((json_t *)v, key, val)
	{
		int ret = 0;
		snprintf(path->text + base, sizeof(path->text) - base, ".%s", key);
		if (!strcmp(key, "calendar")) {
			const char *s = json_is_string(val) ? json_string_value(val) : NULL;
			if (!s || (*s && strcmp(s, "debtor") && !holiday_calendar_known(s)))
				return fail(
					path, e,
					"unknown calendar '%s' (\"\", debtor, US, BR, PL, GB, DE, FR, FR-57, FR-67, FR-68, FR-6AE, CA-ON, CA-QC, CA-BC, CA-AB, CA-SK, CA-MB, CA-NB, CA-NS, CA-PE, CA-NL)",
					s ? s : "(not text)");
			snprintf(p->holiday_calendar, sizeof(p->holiday_calendar), "%s", s);
		} else if (!strcmp(key, "channels")) {
			ret = parse_channels(val, path, &p->holiday_channels, e);
		} else if (!strcmp(key, "closed_days")) {
			size_t i;
			json_t *item;
			if (!json_is_array(val))
				return fail(path, e, "not a list of dates");
			if (json_array_size(val) > PROFILE_CLOSED_MAX)
				return fail(path, e, "at most %d closed days", PROFILE_CLOSED_MAX);
			p->n_closed_days = 0;
			json_array_foreach(val, i, item)
			{
				struct error de = ERROR_INIT;
				if (!json_is_string(item) ||
				    date_parse(json_string_value(item), &p->closed_days[i], &de))
					return fail(path, e, "item %zu: %s", i,
						    json_is_string(item) ? de.message : "not a date");
				p->n_closed_days = i + 1;
			}
		} else {
			ret = fail(path, e, "unknown field");
		}
		if (ret)
			return ret;
	}
	path->text[base] = '\0';
	return 0;
}

static int parse_min_gap(const json_t *v, struct path *path, struct profile *p, struct error *e)
{
	size_t base = strlen(path->text);
	const char *key;
	json_t *val;

	if (!json_is_object(v))
		return fail(path, e, "not an object of channels");
	json_object_foreach((json_t *)v, key, val)
	{
		enum channel c = CHANNEL_CALL;
		snprintf(path->text + base, sizeof(path->text) - base, ".%s", key);
		if (channel_parse(key, &c, NULL))
			return fail(path, e, "unknown channel (call, sms, email, letter or visit)");
		if (parse_duration_value(val, path, &p->min_gap[c], e))
			return -ERR_INPUT;
	}
	path->text[base] = '\0';
	return 0;
}

static int parse_third_party(const json_t *v, struct path *path, struct profile *p, struct error *e)
{
	size_t base = strlen(path->text);
	const char *key;
	json_t *val;

	if (!json_is_object(v))
		return fail(path, e, "not an object");
	json_object_foreach((json_t *)v, key, val)
	{
		int ret;
		snprintf(path->text + base, sizeof(path->text) - base, ".%s", key);
		if (!strcmp(key, "max"))
			ret = parse_int(val, path, 0, 1000000, &p->third_party_max, e);
		else if (!strcmp(key, "channels"))
			ret = parse_channels(val, path, &p->third_party_channels, e);
		else
			ret = fail(path, e, "unknown field");
		if (ret)
			return ret;
	}
	path->text[base] = '\0';
	return 0;
}

static int parse_charges(const json_t *v, struct path *path, struct profile *p, struct error *e)
{
	size_t base = strlen(path->text);
	const char *key;
	json_t *val;

	if (!json_is_object(v))
		return fail(path, e, "not an object");
	p->has_charges = 1;
	p->fee_max_bp = p->interest_monthly_max_bp = 0;
	json_object_foreach((json_t *)v, key, val)
	{
		int ret;
		snprintf(path->text + base, sizeof(path->text) - base, ".%s", key);
		if (!strcmp(key, "fee_max_bp"))
			ret = parse_int(val, path, 0, 10000, &p->fee_max_bp, e);
		else if (!strcmp(key, "interest_monthly_max_bp"))
			ret = parse_int(val, path, 0, 10000, &p->interest_monthly_max_bp, e);
		else
			ret = fail(path, e, "unknown field");
		if (ret)
			return ret;
	}
	path->text[base] = '\0';
	return 0;
}

int profile_from_json(const void *json, struct profile *out, struct error *e)
{
	const json_t *root = json;
	const json_t *name, *extends;
	struct path path;
	const char *key;
	json_t *val;
	int ret;

	if (!json_is_object(root))
		return error_set(e, ERR_INPUT, "profile: not a JSON object");
	name = json_object_get(root, "name");
	if (!json_is_string(name) || !*json_string_value(name))
		return error_set(e, ERR_INPUT, "profile: name is missing");
	if (strlen(json_string_value(name)) > PROFILE_MAX)
		return error_set(e, ERR_INPUT, "profile '%s': name is longer than %d characters",
				 json_string_value(name), PROFILE_MAX);
	path.profile = json_string_value(name);
	path.text[0] = '\0';
	extends = json_object_get(root, "extends");
	memset(out, 0, sizeof(*out));
	if (extends) {
		snprintf(path.text, sizeof(path.text), "extends");
		if (!json_is_string(extends) || profile_preset(json_string_value(extends), out, NULL))
			return fail(
				&path, e,
				"unknown profile '%s' (us-consumer, us-ma, br-consumer, pl-consumer, gb-consumer, ca-on, b2b, "
				"de-consumer, ca-qc, ca-bc, ca-consumer, fr-consumer)",
				json_is_string(extends) ? json_string_value(extends) : "(not text)");
	} else if (!json_object_get(root, "windows")) {
		return error_set(e, ERR_INPUT, "profile '%s': windows: missing (or name a preset in \"extends\")",
				 path.profile);
	}
	snprintf(out->name, sizeof(out->name), "%s", path.profile);
	json_object_foreach((json_t *)root, key, val)
	{
		snprintf(path.text, sizeof(path.text), "%s", key);
		ret = 0;
		if (!strcmp(key, "name") || !strcmp(key, "extends")) {
			continue;
		} else if (!strcmp(key, "description")) {
			if (!json_is_string(val) || strlen(json_string_value(val)) > PROFILE_DESCRIPTION_MAX)
				return fail(&path, e, "not a text of at most %d characters", PROFILE_DESCRIPTION_MAX);
			snprintf(out->description, sizeof(out->description), "%s", json_string_value(val));
		} else if (!strcmp(key, "windows")) {
			ret = parse_days(val, &path, out->windows, e);
		} else if (!strcmp(key, "preferred")) {
			ret = parse_days(val, &path, out->preferred, e);
		} else if (!strcmp(key, "holidays")) {
			ret = parse_holidays(val, &path, out, e);
		} else if (!strcmp(key, "caps") || !strcmp(key, "pauses")) {
			int is_caps = key[0] == 'c';
			size_t max = is_caps ? PROFILE_CAPS_MAX : PROFILE_PAUSES_MAX;
			size_t i;
			json_t *item;

			if (!json_is_array(val))
				return fail(&path, e, "not a list");
			if (json_array_size(val) > max)
				return fail(&path, e, "at most %zu entries", max);
			if (is_caps)
				out->n_caps = 0;
			else
				out->n_pauses = 0;
			json_array_foreach(val, i, item)
			{
				snprintf(path.text, sizeof(path.text), "%s[%zu]", key, i);
				if (is_caps) {
					ret = parse_cap(item, &path, &out->caps[i], e);
					out->n_caps = i + 1;
				} else {
					ret = parse_pause(item, &path, &out->pauses[i], e);
					out->n_pauses = i + 1;
				}
				if (ret)
					return ret;
			}
		} else if (!strcmp(key, "min_gap")) {
			ret = parse_min_gap(val, &path, out, e);
		} else if (!strcmp(key, "third_party")) {
			ret = parse_third_party(val, &path, out, e);
		} else if (!strcmp(key, "visit_by_agreement")) {
			ret = parse_bool(val, &path, &out->visit_by_agreement, e);
		} else if (!strcmp(key, "voicemail_limited")) {
			ret = parse_bool(val, &path, &out->voicemail_limited, e);
		} else if (!strcmp(key, "consent_validity")) {
			ret = parse_duration_value(val, &path, &out->consent_validity, e);
		} else if (!strcmp(key, "inbound_reply_window")) {
			ret = parse_duration_value(val, &path, &out->inbound_reply_window, e);
		} else if (!strcmp(key, "burst_window")) {
			ret = parse_duration_value(val, &path, &out->burst_window, e);
		} else if (!strcmp(key, "charges")) {
			ret = parse_charges(val, &path, out, e);
		} else {
			ret = fail(&path, e, "unknown field");
		}
		if (ret)
			return ret;
	}
	return profile_validate(out, e);
}

int profile_from_json_text(const char *text, struct profile *out, struct error *e)
{
	json_error_t jerr;
	json_t *root = json_loads(text ? text : "", 0, &jerr);
	int ret;

	if (!root)
		return error_set(e, ERR_INPUT, "profile: invalid JSON at line %d column %d: %s", jerr.line, jerr.column,
				 jerr.text);
	ret = profile_from_json(root, out, e);
	json_decref(root);
	return ret;
}

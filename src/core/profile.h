/*
 * profile.h: contact-rules profiles as data.
 *
 * A profile says when and how often a debtor may be contacted: allowed
 * windows per channel and weekday, the holiday calendar, closed days,
 * frequency caps over rolling periods, minimum gaps, pauses after a
 * conversation, third-party limits. Every number of a rule lives here; the
 * engine (core/contact_rules) has none of its own. See docs/compliance.md for
 * what each preset encodes and why. The presets are not legal advice.
 *
 * Representation and limits:
 * - Times of day are minutes of the debtor's local day; a window is
 *   [start, end) with 0 <= start < end <= 1440, so "08:00-21:00" allows
 *   08:00:00 up to 20:59:59. At most PROFILE_WINDOWS_MAX windows per channel
 *   and weekday, sorted and not overlapping. A day with no window is closed.
 * - Weekdays are indexed 0 = Sunday .. 6 = Saturday (as date_weekday()).
 * - Durations are int64 seconds; periods are rolling ("7 days" is 604800 s
 *   back from the moment checked, not a calendar week).
 * - Channel sets are bit masks of CHANNEL_BIT(channel).
 * - The struct is flat (no pointers): copy it with `=`, no freeing.
 *
 * JSON (profile_to_json / profile_from_json), for example:
 *   { "name": "b2b", "extends": "us-consumer",      (optional base preset)
 *     "windows": { "call": { "mon": ["08:00-12:00", "14:00-18:00"], ... } },
 *     "preferred": { "call": { "mon": ["09:00-11:00", "14:30-16:00"] } },
 *     "holidays": { "calendar": "debtor", "channels": ["call"],
 *                   "closed_days": ["2026-12-24"] },
 *     "caps": [ { "code": "cap_7_in_7", "channels": ["call"], "count": 7,
 *                 "period": "7d", "per_debt": true, "per_person": true,
 *                 "after_conversation": false, "consent_lifts": true } ],
 *     "pauses": [ { "code": "pause_after_conversation", "trigger": ["call"],
 *                   "channels": ["call"], "duration": "7d", "per_debt": true,
 *                   "per_person": true, "consent_lifts": true } ],
 *     "min_gap": { "call": "4h" }, "third_party": { "max": 1,
 *     "channels": ["call", "letter"] }, "visit_by_agreement": false,
 *     "voicemail_limited": true, "consent_validity": "7d",
 *     "inbound_reply_window": "1h", "burst_window": "5m",
 *     "charges": { "fee_max_bp": 200, "interest_monthly_max_bp": 100 } }
 * Durations are "<n>s", "<n>m", "<n>h" or "<n>d" (or a plain number of
 * seconds). Day keys are sun mon tue wed thu fri sat; a missing day is
 * closed; with "extends", a missing key keeps the base's value.
 */
#ifndef RECOUP_PROFILE_H
#define RECOUP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/channel.h"
#include "core/error.h"
#include "core/model.h"

#define PROFILE_WINDOWS_MAX     4
#define PROFILE_CAPS_MAX        8
#define PROFILE_PAUSES_MAX      4
#define PROFILE_CLOSED_MAX      64
#define PROFILE_CODE_MAX        32
#define PROFILE_CALENDAR_MAX    8
#define PROFILE_DESCRIPTION_MAX 200

struct profile_window {
	int start; /* minute of local day, inclusive */
	int end;   /* minute of local day, exclusive, <= 1440 */
};

struct profile_day {
	int n;
	struct profile_window w[PROFILE_WINDOWS_MAX];
};

/*
 * At most `count` outbound attempts on `channels` within any rolling
 * `period`: a proposed contact on one of `channels` is refused when `count`
 * counted attempts already happened in (at - period, at].
 *   per_person: only attempts to the same contact count (else any contact
 *               of the customer);
 *   per_debt:   counted per debt: attempts about one of the debts of the
 *               proposed contact (an attempt about "all" concerns every debt);
 *   after_conversation: the cap applies only once a conversation with the
 *               contact (per_person) or the customer has taken place;
 *   consent_lifts: the debtor's direct prior consent (still valid) lifts it.
 * Inbound contacts never count.
 */
struct profile_cap {
	char code[PROFILE_CODE_MAX + 1];
	unsigned channels;
	int count;      /* >= 1 */
	int64_t period; /* seconds, >= 1 */
	int per_person;
	int per_debt;
	int after_conversation;
	int consent_lifts;
};

/*
 * After a conversation (inbound or outbound) on a `trigger` channel, a
 * contact on `channels` is refused for `duration` seconds. Scopes as for
 * caps: a conversation concerning several debts starts the pause for each.
 */
struct profile_pause {
	char code[PROFILE_CODE_MAX + 1];
	unsigned trigger;
	unsigned channels;
	int64_t duration;
	int per_person;
	int per_debt;
	int consent_lifts;
};

struct profile {
	char name[PROFILE_MAX + 1];
	char description[PROFILE_DESCRIPTION_MAX + 1];
	/* allowed windows; a channel with all seven days empty is never allowed */
	struct profile_day windows[CHANNEL_COUNT][7];
	/* preferred windows (advice only, never a refusal); all empty = none */
	struct profile_day preferred[CHANNEL_COUNT][7];
	/* "" none, "debtor" = the customer's country, or a holidays.h code */
	char holiday_calendar[PROFILE_CALENDAR_MAX + 1];
	unsigned holiday_channels; /* refused on holidays and closed days */
	date_t closed_days[PROFILE_CLOSED_MAX];
	size_t n_closed_days;
	struct profile_cap caps[PROFILE_CAPS_MAX];
	size_t n_caps;
	struct profile_pause pauses[PROFILE_PAUSES_MAX];
	size_t n_pauses;
	/* seconds between two outbound attempts to one contact on a channel */
	int64_t min_gap[CHANNEL_COUNT];
	/* third parties: communications allowed per third party (0 = no
	 * limit) and the channels on which they may be contacted */
	int third_party_max;
	unsigned third_party_channels;
	int visit_by_agreement;   /* visits only with the debtor's agreement */
	int voicemail_limited;    /* voicemails are limited-content messages */
	int64_t consent_validity; /* how long direct prior consent lasts; 0 = not honoured */
	/* after an inbound contact, one reply in the same medium may be made
	 * outside the windows within this many seconds; 0 = no such reply */
	int64_t inbound_reply_window;
	/* warn when the same contact had an unanswered call this recently */
	int64_t burst_window;
	/*
	 * The most a strategy's fee and interest steps may charge (the daily
	 * run caps them): "charges": {"fee_max_bp": 200,
	 * "interest_monthly_max_bp": 100} is 2% of an invoice's amount once and
	 * 1% of its open balance a month; 0 allows none (fr-consumer: no fee,
	 * no interest), and the run records the step refused, charge_limit.
	 * has_charges 0: no limit of the profile.
	 */
	int has_charges;
	int fee_max_bp;
	int interest_monthly_max_bp;
};

/* Names of the presets, NULL-terminated, in a stable order. */
extern const char *const profile_preset_names[];

/*
 * Fills `out` with a preset ("us-consumer", "us-ma", "br-consumer",
 * "pl-consumer", "gb-consumer", "ca-on", "b2b", "de-consumer", "ca-qc", "ca-bc",
 * "ca-consumer", "fr-consumer"). -ERR_INPUT for another name:
 * "unknown profile 'x' (us-consumer, us-ma, ...)".
 */
int profile_preset(const char *name, struct profile *out, struct error *e);

/*
 * Checks a profile's internal consistency (windows sorted and in range,
 * counts and periods positive, calendar known); errors name the field as
 * profile_from_json does.
 */
int profile_validate(const struct profile *p, struct error *e);

/*
 * Serialises to a new JSON object (caller owns it: json_decref). NULL only
 * when out of memory. Declared with a void pointer so that this header does
 * not require <jansson.h>; the value is a `json_t *`.
 */
void *profile_to_json(const struct profile *p);

/*
 * Parses a JSON object (a `const json_t *`) into `out`. Errors name the
 * profile and the field: "profile 'x': windows.call.mon[1]: '25:00' is not a
 * time". On error `out` is left in an unspecified state.
 */
int profile_from_json(const void *json, struct profile *out, struct error *e);

/* Convenience wrappers over text (the CLI and the store keep JSON text). */
int profile_from_json_text(const char *text, struct profile *out, struct error *e);
/* Returns a malloc'ed NUL-terminated string (caller frees) or NULL. */
char *profile_to_json_text(const struct profile *p);

/*
 * Picks the profile name for a customer (issue 3 item 3), the one place
 * where it is chosen:
 *   explicit_customer_profile when not empty (set on the customer), else
 *   a company -> "b2b";
 *   a person in US, BR, PL, GB, DE, FR -> "us-consumer", "br-consumer", ...;
 *   a person in CA -> its province's: "ca-on", "ca-qc", "ca-bc", else
 *     "ca-consumer" (other provinces, or the province unknown); the province
 *     is `region` ("QC" or "CA-QC"), else the one the IANA `zone` stands
 *     for (holiday_ca_region_of_zone: America/Vancouver -> BC);
 *   anything else -> tenant_default (which may be NULL or "": then "" is
 *   returned and the caller must refuse, since no profile applies).
 * Massachusetts ("us-ma") is never derived: the country alone does not say
 * the state, so a tenant sets it on the customer. Returns a pointer to one
 * of the arguments or to a static string. region and zone may be NULL.
 */
const char *profile_for_customer(enum customer_kind kind, const char *country, const char *region, const char *zone,
				 const char *explicit_customer_profile, const char *tenant_default);

/* Minute of day <-> "HH:MM" ("24:00" only as a window end). */
int profile_time_parse(const char *text, int allow_2400, int *minute);
char *profile_time_format(int minute, char *buf, size_t size);

/* Durations: "7d", "24h", "30m", "45s" or a plain number of seconds. */
int profile_duration_parse(const char *text, int64_t *seconds);
char *profile_duration_format(int64_t seconds, char *buf, size_t size);

#endif

/*
 * contact_rules.h: may this contact be reached on this channel at this
 * moment, and if not, why not and when?
 *
 * Pure: everything comes in as arguments (the profile, the customer, the
 * contact, its status flags, the debts concerned, the contact history, the
 * tenant's closed days, the proposed channel and UTC moment). No clock, no
 * database, no environment. Thread-safe (the only shared state is core/tz's
 * cache).
 *
 * Local time. The zone is the contact's timezone, else the customer's, else
 * the candidate zones of the customer's country (core/tz); with several
 * candidates a moment is allowed only if it is allowed in every one of them
 * (so a US consumer with no zone is called from 08:00 in Honolulu to 21:00 in
 * New York). With no zone and no country, only channels that the profile
 * allows at any hour of any day (letters) pass; the others are refused with
 * "no_timezone".
 *
 * The rules and their stable codes (the refusal message names the local
 * time, zone, limit or date):
 *   permanent (next_allowed is "never": only a change of status lifts them)
 *     bankrupt, deceased (only a contact with role estate/executor),
 *     attorney (only the attorney), cease (only a final-notice letter),
 *     dispute (every debt concerned is disputed), optout (channel or
 *     address), wrong_number (flagged address, or the last call/sms outcome
 *     to the contact's address), inconvenient_place, workplace (employer
 *     forbids and the contact is at work), visit_not_agreed,
 *     third_party_channel, third_party_limit, no_timezone
 *   in time
 *     forbearance (until a moment), outside_hours, holiday, closed_day,
 *     inconvenient_time, each cap's code (e.g. cap_7_in_7), each pause's code
 *     (e.g. pause_after_conversation), min_gap
 * Warnings (never refusals): burst, dispute_partial, time_barred,
 * no_holiday_calendar, not_preferred.
 *
 * History. Only attempts at or before the moment checked count; inbound
 * attempts are never counted by caps or gaps, but a conversation, whoever
 * started it, starts the pauses. Every outbound attempt counts towards caps,
 * answered or not, and attempts made under consent are counted too (the safe
 * side of Regulation F 1006.14(b)(3)). A consumer-initiated (inbound) contact
 * allows one reply in the same medium outside the time rules (windows,
 * holidays, closed days, inconvenient times) within the profile's
 * inbound_reply_window.
 *
 * next_allowed_at is the earliest moment >= `at`, to the second, at which the
 * same request would be allowed, found by evaluating every moment at which a
 * refusal can end (window starts and DST transitions in every candidate zone,
 * local midnights, the end of a rolling window for each attempt, pause ends,
 * consent, forbearance) in order, up to CONTACT_RULES_HORIZON_DAYS ahead.
 */
#ifndef RECOUP_CONTACT_RULES_H
#define RECOUP_CONTACT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/error.h"
#include "core/model.h"
#include "core/profile.h"

#define CONTACT_RULES_HORIZON_DAYS 400

enum contact_outcome {
	OUTCOME_NO_ANSWER = 0,
	OUTCOME_VOICEMAIL,
	OUTCOME_MESSAGE_LEFT,
	OUTCOME_WRONG_NUMBER,
	OUTCOME_RIGHT_PARTY,
	OUTCOME_REFUSED,
	OUTCOME_CALLBACK,
	OUTCOME_PROMISE,
	OUTCOME_DISPUTE,
	OUTCOME_SENT,        /* an sms, email or letter went out */
	OUTCOME_BUSY,        /* a call met a busy line */
	OUTCOME_THIRD_PARTY, /* someone else answered (a secretary, a spouse): not a right-party contact */
	OUTCOME_PAID,        /* the debtor says it is paid: a conversation */
	OUTCOME_COUNT
};

/* "no_answer", "voicemail", ..., "sent", "busy", "third_party", "paid". */
const char *contact_outcome_name(enum contact_outcome o);
int contact_outcome_parse(const char *name, enum contact_outcome *out, struct error *e);
/*
 * 1 for right_party, refused, callback, promise, dispute, paid: the debtor
 * (or who pays for them) was spoken to. third_party is not: a secretary or a
 * spouse took the call, which starts no pause and counts as no right-party
 * contact.
 */
int contact_outcome_is_conversation(enum contact_outcome o);
/*
 * 1 when the outcome can happen on the channel (docs/compliance.md has the
 * table): no voicemail on a letter, no "sent" on a call. The outcomes that
 * fit, comma-separated, for an error message.
 */
int contact_outcome_fits(enum channel ch, enum contact_outcome o);
const char *contact_outcomes_of_channel(enum channel ch, char *buf, size_t size);
/* Same address: phones by their digits, emails and other text case-insensitively. */
int contact_address_equal(const char *a, const char *b);

enum contact_role_class {
	ROLE_DEBTOR = 0,  /* debtor, spouse, guardian, co_debtor, cosigner */
	ROLE_PAYER,       /* payer, billing, accounts_payable, finance, owner, authorised */
	ROLE_ESTATE,      /* estate, executor, administrator */
	ROLE_ATTORNEY,    /* attorney, lawyer */
	ROLE_THIRD_PARTY, /* anything else, including an empty role */
};

enum contact_role_class contact_role_class(const char *role);
/* 1 when `role` is one of the names recoup knows (the importer's list). */
int contact_role_known(const char *role);
/* Those names, comma-separated, for error messages. */
const char *contact_role_names(void);

#define ATTEMPT_INVOICES_MAX 16

/*
 * One past contact, as the store keeps it. An attempt about more than
 * ATTEMPT_INVOICES_MAX named invoices is recorded as concerning all of them
 * (n_invoices = 0), which can only make the rules stricter.
 */
struct contact_attempt {
	timestamp_t at;
	enum channel channel;
	int64_t contact_id;
	char address[EMAIL_MAX + 1]; /* phone or email used; "" = the contact's own */
	size_t n_invoices;           /* 0: every debt of the customer */
	int64_t invoice_ids[ATTEMPT_INVOICES_MAX];
	enum contact_outcome outcome;
	int inbound;      /* the debtor (or contact) started it */
	int conversation; /* someone was spoken to */
	/* outcome callback: the moment the contact asked to be called back (0: none) */
	timestamp_t callback_at;
	/*
	 * The code of the rule that refused this outbound attempt at its moment
	 * (`contact log` asks before recording it: app/contact_log.c); "" when
	 * allowed or not judged. Written by the store's insert; the rules
	 * themselves never read it.
	 */
	char rules_breach[PROFILE_CODE_MAX + 1];
};

/*
 * A callback the contact asked for (an attempt with outcome callback and a
 * callback_at) is its consent to a call from that moment for
 * CALLBACK_WINDOW: a call to that contact then is not held back by a pause
 * or the minimum gap that the asking conversation started, nor by a cap
 * that consent lifts (Regulation F counts such a call as made with prior
 * consent). Windows, holidays and status flags still apply.
 */
#define CALLBACK_WINDOW (4 * 3600)

/* A debt the proposed contact is about. */
struct contact_debt {
	int64_t invoice_id;
	int disputed;    /* dispute pending: no collection contact on it */
	int time_barred; /* no legal threats in any template */
};

enum address_block_reason {
	BLOCK_OPTOUT = 0, /* "stop", "unsubscribe", any wording */
	BLOCK_WRONG_NUMBER,
	BLOCK_INCONVENIENT_PLACE, /* the consumer named this place/number inconvenient */
};

/* An address (phone, compared by digits; email, compared case-insensitively). */
struct address_block {
	char address[EMAIL_MAX + 1];
	enum address_block_reason reason;
	unsigned channels; /* CHANNEL_BIT mask; 0 = every channel */
};

/* A time the consumer named as inconvenient, in their local time. */
struct time_block {
	unsigned weekdays; /* bit 0 = Sunday .. bit 6 = Saturday; 0 = every day */
	int start;         /* minutes [start, end) of the local day */
	int end;
	unsigned channels; /* 0 = every channel */
};

/* Status flags of the customer and contact; all zero = nothing known. */
struct contact_status {
	int cease; /* written request to cease communication */
	int bankrupt;
	int deceased;
	int attorney;                  /* represented by an attorney */
	unsigned optout_channels;      /* channels the debtor opted out of */
	int no_calls_at_work;          /* the employer forbids contact at work */
	int contact_at_work;           /* this contact's phone/email/address is the workplace */
	int third_party_asked_more;    /* the third party asked to be contacted again */
	int visit_agreed;              /* the debtor agreed to a visit */
	timestamp_t consent_at;        /* direct prior consent given at; 0 = none */
	timestamp_t forbearance_until; /* no contact before this moment; 0 = none */
	const struct address_block *blocked;
	size_t n_blocked;
	const struct time_block *inconvenient;
	size_t n_inconvenient;
};

/*
 * The question. Pointers are borrowed for the duration of the call.
 * debts: the debts the contact would be about (n_debts 0: every debt of the
 * customer, unknown individually, so per-debt caps count every attempt).
 * address: the phone/email to use; NULL or "" = the contact's phone for call
 * and sms, email for email.
 */
struct contact_rules_input {
	const struct profile *profile;
	const struct customer *customer;
	const struct contact *contact;
	const struct contact_status *status; /* NULL = no flags */
	const struct contact_debt *debts;
	size_t n_debts;
	const struct contact_attempt *history; /* any order */
	size_t n_history;
	const date_t *closed_days; /* the tenant's own closed days */
	size_t n_closed_days;
	enum channel channel;
	timestamp_t at;
	const char *address;
	int final_notice; /* a letter of the three kinds allowed after a cease
			     * request: efforts end, remedies may be used, a named
			     * remedy will be used */
	/*
	 * The caller validated `profile` (profile_validate, as profile_parse
	 * does) and has not changed it since but for a known holiday calendar:
	 * not validated again here. 0 (the default): validated per question,
	 * which was a tenth of the daily run's asking.
	 */
	int profile_valid;
	/*
	 * Names debt `invoice_id` (one of `debts`) in a refusal, the way the
	 * user knows it: writes its ref into buf (size bytes). A per-debt
	 * cap's refusal says which debt it counted ("7 attempts about invoice
	 * 'INV-7'"); asked only when the verdict's text is written, once per
	 * such refusal, so a caller that knows its debts by id alone (the daily
	 * run) may look the ref up then. NULL, or buf left empty (no such
	 * invoice): the refusal names the debt by its id.
	 */
	void (*debt_ref)(void *ctx, int64_t invoice_id, char *buf, size_t size);
	void *debt_ref_ctx;
};

enum contact_audience {
	AUDIENCE_DEBTOR = 0,
	AUDIENCE_THIRD_PARTY,       /* location only; never mention the debt */
	AUDIENCE_VOICEMAIL_LIMITED, /* limited-content message: no debt */
};

const char *contact_audience_name(enum contact_audience a);

enum contact_next {
	NEXT_AT = 0, /* next_allowed_at holds the moment */
	NEXT_NEVER,  /* a permanent stop: only a change of status lifts it */
	NEXT_BEYOND, /* nothing allowed within CONTACT_RULES_HORIZON_DAYS */
};

#define VERDICT_REASONS_MAX  24
#define VERDICT_WARNINGS_MAX 8
#define REASON_MESSAGE_MAX   256
#define VERDICT_LOCAL_MAX    256

struct contact_reason {
	char code[PROFILE_CODE_MAX + 1];
	char message[REASON_MESSAGE_MAX];
};

/* Flat; no freeing. */
struct contact_verdict {
	int allowed;
	char profile[PROFILE_MAX + 1];
	size_t n_zones;                     /* candidate zones evaluated */
	char zone[TZ_MAX + 1];              /* the zone, or "" when several */
	char local_time[VERDICT_LOCAL_MAX]; /* "2026-11-23T09:00-05:00 America/New_York", one per distinct offset */
	int preferred;                      /* inside a preferred window everywhere (or none defined) */
	enum contact_audience audience;     /* for what is said or written */
	enum contact_audience voicemail;    /* for a voicemail left on a call */
	int no_legal_threats;               /* a debt concerned is time-barred */
	size_t n_reasons;
	struct contact_reason reasons[VERDICT_REASONS_MAX];
	size_t n_warnings;
	struct contact_reason warnings[VERDICT_WARNINGS_MAX];
	enum contact_next next;
	timestamp_t next_allowed_at; /* when next == NEXT_AT; == at when allowed */
	/*
	 * When allowed: the first moment after `at` at which any input of the
	 * verdict that depends on the time can change (contact_rules_check); the
	 * verdict, with its local time, reasons and warnings, is the same at
	 * every moment of [at, steady_until) for the same history and flags.
	 * 0 when refused (nothing to hold: a refusal may only end sooner).
	 */
	timestamp_t steady_until;
};

/*
 * The first moment the rules judge: 1970-01-01T00:00:00Z. Moments are
 * seconds since then, and the rules read 0 as "none" (no release, no
 * forbearance, no consent, no callback): a moment before it was judged
 * wrong, silently (a call refused at 20:00 on 1969-06-10 in Sao Paulo was
 * "next allowed" on 1970-01-02, the search starting from 0). Almost always
 * a mistyped year.
 *
 * contact_rules_moment_check: 0 when `at` is one the rules judge, else
 * -ERR_INPUT with "NAME 1969-06-10T23:00:00Z is before 1970-01-01T00:00:00Z,
 * the first moment the contact rules judge (a mistyped year?)"; `name` is
 * what the moment came in as (an option, a JSON key).
 */
#define CONTACT_RULES_FIRST_MOMENT 0
int contact_rules_moment_check(const char *name, timestamp_t at, struct error *e);

/*
 * Evaluates the request. Returns 0 and fills `out` (allowed or not), or
 * -ERR_INPUT for input that cannot be judged: no profile/customer/contact,
 * an invalid profile, an unknown time zone on the contact or customer
 * ("contact 'C-1': unknown time zone 'Mars/Base'"), a malformed country, a
 * channel out of range, a moment before CONTACT_RULES_FIRST_MOMENT.
 * -ERR_ENV only when memory runs out.
 */
int contact_rules_check(const struct contact_rules_input *in, struct contact_verdict *out, struct error *e);

/*
 * Why steady_until holds (the work queue's cache relies on it,
 * docs/queue.md). Every rule reads the moment t only through these
 * comparisons, each of which changes its value at exactly one moment:
 *   - the local clock of each candidate zone (tz_local, tz_offset): windows,
 *     preferred windows, holidays, closed days, weekdays, inconvenient times
 *     and the verdict's local_time are minutes of the local day, so they
 *     change only at a local minute's start or at a change of offset;
 *   - an attempt of the history: `a.at <= t` (caps, gaps, pauses,
 *     third-party count, wrong number, the inbound reply), and `t - a.at`
 *     against a cap's period, a pause's duration, the minimum gap, the
 *     inbound reply window and the burst window; a callback's
 *     `callback_at <= t < callback_at + CALLBACK_WINDOW`;
 *   - the flags: consent_at and consent_at + consent_validity,
 *     forbearance_until.
 * steady_until is the least of those moments after `at` (the next local
 * minute in every zone; `at` + 1 when a zone's offset changes before it),
 * so between `at` and steady_until no comparison changes and neither can
 * the verdict. It is computed only for an allowed verdict.
 */

/*
 * The same rules at moment `at` (in->at is ignored), answering only allowed
 * or not: no messages and no search for the next moment. For schedulers
 * that test many moments, and for tests. A moment before
 * CONTACT_RULES_FIRST_MOMENT is -ERR_INPUT, as above.
 */
int contact_rules_allowed_at(const struct contact_rules_input *in, timestamp_t at, int *allowed, struct error *e);

#endif

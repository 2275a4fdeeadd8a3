/*
 * model.h: the records recoup keeps, as plain values.
 *
 * Text fields are inline, NUL-terminated, with the maximum lengths below
 * (bytes of UTF-8, not characters); a longer value is refused at the door
 * ("over-long field"), never truncated. Keeping records flat means they can
 * be copied with `=` and need no freeing.
 *
 * Money fields are int64 minor units of the record's currency (core/money.h);
 * dates are core/dates.h day numbers.
 */
#ifndef RECOUP_MODEL_H
#define RECOUP_MODEL_H

#include <stdint.h>

#include "core/dates.h"

#define REF_MAX      64
#define NAME_MAX_LEN 200
#define COUNTRY_LEN  2
#define TZ_MAX       64
#define LANG_MAX     35
#define EMAIL_MAX    254
#define PHONE_MAX    32
#define ADDRESS_MAX  500
#define TEXT_MAX     1000
#define SHORT_MAX    32
#define PROFILE_MAX  32

/*
 * Segments (issue 9 point 3). A customer's tags: at most TAGS_COUNT_MAX
 * tags of TAG_MAX bytes each, lower-case [a-z0-9_-], no duplicates, stored
 * sorted (byte order) and joined by ';' so that two files listing the same
 * tags in another order compare equal. A region: the ISO 3166-2
 * subdivision code of the customer's country without its prefix ("ON"),
 * 1-3 upper-case letters or digits; REGION_MAX leaves room for the
 * prefixed form a file may give ("CA-ON"), which is stored without it.
 * An invoice's product: free text of PRODUCT_MAX bytes, no control
 * characters.
 */
#define TAG_MAX        32
#define TAGS_COUNT_MAX 16
#define TAGS_MAX       (TAGS_COUNT_MAX * (TAG_MAX + 1) - 1)
#define REGION_MAX     6
#define PRODUCT_MAX    64

enum customer_kind { KIND_PERSON = 0, KIND_COMPANY = 1 };

struct customer {
	int64_t id;
	char ref[REF_MAX + 1];
	char name[NAME_MAX_LEN + 1];
	enum customer_kind kind;
	char country[COUNTRY_LEN + 1]; /* ISO 3166-1 alpha-2, upper case */
	char timezone[TZ_MAX + 1];     /* IANA name or "" */
	char language[LANG_MAX + 1];   /* BCP 47 or "" */
	char currency[4];
	int64_t credit_limit; /* minor units of currency */
	char email[EMAIL_MAX + 1];
	char phone[PHONE_MAX + 1];
	char address[ADDRESS_MAX + 1];
	char profile[PROFILE_MAX + 1]; /* contact-rules profile, "" = derived */
	char tags[TAGS_MAX + 1];       /* "key-account;reseller" or "" (see TAGS_MAX) */
	char region[REGION_MAX + 1];   /* ISO 3166-2 subdivision without prefix, "ON", or "" */
};

struct contact {
	int64_t id;
	int64_t customer_id;
	char ref[REF_MAX + 1];
	char customer_ref[REF_MAX + 1];
	char name[NAME_MAX_LEN + 1];
	char role[SHORT_MAX + 1]; /* debtor, billing, accounts_payable, ... */
	char phone[PHONE_MAX + 1];
	char email[EMAIL_MAX + 1];
	char timezone[TZ_MAX + 1];
	int pays_bills;
	char best_time[SHORT_MAX * 2 + 1];
	char notes[TEXT_MAX + 1];
};

struct invoice {
	int64_t id;
	int64_t customer_id;
	char ref[REF_MAX + 1];
	char customer_ref[REF_MAX + 1];
	date_t issue_date;
	date_t due_date;
	char currency[4];
	int64_t amount; /* original amount, > 0 */
	char description[TEXT_MAX + 1];
	char po_ref[REF_MAX + 1];
	char delivery_note_ref[REF_MAX + 1];
	int is_signed;
	int64_t balance;               /* sum of the invoice's ledger entries */
	char product[PRODUCT_MAX + 1]; /* what was sold, free text, or "" */
};

enum payment_status { PAYMENT_CLEARED = 0, PAYMENT_RETURNED = 1 };

struct payment {
	int64_t id;
	int64_t customer_id;
	int64_t invoice_id; /* 0 when not named */
	char ref[REF_MAX + 1];
	char customer_ref[REF_MAX + 1];
	char invoice_ref[REF_MAX + 1]; /* "" when not named */
	date_t date;
	int64_t amount; /* > 0 */
	char currency[4];
	char method[SHORT_MAX + 1];
	enum payment_status status;
	date_t returned_date; /* RETURNED: the day it came back (>= date) */
};

/*
 * A credit note: a reduction of the debt granted by the creditor (return,
 * price correction, goodwill), posted as LEDGER_CREDIT_NOTE entries: to
 * the named invoice up to its open balance, the rest (or all of it when no
 * invoice is named) as unapplied credit of the customer.
 */
struct credit_note {
	int64_t id;
	int64_t customer_id;
	int64_t invoice_id; /* 0 when not named */
	char ref[REF_MAX + 1];
	char customer_ref[REF_MAX + 1];
	char invoice_ref[REF_MAX + 1]; /* "" when not named */
	date_t date;
	int64_t amount; /* > 0 */
	char currency[4];
	char reason[TEXT_MAX + 1];
	int64_t applied; /* the part that went to the invoice (0..amount); the rest is unapplied credit */
};

/*
 * The history a migrating company brings along, as its import files have it
 * (docs/csv.md, "contact-history.csv" and "flags.csv"): one contact attempt
 * and one status flag, keyed by the file's own ref so that a re-import is a
 * no-op. Moments are RFC 3339 text as recoup writes them (UTC, "Z"), so that
 * a stored row and a file's row compare as text; the store keeps them as
 * timestamps (store/history.h).
 */
#define MOMENT_TEXT_MAX 40

struct history_attempt {
	char ref[REF_MAX + 1];
	char contact_ref[REF_MAX + 1];
	char at[MOMENT_TEXT_MAX + 1];
	char channel[SHORT_MAX + 1];
	char outcome[SHORT_MAX + 1];
	char invoice_ref[REF_MAX + 1]; /* "" : about every debt of the customer */
	char address[EMAIL_MAX + 1];   /* "" : the contact's own */
	char spoke_with[NAME_MAX_LEN + 1];
	char note[TEXT_MAX + 1];
	int inbound;
};

struct history_flag {
	char ref[REF_MAX + 1];
	char customer_ref[REF_MAX + 1];
	char flag[SHORT_MAX + 1];
	char contact_ref[REF_MAX + 1];
	char invoice_ref[REF_MAX + 1];
	char address[EMAIL_MAX + 1];
	char detail[EMAIL_MAX + 1];
	char set_by[NAME_MAX_LEN + 1];
	char set_at[MOMENT_TEXT_MAX + 1];
	char reason[TEXT_MAX + 1];
	char cleared_at[MOMENT_TEXT_MAX + 1]; /* "" : still active */
	char cleared_by[NAME_MAX_LEN + 1];
	char cleared_reason[TEXT_MAX + 1];
};

/*
 * Ledger entries are never updated or deleted. An invoice's opening entry
 * (LEDGER_INVOICE) is the invoice itself, whose amount never changes; the
 * movements after it are stored entries. Signs: what raises the debt
 * is positive (invoice, fee, interest, reversal of a payment), what lowers
 * it is negative (payment, credit note, write-off). An invoice's balance is
 * the sum of its entries. Unapplied cash sits on the customer as an entry
 * with no invoice (kind UNAPPLIED, negative), and is consumed by a positive
 * UNAPPLIED entry when later applied or reversed. A credit note's part
 * beyond its invoice's balance sits on the customer the same way, as a
 * CREDIT_NOTE entry with no invoice (the kind says where the credit came
 * from; every reader of unapplied credit sums the entries with no invoice).
 */
enum ledger_kind {
	LEDGER_INVOICE = 0,
	LEDGER_PAYMENT,
	LEDGER_REVERSAL,
	LEDGER_CREDIT_NOTE,
	LEDGER_FEE,
	LEDGER_INTEREST,
	LEDGER_WRITE_OFF,
	LEDGER_UNAPPLIED,
	LEDGER_KIND_COUNT
};

struct ledger_entry {
	int64_t id;
	int64_t customer_id;
	int64_t invoice_id; /* 0: customer-level (unapplied) */
	int64_t payment_id; /* 0 when not from a payment */
	enum ledger_kind kind;
	int64_t amount; /* signed minor units */
	char currency[4];
	date_t date;
};

const char *ledger_kind_name(enum ledger_kind kind);
int ledger_kind_parse(const char *name, enum ledger_kind *out);

#endif

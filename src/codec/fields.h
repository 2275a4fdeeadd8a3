/*
 * fields.h: one field table per record (habit 17). A record's columns are
 * declared here once; the CSV importer's column specs, the export (CSV and
 * JSON), the generator's headers, the corrections (`customer set`,
 * `contact set`) and the change detection of a re-import are all derived
 * from these tables. Adding a column: docs/internals.md, "How to add a
 * column".
 *
 * Representation. A field lives in its record (core/model.h) at `offset`:
 *   FIELD_TEXT, FIELD_REF  char[max + 1], NUL-terminated UTF-8
 *   FIELD_DATE             date_t (core/dates.h), text "YYYY-MM-DD"
 *   FIELD_MONEY            int64_t minor units of the record's currency (the
 *                          record's FIELD_CURRENCY-flagged field), text as
 *                          money_format() writes it ("1234.50")
 *   FIELD_BOOL             int 0/1, text "true"/"false" (parsing also takes
 *                          yes/no/1/0 in any case, and "" as false)
 *   FIELD_ENUM             an int-sized enum, text names[value]
 *   FIELD_INT              int64_t, decimal text
 * A computed field (FIELD_COMPUTED: an invoice's balance, a customer's
 * unapplied credit) is written by export and ignored by import; one with
 * offset FIELD_NO_OFFSET is not in the struct at all and its value is
 * supplied by the caller (cli/cmd_export.c reads it from the store).
 *
 * Limits. `max` is the longest text the importer accepts for the column, in
 * bytes; only FIELD_FREE_TEXT columns may hold tab, CR and LF.
 *
 * Nothing here allocates; every function takes the table first.
 */
#ifndef RECOUP_CODEC_FIELDS_H
#define RECOUP_CODEC_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/model.h"

enum field_type { FIELD_TEXT, FIELD_REF, FIELD_DATE, FIELD_MONEY, FIELD_BOOL, FIELD_ENUM, FIELD_INT };

enum {
	FIELD_REQUIRED = 1 << 0,        /* import: the column must be present and not empty */
	FIELD_FREE_TEXT = 1 << 1,       /* tab, CR and LF allowed */
	FIELD_COMPUTED = 1 << 2,        /* export only; import accepts and ignores the column */
	FIELD_NOT_AFTER_TODAY = 1 << 3, /* a date no later than the import's today */
	FIELD_IDENTITY = 1 << 4,        /* never changes once stored (an --update conflicts) */
	FIELD_CURRENCY = 1 << 5,        /* the currency of the record's money fields */
	FIELD_NONNEG = 1 << 6,          /* money: zero or more (else more than zero) */
	FIELD_KEY = 1 << 7,             /* the record's own ref */
};

#define FIELD_NO_OFFSET  ((size_t)-1)
#define CODEC_FIELDS_MAX 16

struct field {
	const char *name; /* the CSV column and the JSON key */
	enum field_type type;
	size_t max;     /* longest text accepted, bytes */
	unsigned flags; /* FIELD_* */
	size_t offset;  /* into the record, or FIELD_NO_OFFSET */
	/*
	 * 1.. for a field `customer set` / `contact set` may change: its rank
	 * in the change log and in the list of correctable fields; 0 otherwise.
	 */
	int correct;
	const char *const *names; /* FIELD_ENUM: the text of each value */
	/* a value's check beyond length and control characters ("" is never checked) */
	int (*check)(const char *value, struct error *e);
	/* only when the record says so (a payment's returned_date): "" otherwise */
	int (*present)(const void *rec);
	/*
	 * The stored form of a value that passed `check` (tags sorted, a
	 * region without its country prefix), which may depend on the rest of
	 * the record: written to out (size bytes) only on success; value and
	 * out may be the same buffer. NULL: stored as given.
	 */
	int (*normalise)(const char *value, const void *rec, char *out, size_t size, struct error *e);
};

struct record_table {
	const char *name; /* "customer" */
	const struct field *fields;
	size_t n;
};

extern const struct record_table codec_customer;
extern const struct record_table codec_contact;
extern const struct record_table codec_invoice;
extern const struct record_table codec_payment;
extern const struct record_table codec_attempt; /* contact-history.csv */
extern const struct record_table codec_flag;    /* flags.csv */
extern const struct record_table codec_credit_note;

/*
 * The correctable fields in change-log order, as the usage text and the
 * messages say them; tests/unit/test_codec.c checks they are the `correct`
 * ranks of the tables (a macro because the command's usage is a constant).
 */
#define CODEC_CUSTOMER_CORRECTABLE \
	"name, email, phone, address, language, timezone, profile, credit_limit, tags, region"
#define CODEC_CONTACT_CORRECTABLE "name, role, email, phone, timezone, best_time, pays_bills"

/* The index of the field called `name`, or -1. */
int codec_field_index(const struct record_table *t, const char *name);

/*
 * The field as the export writes it, into buf (DATE_TEXT_MAX or
 * MONEY_TEXT_MAX is enough for anything but text); text fields are returned
 * in place, without a copy. "" for a FIELD_NO_OFFSET field.
 */
const char *codec_format(const struct record_table *t, size_t i, const void *rec, char *buf, size_t size);

/*
 * Parses text into field i of rec: the limits (validate_text: UTF-8, max,
 * control characters), FIELD_REQUIRED, then the type (money in the record's
 * currency, which must already be set) and the field's check. 0, or
 * -ERR_INPUT with e saying "name: what is wrong", the field untouched.
 */
int codec_parse(const struct record_table *t, size_t i, void *rec, const char *text, struct error *e);

/*
 * Puts field i of rec, already parsed as text (the CSV importer copies it
 * and runs its check), into its stored form (the field's `normalise`; the
 * rest of the record, a region's country, must be set). 0, or -ERR_INPUT
 * with e saying what is wrong (without the field's name), rec untouched.
 */
int codec_normalise(const struct record_table *t, size_t i, void *rec, struct error *e);

/* A FIELD_BOOL's text: 1 (true, yes, 1), 0 (false, no, 0, ""), -1 when it is none of them. */
int codec_parse_bool(const char *text);

/* 1 when field i of a and b differ (as stored: text by bytes, numbers by value). */
int codec_differs(const struct record_table *t, size_t i, const void *a, const void *b);

/*
 * The first of fields from..to-1 where a and b differ, or -1. Computed
 * fields and the key (the ref the two were matched by) are skipped; with
 * `flags`, only fields having all of them are compared.
 */
int codec_diff(const struct record_table *t, const void *a, const void *b, size_t from, size_t to, unsigned flags);

/* The currency of a record ("" when the table has none). */
const char *codec_currency(const struct record_table *t, const void *rec);

/*
 * Corrections by field name (`customer set name=...`): only fields with a
 * `correct` rank; an other name is refused with the list of those that may
 * change. codec_get formats any field by name ("" for an unknown one).
 */
int codec_correctable(const struct record_table *t, const char *name);
/* The index of the field whose `correct` rank is `rank` (1..), or -1 past the last. */
int codec_correctable_at(const struct record_table *t, int rank);
int codec_set(const struct record_table *t, void *rec, const char *name, const char *value, struct error *e);
const char *codec_get(const struct record_table *t, const void *rec, const char *name, char *buf, size_t size);

#endif

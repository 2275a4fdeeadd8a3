/*
 * fields.c: the field tables and the functions that read them. See fields.h.
 *
 * The order of each table is the order of the columns in the files recoup
 * writes (export, generate) and of the change detection: a re-import that
 * differs in two columns names the first one of the table.
 */
#include "codec/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/channel.h"
#include "core/contact_flags.h"
#include "core/contact_rules.h"
#include "core/money.h"
#include "core/tz.h"
#include "core/validate.h"

_Static_assert(sizeof(enum customer_kind) == sizeof(int), "FIELD_ENUM reads an int");
_Static_assert(sizeof(enum payment_status) == sizeof(int), "FIELD_ENUM reads an int");

/* ---- the checks beyond length: the message says what is wrong with the value ---- */

static int check_country(const char *v, struct error *e)
{
	return validate_country(v)
		       ? 0
		       : error_set(e, ERR_INPUT, "'%s' is not an ISO 3166 country code such as US, BR, PL", v);
}

static int check_timezone(const char *v, struct error *e)
{
	int east;

	if (validate_timezone_offset(v, &east))
		return error_set(e, ERR_INPUT,
				 "'%s' is a fixed offset, UTC%+d (the sign of Etc/GMT zones is the other way round), "
				 "not a place: give the place's zone, such as America/Bogota or Asia/Karachi, so "
				 "that its summer time and public holidays are known",
				 v, east);
	if (validate_timezone(v))
		return 0;
	/* a zone the database knows but of no place ("UTC", "GMT", "EST5EDT"): said so, not "not a zone" */
	if (*v && !strchr(v, '/') && tz_validate(v, NULL) == 0)
		return error_set(e, ERR_INPUT,
				 "'%s' is a time zone of no place: give the place's zone, such as Europe/London or "
				 "America/New_York, so that its summer time and public holidays are known (Etc/UTC "
				 "for a debtor who keeps UTC)",
				 v);
	return error_set(e, ERR_INPUT, "'%s' is not an IANA time zone such as America/New_York", v);
}

static int check_language(const char *v, struct error *e)
{
	return validate_language(v)
		       ? 0
		       : error_set(e, ERR_INPUT, "'%s' is not a BCP 47 language tag such as en, pl, pt-BR", v);
}

static int check_email(const char *v, struct error *e)
{
	return validate_email(v) ? 0 : error_set(e, ERR_INPUT, "'%s' is not an email address", v);
}

static int check_phone(const char *v, struct error *e)
{
	return validate_phone(v) ? 0 : error_set(e, ERR_INPUT, "'%s' is not a phone number", v);
}

static int check_role(const char *v, struct error *e)
{
	return contact_role_known(v)
		       ? 0
		       : error_set(e, ERR_INPUT, "'%s' is not a known role (%s)", v, contact_role_names());
}

static int check_currency(const char *v, struct error *e)
{
	struct currency cur;
	return currency_lookup(v, &cur, e) < 0 ? -ERR_INPUT : 0;
}

static int check_moment(const char *v, struct error *e)
{
	timestamp_t t;
	return timestamp_parse(v, &t, e) < 0 ? -ERR_INPUT : 0;
}

static int check_channel(const char *v, struct error *e)
{
	enum channel ch;
	return channel_parse(v, &ch, e) < 0 ? -ERR_INPUT : 0;
}

static int check_outcome(const char *v, struct error *e)
{
	enum contact_outcome o;
	return contact_outcome_parse(v, &o, e) < 0 ? -ERR_INPUT : 0;
}

static int check_flag(const char *v, struct error *e)
{
	enum flag_kind k;
	return flag_parse(v, &k, e) < 0 ? -ERR_INPUT : 0;
}

/* ---- segments: tags and region (core/model.h TAGS_MAX, REGION_MAX) ---- */

static int tag_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* The tags of v, split at ';' into tags[] (copies in buf): their count, or -ERR_INPUT. */
static int split_tags(const char *v, char buf[TAGS_MAX + 1], char *tags[TAGS_COUNT_MAX], struct error *e)
{
	int n = 0;
	char *p = buf;

	if (strlen(v) > TAGS_MAX)
		return error_set(e, ERR_INPUT, "is longer than %d bytes", TAGS_MAX);
	memcpy(buf, v, strlen(v) + 1);
	for (;;) {
		char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0)
			return error_set(e, ERR_INPUT, "'%s' has an empty tag (tags are separated by one ';')", v);
		if (n == TAGS_COUNT_MAX)
			return error_set(e, ERR_INPUT, "'%s' has more than %d tags", v, TAGS_COUNT_MAX);
		if (end)
			*end = '\0';
		if (len > TAG_MAX)
			return error_set(e, ERR_INPUT, "tag '%s' is longer than %d bytes", p, TAG_MAX);
		for (size_t k = 0; k < len; k++)
			if (!tag_char(p[k]))
				return error_set(e, ERR_INPUT,
						 "tag '%s' may hold only lower-case letters, digits, '_' and '-'", p);
		for (int k = 0; k < n; k++)
			if (!strcmp(tags[k], p))
				return error_set(e, ERR_INPUT, "tag '%s' is given twice", p);
		tags[n++] = p;
		if (!end)
			return n;
		p = end + 1;
	}
}

static int check_tags(const char *v, struct error *e)
{
	char buf[TAGS_MAX + 1];
	char *tags[TAGS_COUNT_MAX];
	return split_tags(v, buf, tags, e) < 0 ? -ERR_INPUT : 0;
}

static int tag_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, so that the same tags in another order are the same value (a re-import is unchanged). */
static int normalise_tags(const char *v, const void *rec, char *out, size_t size, struct error *e)
{
	char buf[TAGS_MAX + 1];
	char *tags[TAGS_COUNT_MAX];
	char joined[TAGS_MAX + 1];
	size_t used = 0;
	int n = split_tags(v, buf, tags, e);

	(void)rec;
	if (n < 0)
		return -ERR_INPUT;
	qsort(tags, (size_t)n, sizeof(tags[0]), tag_order);
	for (int k = 0; k < n; k++)
		used += (size_t)snprintf(joined + used, sizeof(joined) - used, "%s%s", k ? ";" : "", tags[k]);
	if (used >= size)
		return error_set(e, ERR_INPUT, "is longer than %zu bytes", size - 1);
	memcpy(out, joined, used + 1);
	return 0;
}

/* The code after an optional "CC-" prefix, or NULL when v is neither "XX" nor "CC-XX". */
static const char *region_code(const char *v)
{
	const char *code = v;
	size_t len;

	if (strlen(v) > 3 && v[2] == '-') {
		if (v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z')
			return NULL;
		code = v + 3;
	}
	len = strlen(code);
	if (len < 1 || len > 3)
		return NULL;
	for (size_t k = 0; k < len; k++)
		if (!((code[k] >= 'A' && code[k] <= 'Z') || (code[k] >= '0' && code[k] <= '9')))
			return NULL;
	return code;
}

static int check_region(const char *v, struct error *e)
{
	return region_code(v) ? 0
			      : error_set(e, ERR_INPUT,
					  "'%s' is not an ISO 3166-2 subdivision code such as ON (or CA-ON): 1 to 3 "
					  "upper-case letters or digits",
					  v);
}

/* "CA-ON" -> "ON" for a customer of CA; a prefix naming another country is refused. */
static int normalise_region(const char *v, const void *rec, char *out, size_t size, struct error *e)
{
	const struct customer *c = rec;
	const char *code = region_code(v);
	size_t len;

	if (!code)
		return check_region(v, e);
	if (code != v && c->country[0] && strncmp(v, c->country, 2))
		return error_set(e, ERR_INPUT, "'%s' is a subdivision of %.2s, not of the customer's country %s", v, v,
				 c->country);
	len = strlen(code);
	if (len >= size)
		return error_set(e, ERR_INPUT, "'%s' is too long", v);
	memmove(out, code, len + 1);
	return 0;
}

static int payment_returned(const void *rec)
{
	return ((const struct payment *)rec)->status == PAYMENT_RETURNED;
}

static const char *const kind_names[] = { [KIND_PERSON] = "person", [KIND_COMPANY] = "company", NULL };
static const char *const status_names[] = { [PAYMENT_CLEARED] = "cleared", [PAYMENT_RETURNED] = "returned", NULL };

/* ---- the tables ---- */

#define AT(type, member) offsetof(struct type, member)

/*
 * One field a line, so the table reads as columns; clang-format would put
 * each designated initializer on a line of its own (some 300 lines).
 */
/* clang-format off */
static const struct field customer_fields[] = {
	{ .name = "customer_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED | FIELD_KEY, .offset = AT(customer, ref) },
	{ .name = "name", .type = FIELD_TEXT, .max = NAME_MAX_LEN, .flags = FIELD_REQUIRED, .offset = AT(customer, name), .correct = 1 },
	{ .name = "kind", .type = FIELD_ENUM, .max = 16, .flags = FIELD_REQUIRED | FIELD_IDENTITY, .offset = AT(customer, kind), .names = kind_names },
	{ .name = "country", .type = FIELD_TEXT, .max = COUNTRY_LEN, .flags = FIELD_REQUIRED | FIELD_IDENTITY, .offset = AT(customer, country),
	  .check = check_country },
	{ .name = "timezone", .type = FIELD_TEXT, .max = TZ_MAX, .flags = 0, .offset = AT(customer, timezone), .correct = 6, .check = check_timezone },
	{ .name = "language", .type = FIELD_TEXT, .max = LANG_MAX, .flags = 0, .offset = AT(customer, language), .correct = 5, .check = check_language },
	{ .name = "currency", .type = FIELD_TEXT, .max = 3, .flags = FIELD_REQUIRED | FIELD_IDENTITY | FIELD_CURRENCY, .offset = AT(customer, currency),
	  .check = check_currency },
	{ .name = "credit_limit", .type = FIELD_MONEY, .max = 32, .flags = FIELD_NONNEG, .offset = AT(customer, credit_limit), .correct = 8 },
	{ .name = "email", .type = FIELD_TEXT, .max = EMAIL_MAX, .flags = 0, .offset = AT(customer, email), .correct = 2, .check = check_email },
	{ .name = "phone", .type = FIELD_TEXT, .max = PHONE_MAX, .flags = 0, .offset = AT(customer, phone), .correct = 3, .check = check_phone },
	{ .name = "address", .type = FIELD_TEXT, .max = ADDRESS_MAX, .flags = FIELD_FREE_TEXT, .offset = AT(customer, address), .correct = 4 },
	/* a profile name is checked against the presets and the tenant's by the caller (store) */
	{ .name = "profile", .type = FIELD_TEXT, .max = PROFILE_MAX, .flags = 0, .offset = AT(customer, profile), .correct = 7 },
	{ .name = "tags", .type = FIELD_TEXT, .max = TAGS_MAX, .flags = 0, .offset = AT(customer, tags), .correct = 9, .check = check_tags,
	  .normalise = normalise_tags },
	{ .name = "region", .type = FIELD_TEXT, .max = REGION_MAX, .flags = 0, .offset = AT(customer, region), .correct = 10, .check = check_region,
	  .normalise = normalise_region },
	{ .name = "unapplied_credit", .type = FIELD_MONEY, .max = 32, .flags = FIELD_COMPUTED, .offset = FIELD_NO_OFFSET },
};

static const struct field contact_fields[] = {
	{ .name = "contact_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED | FIELD_KEY, .offset = AT(contact, ref) },
	{ .name = "customer_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED, .offset = AT(contact, customer_ref) },
	{ .name = "name", .type = FIELD_TEXT, .max = NAME_MAX_LEN, .flags = 0, .offset = AT(contact, name), .correct = 1 },
	{ .name = "role", .type = FIELD_TEXT, .max = SHORT_MAX, .flags = FIELD_REQUIRED, .offset = AT(contact, role), .correct = 2, .check = check_role },
	{ .name = "phone", .type = FIELD_TEXT, .max = PHONE_MAX, .flags = 0, .offset = AT(contact, phone), .correct = 4, .check = check_phone },
	{ .name = "email", .type = FIELD_TEXT, .max = EMAIL_MAX, .flags = 0, .offset = AT(contact, email), .correct = 3, .check = check_email },
	{ .name = "timezone", .type = FIELD_TEXT, .max = TZ_MAX, .flags = 0, .offset = AT(contact, timezone), .correct = 5, .check = check_timezone },
	{ .name = "pays_bills", .type = FIELD_BOOL, .max = 8, .flags = 0, .offset = AT(contact, pays_bills), .correct = 7 },
	{ .name = "best_time", .type = FIELD_TEXT, .max = SHORT_MAX * 2, .flags = 0, .offset = AT(contact, best_time), .correct = 6 },
	{ .name = "notes", .type = FIELD_TEXT, .max = TEXT_MAX, .flags = FIELD_FREE_TEXT, .offset = AT(contact, notes) },
};

static const struct field invoice_fields[] = {
	{ .name = "invoice_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED | FIELD_KEY, .offset = AT(invoice, ref) },
	{ .name = "customer_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED, .offset = AT(invoice, customer_ref) },
	{ .name = "issue_date", .type = FIELD_DATE, .max = 10, .flags = FIELD_REQUIRED, .offset = AT(invoice, issue_date) },
	{ .name = "due_date", .type = FIELD_DATE, .max = 10, .flags = FIELD_REQUIRED, .offset = AT(invoice, due_date) },
	{ .name = "currency", .type = FIELD_TEXT, .max = 3, .flags = FIELD_REQUIRED | FIELD_CURRENCY, .offset = AT(invoice, currency), .check = check_currency },
	{ .name = "amount", .type = FIELD_MONEY, .max = 32, .flags = FIELD_REQUIRED, .offset = AT(invoice, amount) },
	{ .name = "description", .type = FIELD_TEXT, .max = TEXT_MAX, .flags = FIELD_FREE_TEXT, .offset = AT(invoice, description) },
	{ .name = "po_ref", .type = FIELD_TEXT, .max = REF_MAX, .flags = 0, .offset = AT(invoice, po_ref) },
	{ .name = "delivery_note_ref", .type = FIELD_TEXT, .max = REF_MAX, .flags = 0, .offset = AT(invoice, delivery_note_ref) },
	{ .name = "signed", .type = FIELD_BOOL, .max = 8, .flags = 0, .offset = AT(invoice, is_signed) },
	{ .name = "product", .type = FIELD_TEXT, .max = PRODUCT_MAX, .flags = 0, .offset = AT(invoice, product) },
	{ .name = "balance", .type = FIELD_MONEY, .max = 32, .flags = FIELD_COMPUTED, .offset = AT(invoice, balance) },
};

static const struct field payment_fields[] = {
	{ .name = "payment_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED | FIELD_KEY, .offset = AT(payment, ref) },
	{ .name = "customer_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED, .offset = AT(payment, customer_ref) },
	{ .name = "invoice_ref", .type = FIELD_REF, .max = REF_MAX, .flags = 0, .offset = AT(payment, invoice_ref) },
	{ .name = "date", .type = FIELD_DATE, .max = 10, .flags = FIELD_REQUIRED | FIELD_NOT_AFTER_TODAY, .offset = AT(payment, date) },
	{ .name = "amount", .type = FIELD_MONEY, .max = 32, .flags = FIELD_REQUIRED, .offset = AT(payment, amount) },
	{ .name = "currency", .type = FIELD_TEXT, .max = 3, .flags = FIELD_REQUIRED | FIELD_CURRENCY, .offset = AT(payment, currency), .check = check_currency },
	{ .name = "method", .type = FIELD_TEXT, .max = SHORT_MAX, .flags = 0, .offset = AT(payment, method) },
	{ .name = "status", .type = FIELD_ENUM, .max = 16, .flags = 0, .offset = AT(payment, status), .names = status_names },
	{ .name = "returned_date", .type = FIELD_DATE, .max = 10, .flags = FIELD_NOT_AFTER_TODAY, .offset = AT(payment, returned_date),
	  .present = payment_returned },
};

static const struct field credit_note_fields[] = {
	{ .name = "credit_note_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED | FIELD_KEY, .offset = AT(credit_note, ref) },
	{ .name = "customer_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED, .offset = AT(credit_note, customer_ref) },
	{ .name = "invoice_ref", .type = FIELD_REF, .max = REF_MAX, .flags = 0, .offset = AT(credit_note, invoice_ref) },
	{ .name = "date", .type = FIELD_DATE, .max = 10, .flags = FIELD_REQUIRED | FIELD_NOT_AFTER_TODAY, .offset = AT(credit_note, date) },
	{ .name = "amount", .type = FIELD_MONEY, .max = 32, .flags = FIELD_REQUIRED, .offset = AT(credit_note, amount) },
	{ .name = "currency", .type = FIELD_TEXT, .max = 3, .flags = FIELD_REQUIRED | FIELD_CURRENCY, .offset = AT(credit_note, currency), .check = check_currency },
	{ .name = "reason", .type = FIELD_TEXT, .max = TEXT_MAX, .flags = FIELD_REQUIRED | FIELD_FREE_TEXT, .offset = AT(credit_note, reason) },
	/* what went to the invoice; the rest became unapplied credit */
	{ .name = "applied", .type = FIELD_MONEY, .max = 32, .flags = FIELD_COMPUTED | FIELD_NONNEG, .offset = AT(credit_note, applied) },
};

static const struct field attempt_fields[] = {
	{ .name = "attempt_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED | FIELD_KEY, .offset = AT(history_attempt, ref) },
	{ .name = "contact_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED, .offset = AT(history_attempt, contact_ref) },
	{ .name = "at", .type = FIELD_TEXT, .max = MOMENT_TEXT_MAX, .flags = FIELD_REQUIRED, .offset = AT(history_attempt, at), .check = check_moment },
	{ .name = "channel", .type = FIELD_TEXT, .max = SHORT_MAX, .flags = FIELD_REQUIRED, .offset = AT(history_attempt, channel), .check = check_channel },
	{ .name = "outcome", .type = FIELD_TEXT, .max = SHORT_MAX, .flags = FIELD_REQUIRED, .offset = AT(history_attempt, outcome), .check = check_outcome },
	{ .name = "invoice_ref", .type = FIELD_REF, .max = REF_MAX, .flags = 0, .offset = AT(history_attempt, invoice_ref) },
	{ .name = "address", .type = FIELD_TEXT, .max = EMAIL_MAX, .flags = 0, .offset = AT(history_attempt, address) },
	{ .name = "spoke_with", .type = FIELD_TEXT, .max = NAME_MAX_LEN, .flags = 0, .offset = AT(history_attempt, spoke_with) },
	{ .name = "note", .type = FIELD_TEXT, .max = TEXT_MAX, .flags = FIELD_FREE_TEXT, .offset = AT(history_attempt, note) },
	{ .name = "inbound", .type = FIELD_BOOL, .max = 8, .flags = 0, .offset = AT(history_attempt, inbound) },
};

static const struct field flag_fields[] = {
	{ .name = "flag_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED | FIELD_KEY, .offset = AT(history_flag, ref) },
	{ .name = "customer_ref", .type = FIELD_REF, .max = REF_MAX, .flags = FIELD_REQUIRED, .offset = AT(history_flag, customer_ref) },
	{ .name = "flag", .type = FIELD_TEXT, .max = SHORT_MAX, .flags = FIELD_REQUIRED, .offset = AT(history_flag, flag), .check = check_flag },
	{ .name = "contact_ref", .type = FIELD_REF, .max = REF_MAX, .flags = 0, .offset = AT(history_flag, contact_ref) },
	{ .name = "invoice_ref", .type = FIELD_REF, .max = REF_MAX, .flags = 0, .offset = AT(history_flag, invoice_ref) },
	{ .name = "address", .type = FIELD_TEXT, .max = EMAIL_MAX, .flags = 0, .offset = AT(history_flag, address) },
	{ .name = "detail", .type = FIELD_TEXT, .max = EMAIL_MAX, .flags = 0, .offset = AT(history_flag, detail) },
	{ .name = "set_by", .type = FIELD_TEXT, .max = NAME_MAX_LEN, .flags = 0, .offset = AT(history_flag, set_by) },
	{ .name = "set_at", .type = FIELD_TEXT, .max = MOMENT_TEXT_MAX, .flags = FIELD_REQUIRED, .offset = AT(history_flag, set_at), .check = check_moment },
	{ .name = "reason", .type = FIELD_TEXT, .max = TEXT_MAX, .flags = FIELD_FREE_TEXT, .offset = AT(history_flag, reason) },
	{ .name = "cleared_at", .type = FIELD_TEXT, .max = MOMENT_TEXT_MAX, .flags = 0, .offset = AT(history_flag, cleared_at), .check = check_moment },
	{ .name = "cleared_by", .type = FIELD_TEXT, .max = NAME_MAX_LEN, .flags = 0, .offset = AT(history_flag, cleared_by) },
	{ .name = "cleared_reason", .type = FIELD_TEXT, .max = TEXT_MAX, .flags = FIELD_FREE_TEXT, .offset = AT(history_flag, cleared_reason) },
};

#define TABLE(name, fields) { name, fields, sizeof(fields) / sizeof(fields[0]) }
/* clang-format on */
const struct record_table codec_customer = TABLE("customer", customer_fields);
const struct record_table codec_contact = TABLE("contact", contact_fields);
const struct record_table codec_invoice = TABLE("invoice", invoice_fields);
const struct record_table codec_payment = TABLE("payment", payment_fields);
const struct record_table codec_attempt = TABLE("contact attempt", attempt_fields);
const struct record_table codec_flag = TABLE("flag", flag_fields);
const struct record_table codec_credit_note = TABLE("credit_note", credit_note_fields);

_Static_assert(sizeof(customer_fields) / sizeof(customer_fields[0]) <= CODEC_FIELDS_MAX, "CODEC_FIELDS_MAX");

/* ---- reading and writing a field ---- */

static const void *member(const struct field *f, const void *rec)
{
	return (const char *)rec + f->offset;
}

static void *member_mut(const struct field *f, void *rec)
{
	return (char *)rec + f->offset;
}

static int get_int(const struct field *f, const void *rec)
{
	int v;
	memcpy(&v, member(f, rec), sizeof(v));
	return v;
}

static int64_t get_i64(const struct field *f, const void *rec)
{
	int64_t v;
	memcpy(&v, member(f, rec), sizeof(v));
	return v;
}

static date_t get_date(const struct field *f, const void *rec)
{
	date_t v;
	memcpy(&v, member(f, rec), sizeof(v));
	return v;
}

int codec_field_index(const struct record_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->fields[i].name, name))
			return (int)i;
	return -1;
}

const char *codec_currency(const struct record_table *t, const void *rec)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->fields[i].flags & FIELD_CURRENCY)
			return member(&t->fields[i], rec);
	return "";
}

const char *codec_format(const struct record_table *t, size_t i, const void *rec, char *buf, size_t size)
{
	const struct field *f = &t->fields[i];
	int v;

	if (f->offset == FIELD_NO_OFFSET || (f->present && !f->present(rec)))
		return "";
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_REF: return member(f, rec);
	case FIELD_DATE: return date_format(get_date(f, rec), buf, size);
	case FIELD_MONEY: return money_format(get_i64(f, rec), currency_exponent(codec_currency(t, rec)), buf, size);
	case FIELD_BOOL: return get_int(f, rec) ? "true" : "false";
	case FIELD_ENUM:
		v = get_int(f, rec);
		for (int k = 0; f->names[k]; k++)
			if (k == v)
				return f->names[k];
		return "";
	case FIELD_INT: snprintf(buf, size, "%lld", (long long)get_i64(f, rec)); return buf;
	}
	return "";
}

int codec_parse_bool(const char *v)
{
	if (!*v || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0"))
		return 0;
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1"))
		return 1;
	return -1;
}

static int parse_value(const struct record_table *t, const struct field *f, void *rec, const char *v, struct error *e)
{
	date_t d = 0;
	int64_t amount = 0;
	int k;

	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_REF:
		if (*v && f->check && f->check(v, e) < 0)
			return -ERR_INPUT;
		if (*v && f->normalise)
			return f->normalise(v, rec, member_mut(f, rec), f->max + 1, e) < 0 ? -ERR_INPUT : 0;
		memcpy(member_mut(f, rec), v, strlen(v) + 1);
		return 0;
	case FIELD_DATE:
		if (*v && date_parse(v, &d, e) < 0)
			return -ERR_INPUT;
		memcpy(member_mut(f, rec), &d, sizeof(d));
		return 0;
	case FIELD_MONEY: {
		const char *cur = codec_currency(t, rec);
		if (*v && money_parse(v, currency_exponent(cur), &amount, e) < 0) {
			char why[ERROR_MESSAGE_MAX];
			snprintf(why, sizeof(why), "%s", e->message);
			return error_set(e, ERR_INPUT, "%s (%s)", why, cur);
		}
		if (*v && (f->flags & FIELD_NONNEG ? amount < 0 : amount <= 0))
			return error_set(e, ERR_INPUT, "amount '%s' must be %s", v,
					 f->flags & FIELD_NONNEG ? "zero or more" : "more than zero");
		memcpy(member_mut(f, rec), &amount, sizeof(amount));
		return 0;
	}
	case FIELD_BOOL:
		k = codec_parse_bool(v);
		if (k < 0)
			return error_set(e, ERR_INPUT, "'%s' is not true or false", v);
		memcpy(member_mut(f, rec), &k, sizeof(k));
		return 0;
	case FIELD_ENUM:
		for (k = 0; f->names[k]; k++) {
			if (!strcmp(v, f->names[k]) || (!*v && k == 0)) {
				memcpy(member_mut(f, rec), &k, sizeof(k));
				return 0;
			}
		}
		return error_set(e, ERR_INPUT, "'%s' is not %s or %s", v, f->names[0], f->names[1]);
	case FIELD_INT: {
		char *end;
		long long n = strtoll(v, &end, 10);
		if (!*v || *end)
			return error_set(e, ERR_INPUT, "'%s' is not a whole number", v);
		amount = n;
		memcpy(member_mut(f, rec), &amount, sizeof(amount));
		return 0;
	}
	}
	return error_set(e, ERR_INPUT, "cannot be set");
}

int codec_parse(const struct record_table *t, size_t i, void *rec, const char *text, struct error *e)
{
	const struct field *f = &t->fields[i];
	char why[ERROR_MESSAGE_MAX];

	if (validate_text(f->name, text, f->max, (f->flags & FIELD_FREE_TEXT) != 0, e) < 0)
		return -ERR_INPUT;
	if ((f->flags & FIELD_REQUIRED) && !*text)
		return error_set(e, ERR_INPUT, "%s: is empty", f->name);
	if (f->offset == FIELD_NO_OFFSET)
		return 0;
	if (parse_value(t, f, rec, text, e) < 0) {
		snprintf(why, sizeof(why), "%s", e->message);
		return error_set(e, ERR_INPUT, "%s: %s", f->name, why);
	}
	return 0;
}

int codec_normalise(const struct record_table *t, size_t i, void *rec, struct error *e)
{
	const struct field *f = &t->fields[i];
	char *value;

	if (f->offset == FIELD_NO_OFFSET || !f->normalise || (f->type != FIELD_TEXT && f->type != FIELD_REF))
		return 0;
	value = member_mut(f, rec);
	if (!*value)
		return 0;
	return f->normalise(value, rec, value, f->max + 1, e) < 0 ? -ERR_INPUT : 0;
}

int codec_differs(const struct record_table *t, size_t i, const void *a, const void *b)
{
	const struct field *f = &t->fields[i];

	if (f->offset == FIELD_NO_OFFSET)
		return 0;
	if (f->present) {
		int pa = f->present(a), pb = f->present(b);
		if (pa != pb || !pa)
			return pa != pb;
	}
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_REF: return strcmp(member(f, a), member(f, b)) != 0;
	case FIELD_DATE: return get_date(f, a) != get_date(f, b);
	case FIELD_MONEY:
	case FIELD_INT: return get_i64(f, a) != get_i64(f, b);
	case FIELD_BOOL: return !get_int(f, a) != !get_int(f, b);
	case FIELD_ENUM: return get_int(f, a) != get_int(f, b);
	}
	return 0;
}

int codec_diff(const struct record_table *t, const void *a, const void *b, size_t from, size_t to, unsigned flags)
{
	for (size_t i = from; i < to && i < t->n; i++) {
		const struct field *f = &t->fields[i];
		if ((f->flags & (FIELD_COMPUTED | FIELD_KEY)) || (f->flags & flags) != flags)
			continue;
		if (codec_differs(t, i, a, b))
			return (int)i;
	}
	return -1;
}

/* ---- corrections by name ---- */

/* "name, email, ..." in `correct` order, for the message of a field that cannot change. */
static void correctable_list(const struct record_table *t, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int rank = 1; rank <= (int)t->n; rank++) {
		for (size_t i = 0; i < t->n; i++) {
			if (t->fields[i].correct != rank)
				continue;
			int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", t->fields[i].name);
			if (n < 0 || (size_t)n >= size - used)
				return;
			used += (size_t)n;
		}
	}
}

int codec_correctable(const struct record_table *t, const char *name)
{
	int i = codec_field_index(t, name);
	return i >= 0 && t->fields[i].correct > 0;
}

int codec_correctable_at(const struct record_table *t, int rank)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->fields[i].correct == rank)
			return (int)i;
	return -1;
}

int codec_set(const struct record_table *t, void *rec, const char *name, const char *value, struct error *e)
{
	int i = codec_field_index(t, name);
	char list[256];

	if (i < 0 || !t->fields[i].correct) {
		correctable_list(t, list, sizeof(list));
		return error_set(e, ERR_INPUT, "'%s' cannot be changed on a %s (only %s)", name, t->name, list);
	}
	return codec_parse(t, (size_t)i, rec, value, e);
}

const char *codec_get(const struct record_table *t, const void *rec, const char *name, char *buf, size_t size)
{
	int i = codec_field_index(t, name);
	const char *v = i < 0 ? "" : codec_format(t, (size_t)i, rec, buf, size);

	if (v != buf)
		snprintf(buf, size, "%s", v);
	return buf;
}

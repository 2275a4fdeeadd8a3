/*
 * validate.c: see validate.h. The country, zone and language lists come
 * from ICU; names already accepted are cached per thread, because an import
 * checks the same few zones a million times.
 */
#include "core/validate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucal.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "core/contact_rules.h"
#include "core/money.h"

int validate_utf8(const char *s, size_t len)
{
	int32_t i = 0;
	while ((size_t)i < len) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0)
			return 0;
	}
	return 1;
}

int validate_text(const char *what, const char *s, size_t max, int free_text, struct error *e)
{
	size_t len = strlen(s);

	if (!validate_utf8(s, len))
		return error_set(e, ERR_INPUT, "%s: not valid UTF-8", what);
	if (len > max)
		return error_set(e, ERR_INPUT, "%s: too long: %zu bytes, at most %zu", what, len, max);
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)s[k];
		if ((c < 0x20 && !(free_text && (c == '\t' || c == '\n' || c == '\r'))) || c == 0x7f)
			return error_set(e, ERR_INPUT, "%s: contains a control character (byte 0x%02x)", what, c);
	}
	return 0;
}

int validate_tenant_name(const char *name, struct error *e)
{
	if (!*name)
		return error_set(e, ERR_INPUT, "a tenant name cannot be empty");
	if (validate_text("tenant name", name, VALIDATE_TENANT_MAX, 0, e) < 0)
		return -ERR_INPUT;
	return 0;
}

/* ---- reference data from ICU, cached ---- */

static const char *const *iso_countries;
static size_t iso_countries_n;
static pthread_once_t countries_once = PTHREAD_ONCE_INIT;

static void load_countries(void)
{
	iso_countries = uloc_getISOCountries();
	while (iso_countries[iso_countries_n])
		iso_countries_n++;
}

static int cmp_country(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int validate_country(const char *code)
{
	pthread_once(&countries_once, load_countries);
	return strlen(code) == 2 && bsearch(code, iso_countries, iso_countries_n, sizeof(char *), cmp_country);
}

/* A small cache of names already validated; portfolios use few zones. */
#define NAME_CACHE 64
struct name_cache {
	char names[NAME_CACHE][TZ_MAX + 1];
	int n;
};

static int cache_has(struct name_cache *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name))
			return 1;
	return 0;
}

static void cache_add(struct name_cache *c, const char *name)
{
	if (c->n < NAME_CACHE)
		snprintf(c->names[c->n++], TZ_MAX + 1, "%s", name);
}

int validate_timezone(const char *name)
{
	static __thread struct name_cache cache;
	UChar uname[TZ_MAX + 1], canon[TZ_MAX * 2];
	UErrorCode status = U_ZERO_ERROR;
	UBool system_id = 0;

	if (cache_has(&cache, name))
		return 1;
	if (strlen(name) > TZ_MAX)
		return 0;
	u_uastrncpy(uname, name, TZ_MAX);
	uname[TZ_MAX] = 0;
	ucal_getCanonicalTimeZoneID(uname, -1, canon, TZ_MAX * 2, &system_id, &status);
	/* "Etc/Unknown" and plain offsets are not places; require a region zone. */
	if (U_FAILURE(status) || !system_id || !strchr(name, '/'))
		return 0;
	cache_add(&cache, name);
	return 1;
}

int validate_language(const char *tag)
{
	static __thread struct name_cache cache;
	char locale[ULOC_FULLNAME_CAPACITY];
	int32_t parsed = 0;
	UErrorCode status = U_ZERO_ERROR;

	if (cache_has(&cache, tag))
		return 1;
	if (strlen(tag) > LANG_MAX)
		return 0;
	uloc_forLanguageTag(tag, locale, sizeof(locale), &parsed, &status);
	if (U_FAILURE(status) || parsed != (int32_t)strlen(tag) || !locale[0])
		return 0;
	cache_add(&cache, tag);
	return 1;
}

int validate_email(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at != s && at[1] && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strchr(s, ' ');
}

int validate_phone(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+-() .", *p))
			return 0;
	}
	return digits >= 5;
}

/* ---- corrections, field by field ---- */

static int in_list(const char *field, const char *list)
{
	size_t n = strlen(field);
	for (const char *p = list; (p = strstr(p, field)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return n > 0;
	return 0;
}

int validate_customer_field(const char *field)
{
	return in_list(field, VALIDATE_CUSTOMER_FIELDS);
}

int validate_contact_field(const char *field)
{
	return in_list(field, VALIDATE_CONTACT_FIELDS);
}

/* Checks text for `field` (same rules as the importer's columns) and copies it. */
static int set_text(const char *field, const char *value, size_t max, int required, char *out, struct error *e)
{
	if (validate_text(field, value, max, max >= ADDRESS_MAX, e) < 0)
		return -ERR_INPUT;
	if (required && !*value)
		return error_set(e, ERR_INPUT, "%s: is empty", field);
	memcpy(out, value, strlen(value) + 1);
	return 0;
}

int validate_customer_set(struct customer *c, const char *field, const char *value, struct error *e)
{
	if (!strcmp(field, "name"))
		return set_text(field, value, NAME_MAX_LEN, 1, c->name, e);
	if (!strcmp(field, "address"))
		return set_text(field, value, ADDRESS_MAX, 0, c->address, e);
	if (!strcmp(field, "email")) {
		if (set_text(field, value, EMAIL_MAX, 0, c->email, e) < 0)
			return -ERR_INPUT;
		if (*value && !validate_email(value))
			return error_set(e, ERR_INPUT, "email: '%s' is not an email address", value);
		return 0;
	}
	if (!strcmp(field, "phone")) {
		if (set_text(field, value, PHONE_MAX, 0, c->phone, e) < 0)
			return -ERR_INPUT;
		if (*value && !validate_phone(value))
			return error_set(e, ERR_INPUT, "phone: '%s' is not a phone number", value);
		return 0;
	}
	if (!strcmp(field, "language")) {
		if (set_text(field, value, LANG_MAX, 0, c->language, e) < 0)
			return -ERR_INPUT;
		if (*value && !validate_language(value))
			return error_set(e, ERR_INPUT, "language: '%s' is not a BCP 47 language tag such as en, pl, pt-BR",
					 value);
		return 0;
	}
	if (!strcmp(field, "timezone")) {
		if (set_text(field, value, TZ_MAX, 0, c->timezone, e) < 0)
			return -ERR_INPUT;
		if (*value && !validate_timezone(value))
			return error_set(e, ERR_INPUT, "timezone: '%s' is not an IANA time zone such as America/New_York",
					 value);
		return 0;
	}
	if (!strcmp(field, "profile"))
		return set_text(field, value, PROFILE_MAX, 0, c->profile, e);
	if (!strcmp(field, "credit_limit")) {
		int64_t amount = 0;
		if (validate_text(field, value, 32, 0, e) < 0)
			return -ERR_INPUT;
		if (*value && money_parse(value, currency_exponent(c->currency), &amount, e) < 0) {
			char why[ERROR_MESSAGE_MAX];
			snprintf(why, sizeof(why), "%s", e->message);
			return error_set(e, ERR_INPUT, "credit_limit: %s (%s)", why, c->currency);
		}
		if (amount < 0)
			return error_set(e, ERR_INPUT, "credit_limit: amount '%s' must be zero or more", value);
		c->credit_limit = amount;
		return 0;
	}
	return error_set(e, ERR_INPUT, "'%s' cannot be changed on a customer (only %s)", field,
			 VALIDATE_CUSTOMER_FIELDS);
}

int validate_contact_set(struct contact *c, const char *field, const char *value, struct error *e)
{
	if (!strcmp(field, "name"))
		return set_text(field, value, NAME_MAX_LEN, 0, c->name, e);
	if (!strcmp(field, "best_time"))
		return set_text(field, value, SHORT_MAX * 2, 0, c->best_time, e);
	if (!strcmp(field, "role")) {
		if (set_text(field, value, SHORT_MAX, 1, c->role, e) < 0)
			return -ERR_INPUT;
		if (!contact_role_known(value))
			return error_set(e, ERR_INPUT, "role: '%s' is not a known role (%s)", value, contact_role_names());
		return 0;
	}
	if (!strcmp(field, "email")) {
		if (set_text(field, value, EMAIL_MAX, 0, c->email, e) < 0)
			return -ERR_INPUT;
		if (*value && !validate_email(value))
			return error_set(e, ERR_INPUT, "email: '%s' is not an email address", value);
		return 0;
	}
	if (!strcmp(field, "phone")) {
		if (set_text(field, value, PHONE_MAX, 0, c->phone, e) < 0)
			return -ERR_INPUT;
		if (*value && !validate_phone(value))
			return error_set(e, ERR_INPUT, "phone: '%s' is not a phone number", value);
		return 0;
	}
	if (!strcmp(field, "timezone")) {
		if (set_text(field, value, TZ_MAX, 0, c->timezone, e) < 0)
			return -ERR_INPUT;
		if (*value && !validate_timezone(value))
			return error_set(e, ERR_INPUT, "timezone: '%s' is not an IANA time zone such as America/New_York",
					 value);
		return 0;
	}
	if (!strcmp(field, "pays_bills")) {
		if (!*value || !strcasecmp(value, "false") || !strcasecmp(value, "no") || !strcmp(value, "0"))
			c->pays_bills = 0;
		else if (!strcasecmp(value, "true") || !strcasecmp(value, "yes") || !strcmp(value, "1"))
			c->pays_bills = 1;
		else
			return error_set(e, ERR_INPUT, "pays_bills: '%s' is not true or false", value);
		return 0;
	}
	return error_set(e, ERR_INPUT, "'%s' cannot be changed on a contact (only %s)", field, VALIDATE_CONTACT_FIELDS);
}

const char *validate_customer_get(const struct customer *c, const char *field, char *buf, size_t size)
{
	const char *v = "";
	if (!strcmp(field, "name"))
		v = c->name;
	else if (!strcmp(field, "email"))
		v = c->email;
	else if (!strcmp(field, "phone"))
		v = c->phone;
	else if (!strcmp(field, "address"))
		v = c->address;
	else if (!strcmp(field, "language"))
		v = c->language;
	else if (!strcmp(field, "timezone"))
		v = c->timezone;
	else if (!strcmp(field, "profile"))
		v = c->profile;
	else if (!strcmp(field, "credit_limit"))
		return money_format(c->credit_limit, currency_exponent(c->currency), buf, size);
	snprintf(buf, size, "%s", v);
	return buf;
}

const char *validate_contact_get(const struct contact *c, const char *field, char *buf, size_t size)
{
	const char *v = "";
	if (!strcmp(field, "name"))
		v = c->name;
	else if (!strcmp(field, "role"))
		v = c->role;
	else if (!strcmp(field, "email"))
		v = c->email;
	else if (!strcmp(field, "phone"))
		v = c->phone;
	else if (!strcmp(field, "timezone"))
		v = c->timezone;
	else if (!strcmp(field, "best_time"))
		v = c->best_time;
	else if (!strcmp(field, "pays_bills"))
		v = c->pays_bills ? "true" : "false";
	snprintf(buf, size, "%s", v);
	return buf;
}

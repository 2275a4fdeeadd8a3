/*
 * validate.c: see validate.h. The country and language lists come from
 * ICU; languages already accepted are cached per thread, because an import
 * checks the same few a million times. Zones are core/tz's, which caches
 * every zone it has looked up.
 */
#include "core/validate.h"

#include "core/tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

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

int validate_text_n(const char *s, size_t len, size_t max, int free_text, char *why, size_t size)
{
	int32_t i = 0;

	while ((size_t)i < len) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0) {
			snprintf(why, size, "not valid UTF-8");
			return 1;
		}
		if (free_text && (c == '\t' || c == '\n' || c == '\r'))
			continue;
		if (c == 0) {
			snprintf(why, size, "contains a NUL byte (byte 0x00)");
			return 1;
		}
		if (c < 0x20 || c == 0x7f) {
			snprintf(why, size, "contains a control character (byte 0x%02x)", (unsigned)c);
			return 1;
		}
		if (c >= 0x80 && c <= 0x9f) {
			snprintf(why, size, "contains a control character (U+%04X)", (unsigned)c);
			return 1;
		}
	}
	if (len > max) {
		snprintf(why, size, "too long: %zu bytes, at most %zu", len, max);
		return 1;
	}
	return 0;
}

int validate_text(const char *what, const char *s, size_t max, int free_text, struct error *e)
{
	char why[128];

	if (validate_text_n(s, strlen(s), max, free_text, why, sizeof(why)))
		return error_set(e, ERR_INPUT, "%s: %s", what, why);
	return 0;
}

/* Invisible or a space other than U+0020: what makes two refs look the same. */
static int ref_lookalike(UChar32 c)
{
	return (c != ' ' && u_isUWhiteSpace(c)) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/*
 * s for a message, each such character written <U+XXXX> (a direction
 * override would turn the line round), and a control byte \xNN (an escape
 * sequence would act on the terminal).
 */
static void ref_shown(const char *s, int32_t len, char *out, size_t size)
{
	size_t o = 0;
	int32_t i = 0;

	out[0] = '\0';
	while (i < len && o + 12 < size) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c >= 0 && (c < 0x20 || c == 0x7f)) {
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", (unsigned)c);
		} else if (c >= 0 && ref_lookalike(c)) {
			o += (size_t)snprintf(out + o, size - o, "<U+%04X>", (unsigned)c);
		} else {
			memcpy(out + o, s + at, (size_t)(i - at));
			o += (size_t)(i - at);
			out[o] = '\0';
		}
	}
}

int validate_ref(const char *s, char *why, size_t size)
{
	int32_t len = (int32_t)strlen(s), i = 0;
	UChar u[256];
	int32_t n = 0;
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc;

	int32_t ascii = 0;

	if (len && (s[0] == ' ' || s[len - 1] == ' ')) {
		snprintf(why, size, "'%s' has leading or trailing spaces", s);
		return 0;
	}
	while (ascii < len && (unsigned char)s[ascii] < 0x80)
		ascii++;
	if (ascii == len)
		return 1; /* ASCII (what nearly every ref is, a million a file): in NFC, no other space, nothing invisible */
	while (i < len) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c < 0) {
			snprintf(why, size, "not valid UTF-8");
			return 0;
		}
		if (ref_lookalike(c)) {
			char name[96], shown[400];
			UErrorCode nerr = U_ZERO_ERROR;
			u_charName(c, U_UNICODE_CHAR_NAME, name, (int32_t)sizeof(name), &nerr);
			if (U_FAILURE(nerr) || !name[0])
				snprintf(name, sizeof(name), "(no name)");
			ref_shown(s, len, shown, sizeof(shown));
			snprintf(why, size,
				 "'%s' contains U+%04X %s at byte %d: a ref may not hold an invisible character or "
				 "a space other than U+0020, which make two refs look the same",
				 shown, (unsigned)c, name, (int)at + 1);
			return 0;
		}
	}
	u_strFromUTF8(u, (int32_t)(sizeof(u) / sizeof(u[0])), &n, s, len, &err);
	nfc = unorm2_getNFCInstance(&err);
	if (U_SUCCESS(err) && !unorm2_isNormalized(nfc, u, n, &err) && U_SUCCESS(err)) {
		snprintf(why, size,
			 "'%s' is not in Unicode's composed form (NFC): an accent is stored apart from its letter, "
			 "so the ref would differ from the same ref typed elsewhere; save the file as NFC",
			 s);
		return 0;
	}
	return 1;
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

/* A small cache of language tags already validated; portfolios use few. */
#define NAME_CACHE 64
struct name_cache {
	char names[NAME_CACHE][LANG_MAX + 1];
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
		snprintf(c->names[c->n++], LANG_MAX + 1, "%s", name);
}

int validate_timezone_offset(const char *name, int *east)
{
	const char *p = name + sizeof("Etc/GMT") - 1;
	int hours = 0;

	*east = 0;
	if (strncmp(name, "Etc/GMT", sizeof("Etc/GMT") - 1) || (*p != '+' && *p != '-') || !p[1])
		return 0;
	for (const char *d = p + 1; *d; d++) {
		if (*d < '0' || *d > '9' || hours > 99)
			return 0;
		hours = hours * 10 + (*d - '0');
	}
	*east = *p == '+' ? -hours : hours;
	return hours != 0;
}

int validate_timezone(const char *name)
{
	int east;

	/* core/tz knows the zones (and caches them); "UTC" or "EST5EDT" are not places, nor "Etc/GMT+5" */
	return strchr(name, '/') && !validate_timezone_offset(name, &east) && tz_validate(name, NULL) == 0;
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

int validate_phone_e164(const char *s, char *out, size_t size)
{
	size_t n = 0;
	const char *p = s;

	if (size)
		out[0] = '\0';
	while (*p == ' ')
		p++;
	if (*p++ != '+' || size < VALIDATE_E164_SIZE)
		return 0;
	out[n++] = '+';
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == VALIDATE_E164_SIZE - 1) {
				out[0] = '\0';
				return 0; /* more than 15 digits */
			}
			out[n++] = *p;
		} else if (!strchr("-() .", *p)) {
			out[0] = '\0';
			return 0;
		}
	}
	out[n] = '\0';
	if (n < 9 || out[1] == '0') {
		out[0] = '\0';
		return 0; /* fewer than 8 digits, or no country code begins with 0 */
	}
	return 1;
}

/* The check digit over the first n characters (their codes less 48), weights n-7..2 then 9..2. */
static int cnpj_digit(const char *c, int n)
{
	int sum = 0, w = n - 7;

	for (int i = 0; i < n; i++) {
		sum += (c[i] - '0') * w;
		w = w == 2 ? 9 : w - 1;
	}
	return sum % 11 < 2 ? 0 : 11 - sum % 11;
}

int validate_cnpj(const char *s, char *why, size_t size)
{
	char c[15];
	int n = 0, same = 1;

	for (const char *p = s; *p; p++) {
		if (strchr("./- ", *p))
			continue;
		if (n == 14) {
			snprintf(why, size, "has more than 14 characters besides the mask's . / -");
			return 0;
		}
		c[n++] = *p;
	}
	if (n != 14) {
		snprintf(why, size,
			 "has %d characters besides the mask's . / -, not 14 (12 digits or capital letters, "
			 "then 2 check digits)",
			 n);
		return 0;
	}
	for (int i = 0; i < 14; i++) {
		int digit = c[i] >= '0' && c[i] <= '9', letter = c[i] >= 'A' && c[i] <= 'Z';
		if (i < 12 ? !digit && !letter : !digit) {
			snprintf(why, size, "has '%c' as character %d, where %s belongs", c[i], i + 1,
				 i < 12 ? "a digit or a capital letter" : "a check digit");
			return 0;
		}
		same = same && c[i] == c[0];
	}
	if (same) {
		snprintf(why, size, "is one digit repeated, which no CNPJ is");
		return 0;
	}
	if (cnpj_digit(c, 12) != c[12] - '0' || cnpj_digit(c, 13) != c[13] - '0') {
		snprintf(why, size, "has wrong check digits (a mistyped character?)");
		return 0;
	}
	return 1;
}

void validate_shown(const char *s, char *out, size_t size)
{
	size_t n = strlen(s);
	ref_shown(s, n > INT32_MAX ? INT32_MAX : (int32_t)n, out, size);
}

/*
 * validate.h: the checks a value typed by a user must pass, shared by the
 * CSV importer (app/import.c) and the field tables (codec/fields.c,
 * which the commands that correct a record use), so that a value refused
 * by one is refused by the other with the same words.
 *
 * The predicates return 1 (valid) or 0.
 */
#ifndef RECOUP_VALIDATE_H
#define RECOUP_VALIDATE_H

#include <stddef.h>

#include "core/error.h"
#include "core/model.h"

/* Well-formed UTF-8 (no overlong forms, no surrogates). */
int validate_utf8(const char *s, size_t len);
/*
 * The one check of text a user typed, from a file or a command line:
 * valid UTF-8, no NUL, no control character (C0, DEL or C1; with
 * `free_text`, tab and line breaks are allowed), at most `max` bytes.
 * validate_text_n looks at `len` bytes (a CSV field may hold a NUL) and
 * writes the first problem to `why` ("contains a NUL byte (byte 0x00)",
 * "contains a control character (byte 0x1b)" or "(U+0085)", "not valid
 * UTF-8", "too long: 70 bytes, at most 64"): 1 when there is one, else 0.
 * validate_text checks a C string and names it in the error: "--note:
 * contains a control character (byte 0x1b)".
 */
int validate_text_n(const char *s, size_t len, size_t max, int free_text, char *why, size_t size);
int validate_text(const char *what, const char *s, size_t max, int free_text, struct error *e);

/*
 * A record's own ref (customer_ref, invoice_ref, ...), text that passed
 * validate_text_n: no space at either end, and nothing that makes two
 * different refs look the same: no space other than U+0020 (no-break,
 * thin, ideographic...), no invisible character (Unicode's default
 * ignorable code points: zero-width space and joiners, direction marks and
 * overrides, soft hyphen, byte-order mark...) and Unicode's composed form
 * (NFC), so that "é" is one code point whichever keyboard typed it. 1
 * valid; 0 with why filled ("contains U+00A0 NO-BREAK SPACE at byte 9").
 */
int validate_ref(const char *s, char *why, size_t size);
/*
 * s as a message may show text from a file or a request: a control byte
 * written \xNN, an invisible character, a direction mark or override, a
 * space other than U+0020 written <U+XXXX> (as a ref's refusal names
 * them), the rest as it is; cut short rather than past `size` (12 bytes
 * at least: each written form is whole).
 */
void validate_shown(const char *s, char *out, size_t size);

/* A tenant name: 1 to VALIDATE_TENANT_MAX bytes of UTF-8, no control characters. */
#define VALIDATE_TENANT_MAX 64
int validate_tenant_name(const char *name, struct error *e);

int validate_country(const char *code);  /* ISO 3166-1 alpha-2, as ICU knows them */
int validate_timezone(const char *name); /* an IANA region zone ("Europe/Warsaw"), not an offset */
int validate_language(const char *tag);  /* a BCP 47 tag ICU parses whole */
int validate_email(const char *s);       /* plausible: one @, a dot after it, no space */
int validate_phone(const char *s);       /* digits and + - ( ) . space, 5 digits at least */
/*
 * A phone as an SMS gateway takes it: E.164, "+" and the country code and
 * number, 8 to 15 digits ("+48 600 000 001" -> "+48600000001"). The
 * separators validate_phone allows are dropped; a number without its "+"
 * and country code ("(212) 555-0199", "0600 000 001") has none that can be
 * told from it: 0, and *out empty. 1 and *out (size 17 or more) otherwise.
 */
#define VALIDATE_E164_SIZE 17
int validate_phone_e164(const char *s, char *out, size_t size);
/*
 * The hours east of UTC of a fixed-offset zone "Etc/GMT+5" (-5: POSIX's
 * sign is the other way round) or "Etc/GMT-14" (14), in *east; 1 for such
 * a zone with an offset other than 0, else 0. validate_timezone refuses
 * them: the sign is a trap (a user who means UTC+5 gets calls ten hours
 * off), and an offset has no summer time and no place's holidays.
 */
int validate_timezone_offset(const char *name, int *east);
/*
 * A Brazilian CNPJ: 14 characters once the mask's '.', '/', '-' and spaces
 * are dropped, the first 12 digits or (since July 2026, IN RFB 2.229/2024)
 * capital letters, the last two the check digits (modulo 11 over each
 * character's code less 48, weights 5..2,9..2 then 6..2,9..2), not one
 * digit repeated. 1 valid; 0 with why filled.
 */
int validate_cnpj(const char *s, char *why, size_t size);

#endif

/*
 * validate.h: the checks a value typed by a user must pass, shared by the
 * CSV importer (ingest/csv_import.c) and the commands that correct a record
 * (`recoup customer set`, `recoup contact set`), so that a value refused by
 * one is refused by the other with the same words.
 *
 * The predicates return 1 (valid) or 0. The *_set functions parse one
 * "field=value" assignment into a record: 0, or -ERR_INPUT with `e` saying
 * what is wrong ("timezone: 'Mars/Olympus' is not an IANA time zone ...").
 * They never touch fields other than the one named, and never look at the
 * database: a profile name is checked against the presets and the tenant's
 * profiles by the caller (store_profile_exists).
 */
#ifndef RECOUP_VALIDATE_H
#define RECOUP_VALIDATE_H

#include <stddef.h>

#include "core/error.h"
#include "core/model.h"

/* Well-formed UTF-8 (no overlong forms, no surrogates). */
int validate_utf8(const char *s, size_t len);
/*
 * Text a user typed: valid UTF-8, at most `max` bytes, no control
 * characters (with `free_text`, tab and line breaks are allowed).
 * `what` names the value in the message: "--note: contains a control
 * character (byte 0x1b)".
 */
int validate_text(const char *what, const char *s, size_t max, int free_text, struct error *e);

/* A tenant name: 1 to VALIDATE_TENANT_MAX bytes of UTF-8, no control characters. */
#define VALIDATE_TENANT_MAX 64
int validate_tenant_name(const char *name, struct error *e);

int validate_country(const char *code);   /* ISO 3166-1 alpha-2, as ICU knows them */
int validate_timezone(const char *name);  /* an IANA region zone ("Europe/Warsaw"), not an offset */
int validate_language(const char *tag);   /* a BCP 47 tag ICU parses whole */
int validate_email(const char *s);        /* plausible: one @, a dot after it, no space */
int validate_phone(const char *s);        /* digits and + - ( ) . space, 5 digits at least */

/*
 * The fields a correction may change. Identity (ref, kind, country,
 * currency) never changes: an invoice and its ledger depend on it.
 */
#define VALIDATE_CUSTOMER_FIELDS "name, email, phone, address, language, timezone, profile, credit_limit"
#define VALIDATE_CONTACT_FIELDS "name, role, email, phone, timezone, best_time, pays_bills"

/* 1 when `field` is one of the above. */
int validate_customer_field(const char *field);
int validate_contact_field(const char *field);

/* Sets `field` of c from text (credit_limit in major units of c->currency). */
int validate_customer_set(struct customer *c, const char *field, const char *value, struct error *e);
int validate_contact_set(struct contact *c, const char *field, const char *value, struct error *e);
/* The field as text, as the importer and `export` write it ("" for an unknown field). */
const char *validate_customer_get(const struct customer *c, const char *field, char *buf, size_t size);
const char *validate_contact_get(const struct contact *c, const char *field, char *buf, size_t size);

#endif

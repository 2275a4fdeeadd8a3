/*
 * template.h: the texts of the messages recoup sends (docs/channels.md,
 * "Templates").
 *
 * A template is data a manager edits: per template name (the strategy
 * step's "template"), channel (email, sms, letter), language (BCP 47: "en",
 * "pl", "pt-BR", "de", "fr") and audience. Its parts are a subject (email and letter),
 * a plain text body and, for email, an HTML body. Bodies are a Mustache
 * subset (no Debian package ships a Mustache library for C, see DESIGN.md):
 *
 *   {{name}}        the value of a merge field, HTML-escaped in an HTML part
 *                   (& < > " ' / ` =, as mustache.js does)
 *   {{{name}}}      the same, never escaped (and {{& name}})
 *   {{a.b}}         a dotted name looks into objects
 *   {{#name}}..{{/name}}  a section: once per element of a list, once for a
 *                   true value or an object (its fields are then in scope),
 *                   never for false, null, 0, "" or an empty list
 *   {{^name}}..{{/name}}  an inverted section: once when the section would not be
 *   {{! comment }}  nothing
 *   {{.}}           the current element (a list of strings)
 *
 * Partials, delimiter changes and lambdas are not supported: a template
 * using them is refused by template_parse (a "{{>" or "{{=" tag). A value
 * is rendered as a string: a JSON string as is, an integer in decimal,
 * true/false as "true"/"false", null and a missing field as "".
 *
 * Merge fields (the data the caller passes, template_fields lists them;
 * amounts and dates come pre-formatted in the debtor's locale so that a
 * template never does arithmetic):
 *   creditor.name creditor.address creditor.cnpj creditor.email
 *   creditor.phone (creditor.cnpj: the setting letter.cnpj, "" when unset;
 *   a message to a debtor in Brazil must show it, app/send.c)
 *   customer.name customer.ref
 *   contact.name
 *   invoices (a list; inside it: ref, issue_date, due_date, amount,
 *             balance, days_past_due, currency)
 *   invoice_count total currency due_date (the earliest due date)
 *   days_past_due (the oldest invoice's)
 *   payment_instructions collector.name collector.email collector.phone
 *   optout_url optout_email optout_line
 *   message_id today
 *
 * Callers that need a message's template and data (the outbox, the PDF
 * letters): app/templates.h templates_find() looks up the tenant's edited
 * copy, then the shipped one, along the language chain; app/send.h
 * send_merge_data() builds the merge data above from a customer, contact
 * and invoices.
 *
 * Ownership: every char * returned is malloc'd and freed by the caller;
 * a `struct template_doc` owns nothing (pointers into the caller's text)
 * unless filled by template_doc_copy (then template_doc_release frees it).
 */
#ifndef RECOUP_CHANNELS_TEMPLATE_H
#define RECOUP_CHANNELS_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

#define TEMPLATE_NAME_MAX 64
#define TEMPLATE_LANG_MAX 16
/* Bytes of one part of a template as stored (subject, text, html). */
#define TEMPLATE_PART_MAX 65536

/*
 * Who reads the message (core/contact_rules: the verdict's audience):
 *   debtor: the debtor or a person authorised to pay;
 *   third_party: anyone else: never mentions a debt, an amount owed or a
 *     collection (the validator refuses one that does, in en, pl, pt-BR,
 *     de and fr);
 *   voicemail_limited: the limited-content message (a name, the creditor's
 *     name without what it does, a request to call back): no invoice list,
 *     no amount, no debt.
 */
enum template_audience { TEMPLATE_DEBTOR = 0, TEMPLATE_THIRD_PARTY, TEMPLATE_VOICEMAIL_LIMITED };
const char *template_audience_name(enum template_audience a);
/* 0 and *out, or -ERR_INPUT naming the audiences. */
int template_audience_parse(const char *name, enum template_audience *out, struct error *e);

struct template_doc {
	const char *name;    /* [a-z0-9_-], 1..TEMPLATE_NAME_MAX */
	const char *channel; /* "email", "sms", "letter" */
	const char *lang;    /* "en", "pl", "pt-BR", "de", "fr"... */
	enum template_audience audience;
	const char *subject; /* email: required; letter: the heading, optional; sms, call: NULL */
	const char *text;    /* required */
	const char *html;    /* email: optional (the text is sent alone without it); others: NULL */
};

/*
 * Renders `src` with `data` (a JSON object; borrowed). html: 1 escapes the
 * values of {{x}} for HTML (& < > " '), 0 leaves them. *out is malloc'd.
 * -ERR_INPUT for a template that does not parse (an unclosed section or
 * tag, a section closed by another name, an unsupported tag), the message
 * giving the byte offset.
 */
int template_render(const char *src, const json_t *data, int html, char **out, struct error *e);

/*
 * The merge fields a template uses, each once, as dotted names with a list
 * section's fields prefixed by its name ("invoices.ref"); for checking.
 * Returns a JSON array of strings (caller decrefs) or NULL with e set
 * (-ERR_INPUT as template_render).
 */
json_t *template_fields_used(const char *src, struct error *e);

/* 1 when `name` (as template_fields_used gives it) is a known merge field. */
int template_field_known(const char *name);

/*
 * Validates a template before it is stored or sent: the name, channel,
 * language and audience; each part parses and uses only known merge
 * fields; the required elements are there (a debtor email or SMS carries
 * the opt-out: {{optout_line}} or {{optout_url}}; a debtor email names the
 * creditor; a third_party or voicemail_limited one uses no invoice, amount
 * or due date field and no word for a debt in English, Polish,
 * Portuguese, German or French). -ERR_INPUT with the part ("subject", "text", "html") as
 * e->field and the reason.
 */
int template_validate(const struct template_doc *t, struct error *e);

/*
 * The shipped templates (en, pl, pt-BR, de, fr) for the preset strategies' message
 * steps, and a "default" per channel and audience that a step without its
 * own template falls back to. NULL when none. The returned doc is static.
 */
const struct template_doc *template_shipped(const char *name, const char *channel, const char *lang,
					    enum template_audience audience);
/* Every shipped template in a stable order; returns how many, *out static. */
size_t template_shipped_all(const struct template_doc **out);

/*
 * The languages to try for a message, most specific first: `lang`
 * ("pt-BR"), its primary subtag ("pt") when different, the tenant's
 * language, "en"; duplicates and empty ones left out. Writes up to `max`
 * entries of TEMPLATE_LANG_MAX + 1 bytes into `out`; returns how many.
 */
size_t template_lang_chain(const char *lang, const char *tenant_lang, char out[][TEMPLATE_LANG_MAX + 1], size_t max);

#endif

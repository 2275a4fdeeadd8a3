/*
 * templates.h: the message templates as managers see them (docs/channels.md,
 * "Templates"): `recoup template list|show|set|preview`, and the lookup
 * the outbox and the letters use.
 *
 * A tenant's stored template of (name, channel, lang, audience) replaces
 * the shipped one (channels/template.h). Lookup for a message, in order:
 * the step's template stored by the tenant, in the first language of
 * template_lang_chain (the debtor's, its primary subtag, the tenant's, en)
 * that has one; else, for each language of the chain up to the first with
 * a "default" (stored or shipped), the step's shipped text, then that
 * "default". So a tenant's own text of a step always goes out, and a step with
 * no text of its own in the debtor's language (the shipped step texts are
 * in English, the generic presets' in Polish too, Brazil's in Brazilian
 * Portuguese too, the companies' in German and French too:
 * channels/template_shipped.c) still goes out in it.
 */
#ifndef RECOUP_APP_TEMPLATES_H
#define RECOUP_APP_TEMPLATES_H

#include "app/app.h"
#include "channels/template.h"

struct store_tx;

/* A template found for a message: owned strings (templates_found_release). */
struct templates_found {
	char *name, *channel, *lang, *subject, *text, *html;
	enum template_audience audience;
	int stored; /* 1 the tenant's, 0 shipped */
};
void templates_found_release(struct templates_found *f);

/*
 * Finds the template for a message as above: 1 and *out (release it), 0
 * when none (not even a "default" in English), or -ERR_ENV.
 */
int templates_find(struct store_tx *tx, const char *name, const char *channel, const char *lang,
		   const char *tenant_lang, enum template_audience audience, struct templates_found *out,
		   struct error *e);

/*
 * Every template: the shipped ones, then the tenant's (stored 1), each once
 * per key; doc valid in the callback. 0, or the callback's nonzero return
 * (it stopped the listing there), or -ERR_*.
 */
typedef int (*templates_cb)(void *ctx, const struct template_doc *doc, int stored);
int templates_list(const struct app_ctx *ctx, templates_cb cb, void *cb_ctx, struct error *e);

/* The template of exactly that key, the tenant's else shipped: 0 and *out, -ERR_NOT_FOUND. */
int templates_show(const struct app_ctx *ctx, const char *name, const char *channel, const char *lang,
		   enum template_audience audience, struct templates_found *out, struct error *e);

/* Validates (template_validate) and stores; audited. -ERR_INPUT with the reason, nothing stored. */
int templates_set(const struct app_ctx *ctx, const struct template_doc *doc, struct error *e);

/*
 * Renders a template with sample merge data (customer "Sample Customer",
 * two invoices; amounts in the template's language) or, with
 * `customer_ref`, that customer's open invoices: *subject, *text, *html
 * malloc'd ("" when the part is absent).
 */
int templates_preview(const struct app_ctx *ctx, const char *name, const char *channel, const char *lang,
		      enum template_audience audience, const char *customer_ref, char **subject, char **text,
		      char **html, struct error *e);

#endif

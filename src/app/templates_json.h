/*
 * templates_json.h: a template as JSON, the one document `recoup template
 * show --format json` prints, `template set FILE` reads, and the API's
 * /api/v1/templates routes answer and take (docs/channels.md, docs/api.md).
 *
 * The document is {name, channel, lang, audience, subject, text, html},
 * every value a string ("" for a part the channel has not); a list item is
 * {name, channel, lang, audience, source} with source "tenant" or
 * "shipped". The keys are a stable interface.
 */
#ifndef RECOUP_APP_TEMPLATES_JSON_H
#define RECOUP_APP_TEMPLATES_JSON_H

#include <jansson.h>

#include "app/templates.h"

/* The document of a template (a new reference, NULL when out of memory). */
json_t *templates_doc_json(const char *name, const char *channel, const char *lang, enum template_audience audience,
			   const char *subject, const char *text, const char *html);
/* A list item of templates_list's callback (a new reference). */
json_t *templates_item_json(const struct template_doc *doc, int stored);

/*
 * Reads a document into *d (pointers into `j`, which must outlive *d): a
 * key that is not a template field, or a value that is not a string, is
 * -ERR_INPUT naming the key; `where` starts the message ("t.json", "the
 * request body"). An absent audience is debtor. What the values mean is
 * templates_set's to check.
 */
int templates_doc_from_json(const json_t *j, const char *where, struct template_doc *d, struct error *e);

#endif

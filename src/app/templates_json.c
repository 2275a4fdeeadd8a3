/*
 * templates_json.c: a template as JSON, shared by `recoup template` and the
 * API (templates_json.h).
 */
#include <string.h>

#include "app/templates_json.h"

json_t *templates_doc_json(const char *name, const char *channel, const char *lang, enum template_audience audience,
			   const char *subject, const char *text, const char *html)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", name, "channel", channel, "lang", lang,
			 "audience", template_audience_name(audience), "subject", subject ? subject : "", "text",
			 text ? text : "", "html", html ? html : "");
}

json_t *templates_item_json(const struct template_doc *doc, int stored)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", doc->name, "channel", doc->channel, "lang", doc->lang,
			 "audience", template_audience_name(doc->audience), "source", stored ? "tenant" : "shipped");
}

static const char *str_field(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int templates_doc_from_json(const json_t *j, const char *where, struct template_doc *d, struct error *e)
{
	static const char *const keys[] = { "name", "channel", "lang", "audience", "subject", "text", "html" };
	const char *k;
	const char *aud;
	json_t *v;

	json_object_foreach((json_t *)j, k, v)
	{
		int known = 0;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			known |= strcmp(k, keys[i]) == 0;
		if (!known || !json_is_string(v))
			return error_set_field(e, ERR_INPUT, k, "%s: '%s' %s", where, k,
					       known ? "must be a string" : "is not a template field");
	}
	*d = (struct template_doc){ str_field(j, "name"), str_field(j, "channel"), str_field(j, "lang"),
				    TEMPLATE_DEBTOR,      str_field(j, "subject"), str_field(j, "text"),
				    str_field(j, "html") };
	aud = str_field(j, "audience");
	return aud ? template_audience_parse(aud, &d->audience, e) : 0;
}

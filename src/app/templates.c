/*
 * templates.c: see templates.h.
 */
#include "app/templates.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/config.h"
#include "app/send.h"
#include "core/money.h"
#include "store/channels.h"
#include "store/ledger.h"
#include "store/parties.h"

void templates_found_release(struct templates_found *f)
{
	if (!f)
		return;
	free(f->name);
	free(f->channel);
	free(f->lang);
	free(f->subject);
	free(f->text);
	free(f->html);
	memset(f, 0, sizeof(*f));
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static int fill(struct templates_found *out, const char *name, const char *channel, const char *lang,
		enum template_audience aud, const char *subject, const char *text, const char *html, int stored,
		struct error *e)
{
	out->name = dup_or_empty(name);
	out->channel = dup_or_empty(channel);
	out->lang = dup_or_empty(lang);
	out->subject = dup_or_empty(subject);
	out->text = dup_or_empty(text);
	out->html = dup_or_empty(html);
	out->audience = aud;
	out->stored = stored;
	if (!out->name || !out->channel || !out->lang || !out->subject || !out->text || !out->html) {
		templates_found_release(out);
		return error_set(e, ERR_ENV, "templates: out of memory");
	}
	return 1;
}

struct match {
	const char *channel, *lang, *audience;
	struct templates_found *out;
	int found;
	struct error *e;
};

static int match_stored(void *ctx, const struct stored_template *t)
{
	struct match *m = ctx;
	enum template_audience aud;
	struct error ignore = ERROR_INIT;
	if (strcmp(t->channel, m->channel) != 0 || strcmp(t->audience, m->audience) != 0 ||
	    strcasecmp(t->lang, m->lang) != 0)
		return 0;
	if (template_audience_parse(t->audience, &aud, &ignore) < 0)
		return 0;
	m->found = fill(m->out, t->name, t->channel, t->lang, aud, t->subject, t->text, t->html, 1, m->e);
	return 1;
}

/* The tenant's template of exactly (name, channel, lang, audience). 1, 0 or -ERR_*. */
static int find_stored(struct store_tx *tx, const char *name, const char *channel, const char *lang,
		       enum template_audience aud, struct templates_found *out, struct error *e)
{
	struct match m = { channel, lang, template_audience_name(aud), out, 0, e };
	int ret = store_templates_each(tx, name, match_stored, &m, e);
	if (ret < 0)
		return ret;
	return m.found;
}

static int fill_shipped(const struct template_doc *d, struct templates_found *out, struct error *e)
{
	return fill(out, d->name, d->channel, d->lang, d->audience, d->subject, d->text, d->html, 0, e);
}

/* The template of exactly (name, channel, lang, audience): the tenant's, else shipped. 1, 0 or -ERR_*. */
static int find_exact(struct store_tx *tx, const char *name, const char *channel, const char *lang,
		      enum template_audience aud, struct templates_found *out, struct error *e)
{
	int ret = find_stored(tx, name, channel, lang, aud, out, e);
	if (ret != 0)
		return ret;
	const struct template_doc *d = template_shipped(name, channel, lang, aud);
	if (!d)
		return 0;
	return fill_shipped(d, out, e);
}

int templates_find(struct store_tx *tx, const char *name, const char *channel, const char *lang,
		   const char *tenant_lang, enum template_audience audience, struct templates_found *out,
		   struct error *e)
{
	char chain[6][TEMPLATE_LANG_MAX + 1];
	size_t n = template_lang_chain(lang, tenant_lang, chain, 6);
	int step = strcmp(name, "default") != 0, have_default = 0, ret = 0;
	struct templates_found dflt = { 0 };

	/*
	 * First the step's template stored by the tenant, in any language of
	 * the chain: the tenant wrote that step's words, and they go before
	 * any shipped text (a shipped translation of the generic step does
	 * not displace them). Then along the chain: the step's shipped text,
	 * and the "default" (the tenant's, else shipped), only up to the first
	 * language that has a "default" (templates.h).
	 */
	for (size_t i = 0; step && i < n && ret == 0; i++)
		ret = find_stored(tx, name, channel, chain[i], audience, out, e);
	for (size_t i = 0; i < n && ret == 0 && !have_default; i++) {
		const struct template_doc *d = step ? template_shipped(name, channel, chain[i], audience) : NULL;
		if (d) {
			ret = fill_shipped(d, out, e);
			continue;
		}
		ret = find_exact(tx, "default", channel, chain[i], audience, &dflt, e);
		have_default = ret > 0;
		ret = ret < 0 ? ret : 0;
	}
	if (ret != 0 || !have_default) {
		templates_found_release(&dflt);
		return ret;
	}
	*out = dflt;
	return 1;
}

struct list_ctx {
	templates_cb cb;
	void *cb_ctx;
};

static int relay_stored(void *ctx, const struct stored_template *t)
{
	struct list_ctx *l = ctx;
	struct template_doc d = { t->name, t->channel, t->lang, TEMPLATE_DEBTOR, t->subject, t->text, t->html };
	struct error ignore = ERROR_INIT;
	template_audience_parse(t->audience, &d.audience, &ignore);
	return l->cb(l->cb_ctx, &d, 1);
}

int templates_list(const struct app_ctx *ctx, templates_cb cb, void *cb_ctx, struct error *e)
{
	const struct template_doc *all;
	size_t n = template_shipped_all(&all);
	struct store_tx *tx = NULL;
	struct list_ctx l = { cb, cb_ctx };
	int ret = 0;

	/* a stop is returned, in the shipped part too: it used to end in 0, a cut list taken for the whole */
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = cb(cb_ctx, &all[i], 0);
	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = store_templates_each(tx, NULL, relay_stored, &l, e);
	store_tx_free(tx);
	return ret;
}

int templates_show(const struct app_ctx *ctx, const char *name, const char *channel, const char *lang,
		   enum template_audience audience, struct templates_found *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = find_exact(tx, name, channel, lang, audience, out, e);
	store_tx_free(tx);
	if (ret == 0)
		return error_set(e, ERR_NOT_FOUND, "template '%s' (%s, %s, %s) not found", name, channel, lang,
				 template_audience_name(audience));
	return ret < 0 ? ret : 0;
}

int templates_set(const struct app_ctx *ctx, const struct template_doc *doc, struct error *e)
{
	struct store_tx *tx = NULL;
	json_t *after = NULL;
	int ret = template_validate(doc, e);
	if (ret < 0)
		return ret;
	struct stored_template st = { doc->name,    doc->channel, doc->lang, template_audience_name(doc->audience),
				      doc->subject, doc->text,    doc->html, ctx->now,
				      ctx->actor };
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = store_template_put(tx, &st, ctx->now, e);
	if (ret == 0) {
		after = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", doc->name, "channel", doc->channel,
				  "lang", doc->lang, "audience", st.audience, "subject",
				  doc->subject ? doc->subject : "", "text", doc->text, "html",
				  doc->html ? doc->html : "");
		ret = app_audit(ctx, tx, "template.set", "template", doc->name, NULL, after, e);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	json_decref(after);
	store_tx_free(tx);
	return ret;
}

/* The sample a preview renders when no customer is named: two invoices, one overdue. */
static void sample(const struct app_ctx *ctx, struct customer *c, struct contact *k, struct invoice inv[2])
{
	memset(c, 0, sizeof(*c));
	memset(k, 0, sizeof(*k));
	memset(inv, 0, 2 * sizeof(*inv));
	snprintf(c->ref, sizeof(c->ref), "SAMPLE");
	snprintf(c->name, sizeof(c->name), "Sample Customer");
	snprintf(k->name, sizeof(k->name), "Alex Sample");
	for (int i = 0; i < 2; i++) {
		snprintf(inv[i].ref, sizeof(inv[i].ref), "INV-%d", 1001 + i);
		snprintf(inv[i].currency, sizeof(inv[i].currency), "EUR");
		inv[i].issue_date = ctx->today - 45 + 15 * i;
		inv[i].due_date = ctx->today - 15 + 15 * i;
		inv[i].amount = 123456 + 100000 * i;
		inv[i].balance = inv[i].amount - 20000 * (1 - i);
	}
}

struct open_ctx {
	struct invoice inv[64];
	size_t n;
};

static int add_open(void *ctx, const struct invoice *inv)
{
	struct open_ctx *o = ctx;
	if (o->n < 64)
		o->inv[o->n++] = *inv;
	return 0;
}

static int first_contact(void *ctx, const struct contact *c)
{
	*(struct contact *)ctx = *c;
	return 1;
}

int templates_preview(const struct app_ctx *ctx, const char *name, const char *channel, const char *lang,
		      enum template_audience audience, const char *customer_ref, char **subject, char **text,
		      char **html, struct error *e)
{
	struct templates_found t = { 0 };
	struct channel_config *cfg = calloc(1, sizeof(*cfg));
	struct open_ctx *open = calloc(1, sizeof(*open));
	struct customer c;
	struct contact k;
	struct store_tx *tx = NULL;
	json_t *data = NULL;
	int ret = cfg && open ? 0 : error_set(e, ERR_ENV, "templates: out of memory");
	*subject = *text = *html = NULL;
	if (ret == 0)
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = config_load(tx, cfg, e);
	if (ret == 0) {
		ret = find_exact(tx, name, channel, lang, audience, &t, e);
		if (ret == 0)
			ret = error_set(e, ERR_NOT_FOUND, "template '%s' (%s, %s, %s) not found", name, channel, lang,
					template_audience_name(audience));
		else if (ret > 0)
			ret = 0;
	}
	const char *currency = "EUR";
	if (ret == 0 && customer_ref) {
		ret = store_customer_get(tx, customer_ref, &c, NULL, e);
		if (ret == 0)
			ret = error_set_field(e, ERR_NOT_FOUND, "customer", "customer '%s' not found", customer_ref);
		else if (ret > 0)
			ret = 0;
		memset(&k, 0, sizeof(k));
		if (ret == 0)
			ret = store_contacts_of_customer(tx, c.id, first_contact, &k, e);
		if (ret >= 0)
			ret = store_open_invoices_of_customer(tx, c.id, c.currency, add_open, open, e);
		currency = c.currency;
	} else if (ret == 0) {
		sample(ctx, &c, &k, open->inv);
		open->n = 2;
	}
	int64_t credit = 0; /* the customer's unapplied credit, as a message would deduct it (send.c) */
	if (ret == 0 && customer_ref)
		ret = store_unapplied_credit(tx, c.id, currency, &credit, e);
	if (ret == 0) {
		int64_t total = -credit;
		for (size_t i = 0; i < open->n; i++)
			total += open->inv[i].balance;
		struct merge_input mi = { .cfg = cfg,
					  .customer = &c,
					  .contact = &k,
					  .invoices = open->inv,
					  .n_invoices = open->n,
					  .currency = currency,
					  .total = total,
					  .credit = credit,
					  .today = ctx->today,
					  .lang = t.lang,
					  .message_id = "<preview@recoup>" };
		data = send_merge_data(&mi);
		ret = data ? 0 : error_set(e, ERR_ENV, "templates: out of memory");
	}
	if (ret == 0)
		ret = template_render(t.subject, data, 0, subject, e);
	if (ret == 0)
		ret = template_render(t.text, data, 0, text, e);
	if (ret == 0)
		ret = template_render(t.html, data, 1, html, e);
	if (ret < 0) {
		free(*subject);
		free(*text);
		free(*html);
		*subject = *text = *html = NULL;
	}
	json_decref(data);
	templates_found_release(&t);
	store_tx_free(tx);
	free(cfg);
	free(open);
	return ret;
}

/*
 * letters.c: gathers what a letter says from the store and draws it with
 * channels/letter_pdf (letters.h has the rules).
 */
#include "app/letters.h"

#include <stdlib.h>
#include <string.h>

#include "app/account_view.h"
#include "app/config.h"
#include "app/customer_view.h"
#include "app/rules_ctx.h"
#include "app/send.h"
#include "app/strategies.h"
#include "app/templates.h"
#include "channels/letter_pdf.h"
#include "core/array.h"
#include "core/money.h"
#include "core/profile.h"
#include "core/strategy.h"
#include "core/validate.h"
#include "core/validation_notice.h"
#include "ingest/outfile.h"
#include "store/actions.h"
#include "store/channels.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/rules_config.h"
#include "store/tenants.h"

/* What one letter holds while it is drawn. */
struct built {
	struct customer_view view;
	struct letter l;
	struct letter_invoice *inv;
	struct invoice *merge_inv; /* the same invoices, as the template's merge data lists them */
	char *body;                /* the rendered template; NULL when --body-file gives the body */
	char *subject;             /* the template's subject, rendered: the heading; NULL: the fixed one */
	const char *currency;      /* of the invoices listed */
	int64_t credit;            /* the customer's unapplied credit in it, deducted from the total */
	int64_t total;             /* asked for: the balances listed less the credit */
	/* a letter of no action: the current holds in its currency (held_invoices), by invoice (0: the whole account) */
	struct hold_ref {
		int64_t invoice_id;
		char kind[HOLD_KIND_MAX + 1];
	} * held;
	size_t n_held, cap_held;
	const struct hold_ref *first_held; /* the hold that kept the first invoice off: named when none is left */
	size_t left_out;                   /* open invoices in the currency left out for a hold */
	char language[LANG_MAX + 1];
	char locale[LANG_MAX + COUNTRY_LEN + 2];
};

/*
 * The options are text a person typed (or a template rendered): UTF-8, no
 * control characters but line breaks and tabs, and bounded, so that every
 * line of a letter fits its place.
 */
static int check_options(const struct letters_options *o, struct error *e)
{
	const struct {
		const char *what, *value;
		size_t max;
	} opts[] = {
		{ "--creditor", o->creditor_name, NAME_MAX_LEN },
		{ "--sender-address", o->sender_address, ADDRESS_MAX },
		{ "--payment-instructions", o->payment_instructions, TEXT_MAX },
		{ "--body-file", o->body, LETTERS_BODY_MAX },
		{ "--supplier-name", o->supplier_name, NAME_MAX_LEN },
		{ "--supplier-address", o->supplier_address, ADDRESS_MAX },
		{ "--cnpj", o->supplier_cnpj, SHORT_MAX },
		{ "--lang", o->language, LANG_MAX },
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].value && validate_text(opts[i].what, opts[i].value, opts[i].max, 1, e) < 0)
			return -ERR_INPUT;
	return 0;
}

/* What the letters of one call share. */
struct shared {
	const struct letters_options *o;
	char tenant_name[NAME_MAX_LEN + 1]; /* the creditor's name when neither --creditor nor creditor.name */
	char tenant_default[PROFILE_MAX + 1];
	/*
	 * The tenant's settings with the options given in their place
	 * (letterhead_settings): the letterhead, the "How to pay" section, the
	 * CNPJ, and the templates' merge data, so that the page and the body agree.
	 */
	struct channel_config *cfg;
	struct strategies_set strategies; /* the day's letters: the templates their steps name */
	int have_strategies;
	int as_known; /* `recoup letter --as-of` a day before today: the book as known at its end (known_then) */
};

/*
 * What a letter stands for: the action whose strategy step names its
 * template, and what the letter is about: the invoices the emails of its
 * actions would list (send_check_letter), in `currency`, oldest due first,
 * and the customer's unapplied credit in it. NULL for a letter of no
 * action (`recoup letter REF`), which is about every open invoice of the
 * customer in its currency.
 */
struct letter_source {
	int64_t action_id, contact_id;
	const char *strategy, *step;
	const char *currency;
	const struct invoice *inv;
	size_t n_inv;
	int64_t credit;
};

static void built_release(struct built *b)
{
	customer_view_release(&b->view);
	free(b->inv);
	free(b->merge_inv);
	free(b->body);
	free(b->subject);
	free(b->held);
	b->inv = NULL;
	b->merge_inv = NULL;
	b->body = NULL;
	b->subject = NULL;
	b->held = NULL;
	b->n_held = b->cap_held = b->left_out = 0;
	b->first_held = NULL;
}

static void shared_end(struct shared *sh)
{
	free(sh->cfg);
	sh->cfg = NULL;
	if (sh->have_strategies)
		strategies_release(&sh->strategies);
	sh->have_strategies = 0;
}

struct tenant_name {
	int64_t id;
	char *out;
	size_t size;
};

static int on_tenant(void *ctx, int64_t id, const char *name)
{
	struct tenant_name *t = ctx;
	if (id == t->id)
		snprintf(t->out, t->size, "%s", name);
	return 0;
}

/*
 * What the letter prints in the letterhead, the "How to pay" section and a
 * Brazilian letter's supplier block (docs/channels.md, "Letters"): each
 * option given (a flag of `recoup letter`; an empty one leaves the text
 * off, but for the creditor's name), else the tenant's setting (`recoup
 * config`: creditor.name, letter.sender_address, payment.instructions,
 * letter.cnpj); the creditor's name, else the tenant's. The one place
 * both `recoup letter` and `recoup send --letters-to` (which gives no
 * option) take them from, so that both print the same letter. They are
 * written over the settings the templates' merge data takes, so that the
 * body and the page agree; a letter has no opt-out link (the page behind
 * it opts out email addresses).
 */
static int letterhead_settings(struct shared *sh, struct error *e)
{
	const struct letters_options *o = sh->o;
	struct channel_config *cfg = sh->cfg;
	const struct {
		const char *given, *key;
		char *setting;
		size_t max;
	} f[] = {
		{ o->creditor_name && *o->creditor_name ? o->creditor_name : NULL, "creditor.name", cfg->creditor_name,
		  NAME_MAX_LEN },
		{ o->sender_address, "letter.sender_address", cfg->letter_sender_address, ADDRESS_MAX },
		{ o->payment_instructions, "payment.instructions", cfg->payment_instructions, TEXT_MAX },
		{ o->supplier_cnpj, "letter.cnpj", cfg->letter_cnpj, SHORT_MAX },
	};
	char what[64];

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		/* an option is shorter than the setting's field (check_options) */
		if (f[i].given) {
			snprintf(f[i].setting, CHANNEL_SETTING_MAX, "%s", f[i].given);
			continue;
		}
		/* `config set` allows longer text than a letter has room for */
		snprintf(what, sizeof(what), "the setting %s", f[i].key);
		if (validate_text(what, f[i].setting, f[i].max, 1, e) < 0)
			return -ERR_INPUT;
	}
	if (!cfg->creditor_name[0])
		snprintf(cfg->creditor_name, sizeof(cfg->creditor_name), "%s", sh->tenant_name);
	cfg->optout_url[0] = '\0';
	return 0;
}

/* A setting's text, or NULL when it is empty. */
static const char *or_null(const char *s)
{
	return *s ? s : NULL;
}

/*
 * The tenant's name (read before the transaction, since the tenant calls
 * run in their own) and default profile, then the transaction the letters
 * are read in, and the settings (letterhead_settings). shared_end releases
 * it, whatever this returns.
 */
static int shared_begin(const struct app_ctx *ctx, const struct letters_options *o, struct shared *sh,
			struct store_tx **tx, struct error *e)
{
	struct tenant_name t = { ctx->tenant, sh->tenant_name, sizeof(sh->tenant_name) };
	int ret;

	memset(sh, 0, sizeof(*sh));
	sh->o = o;
	if (check_options(o, e) < 0)
		return -ERR_INPUT;
	if (!(o->creditor_name && *o->creditor_name) && store_tenants_each(ctx->store, on_tenant, &t, e) < 0)
		return -ERR_ENV;
	sh->cfg = calloc(1, sizeof(*sh->cfg));
	if (!sh->cfg)
		return error_set(e, ERR_ENV, "letters: out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, tx, e);
	if (ret == 0)
		ret = store_tenant_default_profile(*tx, sh->tenant_default, sizeof(sh->tenant_default), e);
	if (ret == 0)
		ret = config_load(*tx, sh->cfg, e) < 0 ? -ERR_ENV : 0;
	if (ret == 0)
		ret = letterhead_settings(sh, e);
	return ret;
}

/* The language of a country whose letters have one national language recoup writes, else English. */
static const char *country_language(const char *country)
{
	static const char *const by_country[][2] = {
		{ "PL", "pl" }, { "BR", "pt-BR" }, { "DE", "de" }, { "AT", "de" }, { "FR", "fr" },
	};

	for (size_t i = 0; i < sizeof(by_country) / sizeof(by_country[0]); i++)
		if (strcmp(country, by_country[i][0]) == 0)
			return by_country[i][1];
	return "en";
}

/* --lang, else the customer's language, else its country's, else English; the locale adds the country. */
static void pick_language(const struct customer *c, const char *forced, struct built *b)
{
	const char *lang = forced && *forced ? forced : c->language;

	if (!*lang)
		lang = country_language(c->country);
	snprintf(b->language, sizeof(b->language), "%s", lang);
	if (strchr(lang, '-') || !*c->country)
		snprintf(b->locale, sizeof(b->locale), "%s", lang);
	else
		snprintf(b->locale, sizeof(b->locale), "%s-%s", lang, c->country);
}

struct itemize {
	struct itemization *it;
	date_t until; /* a letter as of a past date: the entries dated after it are not known yet; 0: every one */
	struct error *e;
	int failed;
};

static int on_entry(void *ctx, const struct ledger_entry *le)
{
	struct itemize *iz = ctx;
	if (iz->until && le->date > iz->until)
		return 0;
	if (itemization_add_entry(iz->it, le->kind, le->date, le->amount, iz->e) < 0) {
		iz->failed = 1;
		return 1;
	}
	return 0;
}

/*
 * The itemization on the latest issue date of the listed invoices (the last
 * day on which the whole debt listed existed: Regulation F's "last
 * statement" reading for a creditor's own invoices), with their movements
 * since (those known at the end of the letter's date when it is a past
 * one), and the customer's unapplied credit as a credit of the letter's date.
 */
static int itemize(const struct app_ctx *ctx, struct store_tx *tx, const struct shared *sh, struct built *b,
		   struct error *e)
{
	struct itemization *it = &b->l.itemization;
	struct itemize iz = { it, sh->as_known ? ctx->today : 0, e, 0 };
	date_t on = 0;
	int ret;

	for (size_t i = 0; i < b->l.n_invoices; i++)
		if (b->inv[i].issue_date > on)
			on = b->inv[i].issue_date;
	itemization_init(it, on);
	/* the invoices listed, so that what is owed now is the letter's total */
	for (size_t i = 0; i < b->l.n_invoices; i++) {
		const struct invoice *inv = &b->merge_inv[i];
		if (itemization_add_invoice(it, inv->issue_date, inv->amount, e) < 0)
			return -ERR_INPUT;
		ret = store_ledger_of_invoice(tx, inv->id, on_entry, &iz, e);
		if (iz.failed)
			return -ERR_INPUT;
		if (ret < 0)
			return ret;
	}
	if (b->credit > 0 && itemization_add_entry(it, LEDGER_CREDIT_NOTE, ctx->today, -b->credit, e) < 0)
		return -ERR_INPUT;
	b->l.validation_end = validation_end_date(ctx->today, "US");
	return 0;
}

static int supplier(const struct shared *sh, struct built *b, struct error *e)
{
	const struct letters_options *o = sh->o;
	const struct channel_config *cfg = sh->cfg;
	char why[128];

	if (!cfg->letter_cnpj[0]) {
		return error_set_field(
			e, ERR_INPUT, "cnpj",
			"customer '%s': a letter to a debtor in Brazil names the supplier's CNPJ; none was "
			"given (recoup config set letter.cnpj, or --cnpj)",
			b->view.customer.ref);
	}
	/* only a letter to Brazil prints it: a valid one (`config set` checks it, but a setting stored before may not be) */
	if (!validate_cnpj(cfg->letter_cnpj, why, sizeof(why)))
		return error_set_field(e, ERR_INPUT, o->supplier_cnpj ? "cnpj" : "letter.cnpj", "%s '%s' %s",
				       o->supplier_cnpj ? "--cnpj" : "the setting letter.cnpj", cfg->letter_cnpj, why);
	b->l.br_supplier = 1;
	b->l.supplier_name = o->supplier_name && *o->supplier_name ? o->supplier_name : cfg->creditor_name;
	b->l.supplier_address = o->supplier_address && *o->supplier_address ? o->supplier_address
									    : or_null(cfg->letter_sender_address);
	b->l.supplier_cnpj = cfg->letter_cnpj;
	return 0;
}

/* Nothing to ask for, or nowhere to send it: no letter (ERR_INPUT naming why). */
static int check_sendable(const struct app_ctx *ctx, const struct shared *sh, const struct built *b, struct error *e)
{
	const struct customer *c = &b->view.customer;
	char on[DATE_TEXT_MAX];

	if (b->l.n_invoices == 0 && b->left_out > 0)
		return error_set(e, ERR_INPUT,
				 "customer '%s': every open invoice in %s is held (%s%s) as of %s: no letter asks for "
				 "it (recoup customer show lists the holds)",
				 c->ref, b->currency, b->first_held->kind,
				 b->first_held->invoice_id == 0 ? ", the whole account" : "",
				 date_format(ctx->today, on, sizeof(on)));
	if (b->l.n_invoices == 0 || b->total <= 0)
		return error_set(e, ERR_INPUT, "customer '%s' owes nothing as of %s: no letter%s", c->ref,
				 date_format(ctx->today, on, sizeof(on)),
				 sh->as_known ? " (as known at the end of that day: the invoices issued by then, less "
						"the payments and credits dated by then)"
					      : "");
	/* spaces and line breaks alone are no address: the letter would go out with the name alone in the window */
	if (c->address[strspn(c->address, " \t\r\n")] == '\0')
		return error_set(e, ERR_INPUT, "customer '%s' has no postal address: no letter", c->ref);
	return 0;
}

/* The template the step of `src` names; "default" for a letter of no action or a step gone from the strategies. */
static const char *template_name(const struct shared *sh, const struct letter_source *src)
{
	const struct strategy_step *st = src && sh->have_strategies
						 ? strategies_step(&sh->strategies, src->strategy, src->step)
						 : NULL;
	return st && st->template_name[0] ? st->template_name : "default";
}

/* The action's contact, as its email would greet it; else (no action, a contact gone) the primary one. */
static const struct contact *addressee(const struct built *b, const struct letter_source *src)
{
	for (size_t i = 0; src && i < b->view.n_contacts; i++)
		if (b->view.contacts[i].id == src->contact_id)
			return &b->view.contacts[i];
	return b->view.n_contacts ? &b->view.contacts[0] : NULL;
}

/*
 * The rules of a letter's body (letters.h) hold for a rendered template
 * too: at least one paragraph (an empty body would print the fixed
 * sentence, which the manager did not write), UTF-8, no control character
 * but line breaks and tabs, at most LETTERS_BODY_MAX bytes.
 */
static int check_body(const struct customer *c, const struct templates_found *t, const char *body, struct error *e)
{
	char why[160];

	if (body[strspn(body, " \t\n")] == '\0')
		return error_set_field(e, ERR_INPUT, "template",
				       "customer '%s': letter template '%s' (%s, %s): the rendered body is empty (a "
				       "letter's body has at least one paragraph): no letter",
				       c->ref, t->name, t->lang, template_audience_name(t->audience));
	if (!validate_text_n(body, strlen(body), LETTERS_BODY_MAX, 1, why, sizeof(why)))
		return 0;
	return error_set_field(e, ERR_INPUT, "template",
			       "customer '%s': letter template '%s' (%s, %s): the rendered body %s (a letter's body is "
			       "UTF-8 text of at most %d bytes with no control character but line breaks and tabs): "
			       "no letter",
			       c->ref, t->name, t->lang, template_audience_name(t->audience), why, LETTERS_BODY_MAX);
}

/*
 * The heading from the template's subject, rendered (the DIN 5008
 * "Betreff"): one line, so a line break or tab a merge field brings
 * (creditor.address) becomes a space, as in an email's Subject, and runs
 * of spaces one; nothing left (no subject, or a section that rendered
 * empty) leaves b->subject NULL: the language's fixed heading. A subject
 * over LETTERS_SUBJECT_MAX bytes, or with a control character, is refused
 * as a body is (-ERR_INPUT naming the template).
 */
static int check_subject(const struct customer *c, const struct templates_found *t, struct built *b, struct error *e)
{
	char why[160];
	size_t n = 0;

	for (const char *p = b->subject; *p; p++) {
		char ch = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
		if (ch == ' ' && (n == 0 || b->subject[n - 1] == ' '))
			continue;
		b->subject[n++] = ch;
	}
	while (n > 0 && b->subject[n - 1] == ' ')
		n--;
	b->subject[n] = '\0';
	if (n == 0) {
		free(b->subject);
		b->subject = NULL;
		return 0;
	}
	if (!validate_text_n(b->subject, n, LETTERS_SUBJECT_MAX, 0, why, sizeof(why)))
		return 0;
	return error_set_field(e, ERR_INPUT, "template",
			       "customer '%s': letter template '%s' (%s, %s): the rendered subject: %s (a letter's "
			       "subject is its heading: one line of UTF-8 text of at most %d bytes with no control "
			       "character): no letter",
			       c->ref, t->name, t->lang, template_audience_name(t->audience), why, LETTERS_SUBJECT_MAX);
}

/*
 * The body from the template (docs/channels.md, "Letters"): the one the
 * step of `src` names, else "default", channel letter, audience debtor, in
 * the letter's language along templates_find's chain (its primary subtag,
 * tenant.language, en), rendered with the merge data an email of the
 * action gets (app/send.h send_merge_data) for the invoices and total the
 * letter lists; its subject, when it has one, rendered with the same data,
 * is the heading. -ERR_INPUT naming the template when there is none or it
 * does not render or breaks the body's or the subject's rules: the letter
 * is not made.
 */
static int render_body(const struct app_ctx *ctx, struct store_tx *tx, const struct shared *sh,
		       const struct letter_source *src, struct built *b, struct error *e)
{
	const struct customer *c = &b->view.customer;
	const char *name = template_name(sh, src);
	struct templates_found t = { 0 };
	char message_id[MESSAGE_ID_MAX + 1] = "";
	json_t *data = NULL;
	int ret;

	ret = templates_find(tx, name, "letter", b->language, sh->cfg->tenant_language, TEMPLATE_DEBTOR, &t, e);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_INPUT, "template",
				       "customer '%s': no letter template '%s' for language %s (debtor), not even "
				       "default: no letter",
				       c->ref, name, b->language);
	if (src)
		snprintf(message_id, sizeof(message_id), "<%lld.%lld@recoup>", (long long)src->action_id,
			 (long long)ctx->tenant);
	struct merge_input mi = { .cfg = sh->cfg,
				  .customer = c,
				  .contact = addressee(b, src),
				  .invoices = b->merge_inv,
				  .n_invoices = b->l.n_invoices,
				  .currency = b->currency,
				  .total = b->total,
				  .credit = b->credit,
				  .today = ctx->today,
				  .lang = t.lang,
				  .action_id = src ? src->action_id : 0,
				  .message_id = message_id };
	data = send_merge_data(&mi);
	ret = data ? template_render(t.text, data, 0, &b->body, e) : error_set(e, ERR_ENV, "letters: out of memory");
	if (ret == 0 && t.subject && t.subject[0])
		ret = template_render(t.subject, data, 0, &b->subject, e);
	if (ret == -ERR_INPUT) {
		char why[ERROR_MESSAGE_MAX];
		snprintf(why, sizeof(why), "%s", e->message);
		ret = error_set_field(e, ERR_INPUT, "template",
				      "customer '%s': letter template '%s' (%s, %s) does not render: %s: no letter",
				      c->ref, t.name, t.lang, template_audience_name(t.audience), why);
	}
	if (ret == 0)
		ret = check_body(c, &t, b->body, e);
	if (ret == 0 && b->subject)
		ret = check_subject(c, &t, b, e);
	json_decref(data);
	templates_found_release(&t);
	return ret;
}

/*
 * A letter as of a past date says what was known at the end of that day
 * (docs/strategies.md, "As of a date", as `recoup aging --as-of` rebuilds
 * it): the invoices issued on or before it, each with the balance its
 * ledger entries dated on or before it give (a payment or credit note dated
 * later does not count yet; an invoice paid since is listed with its
 * balance of then), and the unapplied credit of that day. The daily run's
 * as-of reads give them for this one customer (store_run_invoices_each,
 * store_run_credit_each); they replace the view's open invoices and sums.
 */
struct known {
	const char *currency;
	struct invoice *v;
	size_t n, cap;
	int64_t credit;
	struct error *e;
};

static int on_known_invoice(void *ctx, const struct run_invoice *ri)
{
	struct known *k = ctx;
	struct invoice inv = { .id = ri->id };

	/* in the customer's currency, owed then (an overpaid one is not asked for, as today) */
	if (strcmp(ri->currency, k->currency) != 0 || ri->balance <= 0)
		return 0;
	inv.balance = ri->balance;
	ARRAY_PUSH(k, v, n, cap, inv);
	return 0;
}

static int on_known_credit(void *ctx, int64_t customer_id, const char *currency, int64_t amount)
{
	struct known *k = ctx;
	(void)customer_id;
	if (strcmp(currency, k->currency) == 0)
		k->credit = amount;
	return 0;
}

/* The invoice of one page of store_invoices_list (the one whose id the caller asked for, if any). */
static int on_page_invoice(void *ctx, const struct invoice *inv)
{
	*(struct invoice *)ctx = *inv;
	return 0;
}

/*
 * The stored invoice `inv->id` of the customer, keeping the balance known
 * then: the view's when it is open now, else the page of invoices that
 * starts at its id (store_invoices_list, keyset paging by id: one row
 * read through the key).
 */
static int known_record(struct store_tx *tx, const struct customer_view *v, struct invoice *inv, struct error *e)
{
	int64_t then = inv->balance, id = inv->id;
	struct store_cursor page = { id - 1, 1 };
	int ret;

	for (size_t i = 0; i < v->n_invoices; i++) {
		if (v->invoices[i].id == id) {
			*inv = v->invoices[i];
			inv->balance = then;
			return 0;
		}
	}
	ret = store_invoices_list(tx, &page, on_page_invoice, inv, e);
	if (ret < 0)
		return ret;
	if (ret != 1 || inv->id != id || inv->customer_id != v->customer.id)
		return error_set(e, ERR_ENV, "customer '%s': invoice %lld, open then, was not found", v->customer.ref,
				 (long long)id);
	inv->balance = then;
	return 0;
}

static int known_then(const struct app_ctx *ctx, struct store_tx *tx, struct customer_view *v, struct error *e)
{
	const struct customer *c = &v->customer;
	struct known k = { .currency = c->currency, .e = e };
	int64_t owed = 0;
	date_t oldest_due = 0;
	int later, ret;

	later = store_run_later(tx, ctx->today, e);
	if (later < 0)
		return later;
	ret = store_run_invoices_each(tx, c->id, c->id, ctx->today, later, on_known_invoice, &k, e);
	if (ret == 0)
		ret = store_run_credit_each(tx, c->id, c->id, ctx->today, on_known_credit, &k, e);
	for (size_t i = 0; ret == 0 && i < k.n; i++) {
		ret = known_record(tx, v, &k.v[i], e);
		if (ret == 0 && money_add(owed, k.v[i].balance, &owed) < 0)
			ret = error_set(e, ERR_INPUT, "customer '%s': the open balance overflows", c->ref);
		if (i == 0 || k.v[i].due_date < oldest_due)
			oldest_due = k.v[i].due_date;
	}
	if (ret == 0 && money_sub(owed, k.credit, &v->net) < 0)
		ret = error_set(e, ERR_INPUT, "customer '%s': the net balance overflows", c->ref);
	if (ret != 0) {
		free(k.v);
		return ret < 0 ? ret : error_set(e, ERR_ENV, "letters: out of memory");
	}
	free(v->invoices);
	v->invoices = k.v;
	v->n_invoices = v->n_open = k.n;
	v->n_later = 0; /* the run's invoices of the day are those issued by it */
	v->owed = owed;
	v->unapplied_credit = k.credit;
	v->days_past_due = k.n && ctx->today > oldest_due ? (int)(ctx->today - oldest_due) : 0;
	return 0;
}

struct held_ctx {
	struct built *b;
	int oom;
};

static int on_held(void *ctx, const struct hold *h)
{
	struct held_ctx *hc = ctx;
	struct built *b = hc->b;

	if (!hold_in_currency(h, b->view.customer.currency))
		return 0;
	if (array_grow(&b->held, &b->cap_held, b->n_held, sizeof(*b->held)) < 0) {
		hc->oom = 1;
		return 1;
	}
	b->held[b->n_held].invoice_id = h->invoice_id;
	snprintf(b->held[b->n_held++].kind, sizeof(b->held->kind), "%s", h->kind);
	return 0;
}

/*
 * A letter of no action leaves out what the day's letters and the emails
 * leave out (send.c check_account): an invoice a current hold covers (in
 * dispute, promised, under a plan or a settlement) and every invoice of an
 * account held whole (placed with an agency, special handling); the rules'
 * `dispute_partial` says not to demand a disputed debt. The holds current
 * at the letter's moment, as known then for a past --as-of day.
 */
static int held_invoices(const struct app_ctx *ctx, struct store_tx *tx, const struct shared *sh, struct built *b,
			 struct error *e)
{
	struct held_ctx hc = { b, 0 };
	timestamp_t at = sh->as_known ? (timestamp_t)(ctx->today + 1) * 86400 - 1 : ctx->now;
	int ret = store_holds_each(tx, b->view.customer.id, b->view.customer.id, at, ctx->today, on_held, &hc, e);

	if (hc.oom)
		return error_set(e, ERR_ENV, "letters: out of memory");
	return ret < 0 ? ret : 0;
}

/* The first hold (the store's order: the whole account's first) that covers the invoice; NULL none. */
static const struct hold_ref *held_by(const struct built *b, int64_t invoice_id)
{
	for (size_t i = 0; i < b->n_held; i++)
		if (b->held[i].invoice_id == 0 || b->held[i].invoice_id == invoice_id)
			return &b->held[i];
	return NULL;
}

/*
 * The invoices the letter lists and its total: those of `src` (the day's
 * letters: what the emails of its actions would list), else every open
 * invoice of the view in the customer's currency (open then, for a past
 * day: known_then) but those a current hold covers (held_invoices); the total is their balances less the customer's
 * unapplied credit in that currency, as an email's, so that the table, the
 * total and the merge data say the same.
 */
static int list_invoices(const struct app_ctx *ctx, const struct letter_source *src, struct built *b, struct error *e)
{
	const struct customer *c = &b->view.customer;
	const struct invoice *from = src ? src->inv : b->view.invoices;
	size_t n = src ? src->n_inv : b->view.n_invoices;
	int64_t owed = 0;

	b->currency = src ? src->currency : c->currency;
	b->credit = src ? src->credit : b->view.unapplied_credit;
	b->inv = calloc(n ? n : 1, sizeof(*b->inv));
	b->merge_inv = calloc(n ? n : 1, sizeof(*b->merge_inv));
	if (!b->inv || !b->merge_inv)
		return error_set(e, ERR_ENV, "letters: out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct invoice *inv = &b->merge_inv[b->l.n_invoices];
		struct letter_invoice *li = &b->inv[b->l.n_invoices];
		/* an invoice imported ahead of its issue date is not owed yet: no letter asks for it */
		if (strcmp(from[i].currency, b->currency) != 0 || from[i].balance <= 0 ||
		    customer_view_issued_later(&b->view, &from[i]))
			continue;
		const struct hold_ref *hold = src ? NULL : held_by(b, from[i].id);
		if (hold) {
			if (!b->left_out++)
				b->first_held = hold;
			continue;
		}
		b->merge_inv[b->l.n_invoices] = from[i]; /* the letter's own copy: `from` may go before it is drawn */
		li->ref = inv->ref;
		li->issue_date = inv->issue_date;
		li->due_date = inv->due_date;
		li->days_past_due = account_view_dpd(inv, ctx->today);
		li->balance = inv->balance;
		b->l.n_invoices++;
		if (money_add(owed, inv->balance, &owed) < 0)
			return error_set(e, ERR_INPUT, "customer '%s': the open balance overflows", c->ref);
	}
	b->l.invoices = b->inv;
	if (money_sub(owed, b->credit, &b->total) < 0)
		return error_set(e, ERR_INPUT, "customer '%s': the net balance overflows", c->ref);
	return 0;
}

static int build(const struct app_ctx *ctx, struct store_tx *tx, const struct shared *sh, const char *ref,
		 const struct letter_source *src, struct built *b, struct error *e)
{
	const struct customer *c = &b->view.customer;
	struct letter_requirements req;
	int ret;

	ret = customer_view_load_tx(ctx, tx, ref, &b->view, e);
	if (ret < 0)
		return ret;
	if (sh->as_known) {
		ret = known_then(ctx, tx, &b->view, e);
		if (ret < 0)
			return ret;
	}
	ret = src ? 0 : held_invoices(ctx, tx, sh, b, e);
	if (ret == 0)
		ret = list_invoices(ctx, src, b, e);
	if (ret < 0)
		return ret;
	ret = check_sendable(ctx, sh, b, e);
	if (ret < 0)
		return ret;
	pick_language(c, sh->o->language, b);
	b->l.language = b->language;
	b->l.locale = b->locale;
	b->l.date = ctx->today;
	b->l.creditor_name = sh->cfg->creditor_name;
	b->l.sender_address = or_null(sh->cfg->letter_sender_address);
	b->l.recipient_name = c->name;
	b->l.recipient_address = c->address;
	b->l.customer_ref = c->ref;
	b->l.currency = b->currency;
	b->l.total = b->total;
	b->l.payment_instructions = or_null(sh->cfg->payment_instructions);
	b->l.body = sh->o->body; /* --body-file wins over any template */
	if (!b->l.body) {
		ret = render_body(ctx, tx, sh, src, b, e);
		if (ret < 0)
			return ret;
		b->l.body = b->body;
		b->l.subject = b->subject;
	}
	letter_requirements_for(
		c->kind, c->country,
		profile_for_customer(c->kind, c->country, c->region, c->timezone, c->profile, sh->tenant_default),
		&req);
	if (req.us_validation) {
		b->l.us_validation = 1;
		ret = itemize(ctx, tx, sh, b, e);
		if (ret < 0)
			return ret;
	}
	if (req.br_supplier)
		return supplier(sh, b, e);
	return 0;
}

int letters_render(const struct app_ctx *ctx, const char *ref, const struct letters_options *o, FILE *out,
		   size_t *left_out, struct error *e)
{
	struct store_tx *tx = NULL;
	struct letter_pdf *doc = NULL;
	struct built b = { .view = CUSTOMER_VIEW_INIT };
	struct shared sh;
	int ret;

	ret = shared_begin(ctx, o, &sh, &tx, e);
	if (ret < 0)
		goto cleanup;
	sh.as_known = ctx->today < timestamp_date_utc(ctx->now);
	ret = build(ctx, tx, &sh, ref, NULL, &b, e);
	if (ret < 0)
		goto cleanup;
	doc = letter_pdf_begin(out, e);
	if (!doc) {
		ret = -ERR_ENV;
		goto cleanup;
	}
	ret = letter_pdf_add(doc, &b.l, e);
	if (ret == 0) {
		ret = letter_pdf_end(doc, e);
		doc = NULL;
	}
	if (ret == 0 && left_out)
		*left_out = b.left_out;
cleanup:
	letter_pdf_free(doc);
	built_release(&b);
	store_tx_free(tx);
	shared_end(&sh);
	return ret;
}

/* ---- the day's letters ---- */

struct due_letter {
	int64_t action_id, contact_id, customer_id;
	timestamp_t scheduled_at;
	char customer_ref[REF_MAX + 1];
	char currency[4];
	char strategy[ACTION_NAME_MAX + 1], step[ACTION_NAME_MAX + 1];
	int outcome;               /* DUE_PENDING, DUE_DRAWN, DUE_SKIPPED, DUE_CANCELLED */
	char *why;                 /* DUE_SKIPPED, on the letter's first action: why no letter (malloc'ed) */
	size_t letter;             /* DUE_DRAWN, on the letter's first action: its index in letters_day.drawn */
	struct send_selection sel; /* not cancelled: what its email would list (send_check_letter) */
};

struct due_list {
	struct due_letter *v;
	size_t n, cap;
	timestamp_t until;
	int failed;
};

/* One call per (action, invoice): an action is kept once (the calls of one action come together). */
static int on_action(void *ctx, const struct action_record *a, const char *invoice_ref)
{
	struct due_list *dl = ctx;
	struct due_letter *d;

	if (a->scheduled_at == TIMESTAMP_NONE || a->scheduled_at >= dl->until)
		return 0;
	if (dl->n && dl->v[dl->n - 1].action_id == a->id)
		return 0;
	if (dl->n == dl->cap) {
		size_t cap = dl->cap ? dl->cap * 2 : 64;
		struct due_letter *v = realloc(dl->v, cap * sizeof(*v));
		if (!v) {
			dl->failed = 1;
			return 1;
		}
		dl->v = v;
		dl->cap = cap;
	}
	d = &dl->v[dl->n++];
	memset(d, 0, sizeof(*d));
	d->action_id = a->id;
	d->contact_id = a->contact_id;
	d->customer_id = a->customer_id;
	d->scheduled_at = a->scheduled_at;
	snprintf(d->customer_ref, sizeof(d->customer_ref), "%s", a->customer_ref);
	snprintf(d->currency, sizeof(d->currency), "%s", a->currency);
	snprintf(d->strategy, sizeof(d->strategy), "%s", a->strategy);
	snprintf(d->step, sizeof(d->step), "%s", a->step);
	return 0;
}

static void due_list_release(struct due_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->v[i].why);
		free(dl->v[i].sel.inv);
	}
	free(dl->v);
}

static int push_id(int64_t **v, size_t *n, int64_t id)
{
	int64_t *grown = realloc(*v, (*n + 1) * sizeof(**v));
	if (!grown)
		return -1;
	grown[(*n)++] = id;
	*v = grown;
	return 0;
}

/* A skipped action and why (one copy each, so that letters_day_release frees them alike). */
static int push_skipped(struct letters_day *out, int64_t id, const char *why)
{
	char **grown = realloc(out->why, (out->n_skipped + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	out->why = grown;
	grown[out->n_skipped] = strdup(why ? why : "");
	if (!grown[out->n_skipped] || push_id(&out->skipped, &out->n_skipped, id) < 0) {
		free(grown[out->n_skipped]);
		return -1;
	}
	return 0;
}

/* An action checked again and not to be printed, with its customer and the verdict. */
static int push_cancelled(struct letters_day *out, const struct due_letter *d, const struct send_verdict *v)
{
	struct letters_cancelled *grown = realloc(out->cancelled, (out->n_cancelled + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	out->cancelled = grown;
	grown[out->n_cancelled].action_id = d->action_id;
	snprintf(grown[out->n_cancelled].customer_ref, sizeof(grown->customer_ref), "%s", d->customer_ref);
	grown[out->n_cancelled++].v = *v;
	return 0;
}

enum { DUE_PENDING = 0, DUE_DRAWN, DUE_SKIPPED, DUE_CANCELLED };

/*
 * One letter per customer and currency (an account: the run's actions are
 * per account, and a letter asks for one total in one currency).
 */
static int same_letter(const struct due_letter *a, const struct due_letter *b)
{
	return strcmp(a->customer_ref, b->customer_ref) == 0 && strcmp(a->currency, b->currency) == 0;
}

/* The first action of the same letter earlier in the batch and not cancelled, or i itself. */
static size_t first_of_letter(const struct due_list *dl, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (dl->v[j].outcome != DUE_CANCELLED && same_letter(&dl->v[j], &dl->v[i]))
			return j;
	return i;
}

/*
 * Each due letter checked again at this moment, as `recoup send` checks an
 * email before its hand-over (send_check_letter): one whose invoices were
 * paid since the run, that a hold now covers or that the contact rules now
 * stop for good is not printed (DUE_CANCELLED), and goes to out->cancelled
 * with the code and why, for the caller to record.
 */
static int judge_due(const struct app_ctx *ctx, struct store_tx *tx, struct due_list *dl, struct letters_day *out,
		     struct error *e)
{
	struct rules_ctx *rc = NULL;
	struct action_record a = { 0 };
	struct send_verdict v;
	int ret = 0;

	for (size_t i = 0; i < dl->n && ret == 0; i++) {
		const struct due_letter *d = &dl->v[i];
		a.id = d->action_id;
		a.customer_id = d->customer_id;
		a.contact_id = d->contact_id;
		snprintf(a.currency, sizeof(a.currency), "%s", d->currency);
		snprintf(a.strategy, sizeof(a.strategy), "%s", d->strategy);
		snprintf(a.step, sizeof(a.step), "%s", d->step);
		ret = send_check_letter(tx, ctx, &rc, &a, &v, &dl->v[i].sel, e);
		if (ret == 0 && v.cancelled) {
			dl->v[i].outcome = DUE_CANCELLED;
			if (push_cancelled(out, d, &v) < 0)
				ret = error_set(e, ERR_ENV, "letters: out of memory");
		}
	}
	rules_ctx_free(rc);
	return ret;
}

/* How far along its strategy an action's step is: its offset_days; a step gone from the strategies, least. */
static long step_rank(const struct shared *sh, const struct due_letter *d)
{
	const struct strategy_step *st = sh->have_strategies ? strategies_step(&sh->strategies, d->strategy, d->step)
							     : NULL;
	return st ? st->offset_days : -1000000L;
}

/*
 * The action a letter takes its template from when it stands for several
 * (its first is i): the step furthest along its strategy (the greatest
 * offset_days: the letter lists the invoices of every one of them, so it
 * speaks for the stage the most advanced has reached), then the one
 * scheduled last, then the one recorded last.
 */
static const struct due_letter *lead_action(const struct shared *sh, const struct due_list *dl, size_t i)
{
	const struct due_letter *lead = &dl->v[i];
	long lead_rank = step_rank(sh, lead);

	for (size_t j = i + 1; j < dl->n; j++) {
		const struct due_letter *d = &dl->v[j];
		long rank;
		if (d->outcome == DUE_CANCELLED || !same_letter(d, lead))
			continue;
		rank = step_rank(sh, d);
		if (rank > lead_rank || (rank == lead_rank && d->scheduled_at >= lead->scheduled_at)) {
			lead = d;
			lead_rank = rank;
		}
	}
	return lead;
}

static int cmp_due(const void *a, const void *b)
{
	const struct invoice *x = a, *y = b;
	if (x->due_date != y->due_date)
		return x->due_date < y->due_date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/*
 * What the letter of dl->v[i] (its first action) is about: the invoices
 * the emails of its actions not cancelled would list, each once, oldest
 * due first, into src (src->inv malloc'ed into *owned: the caller frees it).
 */
static int letter_invoices(const struct due_list *dl, size_t i, struct letter_source *src, struct invoice **owned,
			   struct error *e)
{
	struct invoice *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t j = i; j < dl->n; j++) {
		const struct due_letter *d = &dl->v[j];
		if (d->outcome == DUE_CANCELLED || !same_letter(d, &dl->v[i]))
			continue;
		src->credit = d->sel.credit; /* the account's, read once in the batch's transaction */
		for (size_t k = 0; k < d->sel.n_inv; k++) {
			size_t m = 0;
			while (m < n && v[m].id != d->sel.inv[k].id)
				m++;
			if (m < n)
				continue;
			if (array_grow(&v, &cap, n, sizeof(*v)) < 0) {
				free(v);
				return error_set(e, ERR_ENV, "letters: out of memory");
			}
			v[n++] = d->sel.inv[k];
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_due);
	src->currency = dl->v[i].currency;
	src->inv = v;
	src->n_inv = n;
	*owned = v;
	return 0;
}

/*
 * What the letter drawn records when it is printed (letters_day.drawn):
 * its customer, the contact it greets, the invoices it lists.
 */
static int push_drawn(struct letters_day *out, const struct built *b, const struct letter_source *src)
{
	struct letters_drawn *grown = realloc(out->drawn, (out->letters + 1) * sizeof(*grown));
	const struct contact *to = addressee(b, src);
	struct letters_drawn *d;

	if (!grown)
		return -1;
	out->drawn = grown;
	d = &grown[out->letters];
	memset(d, 0, sizeof(*d));
	d->customer_id = b->view.customer.id;
	d->contact_id = to ? to->id : 0;
	snprintf(d->customer_ref, sizeof(d->customer_ref), "%s", b->view.customer.ref);
	d->invoice_ids = malloc((b->l.n_invoices ? b->l.n_invoices : 1) * sizeof(*d->invoice_ids));
	if (!d->invoice_ids)
		return -1;
	for (size_t k = 0; k < b->l.n_invoices; k++)
		d->invoice_ids[d->n_invoices++] = b->merge_inv[k].id;
	out->letters++;
	return 0;
}

/* Draws the letter of dl->v[i], its first action in the batch: DUE_DRAWN, DUE_SKIPPED or -ERR_*. */
static int draw_letter(const struct app_ctx *ctx, struct store_tx *tx, const struct shared *sh, struct due_list *dl,
		       size_t i, struct letter_pdf *doc, struct letters_day *out, struct error *e)
{
	const struct due_letter *lead = lead_action(sh, dl, i);
	struct letter_source src = { .action_id = lead->action_id,
				     .contact_id = lead->contact_id,
				     .strategy = lead->strategy,
				     .step = lead->step };
	struct invoice *owned = NULL;
	struct built b = { .view = CUSTOMER_VIEW_INIT };
	int ret = letter_invoices(dl, i, &src, &owned, e);

	if (ret == 0)
		ret = build(ctx, tx, sh, dl->v[i].customer_ref, &src, &b, e);
	if (ret == 0)
		ret = letter_pdf_add(doc, &b.l, e);
	if (ret == 0) {
		dl->v[i].letter = out->letters;
		if (push_drawn(out, &b, &src) < 0)
			ret = error_set(e, ERR_ENV, "letters: out of memory");
	}
	built_release(&b);
	free(owned);
	if (ret == 0)
		return DUE_DRAWN;
	if (ret != -ERR_INPUT && ret != -ERR_NOT_FOUND)
		return ret;
	dl->v[i].why = strdup(e->message);
	if (!dl->v[i].why)
		return error_set(e, ERR_ENV, "letters: out of memory");
	return DUE_SKIPPED;
}

/*
 * Draws one letter per customer and currency, however many of its letter
 * actions are due (two steps missed on earlier days and today's would
 * otherwise post the same letter three times): every action of a letter
 * drawn is returned in `ids`, with its letter in `letter_of`, so all are
 * marked sent. A letter that cannot be made (ERR_INPUT, ERR_NOT_FOUND)
 * skips its actions, each with the reason; anything else stops the batch.
 */
static int draw_day(const struct app_ctx *ctx, struct store_tx *tx, const struct shared *sh, struct due_list *dl,
		    struct letter_pdf *doc, struct letters_day *out, struct error *e)
{
	for (size_t i = 0; i < dl->n; i++) {
		size_t first = first_of_letter(dl, i);
		int outcome = dl->v[first].outcome, pushed;

		if (dl->v[i].outcome == DUE_CANCELLED)
			continue;
		if (first == i) {
			outcome = draw_letter(ctx, tx, sh, dl, i, doc, out, e);
			if (outcome < 0)
				return outcome;
		}
		dl->v[i].outcome = outcome;
		if (outcome == DUE_DRAWN) {
			size_t *grown = realloc(out->letter_of, (out->n + 1) * sizeof(*grown));
			pushed = grown ? 0 : -1;
			if (grown) {
				out->letter_of = grown;
				grown[out->n] = dl->v[first].letter;
				pushed = push_id(&out->ids, &out->n, dl->v[i].action_id);
			}
		} else {
			pushed = push_skipped(out, dl->v[i].action_id, dl->v[first].why);
		}
		if (pushed < 0)
			return error_set(e, ERR_ENV, "letters: out of memory");
	}
	return 0;
}

int letters_render_due(const struct app_ctx *ctx, date_t date, const struct letters_options *o, FILE *out,
		       struct letters_day *res, struct error *e)
{
	struct app_ctx day = *ctx;
	struct action_filter f = { .kind = step_action_name(ACTION_LETTER), .state = "scheduled" };
	struct due_list dl = { .until = ((timestamp_t)date + 1) * 86400 };
	struct store_tx *tx = NULL;
	struct letter_pdf *doc = NULL;
	struct shared sh;
	int ret;

	memset(res, 0, sizeof(*res));
	day.today = date;
	ret = shared_begin(&day, o, &sh, &tx, e);
	if (ret == 0)
		ret = store_actions_each(tx, &f, on_action, &dl, e);
	if (ret == 0 && dl.failed)
		ret = error_set(e, ERR_ENV, "letters: out of memory");
	if (ret < 0 || dl.n == 0)
		goto cleanup;
	if (!o->body) {
		ret = strategies_load(tx, &sh.strategies, e);
		sh.have_strategies = ret == 0;
		if (ret < 0)
			goto cleanup;
	}
	ret = judge_due(&day, tx, &dl, res, e);
	if (ret < 0 || res->n_cancelled == dl.n)
		goto cleanup; /* every letter due is cancelled: no PDF */
	doc = letter_pdf_begin(out, e);
	ret = doc ? draw_day(&day, tx, &sh, &dl, doc, res, e) : -ERR_ENV;
	if (ret < 0)
		goto cleanup;
	res->pages = letter_pdf_pages(doc);
	ret = letter_pdf_end(doc, e);
	doc = NULL;
cleanup:
	letter_pdf_free(doc);
	store_tx_free(tx);
	shared_end(&sh);
	due_list_release(&dl);
	if (ret < 0)
		letters_day_release(res);
	return ret;
}

int letters_render_day(const struct app_ctx *ctx, date_t date, const struct letters_options *o, const char *path,
		       struct letters_day *res, struct error *e)
{
	struct outfile *of = NULL;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = outfile_open(&of, path, NULL, 0, 0, e);
	if (ret < 0)
		return ret;
	ret = letters_render_due(ctx, date, o, outfile_stream(of), res, e);
	/* no letter drawn: no file, not an empty one */
	if (ret == 0 && res->n > 0) {
		ret = outfile_commit(of, e);
		if (ret < 0)
			letters_day_release(res); /* nothing was printed: no action to mark */
		return ret;
	}
	outfile_abort(of);
	return ret;
}

void letters_day_release(struct letters_day *d)
{
	for (size_t i = 0; d->why && i < d->n_skipped; i++)
		free(d->why[i]);
	for (size_t i = 0; d->drawn && i < d->letters; i++)
		free(d->drawn[i].invoice_ids);
	free(d->drawn);
	free(d->letter_of);
	free(d->why);
	free(d->cancelled);
	free(d->ids);
	free(d->skipped);
	memset(d, 0, sizeof(*d));
}

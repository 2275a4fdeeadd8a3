/*
 * send.c: see send.h. The order of one row: check again, render, record
 * `sending`, commit, hand over, record the outcome, commit.
 */
#include "app/send.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/config.h"
#include "app/letters.h"
#include "app/optout.h"
#include "app/plans.h"
#include "app/rules_ctx.h"
#include "app/strategies.h"
#include "app/templates.h"
#include "channels/gsm7.h"
#include "core/array.h"
#include "core/money.h"
#include "core/profile.h"
#include "core/strategy.h"
#include "core/validate.h"
#include "core/validation_notice.h"
#include "store/actions.h"
#include "store/channels.h"
#include "store/history.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/rules_config.h"

/* Rows read per read transaction: the rest is read again after them (a row sent meanwhile is not due any more). */
#define SEND_PAGE 200

struct due {
	int64_t action_id, customer_id, contact_id;
	char kind[8];
	char currency[4];
	char strategy[ACTION_NAME_MAX + 1], step[ACTION_NAME_MAX + 1];
	int attempts;
	int has_message; /* a message row exists (retry): its Message-ID is the one to send again */
};

struct sender {
	const struct app_ctx *ctx; /* &row_ctx: the caller's, its clock moved on before each row */
	struct app_ctx row_ctx;
	struct channel_config cfg;
	struct rules_ctx *rc;
	struct strategies_set strategies;
	int have_strategies;
	char tenant_default[PROFILE_MAX + 1]; /* the tenant's: letter_requirements_for asks it, as the letters do */
	unsigned char optout_key[OPTOUT_KEY_BYTES]; /* app/optout.h: signs each email's opt-out link */
	int have_optout_key;
	struct channel_handle *ch[2]; /* email, sms */
	int ch_tried[2];
	/*
	 * No more hand-overs on the channel in this send, its rows skipped with
	 * this code and ch_err's reason: "config" (the server refused the
	 * settings: record_config_refusal), "timeout" (it did not answer in
	 * send.timeout: one wait per send, not one per message). "" open.
	 */
	char channel_closed[2][16];
	struct error ch_err[2];
	send_event_cb cb;
	void *cb_ctx;
	struct send_summary *sum;
};

/* What one row comes to before the hand-over. */
struct prepared {
	struct customer customer;
	struct contact contact;
	struct invoice *inv; /* every invoice the message is about and still open (no cap: the total is theirs) */
	size_t n_inv, cap_inv;
	int64_t total;
	int64_t credit; /* the customer's unapplied credit in the row's currency, which total deducts */
	char message_id[MESSAGE_ID_MAX + 1];
	char recipient[MESSAGE_RECIPIENT_MAX + 1];
	char lang[TEMPLATE_LANG_MAX + 1];
	char list_unsubscribe[2 * CHANNEL_SETTING_MAX + OPTOUT_TOKEN_MAX + 96];
	char optout_token[OPTOUT_TOKEN_MAX];
	char *subject, *text, *html;
	struct sms_measure sms;
	/* the verdict when it is not a send */
	const char *state; /* NULL: send; "cancelled", "waiting", "skipped" */
	char code[PROFILE_CODE_MAX + 1];
	char reason[REASON_MESSAGE_MAX];
	timestamp_t next_at;
};

static void prepared_release(struct prepared *p)
{
	free(p->inv);
	p->inv = NULL;
	p->n_inv = p->cap_inv = 0;
	free(p->subject);
	free(p->text);
	free(p->html);
	p->subject = p->text = p->html = NULL;
}

static int is_email(const struct due *d)
{
	return strcmp(d->kind, "email") == 0;
}

static void emit(struct sender *s, const struct due *d, const struct prepared *p, const char *state, const char *code,
		 const char *detail, int attempts, timestamp_t next_at)
{
	if (!s->cb)
		return;
	struct send_event ev = {
		.action_id = d->action_id,
		.kind = d->kind,
		.customer = p->customer.ref,
		.recipient = p->recipient,
		.state = state,
		.code = code ? code : "",
		.detail = detail ? detail : "",
		.message_id = p->message_id,
		.encoding = is_email(d) ? "" : gsm7_encoding_name(p->sms.encoding),
		.segments = is_email(d) ? 0 : (int)p->sms.segments,
		.attempts = attempts,
		.next_at = next_at,
	};
	s->cb(s->cb_ctx, &ev);
}

/* ---- merge data ---- */

static void fmt_amount(int64_t amount, const char *currency, const char *lang, char *buf, size_t size)
{
	char num[64];
	money_format_locale(amount, currency_exponent(currency), lang, num, sizeof(num));
	snprintf(buf, size, "%s %s", num, currency);
}

static const char *optout_words(const char *lang, int email)
{
	if (strncmp(lang, "pl", 2) == 0)
		return email ? "Aby nie otrzymywać więcej tych wiadomości, odpisz STOP"
			     : "Odpisz STOP, aby zrezygnować";
	if (strncmp(lang, "pt", 2) == 0)
		return email ? "Para não receber mais estas mensagens, responda PARAR" : "Responda PARAR para sair";
	if (strncmp(lang, "de", 2) == 0)
		return email ? "Wenn Sie diese Nachrichten nicht mehr erhalten möchten, antworten Sie mit STOP"
			     : "Antworten Sie STOP, um sich abzumelden";
	if (strncmp(lang, "fr", 2) == 0)
		return email ? "Pour ne plus recevoir ces messages, répondez STOP"
			     : "Répondez STOP pour vous désabonner";
	return email ? "To stop receiving these messages, reply STOP" : "Reply STOP to opt out";
}

/*
 * The opt-out link: the page's URL with the token (app/optout.h). A preview
 * (no action) shows where the token goes; a message without a token (a
 * text: the page opts out email addresses only) has no link.
 */
/*
 * The address of a setting that may be "Name <a@example.com>" (config.c
 * takes both forms): a mailto: link and a reply address are the address
 * alone; "<mailto:Opt Out <optout@...>?subject=...>" was no link at all.
 */
static void bare_address(const char *value, char *out, size_t size)
{
	const char *lt = strrchr(value, '<');
	if (lt)
		snprintf(out, size, "%.*s", (int)strcspn(lt + 1, ">"), lt + 1);
	else
		snprintf(out, size, "%s", value);
}

static void optout_link(const struct channel_config *cfg, const char *token, int preview, char *url, size_t size)
{
	int have = token && token[0];
	url[0] = '\0';
	if (cfg->optout_url[0] && (have || preview))
		snprintf(url, size, "%s%st=%s", cfg->optout_url, strchr(cfg->optout_url, '?') ? "&" : "?",
			 have ? token : "TOKEN");
}

json_t *send_merge_data(const struct merge_input *in)
{
	const struct channel_config *cfg = in->cfg;
	char buf[256], date[DATE_TEXT_MAX], url[CHANNEL_SETTING_MAX + OPTOUT_TOKEN_MAX + 8],
		line[CHANNEL_SETTING_MAX * 2 + OPTOUT_TOKEN_MAX];
	json_t *o = json_object(), *list = json_array();
	date_t oldest = 0;
	if (!o || !list) {
		json_decref(o);
		json_decref(list);
		return NULL;
	}
	for (size_t i = 0; i < in->n_invoices; i++) {
		const struct invoice *v = &in->invoices[i];
		char amount[96], balance[96], issue[DATE_TEXT_MAX], due[DATE_TEXT_MAX];
		fmt_amount(v->amount, v->currency, in->lang, amount, sizeof(amount));
		fmt_amount(v->balance, v->currency, in->lang, balance, sizeof(balance));
		json_array_append_new(list,
				      json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "ref", v->ref, "issue_date",
						date_format(v->issue_date, issue, sizeof(issue)), "due_date",
						date_format(v->due_date, due, sizeof(due)), "amount", amount, "balance",
						balance, "days_past_due",
						(json_int_t)(in->today > v->due_date ? in->today - v->due_date : 0),
						"currency", v->currency));
		if (!oldest || v->due_date < oldest)
			oldest = v->due_date;
	}
	optout_link(cfg, in->optout_token, in->action_id == 0, url, sizeof(url));
	/* no full stop after a link: a mail client would take it into the address */
	char optout_email[CHANNEL_SETTING_MAX];
	bare_address(cfg->optout_email, optout_email, sizeof(optout_email));
	snprintf(line, sizeof(line), "%s%s%s%s%s%s", optout_words(in->lang, 1), optout_email[0] ? " / " : "",
		 optout_email, url[0] ? ": " : "", url, url[0] ? "" : ".");
	/* the credit the total is net of: "" when none ({{#credit}} shows its line only then) */
	fmt_amount(in->credit, in->currency, in->lang, buf, sizeof(buf));
	json_object_set_new(o, "credit", json_string(in->credit > 0 ? buf : ""));
	fmt_amount(in->total, in->currency, in->lang, buf, sizeof(buf));
	json_object_set_new(o, "invoices", list);
	json_object_set_new(o, "invoice_count", json_integer((json_int_t)in->n_invoices));
	json_object_set_new(o, "total", json_string(buf));
	json_object_set_new(o, "currency", json_string(in->currency));
	json_object_set_new(o, "due_date", json_string(oldest ? date_format(oldest, date, sizeof(date)) : ""));
	json_object_set_new(o, "days_past_due",
			    json_integer(oldest && in->today > oldest ? (json_int_t)(in->today - oldest) : 0));
	/* the CNPJ as the letters print it: the setting as written */
	json_object_set_new(o, "creditor",
			    json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", cfg->creditor_name, "address",
				      cfg->letter_sender_address, "cnpj", in->hide_cnpj ? "" : cfg->letter_cnpj,
				      "email", cfg->email_reply_to, "phone", cfg->creditor_phone));
	json_object_set_new(o, "customer",
			    json_pack("{s:s, s:s}", "name", in->customer->name, "ref", in->customer->ref));
	json_object_set_new(o, "contact",
			    json_pack("{s:s}", "name",
				      in->contact && in->contact->name[0] ? in->contact->name : in->customer->name));
	json_object_set_new(o, "collector",
			    json_pack("{s:s, s:s, s:s}", "name", cfg->collector_name, "email", cfg->email_reply_to,
				      "phone", cfg->creditor_phone));
	json_object_set_new(o, "payment_instructions", json_string(cfg->payment_instructions));
	json_object_set_new(o, "optout_url", json_string(url));
	json_object_set_new(o, "optout_email", json_string(optout_email));
	json_object_set_new(o, "optout_line", json_string(line));
	json_object_set_new(o, "message_id", json_string(in->message_id ? in->message_id : ""));
	json_object_set_new(o, "today", json_string(date_format(in->today, date, sizeof(date))));
	return o;
}

/* ---- checking again ---- */

static void verdict(struct prepared *p, const char *state, const char *code, const char *reason, timestamp_t next)
{
	p->state = state;
	snprintf(p->code, sizeof(p->code), "%s", code);
	snprintf(p->reason, sizeof(p->reason), "%s", reason);
	p->next_at = next;
}

/* Invoice ids, as many as the store gives (a message about 300 invoices lists 300, and totals them). */
struct ids {
	int64_t *v;
	size_t n, cap;
	int oom;
};

static int add_id(void *ctx, int64_t id)
{
	struct ids *ids = ctx;
	if (array_grow(&ids->v, &ids->cap, ids->n, sizeof(*ids->v)) < 0) {
		ids->oom = 1;
		return 1; /* stop */
	}
	ids->v[ids->n++] = id;
	return 0;
}

/* Sorted, for ids_has. */
static void ids_sort(struct ids *ids)
{
	if (ids->n > 1)
		qsort(ids->v, ids->n, sizeof(ids->v[0]), array_cmp_int64);
}

static int ids_has(const struct ids *ids, int64_t id)
{
	return ids->n && bsearch(&id, ids->v, ids->n, sizeof(ids->v[0]), array_cmp_int64) != NULL;
}

struct inv_ctx {
	const struct ids *ids; /* sorted */
	struct prepared *p;
	int oom;
};

static int keep_open(void *ctx, const struct invoice *inv)
{
	struct inv_ctx *c = ctx;
	struct prepared *p = c->p;
	if (!ids_has(c->ids, inv->id))
		return 0;
	if (array_grow(&p->inv, &p->cap_inv, p->n_inv, sizeof(*p->inv)) < 0) {
		c->oom = 1;
		return 1; /* stop */
	}
	p->inv[p->n_inv++] = *inv;
	return 0;
}

struct hold_ctx {
	struct prepared *p;
	const char *currency;
	char kind[HOLD_KIND_MAX + 1];
	const char *strategy; /* the row's: a plan's own courtesy reminder is not held by the plan */
};

/* Drops the invoices a current hold covers; remembers the kind, which cancels the row when none is left. */
static int drop_held(void *ctx, const struct hold *h)
{
	struct hold_ctx *c = ctx;
	struct prepared *p = c->p;
	if (!hold_in_currency(h, c->currency) || plans_spares(h, c->strategy))
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < p->n_inv; i++) {
		if (h->invoice_id == 0 || h->invoice_id == p->inv[i].id)
			snprintf(c->kind, sizeof(c->kind), "%s", h->kind);
		else
			p->inv[k++] = p->inv[i];
	}
	p->n_inv = k;
	return 0;
}

/*
 * The row's invoices still open, less the held ones, net of unapplied
 * credit; with `superseded`, less those a later step of its strategy took
 * in another message (not for a letter: the day's letters draw one letter
 * for all of a customer's letters due, the later step's with the earlier).
 */
static int check_account(struct store_tx *tx, const struct due *d, struct prepared *p, const struct app_ctx *ctx,
			 int superseded, struct error *e)
{
	struct ids ids = { 0 }, later = { 0 };
	int ret = store_outbox_invoices_each(tx, d->action_id, add_id, &ids, e);
	ids_sort(&ids);
	struct inv_ctx ic = { &ids, p, 0 };
	if (ret >= 0 && !ids.oom)
		ret = store_open_invoices_of_customer(tx, d->customer_id, d->currency, keep_open, &ic, e);
	free(ids.v);
	if (ret >= 0 && (ids.oom || ic.oom))
		ret = error_set(e, ERR_ENV, "send: out of memory");
	if (ret < 0)
		return ret;
	struct hold_ctx hc = { p, d->currency, "", d->strategy };
	ret = store_holds_each(tx, d->customer_id, d->customer_id, ctx->now, ctx->today, drop_held, &hc, e);
	if (ret < 0)
		return ret;
	/*
	 * An invoice that a later run has taken to a later step of the same
	 * strategy in another message is dropped: the reminder that waited out
	 * an outage of the server is not handed over beside the step that
	 * followed it (the run's "never a burst", kept by the outbox too).
	 */
	size_t before = p->n_inv, k = 0;
	ret = superseded ? store_outbox_later_invoices_each(tx, d->action_id, add_id, &later, e) : 0;
	if (ret >= 0 && later.oom)
		ret = error_set(e, ERR_ENV, "send: out of memory");
	if (ret < 0) {
		free(later.v);
		return ret;
	}
	ids_sort(&later);
	for (size_t i = 0; i < p->n_inv; i++)
		if (!ids_has(&later, p->inv[i].id))
			p->inv[k++] = p->inv[i];
	free(later.v);
	p->n_inv = k;
	superseded = k < before;
	int64_t credit = 0, total = 0;
	ret = store_unapplied_credit(tx, d->customer_id, d->currency, &credit, e);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < p->n_inv; i++)
		total += p->inv[i].balance;
	p->credit = credit;
	p->total = total - credit;
	if (p->n_inv == 0 && hc.kind[0]) {
		verdict(p, "cancelled", hc.kind, "a hold on the account or its invoices", 0);
	} else if (p->n_inv == 0 && superseded) {
		verdict(p, "cancelled", "superseded",
			"a later step of its strategy, in another message, was recorded for its invoices since", 0);
	} else if (p->n_inv == 0 || p->total <= 0) {
		verdict(p, "cancelled", "settled", "the invoices were paid or credited since the message was scheduled",
			0);
	}
	return 0;
}

struct contact_find {
	int64_t id;
	struct contact *out;
	int found;
};

static int find_contact(void *ctx, const struct contact *c)
{
	struct contact_find *f = ctx;
	if (c->id == f->id) {
		*f->out = *c;
		f->found = 1;
		return 1;
	}
	return 0;
}

/*
 * The contact rules for p->contact on `ch` at `at`, as the daily run asked
 * them when it scheduled the row: p's verdict when they refuse (cancelled
 * for a permanent stop, waiting until the next allowed moment for one in
 * time); *aud the audience they allow.
 */
static int ask_rules(struct rules_ctx *rc, struct store_tx *tx, enum channel ch, timestamp_t at, struct prepared *p,
		     enum template_audience *aud, struct error *e)
{
	struct rules_request rq = { .contact_ref = p->contact.ref, .channel = ch, .at = at };
	struct rules_answer ans;
	struct error re = ERROR_INIT;
	int ret = rules_ctx_evaluate(rc, tx, &rq, &ans, &re);
	if (ret == -ERR_INPUT) {
		verdict(p, "cancelled", "rules", re.message, 0);
		return 0;
	}
	if (ret < 0) {
		*e = re;
		return ret;
	}
	*aud = ans.verdict.audience == AUDIENCE_THIRD_PARTY         ? TEMPLATE_THIRD_PARTY
	       : ans.verdict.audience == AUDIENCE_VOICEMAIL_LIMITED ? TEMPLATE_VOICEMAIL_LIMITED
								    : TEMPLATE_DEBTOR;
	if (ans.verdict.allowed)
		return 0;
	const struct contact_reason *r = ans.verdict.n_reasons ? &ans.verdict.reasons[0] : NULL;
	if (ans.verdict.next == NEXT_AT)
		verdict(p, "waiting", r ? r->code : "rules", r ? r->message : "", ans.verdict.next_allowed_at);
	else
		verdict(p, "cancelled", r ? r->code : "rules", r ? r->message : "", 0);
	return 0;
}

/* The contact rules at this moment, for the row's channel. */
static int check_rules(struct sender *s, struct store_tx *tx, const struct due *d, struct prepared *p,
		       enum template_audience *aud, struct error *e)
{
	return ask_rules(s->rc, tx, is_email(d) ? CHANNEL_EMAIL : CHANNEL_SMS, s->ctx->now, p, aud, e);
}

int send_check_letter(struct store_tx *tx, const struct app_ctx *ctx, struct rules_ctx **rc,
		      const struct action_record *a, struct send_verdict *out, struct send_selection *sel,
		      struct error *e)
{
	struct due d = { .action_id = a->id, .customer_id = a->customer_id, .contact_id = a->contact_id };
	struct prepared *p = calloc(1, sizeof(*p));
	enum template_audience aud;
	int ret = p ? 0 : error_set(e, ERR_ENV, "send: out of memory");

	memset(out, 0, sizeof(*out));
	if (sel)
		memset(sel, 0, sizeof(*sel));
	snprintf(d.kind, sizeof(d.kind), "letter");
	snprintf(d.currency, sizeof(d.currency), "%s", a->currency);
	snprintf(d.strategy, sizeof(d.strategy), "%s", a->strategy);
	snprintf(d.step, sizeof(d.step), "%s", a->step);
	if (ret == 0)
		ret = check_account(tx, &d, p, ctx, 0, e);
	/* the contact the run asked about (a letter goes to the customer's address: one gone since is not asked) */
	if (ret == 0 && !p->state && a->contact_id) {
		struct contact_find cf = { a->contact_id, &p->contact, 0 };
		ret = store_contacts_of_customer(tx, a->customer_id, find_contact, &cf, e);
		ret = ret < 0 ? ret : 0; /* 1: found, the walk stopped */
		if (ret == 0 && cf.found && !*rc)
			ret = rules_ctx_load(tx, rc, e);
		if (ret == 0 && cf.found)
			ret = ask_rules(*rc, tx, CHANNEL_LETTER, ctx->now, p, &aud, e);
	}
	/*
	 * A stop in time (a window, a cap) does not hold a letter back: the run
	 * scheduled it at a moment the rules allowed, and it reaches the debtor
	 * days after it is printed. Only a stop for good cancels it.
	 */
	if (ret == 0 && p->state && !strcmp(p->state, "cancelled")) {
		out->cancelled = 1;
		snprintf(out->code, sizeof(out->code), "%s", p->code);
		snprintf(out->reason, sizeof(out->reason), "%s", p->reason);
	} else if (ret == 0 && sel) {
		/* what the email of the action would list: the letter lists the same */
		sel->inv = p->inv;
		sel->n_inv = p->n_inv;
		sel->credit = p->credit;
		p->inv = NULL;
	}
	if (p)
		prepared_release(p);
	free(p);
	return ret < 0 ? ret : 0;
}

/* ---- rendering ---- */

static const char *template_of(struct sender *s, const struct due *d)
{
	const struct strategy_step *st = s->have_strategies ? strategies_step(&s->strategies, d->strategy, d->step)
							    : NULL;
	return st && st->template_name[0] ? st->template_name : "default";
}

/*
 * The supplier's identification. Every collection document presented to a
 * consumer in Brazil names the supplier, its address and its CNPJ (Código
 * de Defesa do Consumidor art. 42-A): a letter to a debtor in Brazil is
 * refused without a valid letter.cnpj (app/letters.c), and a message to
 * one, by the same rule (core/validation_notice.h letter_requirements_for:
 * the debtor's country), is not handed over without it: it is skipped, left
 * for a person as a message whose template does not render is, when the
 * tenant has no valid CNPJ set, or when the message rendered does not show
 * it (a tenant's template without {{creditor.cnpj}}). Only the debtor's
 * message: one to a third party tells of no debt.
 */
static int needs_supplier(const struct sender *s, const struct prepared *p, enum template_audience aud)
{
	const struct customer *c = &p->customer;
	struct letter_requirements req;

	if (aud != TEMPLATE_DEBTOR)
		return 0;
	letter_requirements_for(
		c->kind, c->country,
		profile_for_customer(c->kind, c->country, c->region, c->timezone, c->profile, s->tenant_default), &req);
	return req.br_supplier;
}

/* A valid letter.cnpj, else the verdict (skipped, no_cnpj) saying what to do. */
static void check_cnpj_setting(const struct sender *s, struct prepared *p)
{
	const char *cnpj = s->cfg.letter_cnpj;
	char why[128], reason[REASON_MESSAGE_MAX];

	if (!cnpj[0]) {
		verdict(p, "skipped", "no_cnpj",
			"a message to a debtor in Brazil names the supplier's CNPJ (CDC art. 42-A) and the tenant has "
			"none: recoup config set letter.cnpj CNPJ",
			0);
		return;
	}
	/* `config set` checks it, but a setting stored before may not be valid */
	if (validate_cnpj(cnpj, why, sizeof(why)))
		return;
	snprintf(reason, sizeof(reason),
		 "the setting letter.cnpj '%.40s' %s: a message to a debtor in Brazil names a valid CNPJ (CDC art. "
		 "42-A): recoup config set letter.cnpj CNPJ",
		 cnpj, why);
	verdict(p, "skipped", "no_cnpj", reason, 0);
}

/* 1 when `part` shows the CNPJ as written, or as the HTML part writes {{creditor.cnpj}} (`escaped`). */
static int shows(const char *part, const char *cnpj, const char *escaped)
{
	return part && (strstr(part, cnpj) || (escaped && strstr(part, escaped)));
}

/* The message rendered shows the CNPJ in its text and in its HTML part, if any; else the verdict. */
static int check_cnpj_shown(const struct sender *s, const struct due *d, const struct templates_found *t,
			    struct prepared *p, struct error *e)
{
	const char *cnpj = s->cfg.letter_cnpj;
	char *escaped = NULL, reason[REASON_MESSAGE_MAX];
	int text = shows(p->text, cnpj, NULL), html = 1;

	if (p->html) {
		/* "/" is written &#x2F; in an HTML part: the renderer's own escaping says how */
		json_t *v = json_pack("{s:s}", "cnpj", cnpj);
		int ret = v ? template_render("{{cnpj}}", v, 1, &escaped, e)
			    : error_set(e, ERR_ENV, "send: out of memory");
		json_decref(v);
		if (ret < 0)
			return ret;
		html = shows(p->html, cnpj, escaped);
		free(escaped);
	}
	if (text && html)
		return 0;
	snprintf(reason, sizeof(reason),
		 "template '%s' (%s, %s%s): its %s the supplier's CNPJ, which a message to a debtor in Brazil "
		 "carries (CDC art. 42-A): add {{creditor.cnpj}} to it (recoup template set)",
		 t->name, d->kind, t->lang, t->stored ? ", the tenant's" : ", shipped",
		 !text && !html ? "text and HTML do not show"
		 : !text        ? "text does not show"
				: "HTML does not show");
	verdict(p, "skipped", "no_cnpj", reason, 0);
	return 0;
}

static int render(struct sender *s, struct store_tx *tx, const struct due *d, struct prepared *p,
		  enum template_audience aud, struct error *e)
{
	struct templates_found t = { 0 };
	json_t *data = NULL;
	int supplier = needs_supplier(s, p, aud);
	if (supplier) {
		check_cnpj_setting(s, p);
		if (p->state)
			return 0;
	}
	int ret = templates_find(tx, template_of(s, d), d->kind, p->customer.language, s->cfg.tenant_language, aud, &t,
				 e);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		verdict(p, "skipped", "no_template",
			"no template for this step, language and audience, not even default", 0);
		return 0;
	}
	snprintf(p->lang, sizeof(p->lang), "%s", t.lang);
	if (is_email(d) && s->have_optout_key)
		optout_token(s->optout_key, s->ctx->tenant, d->customer_id, d->action_id, p->recipient, p->optout_token,
			     sizeof(p->optout_token));
	struct merge_input mi = { .cfg = &s->cfg,
				  .customer = &p->customer,
				  .contact = &p->contact,
				  .invoices = p->inv,
				  .n_invoices = p->n_inv,
				  .currency = d->currency,
				  .total = p->total,
				  .credit = p->credit,
				  .today = s->ctx->today,
				  .lang = t.lang,
				  .action_id = d->action_id,
				  .message_id = p->message_id,
				  .optout_token = p->optout_token,
				  .hide_cnpj = !supplier };
	data = send_merge_data(&mi);
	ret = data ? 0 : error_set(e, ERR_ENV, "send: out of memory");
	if (ret == 0 && t.subject && t.subject[0])
		ret = template_render(t.subject, data, 0, &p->subject, e);
	if (ret == 0)
		ret = template_render(t.text, data, 0, &p->text, e);
	if (ret == 0 && t.html && t.html[0])
		ret = template_render(t.html, data, 1, &p->html, e);
	if (ret == -ERR_INPUT) {
		/* a stored template that no longer parses: the row waits for a person, nothing is sent */
		verdict(p, "skipped", "template", e->message, 0);
		ret = 0;
	}
	if (ret == 0 && !p->state && supplier)
		ret = check_cnpj_shown(s, d, &t, p, e);
	json_decref(data);
	templates_found_release(&t);
	return ret;
}

/*
 * A text's no-break spaces (U+00A0, and U+202F, which ICU puts between the
 * thousands of a French or Polish amount: "1 234,56") become plain spaces:
 * neither is in the GSM 03.38 alphabet, so one would make a French text UCS-2,
 * 70 characters a segment instead of 160, for a space the phone shows alike.
 */
static void plain_spaces(char *t)
{
	char *w = t;

	for (const char *r = t; *r;) {
		if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0) {
			*w++ = ' ';
			r += 2;
		} else if ((unsigned char)r[0] == 0xE2 && (unsigned char)r[1] == 0x80 && (unsigned char)r[2] == 0xAF) {
			*w++ = ' ';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* SMS: the opt-out a consumer's message carries, then the encoding and segments of the final text. */
static int finish_sms(struct sender *s, struct prepared *p, struct error *e)
{
	plain_spaces(p->text);
	if (p->customer.kind == KIND_PERSON) {
		const char *stop = s->cfg.sms_optout[0] ? s->cfg.sms_optout : optout_words(p->lang, 0);
		size_t n = strlen(p->text) + strlen(stop) + 3;
		char *t = malloc(n);
		if (!t)
			return error_set(e, ERR_ENV, "send: out of memory");
		snprintf(t, n, "%s %s", p->text, stop);
		free(p->text);
		p->text = t;
	}
	if (gsm7_measure(p->text, &p->sms) < 0)
		verdict(p, "skipped", "template", "the text is not valid UTF-8", 0);
	return 0;
}

static void list_unsubscribe(const struct channel_config *cfg, const struct due *d, struct prepared *p)
{
	char mail[CHANNEL_SETTING_MAX + 64] = "", url[CHANNEL_SETTING_MAX + OPTOUT_TOKEN_MAX + 8],
					web[CHANNEL_SETTING_MAX + OPTOUT_TOKEN_MAX + 16] = "";
	char optout_email[CHANNEL_SETTING_MAX];
	bare_address(cfg->optout_email, optout_email, sizeof(optout_email));
	if (optout_email[0])
		snprintf(mail, sizeof(mail), "<mailto:%s?subject=unsubscribe%%20%lld>", optout_email,
			 (long long)d->action_id);
	optout_link(cfg, p->optout_token, 0, url, sizeof(url));
	if (url[0])
		snprintf(web, sizeof(web), "<%s>", url);
	snprintf(p->list_unsubscribe, sizeof(p->list_unsubscribe), "%s%s%s", mail, mail[0] && web[0] ? ", " : "", web);
}

/* ---- one row ---- */

/* Everything before the hand-over, in `tx`: 0 with p->state NULL to send, else the verdict to record. */
static int prepare(struct sender *s, struct store_tx *tx, const struct due *d, struct prepared *p, struct error *e)
{
	enum template_audience aud = TEMPLATE_DEBTOR;
	snprintf(p->message_id, sizeof(p->message_id), "<%lld.%lld@recoup>", (long long)d->action_id,
		 (long long)s->ctx->tenant);
	int ret = 0;
	if (d->has_message) {
		/*
		 * A message sent again keeps the Message-ID its row was given
		 * first: made from the ids it had then, which a book migrated
		 * since (recoup migrate renumbers actions and tenants) no
		 * longer has, so a server or a reader can still tell the copy.
		 */
		struct message_record m;
		ret = store_message_get(tx, d->action_id, &m, e);
		if (ret > 0 && m.message_id[0])
			snprintf(p->message_id, sizeof(p->message_id), "%s", m.message_id);
	}
	if (ret >= 0)
		ret = store_customer_by_id(tx, d->customer_id, &p->customer, e);
	if (ret < 0)
		return ret;
	struct contact_find cf = { d->contact_id, &p->contact, 0 };
	ret = store_contacts_of_customer(tx, d->customer_id, find_contact, &cf, e);
	if (ret < 0)
		return ret;
	if (!cf.found) {
		verdict(p, "cancelled", "no_contact", "the action names no contact", 0);
		return 0;
	}
	snprintf(p->recipient, sizeof(p->recipient), "%s", is_email(d) ? p->contact.email : p->contact.phone);
	if (!p->recipient[0]) {
		verdict(p, "cancelled", "no_address",
			is_email(d) ? "the contact has no email address" : "the contact has no phone number", 0);
		return 0;
	}
	/*
	 * A gateway takes the number as E.164; a national one ("(212)
	 * 555-0199") went as typed, which a gateway refuses or, worse, reads
	 * in its own country: a stranger's phone. The contact is fixed first.
	 */
	if (!is_email(d)) {
		char intl[VALIDATE_E164_SIZE], why[sizeof(p->reason)];
		if (!validate_phone_e164(p->recipient, intl, sizeof(intl))) {
			snprintf(why, sizeof(why),
				 "the contact's phone '%s' is not an international number: a text goes to + "
				 "country code and number (as +48 600 000 001)",
				 p->recipient);
			verdict(p, "cancelled", "phone_not_international", why, 0);
			return 0;
		}
		snprintf(p->recipient, sizeof(p->recipient), "%s", intl);
	}
	ret = check_account(tx, d, p, s->ctx, 1, e);
	if (ret == 0 && !p->state)
		ret = check_rules(s, tx, d, p, &aud, e);
	if (ret == 0 && !p->state)
		ret = render(s, tx, d, p, aud, e);
	if (ret == 0 && !p->state && !is_email(d))
		ret = finish_sms(s, p, e);
	if (ret == 0 && !p->state && is_email(d))
		list_unsubscribe(&s->cfg, d, p);
	return ret;
}

static void message_init(struct message_record *m, const struct due *d, const struct prepared *p, timestamp_t now)
{
	memset(m, 0, sizeof(*m));
	m->action_id = d->action_id;
	snprintf(m->channel, sizeof(m->channel), "%s", d->kind);
	snprintf(m->message_id, sizeof(m->message_id), "%s", p->message_id);
	snprintf(m->recipient, sizeof(m->recipient), "%s", p->recipient);
	if (!is_email(d) && p->text) {
		snprintf(m->encoding, sizeof(m->encoding), "%s", gsm7_encoding_name(p->sms.encoding));
		m->segments = (int)p->sms.segments;
	}
	m->updated_at = now;
}

/* Records a verdict that is not a send (cancelled, waiting) in `tx`. */
static int record_verdict(struct sender *s, struct store_tx *tx, const struct due *d, const struct prepared *p,
			  struct error *e)
{
	const struct app_ctx *ctx = s->ctx;
	if (strcmp(p->state, "cancelled") == 0)
		return store_action_set_state(tx, d->action_id, "cancelled", p->code, p->reason, ctx->now, e) < 0
			       ? -ERR_ENV
			       : 0;
	if (strcmp(p->state, "waiting") == 0) {
		struct message_record m;
		message_init(&m, d, p, ctx->now);
		snprintf(m.state, sizeof(m.state), "retry");
		m.attempts = d->attempts;
		m.next_at = p->next_at;
		snprintf(m.last_error, sizeof(m.last_error), "%s: %s", p->code, p->reason);
		return store_message_put(tx, &m, e);
	}
	return 0; /* skipped: left as it is for a person */
}

/* Each channel's refusal of its settings, in the summary: email's and the SMS gateway's apart, with "; " */
static void config_detail_add(struct send_summary *sum, const char *why)
{
	size_t n = strlen(sum->config_detail);
	snprintf(sum->config_detail + n, sizeof(sum->config_detail) - n, "%s%s", n ? "; " : "", why);
}

static struct channel_handle *channel_for(struct sender *s, const struct due *d)
{
	int k = is_email(d) ? 0 : 1;
	if (s->channel_closed[k][0])
		return NULL; /* its server refused the settings earlier in this send: ch_err says how */
	if (!s->ch_tried[k]) {
		s->ch_tried[k] = 1;
		const struct channel_ops *ops = k == 0 ? &smtp_channel : &sms_http_channel;
		const char *key = k == 0 ? "smtp.url" : "sms.url";
		struct error ce = ERROR_INIT;
		/* a URL stored before `config set` checked ports and hosts: named, as a refusal of the settings */
		if (config_check(key, k == 0 ? s->cfg.smtp_url : s->cfg.sms_url, &ce) < 0) {
			error_set_field(&s->ch_err[k], ERR_INPUT, key,
					"the %s settings do not work: %s (recoup config set %s)",
					k == 0 ? "email" : "SMS", ce.message, key);
			snprintf(s->channel_closed[k], sizeof(s->channel_closed[k]), "config");
			(*(k == 0 ? &s->sum->config_email : &s->sum->config_sms))++;
			config_detail_add(s->sum, s->ch_err[k].message);
			return NULL;
		}
		if (ops->open(&s->cfg, &s->ch[k], &s->ch_err[k]) < 0)
			s->ch[k] = NULL;
	}
	return s->ch[k];
}

static const struct channel_ops *ops_for(const struct due *d)
{
	return is_email(d) ? &smtp_channel : &sms_http_channel;
}

/* The outcome of a hand-over, in its own transaction. */
static int record_outcome(struct sender *s, const struct due *d, const struct prepared *p, int attempt,
			  const struct channel_result *res, struct error *e)
{
	const struct app_ctx *ctx = s->ctx;
	struct store_tx *tx = NULL;
	struct message_record m;
	const char *state;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	message_init(&m, d, p, ctx->now);
	m.attempts = attempt;
	snprintf(m.last_error, sizeof(m.last_error), "%s", res->outcome == CHANNEL_SENT ? "" : res->detail);
	if (res->outcome == CHANNEL_SENT) {
		state = "sent";
		m.sent_at = ctx->now;
	} else if (res->outcome == CHANNEL_TRANSIENT && attempt < s->cfg.max_attempts) {
		state = "retry";
		timestamp_t wait = s->cfg.backoff;
		for (int i = 1; i < attempt && wait < 7 * 86400; i++)
			wait *= 2;
		if (wait > 7 * 86400)
			wait = 7 * 86400; /* at most a week: a backoff of a day doubled from 4 days is 7, not 8 */
		m.next_at = ctx->now + wait;
	} else {
		state = "failed";
	}
	snprintf(m.state, sizeof(m.state), "%s", state);
	ret = store_message_put(tx, &m, e);
	if (ret == 0)
		ret = store_message_attempt_add(tx, d->action_id, attempt, ctx->now,
						res->outcome == CHANNEL_SENT        ? "sent"
						: res->outcome == CHANNEL_TRANSIENT ? "transient"
										    : "permanent",
						res->detail, e);
	if (ret == 0 && res->outcome == CHANNEL_SENT) {
		/* the caps count what was sent: a contact attempt with outcome sent, about the message's invoices */
		struct contact_attempt a = { .at = ctx->now,
					     .channel = is_email(d) ? CHANNEL_EMAIL : CHANNEL_SMS,
					     .contact_id = d->contact_id,
					     .outcome = OUTCOME_SENT };
		for (size_t i = 0; i < p->n_inv && i < ATTEMPT_INVOICES_MAX; i++)
			a.invoice_ids[a.n_invoices++] = p->inv[i].id;
		if (p->n_inv > ATTEMPT_INVOICES_MAX)
			a.n_invoices = 0;
		char note[MESSAGE_ID_MAX + 16];
		snprintf(note, sizeof(note), "%s %s", d->kind, p->message_id);
		int64_t attempt_id = 0;
		ret = store_attempt_add(tx, d->customer_id, &a, "", note, &attempt_id, e);
		if (ret == 0)
			ret = store_action_set_state(tx, d->action_id, "done", "", "", ctx->now, e) < 0 ? -ERR_ENV : 0;
	} else if (ret == 0 && strcmp(state, "failed") == 0) {
		ret = store_action_set_state(tx, d->action_id, "cancelled", "send_failed", res->detail, ctx->now, e) < 0
			      ? -ERR_ENV
			      : 0;
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret == 0) {
		long *count = strcmp(state, "sent") == 0    ? &s->sum->sent
			      : strcmp(state, "retry") == 0 ? &s->sum->retry
							    : &s->sum->failed;
		(*count)++;
		if (res->unreachable) {
			(*(is_email(d) ? &s->sum->unreachable_email : &s->sum->unreachable_sms))++;
			snprintf(s->sum->unreachable_detail, sizeof(s->sum->unreachable_detail), "%s", res->detail);
		}
		if (res->timed_out) {
			/*
			 * A server that did not answer in send.timeout (a dropped
			 * connection, a host that swallows packets, one too slow) is
			 * not asked again in this send: each message waited the whole
			 * time-out before, 10,000 of them days, the tenant's lock held.
			 */
			int k = is_email(d) ? 0 : 1;
			snprintf(s->channel_closed[k], sizeof(s->channel_closed[k]), "timeout");
			error_set(&s->ch_err[k], ERR_ENV,
				  "the %s did not answer in time earlier in this send (%s): left for the next send",
				  k == 0 ? "email server" : "SMS gateway", res->detail);
			s->sum->timed_out++;
		}
		emit(s, d, p, state, res->outcome == CHANNEL_SENT ? "" : "server", res->detail, attempt, m.next_at);
	}
	return ret;
}

/*
 * The server refused the channel's settings (channel_result.config), not
 * this message: the row is put back as due now, its attempts uncounted
 * (the wait of a closed window is recorded alike), and the channel is
 * closed for the rest of the send, its later rows skipped with the reason.
 * A wrong password, a port the URL cannot have or a sender the server
 * refuses used to fail every message of the day, one after the other.
 */
static int record_config_refusal(struct sender *s, const struct due *d, struct prepared *p,
				 const struct channel_result *res, struct error *e)
{
	const struct app_ctx *ctx = s->ctx;
	int k = is_email(d) ? 0 : 1;
	const char *settings = k == 0 ? "smtp.url, smtp.tls, smtp.user, smtp.password, email.from"
				      : "sms.url, sms.token";
	struct store_tx *tx = NULL;
	struct message_record m;
	char why[768];
	int ret;

	snprintf(why, sizeof(why), "the %s settings were refused, not the message: %s; check %s (recoup config)",
		 k == 0 ? "email" : "SMS", res->detail, settings);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	message_init(&m, d, p, ctx->now);
	snprintf(m.state, sizeof(m.state), "retry");
	m.attempts = d->attempts;
	m.next_at = ctx->now;
	snprintf(m.last_error, sizeof(m.last_error), "config: %s", why);
	ret = store_message_put(tx, &m, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret < 0)
		return ret;
	snprintf(s->channel_closed[k], sizeof(s->channel_closed[k]), "config");
	error_set_field(&s->ch_err[k], ERR_INPUT, k == 0 ? "smtp.url" : "sms.url", "%s", why);
	(*(k == 0 ? &s->sum->config_email : &s->sum->config_sms))++;
	config_detail_add(s->sum, why);
	s->sum->skipped++;
	emit(s, d, p, "skipped", "config", why, d->attempts, 0);
	return 0;
}

static int send_one(struct sender *s, const struct due *d, struct error *e)
{
	const struct app_ctx *ctx = s->ctx;
	struct prepared *p = calloc(1, sizeof(*p));
	struct store_tx *tx = NULL;
	struct message_record m;
	int ret;
	if (!p)
		return error_set(e, ERR_ENV, "send: out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		goto cleanup;
	/* another send may have taken the row since it was read */
	ret = store_message_get(tx, d->action_id, &m, e);
	if (ret < 0)
		goto cleanup;
	if (ret == 1 && strcmp(m.state, "retry") != 0) {
		ret = 0;
		goto cleanup;
	}
	ret = prepare(s, tx, d, p, e);
	struct channel_handle *ch = NULL;
	if (ret == 0 && !p->state) {
		ch = channel_for(s, d);
		if (!ch)
			verdict(p, "skipped",
				s->channel_closed[is_email(d) ? 0 : 1][0] ? s->channel_closed[is_email(d) ? 0 : 1]
									  : "config",
				s->ch_err[is_email(d) ? 0 : 1].message, 0);
	}
	if (ret == 0 && p->state) {
		ret = record_verdict(s, tx, d, p, e);
		if (ret == 0)
			ret = store_tx_commit(tx, e);
		if (ret == 0) {
			int c = strcmp(p->state, "cancelled") == 0;
			int w = strcmp(p->state, "waiting") == 0;
			(*(c ? &s->sum->cancelled : w ? &s->sum->waiting : &s->sum->skipped))++;
			emit(s, d, p, p->state, p->code, p->reason, d->attempts, p->next_at);
		}
		goto cleanup;
	}
	if (ret < 0)
		goto cleanup;
	/* `sending` is durable before the hand-over: a crash from here on leaves an unsure row, never a resend */
	int attempt = d->attempts + 1;
	message_init(&m, d, p, ctx->now);
	snprintf(m.state, sizeof(m.state), "sending");
	m.attempts = attempt;
	/*
	 * The claim, in the statement that writes `sending`: the tenant's lock
	 * already keeps a second sender out, and this holds even without it
	 * (another process on the same database by another path, a lock lost):
	 * a sender that did not claim the row does not hand it over.
	 */
	ret = store_message_claim(tx, &m, e);
	if (ret == 0)
		goto cleanup;
	if (ret == 1)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	tx = NULL;
	if (ret < 0)
		goto cleanup;
	struct outgoing out = { .message_id = p->message_id,
				.to = p->recipient,
				.subject = p->subject,
				.text = p->text,
				.html = p->html,
				.lang = p->lang,
				.list_unsubscribe = p->list_unsubscribe,
				.date = ctx->now,
				.encoding = gsm7_encoding_name(p->sms.encoding),
				.segments = p->sms.segments };
	struct channel_result res = { 0 };
	ops_for(d)->send(ch, &out, &res);
	ret = res.config ? record_config_refusal(s, d, p, &res, e) : record_outcome(s, d, p, attempt, &res, e);
cleanup:
	store_tx_free(tx);
	if (p)
		prepared_release(p);
	free(p);
	return ret;
}

/* ---- the run ---- */

/*
 * A page of due rows. Rows that stay due after their turn (retry, waiting,
 * skipped) are remembered in `seen` and left out when read again, so that
 * one send never takes a row twice, whatever --until says.
 */
struct page {
	struct due *rows;
	size_t n, cap;
	int64_t *seen;
	size_t n_seen, cap_seen;
	int oom;
};

static int was_seen(const struct page *pg, int64_t id)
{
	for (size_t i = 0; i < pg->n_seen; i++)
		if (pg->seen[i] == id)
			return 1;
	return 0;
}

static void remember(struct page *pg, int64_t id)
{
	if (pg->n_seen == pg->cap_seen) {
		size_t cap = pg->cap_seen ? pg->cap_seen * 2 : 64;
		int64_t *v = realloc(pg->seen, cap * sizeof(*v));
		if (!v) {
			pg->oom = 1;
			return;
		}
		pg->seen = v;
		pg->cap_seen = cap;
	}
	pg->seen[pg->n_seen++] = id;
}

static int collect_due(void *ctx, const struct outbox_row *r)
{
	struct page *pg = ctx;
	if (was_seen(pg, r->action_id))
		return 0;
	if (pg->n == pg->cap) {
		size_t cap = pg->cap ? pg->cap * 2 : SEND_PAGE;
		struct due *v = realloc(pg->rows, cap * sizeof(*v));
		if (!v) {
			pg->oom = 1;
			return 1;
		}
		pg->rows = v;
		pg->cap = cap;
	}
	struct due *d = &pg->rows[pg->n++];
	memset(d, 0, sizeof(*d));
	d->action_id = r->action_id;
	d->customer_id = r->customer_id;
	d->contact_id = r->contact_id;
	snprintf(d->kind, sizeof(d->kind), "%s", r->kind);
	snprintf(d->currency, sizeof(d->currency), "%s", r->currency);
	snprintf(d->strategy, sizeof(d->strategy), "%s", r->strategy);
	snprintf(d->step, sizeof(d->step), "%s", r->step);
	d->attempts = r->attempts;
	d->has_message = r->state[0] != '\0';
	return 0;
}

/* Marks the rows a dead send left in `sending`, loads the settings, the rules and the strategies. */
static int start(struct sender *s, struct error *e)
{
	const struct app_ctx *ctx = s->ctx;
	struct store_tx *tx = NULL;
	int64_t n = 0;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = store_messages_move(tx, "sending", "unsure", ctx->now, &n, e);
	if (ret == 0)
		ret = config_load(tx, &s->cfg, e);
	if (ret == 0)
		ret = store_tenant_default_profile(tx, s->tenant_default, sizeof(s->tenant_default), e);
	if (ret == 0 && s->cfg.optout_url[0]) {
		ret = optout_key(tx, 1, ctx->now, s->optout_key, e);
		s->have_optout_key = ret == 1;
		ret = ret < 0 ? ret : 0;
	}
	if (ret == 0)
		ret = rules_ctx_load(tx, &s->rc, e);
	if (ret == 0) {
		ret = strategies_load(tx, &s->strategies, e);
		s->have_strategies = ret == 0;
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	s->sum->unsure = (long)n;
	return ret;
}

static int stopped(const struct send_options *o)
{
	return o && o->stop && atomic_load(o->stop);
}

static long still_due(const struct send_summary *sum)
{
	return sum->retry + sum->waiting + sum->skipped;
}

/* "1 h 5 min", "12 min 3 s", "40 s": how far apart two clocks are. */
static void format_gap(int64_t seconds, char *buf, size_t size)
{
	if (seconds >= 3600)
		snprintf(buf, size, "%lld h %lld min", (long long)(seconds / 3600), (long long)(seconds % 3600 / 60));
	else if (seconds >= 60)
		snprintf(buf, size, "%lld min %lld s", (long long)(seconds / 60), (long long)(seconds % 60));
	else
		snprintf(buf, size, "%lld s", (long long)seconds);
}

int send_clock_check(const char *name, timestamp_t now, timestamp_t machine, struct error *e)
{
	char asked[TIMESTAMP_TEXT_MAX], clock[TIMESTAMP_TEXT_MAX], gap[48];
	int64_t d = (int64_t)now - (int64_t)machine;
	if (d >= -SEND_CLOCK_TOLERANCE && d <= SEND_CLOCK_TOLERANCE)
		return 0;
	format_gap(d < 0 ? -d : d, gap, sizeof(gap));
	error_set(e, ERR_USAGE,
		  "%s %s is %s %s the machine's clock (%s): messages leave at the machine's moment, and the "
		  "contact rules must be asked at that moment (a send that transmits takes a clock at most %d s "
		  "from the machine's)",
		  name, timestamp_format(now, asked, sizeof(asked)), gap, d < 0 ? "behind" : "ahead of",
		  timestamp_format(machine, clock, sizeof(clock)), SEND_CLOCK_TOLERANCE);
	app_error_field(e, name[0] == '-' ? name : "now");
	return -ERR_USAGE;
}

/*
 * The row's moment: the send's clock moved on by what the machine's has
 * moved since the send began (send_options.clock), never back.
 */
static void row_clock(struct sender *s, const struct app_ctx *ctx, const struct send_options *o, timestamp_t started)
{
	timestamp_t moved = o->clock(o->clock_arg) - started, now;

	now = ctx->now + (moved > 0 ? moved : 0);
	if (now > s->row_ctx.now) {
		s->row_ctx.now = now;
		s->row_ctx.today = timestamp_date_utc(now);
	}
}

int send_run(const struct app_ctx *ctx, const struct send_options *o, send_event_cb cb, void *cb_ctx,
	     struct send_summary *sum, struct error *e)
{
	struct sender *s = calloc(1, sizeof(*s));
	struct page pg = { 0 };
	timestamp_t until = o && o->until ? o->until : ctx->now;
	long limit = o ? o->limit : 0, done = 0;
	int ret, locked = 0;
	memset(sum, 0, sizeof(*sum));
	timestamp_t started = 0; /* the machine's clock at the start */
	/* no message leaves on a clock that is not the machine's: refused before anything is read */
	if (!o || !o->clock) {
		ret = error_set(e, ERR_ENV, "send: the caller gave no machine clock (send_options.clock)");
		goto cleanup;
	}
	started = o->clock(o->clock_arg);
	ret = send_clock_check("the send's clock", ctx->now, started, e);
	if (ret < 0)
		goto cleanup;
	/* a message leaves at its scheduled moment or later: --until ahead would hand over tomorrow's now */
	if (until > started + SEND_CLOCK_TOLERANCE) {
		char asked[TIMESTAMP_TEXT_MAX], clock[TIMESTAMP_TEXT_MAX], gap[48];
		format_gap((int64_t)until - (int64_t)started, gap, sizeof(gap));
		ret = error_set(e, ERR_USAGE,
				"--until %s is %s ahead of the machine's clock (%s): a message leaves at the moment "
				"the run scheduled it (in the debtor's preferred window) or later, never before; "
				"--until may only hold back the rows scheduled after an earlier moment",
				timestamp_format(until, asked, sizeof(asked)), gap,
				timestamp_format(started, clock, sizeof(clock)));
		app_error_field(e, "--until");
		goto cleanup;
	}
	if (!s) {
		ret = error_set(e, ERR_ENV, "send: out of memory");
		goto cleanup;
	}
	*s = (struct sender){ .row_ctx = *ctx, .cb = cb, .cb_ctx = cb_ctx, .sum = sum };
	s->ctx = &s->row_ctx;
	ret = store_run_lock(ctx->store, ctx->tenant, e);
	if (ret == 0)
		ret = error_set(e, ERR_CONFLICT, "send: the daily run or another send of this tenant is running");
	if (ret < 0)
		goto cleanup;
	locked = 1;
	ret = start(s, e);
	while (ret == 0 && (limit == 0 || done < limit) && !stopped(o)) {
		struct store_tx *tx = NULL;
		pg.n = 0;
		ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
		if (ret == 0)
			ret = store_outbox_due_each(tx, until, SEND_PAGE + (long)pg.n_seen, collect_due, &pg, e);
		store_tx_free(tx);
		if (ret == 0 && pg.oom)
			ret = error_set(e, ERR_ENV, "send: out of memory");
		if (ret < 0 || pg.n == 0)
			break;
		for (size_t i = 0; ret == 0 && i < pg.n && (limit == 0 || done < limit) && !stopped(o); i++) {
			long before = still_due(sum);
			row_clock(s, ctx, o, started);
			ret = send_one(s, &pg.rows[i], e);
			done++;
			if (still_due(sum) != before)
				remember(&pg, pg.rows[i].action_id);
		}
	}
cleanup:
	if (locked)
		store_run_unlock(ctx->store, ctx->tenant);
	if (s) {
		smtp_channel.close(s->ch[0]);
		sms_http_channel.close(s->ch[1]);
		rules_ctx_free(s->rc);
		sodium_memzero(s->optout_key, sizeof(s->optout_key));
		if (s->have_strategies)
			strategies_release(&s->strategies);
	}
	free(s);
	free(pg.rows);
	free(pg.seen);
	return ret;
}

struct unsure_ctx {
	struct store_tx *tx;
	send_event_cb cb;
	void *cb_ctx;
};

static int relay_unsure(void *ctx, const struct message_record *m, int64_t customer_id, int64_t contact_id)
{
	struct unsure_ctx *u = ctx;
	struct customer c = { 0 };
	struct error ignore = ERROR_INIT;
	store_customer_by_id(u->tx, customer_id, &c, &ignore);
	struct send_event ev = { .action_id = m->action_id,
				 .kind = m->channel,
				 .customer = c.ref,
				 .recipient = m->recipient,
				 .state = m->state,
				 .code = "unsure",
				 .detail = "the process stopped while handing it over: check with the server before "
					   "sending again",
				 .message_id = m->message_id,
				 .encoding = m->encoding,
				 .segments = m->segments,
				 .attempts = m->attempts,
				 .next_at = 0 };
	(void)contact_id;
	return u->cb ? u->cb(u->cb_ctx, &ev) : 0;
}

int send_unsure(const struct app_ctx *ctx, send_event_cb cb, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	struct unsure_ctx u = { tx, cb, cb_ctx };
	if (ret == 0)
		ret = store_messages_each(tx, "unsure", relay_unsure, &u, e);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}

struct find_unsure {
	int64_t action_id, customer_id, contact_id;
	int found;
};

static int find_row(void *ctx, const struct message_record *m, int64_t customer_id, int64_t contact_id)
{
	struct find_unsure *f = ctx;
	if (m->action_id != f->action_id)
		return 0;
	f->customer_id = customer_id;
	f->contact_id = contact_id;
	f->found = 1;
	return 1;
}

/* Records an unsure row as sent: the message, the action, and the contact attempt the caps count. */
static int resolve_sent(const struct app_ctx *ctx, struct store_tx *tx, struct message_record *m,
			const struct find_unsure *f, struct error *e)
{
	struct ids ids = { 0 };
	struct contact_attempt a = { .at = ctx->now,
				     .channel = strcmp(m->channel, "email") == 0 ? CHANNEL_EMAIL : CHANNEL_SMS,
				     .contact_id = f->contact_id,
				     .outcome = OUTCOME_SENT };
	char note[MESSAGE_ID_MAX + 32];
	int64_t attempt_id = 0;
	int ret = store_outbox_invoices_each(tx, m->action_id, add_id, &ids, e);
	if (ret >= 0 && ids.oom)
		ret = error_set(e, ERR_ENV, "send: out of memory");
	for (size_t i = 0; ret >= 0 && i < ids.n && ids.n <= ATTEMPT_INVOICES_MAX; i++)
		a.invoice_ids[a.n_invoices++] = ids.v[i];
	free(ids.v);
	if (ret > 0)
		ret = 0;
	snprintf(m->state, sizeof(m->state), "sent");
	m->sent_at = ctx->now;
	m->updated_at = ctx->now;
	snprintf(note, sizeof(note), "%s %s (confirmed)", m->channel, m->message_id);
	if (ret == 0)
		ret = store_message_put(tx, m, e);
	if (ret == 0)
		ret = store_attempt_add(tx, f->customer_id, &a, "", note, &attempt_id, e);
	if (ret == 0)
		ret = store_action_set_state(tx, m->action_id, "done", "", "", ctx->now, e) < 0 ? -ERR_ENV : 0;
	return ret;
}

int send_resolve(const struct app_ctx *ctx, int64_t action_id, int resend, struct error *e)
{
	struct store_tx *tx = NULL;
	struct message_record m;
	struct find_unsure f = { action_id, 0, 0, 0 };
	json_t *after = NULL;
	char ref[32];
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = store_message_get(tx, action_id, &m, e);
	if (ret == 0)
		ret = error_set(e, ERR_NOT_FOUND, "send: action %lld has no message", (long long)action_id);
	else if (ret == 1 && strcmp(m.state, "unsure") != 0)
		ret = error_set(e, ERR_CONFLICT, "send: message of action %lld is %s, not unsure", (long long)action_id,
				m.state);
	else if (ret == 1)
		ret = store_messages_each(tx, "unsure", find_row, &f, e) < 0 ? -ERR_ENV : 0;
	if (ret == 0 && resend) {
		snprintf(m.state, sizeof(m.state), "retry");
		m.next_at = ctx->now;
		m.updated_at = ctx->now;
		ret = store_message_put(tx, &m, e);
	} else if (ret == 0) {
		ret = resolve_sent(ctx, tx, &m, &f, e);
	}
	if (ret == 0) {
		snprintf(ref, sizeof(ref), "%lld", (long long)action_id);
		after = json_pack("{s:s, s:s}", "message_id", m.message_id, "decision", resend ? "resend" : "sent");
		ret = app_audit(ctx, tx, "send.resolve", "message", ref, NULL, after, e);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	json_decref(after);
	store_tx_free(tx);
	return ret;
}

/* An action drawn that another writer moved before it was recorded, as it is now. */
struct letter_changed {
	int64_t action_id;
	size_t letter; /* its letter, in letters_day.drawn */
	struct action_state_now now;
};

/* What letters_record recorded, for the report. */
struct letters_recorded {
	unsigned char *letter_done; /* per letter drawn: 1 when one of its actions was recorded done */
	struct letter_changed *changed;
	size_t n_changed, cap_changed;
	size_t actions; /* recorded done */
};

/*
 * The contact attempt of a letter printed: channel letter, outcome sent,
 * the contact it greets, about the invoices it lists (every debt when
 * they are more than an attempt names, as for an email), so that the
 * history, `report contacts` and a frequency cap that counts letters see
 * it. One per letter: it stands for all of its customer's letter actions,
 * but one letter was posted. None for a letter to no contact (the
 * customer has none: an attempt is a contact's).
 */
static int letter_attempt(struct store_tx *tx, const struct app_ctx *ctx, const struct letters_drawn *d,
			  int64_t action_id, const char *path, struct error *e)
{
	struct contact_attempt a = {
		.at = ctx->now, .channel = CHANNEL_LETTER, .contact_id = d->contact_id, .outcome = OUTCOME_SENT
	};
	const char *file = strrchr(path, '/');
	char note[MESSAGE_ID_MAX + 300];
	int64_t attempt_id = 0;

	if (!d->contact_id)
		return 0;
	for (size_t i = 0; i < d->n_invoices && d->n_invoices <= ATTEMPT_INVOICES_MAX; i++)
		a.invoice_ids[a.n_invoices++] = d->invoice_ids[i];
	snprintf(note, sizeof(note), "letter <%lld.%lld@recoup> in %.250s", (long long)action_id,
		 (long long)ctx->tenant, file ? file + 1 : path);
	return store_attempt_add(tx, d->customer_id, &a, "", note, &attempt_id, e);
}

/*
 * Records the day's letters printed, in one write transaction: each action
 * done with its message row and attempt, and each letter a contact attempt
 * (letter_attempt); the actions checked again and not printed, cancelled
 * with their code and reason, as a message found settled, held or stopped
 * at its hand-over is. The letters were judged in an earlier read
 * transaction: an action is moved only from `scheduled`, so one that
 * another writer moved since (a promise recorded meanwhile cancelled it)
 * keeps what that writer wrote, and goes to rec->changed.
 */
static int letters_record(const struct app_ctx *ctx, const struct letters_day *day, const char *path,
			  struct letters_recorded *rec, struct error *e)
{
	struct store_tx *tx = NULL;
	struct action_state_now now;
	int64_t *lead = NULL; /* per letter: its first action recorded done, 0 none */
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);

	rec->letter_done = calloc(day->letters ? day->letters : 1, 1);
	lead = calloc(day->letters ? day->letters : 1, sizeof(*lead));
	if (ret == 0 && (!rec->letter_done || !lead))
		ret = error_set(e, ERR_ENV, "send: out of memory");
	/* one moved since stays as it is: it is not printed either way */
	for (size_t i = 0; ret == 0 && i < day->n_cancelled; i++)
		ret = store_action_move(tx, day->cancelled[i].action_id, "scheduled", "cancelled",
					day->cancelled[i].v.code, day->cancelled[i].v.reason, ctx->now, &now, e) < 0
			      ? -ERR_ENV
			      : 0;
	for (size_t i = 0; ret == 0 && i < day->n; i++) {
		size_t letter = day->letter_of[i];
		int moved = store_action_move(tx, day->ids[i], "scheduled", "done", "", "", ctx->now, &now, e);
		if (moved < 0) {
			ret = moved;
			break;
		}
		if (moved == 0) {
			struct letter_changed c = { day->ids[i], letter, now };
			if (array_grow(&rec->changed, &rec->cap_changed, rec->n_changed, sizeof(c)) < 0)
				ret = error_set(e, ERR_ENV, "send: out of memory");
			else
				rec->changed[rec->n_changed++] = c;
			continue;
		}
		struct message_record m = {
			.action_id = day->ids[i], .attempts = 1, .sent_at = ctx->now, .updated_at = ctx->now
		};
		snprintf(m.channel, sizeof(m.channel), "letter");
		snprintf(m.state, sizeof(m.state), "sent");
		snprintf(m.message_id, sizeof(m.message_id), "<%lld.%lld@recoup>", (long long)day->ids[i],
			 (long long)ctx->tenant);
		snprintf(m.recipient, sizeof(m.recipient), "%s", path);
		ret = store_message_put(tx, &m, e);
		if (ret == 0)
			ret = store_message_attempt_add(tx, day->ids[i], 1, ctx->now, "sent", path, e);
		rec->letter_done[letter] = 1;
		if (!lead[letter])
			lead[letter] = day->ids[i];
		rec->actions++;
	}
	for (size_t k = 0; ret == 0 && k < day->letters; k++)
		if (rec->letter_done[k])
			ret = letter_attempt(tx, ctx, &day->drawn[k], lead[k], path, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	free(lead);
	return ret;
}

/*
 * The actions checked again and cancelled, each with its code and why;
 * then those skipped, each with why (they stay scheduled for a person);
 * then those drawn that another writer moved before they were recorded,
 * each with what it is now and, when its letter stands for no action
 * recorded, that the letter is to be taken out of the batch.
 */
static void letters_skipped(const struct letters_day *day, const struct letters_recorded *rec, const char *path,
			    send_event_cb cb, void *cb_ctx)
{
	for (size_t i = 0; cb && i < day->n_cancelled; i++) {
		struct send_event ev = { .action_id = day->cancelled[i].action_id,
					 .kind = "letter",
					 .customer = day->cancelled[i].customer_ref,
					 .recipient = "",
					 .state = "cancelled",
					 .code = day->cancelled[i].v.code,
					 .detail = day->cancelled[i].v.reason,
					 .message_id = "",
					 .encoding = "" };
		cb(cb_ctx, &ev);
	}
	for (size_t i = 0; cb && i < day->n_skipped; i++) {
		struct send_event ev = { .action_id = day->skipped[i],
					 .kind = "letter",
					 .customer = "",
					 .recipient = "",
					 .state = "skipped",
					 .code = "no_letter",
					 .detail = day->why ? day->why[i] : "",
					 .message_id = "",
					 .encoding = "" };
		cb(cb_ctx, &ev);
	}
	for (size_t i = 0; cb && i < rec->n_changed; i++) {
		const struct letter_changed *c = &rec->changed[i];
		char detail[REASON_MESSAGE_MAX + 4096];
		snprintf(detail, sizeof(detail),
			 "the action is %s%s%s%s since its letter was drawn: not recorded as sent; %s",
			 c->now.state[0] ? c->now.state : "gone", c->now.reason_code[0] ? " (" : "", c->now.reason_code,
			 c->now.reason_code[0] ? ")" : "",
			 rec->letter_done[c->letter] ? "the letter stands for the customer's other actions"
						     : "take the customer's letter out of the batch before posting");
		struct send_event ev = { .action_id = c->action_id,
					 .kind = "letter",
					 .customer = day->drawn[c->letter].customer_ref,
					 .recipient = path,
					 .state = "skipped",
					 .code = "changed",
					 .detail = detail,
					 .message_id = "",
					 .encoding = "" };
		cb(cb_ctx, &ev);
	}
}

int send_letters(const struct app_ctx *ctx, const char *dir, send_event_cb cb, void *cb_ctx,
		 struct send_letters_result *out, struct error *e)
{
	/* no option: the letters take the tenant's settings, as `recoup letter` without its flags (app/letters.h) */
	const struct letters_options o = { NULL };
	struct letters_day day = { 0 };
	struct letters_recorded rec = { 0 };
	char date[DATE_TEXT_MAX];
	int ret, locked = 0;
	memset(out, 0, sizeof(*out));
	ret = store_run_lock(ctx->store, ctx->tenant, e);
	if (ret == 0)
		ret = error_set(e, ERR_CONFLICT, "send: the daily run or another send of this tenant is running");
	if (ret < 0)
		goto cleanup;
	locked = 1;
	/* a second batch the same day gets its own file: a printed batch is never overwritten */
	date_format(ctx->today, date, sizeof(date));
	snprintf(out->path, sizeof(out->path), "%s/letters-%s.pdf", dir, date);
	for (int k = 2; k < 1000 && access(out->path, F_OK) == 0; k++)
		snprintf(out->path, sizeof(out->path), "%s/letters-%s-%d.pdf", dir, date, k);
	ret = letters_render_day(ctx, ctx->today, &o, out->path, &day, e);
	if (ret == 0 && (day.n || day.n_cancelled))
		ret = letters_record(ctx, &day, out->path, &rec, e);
	if (ret == 0) {
		out->letters = day.letters;
		out->actions = rec.actions;
		out->skipped = day.n_skipped;
		out->cancelled = day.n_cancelled;
		out->changed = rec.n_changed;
		for (size_t k = 0; rec.letter_done && k < day.letters; k++)
			out->withdrawn += !rec.letter_done[k];
		out->pages = day.pages;
		if (!day.letters)
			out->path[0] = '\0';
		letters_skipped(&day, &rec, out->path, cb, cb_ctx);
	}
cleanup:
	if (locked)
		store_run_unlock(ctx->store, ctx->tenant);
	letters_day_release(&day);
	free(rec.letter_done);
	free(rec.changed);
	return ret;
}

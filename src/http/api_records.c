/*
 * api_records.c: creating and correcting customers and contacts, invoices,
 * credit notes, status flags, a customer's history and the contact-rules check
 * (docs/api.md). Each route calls the use case the command line calls:
 * a new record goes through the importer (api_record_create: the checks of
 * an imported row), a change through app/correct (`customer set`, `contact
 * set`: recorded and audited), a flag through app/flags (`customer
 * flag|unflag`), the history through app/contact_log (`contact history`),
 * the check through app/rules_config (`rules check`).
 *
 * Payments and credit notes are listed per customer (app/ledger_list).
 *
 * A collector reaches only the customers assigned to them (and their
 * contacts): any other ref is 404, as an unknown one (app/auth.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/contact_log.h"
#include "app/correct.h"
#include "app/customer_view.h"
#include "app/flags.h"
#include "app/ledger_list.h"
#include "app/record_get.h"
#include "app/rules_config.h"
#include "codec/json.h"
#include "core/channel.h"
#include "http/api.h"
#include "http/body.h"
#include "http/etag.h"
#include "http/router.h"

/* ---- creating customers, contacts, invoices and credit notes ---- */

/* The customer of the path, as the caller may see it: 0, or -1 (rq->fail). */
static int load_view(struct http_request *rq, struct customer_view *v)
{
	if (auth_customer_visible(&rq->app, &rq->who, rq->params[0], &rq->err) < 0 ||
	    customer_view_load(&rq->app, rq->params[0], v, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return 0;
}

static const struct body_spec customer_spec = { &codec_customer, NULL, NULL, 0 };

int api_customer_create(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;

	if (body_object(rq, &customer_spec, &body) < 0)
		return -1;
	return api_record_create(rq, rs, IMPORT_CUSTOMERS, &codec_customer, body);
}

/* The contact's columns but its customer, which the path names. */
static const char *const contact_omit[] = { "customer_ref", NULL };
static const struct body_spec contact_spec = { &codec_contact, contact_omit, NULL, 0 };

int api_contact_create(struct http_request *rq, struct http_response *rs)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	json_t *body = NULL;
	char copy[REF_MAX + 1];
	const char *ref;
	int ret, hidden;

	if (body_object(rq, &contact_spec, &body) < 0)
		return -1;
	/* the customer of the path is a resource: unknown (or not the caller's) is 404, not a bad row */
	ret = load_view(rq, &v);
	customer_view_release(&v);
	if (ret < 0) {
		json_decref(body);
		return -1;
	}
	if (json_object_set_new(body, "customer_ref", json_string(rq->params[0])) < 0) {
		json_decref(body);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	/* a ref the caller may not see (another collector's customer's contact): refused without naming whose */
	ref = body_text(body, "contact_ref");
	hidden = ref && *ref && auth_contact_visible(&rq->app, &rq->who, ref, &rq->err) == -ERR_NOT_FOUND;
	if (hidden)
		snprintf(copy, sizeof(copy), "%s", ref);
	ret = api_record_create(rq, rs, IMPORT_CONTACTS, &codec_contact, body);
	if (ret < 0 && hidden && rq->fail.status == 422 && !strcmp(rq->fail.field, "contact_ref") &&
	    strstr(rq->fail.message, "already stored with"))
		http_error(rq, 422, "input", "contact_ref",
			   "contact_ref: contact '%s' is already stored with another customer", copy);
	return ret;
}

static const struct body_spec invoice_spec = { &codec_invoice, NULL, NULL, 0 };

int api_invoice_create(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;

	if (body_object(rq, &invoice_spec, &body) < 0)
		return -1;
	return api_record_create(rq, rs, IMPORT_INVOICES, &codec_invoice, body);
}

static const struct body_spec credit_note_spec = { &codec_credit_note, NULL, NULL, 0 };

int api_credit_note_create(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;

	if (body_object(rq, &credit_note_spec, &body) < 0)
		return -1;
	return api_record_create(rq, rs, IMPORT_CREDIT_NOTES, &codec_credit_note, body);
}

/* ---- a customer's payments and credit notes ---- */

static int add_payment(void *ctx, const struct payment *p)
{
	return json_array_append_new(ctx, codec_json_record(&codec_payment, p)) < 0 ? -ERR_ENV : 0;
}

static int add_credit_note(void *ctx, const struct credit_note *cn)
{
	return json_array_append_new(ctx, codec_json_record(&codec_credit_note, cn)) < 0 ? -ERR_ENV : 0;
}

/* ?customer=REF as the caller may see it: the ref, or NULL (rq->fail). */
static const char *customer_query(struct http_request *rq)
{
	const char *ref = http_query(rq, "customer");

	if (!ref || !*ref) {
		http_error(rq, 400, "usage", "customer", "GET %s needs ?customer=REF", rq->route->pattern);
		return NULL;
	}
	if (auth_customer_visible(&rq->app, &rq->who, ref, &rq->err) < 0) {
		/* the argument that named it, not the path's {ref} */
		snprintf(rq->err.field, sizeof(rq->err.field), "customer");
		http_app_error(rq, &rq->err);
		return NULL;
	}
	return ref;
}

int api_payments_list(struct http_request *rq, struct http_response *rs)
{
	const char *ref = customer_query(rq);
	json_t *items;

	if (!ref)
		return -1;
	items = json_array();
	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (ledger_list_payments(&rq->app, ref, add_payment, items, &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}

int api_credit_notes_list(struct http_request *rq, struct http_response *rs)
{
	const char *ref = customer_query(rq);
	json_t *items;

	if (!ref)
		return -1;
	items = json_array();
	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (ledger_list_credit_notes(&rq->app, ref, add_credit_note, items, &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}

/* ---- one record by its ref: the CSV file's columns as keys ---- */

int api_contact_get(struct http_request *rq, struct http_response *rs)
{
	struct contact c;

	if (record_get_contact(&rq->app, &rq->who, rq->params[0], &c, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return http_json(rq, rs, 200, codec_json_record(&codec_contact, &c));
}

int api_payment_get(struct http_request *rq, struct http_response *rs)
{
	struct payment p;

	if (record_get_payment(&rq->app, &rq->who, rq->params[0], &p, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return http_json(rq, rs, 200, codec_json_record(&codec_payment, &p));
}

int api_credit_note_get(struct http_request *rq, struct http_response *rs)
{
	struct credit_note cn;

	if (record_get_credit_note(&rq->app, &rq->who, rq->params[0], &cn, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return http_json(rq, rs, 200, codec_json_record(&codec_credit_note, &cn));
}

/* ---- corrections ---- */

#define CORRECT_FIELDS_MAX 16

/* The body a correction takes: the table's correctable fields, none required. */
static size_t correct_fields(const struct record_table *t, struct body_field *out)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n && n < CORRECT_FIELDS_MAX; i++) {
		const struct field *f = &t->fields[i];
		if (!f->correct)
			continue;
		out[n++] = (struct body_field){ f->name, f->type == FIELD_BOOL ? BODY_BOOLEAN : BODY_STRING, f->max, 0,
						(f->flags & FIELD_FREE_TEXT) != 0 };
	}
	return n;
}

static json_t *change_json(const struct change_record *c)
{
	char ts[TIMESTAMP_TEXT_MAX];

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "entity", c->entity, "ref", c->ref, "field", c->field,
			 "old_value", c->old_value, "new_value", c->new_value, "by", c->by, "at",
			 timestamp_format(c->at, ts, sizeof(ts)));
}

/* The body's keys as "field=value" assignments (from rq->arena): n, or -1 (rq->fail). */
static int assignments(struct http_request *rq, const json_t *body, char **assign, size_t max)
{
	const char *key;
	json_t *v;
	size_t n = 0;

	json_object_foreach((json_t *)body, key, v)
	{
		const char *text = body_text(body, key);
		size_t len;
		char *a;

		if (!text || n == max)
			continue;
		len = strlen(key) + strlen(text) + 2;
		a = arena_alloc(rq->arena, len);
		if (!a)
			return http_error(rq, 500, "environment", "", "out of memory");
		snprintf(a, len, "%s=%s", key, text);
		assign[n++] = a;
	}
	return (int)n;
}

/*
 * PATCH: the record's correctable columns, each checked as the importer
 * checks it, applied by `set` all or nothing. 200 with what changed.
 */
static int correct(struct http_request *rq, struct http_response *rs, const struct record_table *t, correct_set_fn set)
{
	struct body_field fields[CORRECT_FIELDS_MAX];
	struct body_spec spec = { NULL, NULL, fields, correct_fields(t, fields) };
	struct correct_result r = CORRECT_RESULT_INIT;
	char *assign[CORRECT_FIELDS_MAX];
	json_t *body = NULL, *changes;
	int n, ret;

	if (body_object(rq, &spec, &body) < 0)
		return -1;
	n = assignments(rq, body, assign, CORRECT_FIELDS_MAX);
	json_decref(body);
	if (n < 0)
		return -1;
	if (n == 0)
		return http_error(rq, 422, "input", "", "nothing to change: send one of the correctable fields");
	ret = set(&rq->app, rq->params[0], assign, (size_t)n, NULL, &r, &rq->err);
	if (ret < 0) {
		correct_result_release(&r);
		return http_app_error(rq, &rq->err);
	}
	changes = json_array();
	for (size_t i = 0; changes && i < r.n; i++)
		json_array_append_new(changes, change_json(&r.changes[i]));
	correct_result_release(&r);
	return http_json(rq, rs, 200,
			 json_pack("{s:s, s:o*}", t == &codec_customer ? "customer_ref" : "contact_ref", rq->params[0],
				   "changes", changes));
}

/* The customer's tag for If-Match: 1, 0 when there is no such customer, -1. */
static int customer_tag(struct http_request *rq, void *ctx, char out[HTTP_ETAG_MAX])
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	int ret;

	(void)ctx;
	if (customer_view_load(&rq->app, rq->params[0], &v, &rq->err) < 0)
		ret = rq->err.code == ERR_NOT_FOUND ? 0 : http_app_error(rq, &rq->err);
	else
		ret = api_customer_tag(&v.customer, out) < 0 ? http_error(rq, 500, "environment", "", "out of memory")
							     : 1;
	customer_view_release(&v);
	return ret;
}

/* With If-Match, the check and the correction in one transaction (http/etag.h); the answer has the new ETag. */
int api_customer_update(struct http_request *rq, struct http_response *rs)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	int guarded, ret;

	if (http_if_match_begin(rq, customer_tag, NULL, "customer", rq->params[0], &guarded) < 0)
		return -1;
	ret = correct(rq, rs, &codec_customer, correct_customer_set);
	if (ret == 0 && customer_view_load(&rq->app, rq->params[0], &v, &rq->err) == 0)
		ret = api_customer_tag_header(rq, rs, &v.customer);
	customer_view_release(&v);
	return http_if_match_end(rq, guarded, ret);
}

int api_contact_update(struct http_request *rq, struct http_response *rs)
{
	if (auth_contact_visible(&rq->app, &rq->who, rq->params[0], &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return correct(rq, rs, &codec_contact, correct_contact_set);
}

/* ---- a customer's contacts and flags ---- */

int api_contacts_list(struct http_request *rq, struct http_response *rs)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	json_t *items;
	int ret = load_view(rq, &v);

	if (ret == 0) {
		items = json_array();
		for (size_t i = 0; items && i < v.n_contacts; i++)
			json_array_append_new(items, codec_json_record(&codec_contact, &v.contacts[i]));
		ret = http_json(rq, rs, 200, http_list(items, NULL));
	}
	customer_view_release(&v);
	return ret;
}

static json_t *flag_json(const struct flag_record *f)
{
	char ts[TIMESTAMP_TEXT_MAX];

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)f->id, "flag", f->flag,
			 "contact_ref", f->contact_ref, "invoice_ref", f->invoice_ref, "detail", f->detail, "set_by",
			 f->set_by, "set_at", timestamp_format(f->set_at, ts, sizeof(ts)), "reason", f->reason);
}

int api_flags_list(struct http_request *rq, struct http_response *rs)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	json_t *items;
	int ret = load_view(rq, &v);

	if (ret == 0) {
		items = json_array();
		for (size_t i = 0; items && i < v.n_flags; i++)
			json_array_append_new(items, flag_json(&v.flags[i]));
		ret = http_json(rq, rs, 200, http_list(items, NULL));
	}
	customer_view_release(&v);
	return ret;
}

/* The flag's scope and why, as `customer flag` takes them (--contact, --invoice, ...). */
static const struct body_field flag_fields[] = {
	{ "flag", BODY_STRING, SHORT_MAX, 1, 0 },        { "contact_ref", BODY_STRING, REF_MAX, 0, 0 },
	{ "invoice_ref", BODY_STRING, REF_MAX, 0, 0 },   { "address", BODY_STRING, EMAIL_MAX, 0, 0 },
	{ "detail", BODY_STRING, EMAIL_MAX, 0, 0 },      { "reason", BODY_STRING, TEXT_MAX, 0, 1 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec flag_spec = { NULL, NULL, flag_fields, sizeof(flag_fields) / sizeof(flag_fields[0]) };

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

int api_flag_set(struct http_request *rq, struct http_response *rs)
{
	struct flags_request fr = { 0 };
	struct flag_record *f;
	json_t *body = NULL;
	const char *at;
	int ret;

	if (body_object(rq, &flag_spec, &body) < 0)
		return -1;
	fr.customer_ref = rq->params[0];
	fr.flag = body_text(body, "flag");
	fr.contact_ref = nonempty(body_text(body, "contact_ref"));
	fr.invoice_ref = nonempty(body_text(body, "invoice_ref"));
	fr.address = nonempty(body_text(body, "address"));
	fr.detail = nonempty(body_text(body, "detail"));
	fr.reason = body_text(body, "reason");
	at = nonempty(body_text(body, "at"));
	f = malloc(sizeof(*f));
	if (!f)
		ret = http_error(rq, 500, "environment", "", "out of memory");
	else if (at && body_moment(rq, body, "at", 1, &fr.at) < 0) /* 0 is now to flags_set */
		ret = -1;
	else if (auth_customer_visible(&rq->app, &rq->who, rq->params[0], &rq->err) < 0)
		ret = http_app_error(rq, &rq->err);
	else if (api_ref_visible(rq, fr.contact_ref, "contact_ref", "contact") < 0 ||
		 api_ref_visible(rq, fr.invoice_ref, "invoice_ref", "invoice") < 0)
		ret = -1;
	else if (flags_set(&rq->app, &fr, f, &rq->err) < 0)
		ret = http_app_error(rq, &rq->err);
	else
		ret = http_json(rq, rs, 201, flag_json(f));
	free(f);
	json_decref(body);
	return ret;
}

int api_flag_clear(struct http_request *rq, struct http_response *rs)
{
	struct flags_request fr = { 0 };
	int cleared = 0;

	fr.customer_ref = rq->params[0];
	fr.flag = http_query(rq, "flag");
	if (!nonempty(fr.flag))
		return http_error(rq, 400, "usage", "flag", "DELETE %s needs ?flag=NAME", rq->path);
	fr.contact_ref = nonempty(http_query(rq, "contact_ref"));
	fr.invoice_ref = nonempty(http_query(rq, "invoice_ref"));
	fr.address = nonempty(http_query(rq, "address"));
	fr.detail = nonempty(http_query(rq, "detail"));
	fr.reason = http_query(rq, "reason");
	if (auth_customer_visible(&rq->app, &rq->who, rq->params[0], &rq->err) < 0 ||
	    flags_clear(&rq->app, &fr, &cleared, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	return http_json(
		rq, rs, 200,
		json_pack("{s:s, s:s, s:i}", "customer_ref", fr.customer_ref, "flag", fr.flag, "cleared", cleared));
}

/* ---- history ---- */

struct history {
	json_t *attempts;
	struct contact_log_summary sum;
};

static int history_attempt(void *ctx, const struct attempt_view *v)
{
	struct history *h = ctx;

	contact_log_summary_add(&h->sum, v);
	return json_array_append_new(h->attempts, contact_log_attempt_json(v)) < 0 ? -ERR_ENV : 0;
}

static json_t *summary_json(const struct contact_log_summary *s)
{
	json_t *left = json_array();

	for (size_t i = 0; left && i <= CONTACT_LOG_NAMES; i++)
		if (s->left[i].count)
			json_array_append_new(left, json_pack("{s:s, s:I}", "with", s->left[i].with, "count",
							      (json_int_t)s->left[i].count));
	return json_pack("{s:I, s:I, s:o*}", "attempts", (json_int_t)s->attempts, "conversations",
			 (json_int_t)s->conversations, "messages_left", left);
}

int api_customer_history(struct http_request *rq, struct http_response *rs)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	struct history h = { json_array(), { 0 } };
	struct contact_log_reader reader = { NULL, history_attempt, &h };
	json_t *changes = json_array();
	int ret = load_view(rq, &v);

	if (ret == 0 && (!h.attempts || !changes))
		ret = http_error(rq, 500, "environment", "", "out of memory");
	if (ret == 0 && contact_log_history(&rq->app, rq->params[0], &reader, &rq->err) < 0)
		ret = http_app_error(rq, &rq->err);
	for (size_t i = 0; ret == 0 && i < v.n_changes; i++)
		json_array_append_new(changes, change_json(&v.changes[i]));
	if (ret == 0)
		ret = http_json(rq, rs, 200,
				json_pack("{s:s, s:O, s:o*, s:O}", "customer_ref", v.customer.ref, "attempts",
					  h.attempts, "summary", summary_json(&h.sum), "changes", changes));
	json_decref(h.attempts);
	json_decref(changes);
	customer_view_release(&v);
	return ret;
}

/* ---- the contact-rules check ---- */

static const struct body_field check_fields[] = {
	{ "contact_ref", BODY_STRING, REF_MAX, 1, 0 },   { "channel", BODY_STRING, SHORT_MAX, 1, 0 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 }, { "invoice_ref", BODY_STRING, REF_MAX, 0, 0 },
	{ "address", BODY_STRING, EMAIL_MAX, 0, 0 },     { "final_notice", BODY_BOOLEAN, 8, 0, 0 },
};
static const struct body_spec check_spec = { NULL, NULL, check_fields, sizeof(check_fields) / sizeof(check_fields[0]) };

static int check_request(struct http_request *rq, const json_t *body, struct rules_request *cr)
{
	const char *at = nonempty(body_text(body, "at"));
	const char *final_notice = body_text(body, "final_notice");

	memset(cr, 0, sizeof(*cr));
	cr->contact_ref = body_text(body, "contact_ref");
	cr->at = rq->app.now;
	if (channel_parse(body_text(body, "channel"), &cr->channel, &rq->err) < 0)
		return http_error(rq, 422, "input", "channel", "%s", rq->err.message);
	if (at && timestamp_parse(at, &cr->at, &rq->err) < 0)
		return http_error(rq, 422, "input", "at", "at: %s", rq->err.message);
	cr->final_notice = final_notice ? codec_parse_bool(final_notice) : 0;
	if (cr->final_notice < 0)
		return http_error(rq, 422, "input", "final_notice", "final_notice '%s': must be true or false",
				  final_notice);
	cr->invoice_ref = nonempty(body_text(body, "invoice_ref"));
	cr->address = nonempty(body_text(body, "address"));
	return 0;
}

int api_rules_check(struct http_request *rq, struct http_response *rs)
{
	struct rules_request cr;
	struct rules_answer *a = NULL;
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &check_spec, &body) < 0)
		return -1;
	ret = check_request(rq, body, &cr);
	if (ret == 0 && auth_contact_visible(&rq->app, &rq->who, cr.contact_ref, &rq->err) < 0)
		ret = http_app_error(rq, &rq->err);
	if (ret == 0)
		ret = api_ref_visible(rq, cr.invoice_ref, "invoice_ref", "invoice");
	if (ret == 0) {
		a = malloc(sizeof(*a));
		if (!a)
			ret = http_error(rq, 500, "environment", "", "out of memory");
	}
	if (ret == 0 && rules_config_check(&rq->app, &cr, a, &rq->err) < 0)
		ret = http_app_error(rq, &rq->err);
	if (ret == 0)
		ret = http_json(rq, rs, 200, rules_config_answer_json(&cr, a));
	free(a);
	json_decref(body);
	return ret;
}

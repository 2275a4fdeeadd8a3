/*
 * api_agreements.c: the agreements (docs/agreements.md) through the API:
 * promises to pay, payment plans, settlements and their approvals,
 * disputes and the credit check, each route calling the use case its
 * `recoup` command calls and answering with the keys that command prints
 * with --format json.
 *
 * Who may see what (app/auth.h): a collector works only the customers
 * assigned to them; any other customer, or an agreement of one, is 404 as
 * an unknown ref. The lists filter the use cases' tenant-wide walks through
 * the caller's visible set (app/visible.h). The actor every use case
 * records and audits is the signed-in user (rq->app.actor); the body has
 * no "by".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/agreement_scope.h"
#include "app/approvals.h"
#include "app/authority.h"
#include "app/browse.h"
#include "app/credit.h"
#include "app/disputes.h"
#include "app/plans.h"
#include "app/promises.h"
#include "app/settlements.h"
#include "app/visible.h"
#include "app/writeoffs.h"
#include "core/money.h"
#include "http/api.h"
#include "http/body.h"

#define PAGE_DEFAULT 100

/* ---- what the routes share ---- */

/*
 * The use cases name their fields after the CLI's options; the body's keys
 * differ for a few (a list of refs is plural, the customer is a ref). A
 * message that begins with the field's name begins with the key instead,
 * so that the message and error.field agree.
 */
static const struct {
	const char *option, *key;
} renames[] = {
	{ "customer", "customer_ref" },
	{ "invoice", "invoice_refs" },
	{ "instalment", "instalments" },
	{ "by", "pay_by" }, /* the settlement's --by DATE */
	{ "by_user", "" },  /* the acting user is the caller: no key of the body */
};

static void rename_message(struct error *e, const char *option, const char *key)
{
	char message[sizeof(e->message)];
	size_t n = strlen(option);

	if (!*key || strncmp(e->message, option, n) || (e->message[n] != ' ' && e->message[n] != ':'))
		return;
	snprintf(message, sizeof(message), "%s%s", key, e->message + n);
	snprintf(e->message, sizeof(e->message), "%s", message);
}

static int app_fail(struct http_request *rq)
{
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++)
		if (!strcmp(rq->err.field, renames[i].option)) {
			rename_message(&rq->err, renames[i].option, renames[i].key);
			snprintf(rq->err.field, sizeof(rq->err.field), "%s", renames[i].key);
			break;
		}
	return http_app_error(rq, &rq->err);
}

/* 0 when the caller may see customer `ref`; else -1 with 404 naming `field` (the key or argument that gave it). */
static int visible(struct http_request *rq, const char *ref, const char *field)
{
	if (auth_customer_visible(&rq->app, &rq->who, ref, &rq->err) == 0)
		return 0;
	snprintf(rq->err.field, sizeof(rq->err.field), "%s", field);
	return http_app_error(rq, &rq->err);
}

/* A date of the body into *out (untouched when absent): 0, or -1 (422 naming it). */
static int body_date(struct http_request *rq, const json_t *body, const char *name, date_t *out)
{
	const char *v = body_text(body, name);

	if (v && *v && date_parse(v, out, &rq->err) < 0)
		return http_error(rq, 422, "input", name, "%s: %s", name, rq->err.message);
	return 0;
}

/* The agreements' `at` (the moment it was made, decided...): 0 is "now" to their use cases (body.h). */
static int body_at(struct http_request *rq, const json_t *body, timestamp_t *out)
{
	return body_moment(rq, body, "at", 1, out) < 0 ? -1 : 0;
}

/*
 * A whole number lo..hi of the body (a string, as every value) into *out;
 * `absent` when the key is absent or empty. 0, or -1 (422 naming it).
 */
static int body_number(struct http_request *rq, const json_t *body, const char *name, int lo, int hi, int absent,
		       int *out)
{
	const char *v = body_text(body, name);
	int n = 0;

	*out = absent;
	if (!v || !*v)
		return 0;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || n > hi)
			return http_error(rq, 422, "input", name, "%s '%.16s': a whole number from %d to %d", name, v,
					  lo, hi);
		n = n * 10 + (*p - '0');
	}
	if (n < lo || n > hi)
		return http_error(rq, 422, "input", name, "%s '%.16s': a whole number from %d to %d", name, v, lo, hi);
	*out = n;
	return 0;
}

/* The strings of array `name` (validated by body_object) into refs[] (from rq->arena): 0, or -1. */
static int body_strings(struct http_request *rq, const json_t *body, const char *name, const char ***refs, size_t *n)
{
	const json_t *a = json_object_get(body, name);
	size_t k = json_is_array(a) ? json_array_size(a) : 0;

	*refs = arena_alloc(rq->arena, (k + 1) * sizeof(**refs));
	*n = k;
	if (!*refs)
		return http_error(rq, 500, "environment", "", "out of memory");
	for (size_t i = 0; i < k; i++)
		(*refs)[i] = json_string_value(json_array_get(a, i));
	(*refs)[k] = NULL;
	return 0;
}

/*
 * A page of a list: the records after the cursor (?after=, the id of the
 * last record of the previous page), at most ?limit=, of the customers the
 * caller may see. The use cases walk by id; a page takes what comes after
 * the cursor and stops the walk at the first record past a full page (so
 * that one exists: `next`). A page costs the walk up to its end: the rows
 * before the cursor are read and skipped (the store's filters take no id
 * to start from).
 */
struct page {
	json_t *items;
	struct visible_set vis;
	int64_t after, limit, last;
	int more;
};

/* 0 with *customer the ?customer= filter (NULL: none), which the caller may see; -1 (rq->fail). */
static int page_begin(struct http_request *rq, struct page *pg, const char **customer)
{
	*pg = (struct page){ 0 };
	*customer = http_query(rq, "customer");
	if (api_query_number(rq, "limit", PAGE_DEFAULT, BROWSE_LIMIT_MAX, &pg->limit) < 0 ||
	    api_query_number(rq, "after", 0, INT64_MAX / 2, &pg->after) < 0)
		return -1;
	if (*customer && visible(rq, *customer, "customer") < 0)
		return -1;
	if (visible_customers(&rq->app, &rq->who, &pg->vis, &rq->err) < 0)
		return app_fail(rq);
	pg->items = json_array();
	if (!pg->items) {
		visible_free(&pg->vis);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	return 0;
}

/* What a walk does with a record: skip it, take it, or stop (the page is full and more follows). */
enum { PAGE_SKIP, PAGE_TAKE, PAGE_FULL };

static int page_take(struct page *pg, int64_t id, int64_t customer_id)
{
	if (id <= pg->after || !visible_has(&pg->vis, customer_id))
		return PAGE_SKIP;
	if ((int64_t)json_array_size(pg->items) == pg->limit) {
		pg->more = 1;
		return PAGE_FULL;
	}
	return PAGE_TAKE;
}

static int page_push(struct page *pg, int64_t id, json_t *o)
{
	pg->last = id;
	return json_array_append_new(pg->items, o) < 0 ? -ERR_ENV : 0;
}

/* The list answer (ret: the use case's, PAGE_FULL when the walk stopped there), the page released. */
static int page_end(struct http_request *rq, struct http_response *rs, struct page *pg, int ret)
{
	char cursor[24];

	visible_free(&pg->vis);
	if (ret < 0) {
		json_decref(pg->items);
		return rq->err.code ? app_fail(rq) : http_error(rq, 500, "environment", "", "out of memory");
	}
	snprintf(cursor, sizeof(cursor), "%lld", (long long)pg->last);
	return http_json(rq, rs, 200, http_list(pg->items, pg->more ? cursor : NULL));
}

/* ---- promises ---- */

static const struct body_field promise_fields[] = {
	{ "customer_ref", BODY_STRING, REF_MAX, 1, 0 },  { "amount", BODY_STRING, MONEY_TEXT_MAX + 4, 1, 0 },
	{ "date", BODY_STRING, DATE_TEXT_MAX, 1, 0 },    { "currency", BODY_STRING, 3, 0, 0 },
	{ "invoice_refs", BODY_STRINGS, REF_MAX, 0, 0 }, { "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
	{ "note", BODY_STRING, TEXT_MAX, 0, 1 },
};
static const struct body_spec promise_spec = { NULL, NULL, promise_fields,
					       sizeof(promise_fields) / sizeof(promise_fields[0]) };

static int promise_request(struct http_request *rq, const json_t *body, struct promise_request *pr)
{
	const char **refs;

	memset(pr, 0, sizeof(*pr));
	pr->customer_ref = body_text(body, "customer_ref");
	pr->amount = body_text(body, "amount");
	pr->currency = body_text(body, "currency");
	if (pr->currency && !*pr->currency)
		pr->currency = NULL;
	pr->note = body_text(body, "note");
	if (body_date(rq, body, "date", &pr->date) < 0 || body_at(rq, body, &pr->at) < 0 ||
	    body_strings(rq, body, "invoice_refs", &refs, &pr->n_invoices) < 0)
		return -1;
	pr->invoice_refs = refs;
	return 0;
}

int api_promise_create(struct http_request *rq, struct http_response *rs)
{
	struct promise_request pr;
	struct promise_replaced replaced = { { 0 }, 0 };
	struct promise *p = NULL;
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &promise_spec, &body) < 0)
		return -1;
	ret = promise_request(rq, body, &pr);
	if (ret == 0)
		ret = visible(rq, pr.customer_ref, "customer_ref");
	if (ret == 0)
		ret = api_refs_visible(rq, body, "invoice_refs", "invoice");
	if (ret == 0) {
		p = arena_alloc(rq->arena, sizeof(*p));
		ret = p ? 0 : http_error(rq, 500, "environment", "", "out of memory");
	}
	if (ret == 0 && promises_add(&rq->app, &pr, p, &replaced, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0) {
		json_t *o = promises_json(p), *ids = json_array();
		for (size_t i = 0; ids && i < replaced.n && i < PROMISE_REPLACED_MAX; i++)
			json_array_append_new(ids, json_integer(replaced.ids[i]));
		if (o && ids)
			json_object_set_new(o, "replaced", ids);
		else
			json_decref(ids);
		ret = http_json(rq, rs, 201, o);
	}
	json_decref(body);
	return ret;
}

static int promise_item(void *ctx, const struct promise *p)
{
	struct page *pg = ctx;
	int t = page_take(pg, p->id, p->customer_id);
	return t == PAGE_TAKE ? page_push(pg, p->id, promises_json(p)) : t == PAGE_FULL;
}

int api_promises_list(struct http_request *rq, struct http_response *rs)
{
	struct page pg;
	const char *customer;

	if (page_begin(rq, &pg, &customer) < 0)
		return -1;
	return page_end(rq, rs, &pg,
			promises_list(&rq->app, customer, http_query(rq, "state"), promise_item, &pg, &rq->err));
}

/* The body of a cancellation (a promise's or a plan's): why, and when. */
static const struct body_field cancel_fields[] = {
	{ "reason", BODY_STRING, AGREEMENT_REASON_MAX, 1, 1 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec cancel_spec = { NULL, NULL, cancel_fields,
					      sizeof(cancel_fields) / sizeof(cancel_fields[0]) };

/* 0 when the caller may see customer `ref` of agreement `what` `id`; else -1 with 404 as for an unknown id. */
static int agreement_visible(struct http_request *rq, const char *ref, const char *what, int64_t id)
{
	int ret = auth_customer_visible(&rq->app, &rq->who, ref, &rq->err);

	if (ret == -ERR_NOT_FOUND)
		return http_error(rq, 404, "not_found", "id", "%s %lld not found", what, (long long)id);
	return ret < 0 ? app_fail(rq) : 0;
}

int api_promise_cancel(struct http_request *rq, struct http_response *rs)
{
	struct promise_cancel_request cr = { 0 };
	struct promise *p = arena_alloc(rq->arena, sizeof(*p));
	json_t *body = NULL;
	int ret;

	if (!p)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (http_path_id(rq, "promise", &cr.id) < 0 || body_object(rq, &cancel_spec, &body) < 0)
		return -1;
	cr.reason = body_text(body, "reason");
	ret = body_at(rq, body, &cr.at);
	if (ret == 0 && (!cr.reason || !*cr.reason))
		ret = http_error(rq, 422, "input", "reason", "reason: a cancellation needs one");
	if (ret == 0 && promises_get(&rq->app, cr.id, p, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0)
		ret = agreement_visible(rq, p->customer_ref, "promise", cr.id);
	if (ret == 0)
		ret = promises_cancel(&rq->app, &cr, p, &rq->err) < 0 ? app_fail(rq)
								      : http_json(rq, rs, 200, promises_json(p));
	json_decref(body);
	return ret;
}

/* ---- what plans, settlements and approvals share ---- */

static int agreement_item(void *ctx, const struct agreement *a)
{
	struct page *pg = ctx;
	int t = page_take(pg, a->id, a->customer_id);
	return t == PAGE_TAKE ? page_push(pg, a->id, agreement_json(a)) : t == PAGE_FULL;
}

/* A state of ?state= among `states` (NULL-terminated), or absent: 0; else -1 (422 naming state). */
static int query_state(struct http_request *rq, const char *const *states, const char **out)
{
	*out = http_query(rq, "state");
	for (const char *const *s = states; *out && *s; s++)
		if (!strcmp(*s, *out))
			return 0;
	if (!*out)
		return 0;
	return http_error(rq, 422, "input", "state", "state '%.32s' is not one of this list's states", *out);
}

static int agreements_list(struct http_request *rq, struct http_response *rs, const char *kind,
			   const char *const *states)
{
	struct page pg;
	const char *customer, *state;

	if (query_state(rq, states, &state) < 0 || page_begin(rq, &pg, &customer) < 0)
		return -1;
	return page_end(rq, rs, &pg, agreement_list(&rq->app, kind, customer, state, agreement_item, &pg, &rq->err));
}

/* The invoices and currency of a plan's or settlement's body. */
static int scope_request(struct http_request *rq, const json_t *body, const char **customer, const char ***refs,
			 size_t *n, const char **currency)
{
	*customer = body_text(body, "customer_ref");
	*currency = body_text(body, "currency");
	if (*currency && !**currency)
		*currency = NULL;
	return body_strings(rq, body, "invoice_refs", refs, n);
}

/* ---- plans ---- */

static const struct body_field plan_fields[] = {
	{ "customer_ref", BODY_STRING, REF_MAX, 1, 0 },
	{ "invoice_refs", BODY_STRINGS, REF_MAX, 0, 0 },
	{ "currency", BODY_STRING, 3, 0, 0 },
	{ "instalments", BODY_STRINGS, DATE_TEXT_MAX + MONEY_TEXT_MAX, 0, 0 },
	{ "count", BODY_STRING, 3, 0, 0 },
	{ "every", BODY_STRING, 5, 0, 0 },
	{ "first", BODY_STRING, DATE_TEXT_MAX, 0, 0 },
	{ "fees", BODY_STRING, MONEY_TEXT_MAX, 0, 0 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec plan_spec = { NULL, NULL, plan_fields, sizeof(plan_fields) / sizeof(plan_fields[0]) };

static int plan_request(struct http_request *rq, const json_t *body, struct plan_request *pr)
{
	const char **refs, **ins;

	memset(pr, 0, sizeof(*pr));
	if (scope_request(rq, body, &pr->customer_ref, &refs, &pr->n_invoice_refs, &pr->currency) < 0 ||
	    body_strings(rq, body, "instalments", &ins, &pr->n_instalments) < 0 ||
	    body_number(rq, body, "count", 1, PLAN_INSTALMENTS_MAX, 0, &pr->count) < 0 ||
	    body_date(rq, body, "first", &pr->first) < 0 || body_at(rq, body, &pr->at) < 0)
		return -1;
	pr->invoice_refs = refs;
	pr->instalments = ins;
	pr->every = body_text(body, "every");
	pr->fees = body_text(body, "fees");
	if (pr->fees && !*pr->fees)
		pr->fees = NULL;
	return 0;
}

/* The plan `id` as `plan show --format json` prints it, into *out; -1 (rq->fail) when the caller may not see it. */
static int plan_view(struct http_request *rq, int64_t id, json_t **out)
{
	struct plan_view v;
	int ret;

	*out = NULL;
	if (plans_show(&rq->app, id, &v, &rq->err) < 0)
		return app_fail(rq);
	ret = auth_customer_visible(&rq->app, &rq->who, v.plan.customer_ref, &rq->err);
	if (ret == -ERR_NOT_FOUND)
		ret = http_error(rq, 404, "not_found", "id", "plan %lld not found", (long long)id);
	else if (ret < 0)
		ret = app_fail(rq);
	if (ret == 0) {
		*out = plans_view_json(&v);
		ret = *out ? 0 : http_error(rq, 500, "environment", "", "out of memory");
	}
	plans_view_free(&v);
	return ret;
}

int api_plan_create(struct http_request *rq, struct http_response *rs)
{
	struct plan_request pr;
	struct agreement a;
	json_t *body = NULL, *view = NULL;
	int ret;

	if (body_object(rq, &plan_spec, &body) < 0)
		return -1;
	ret = plan_request(rq, body, &pr);
	if (ret == 0)
		ret = visible(rq, pr.customer_ref, "customer_ref");
	if (ret == 0)
		ret = api_refs_visible(rq, body, "invoice_refs", "invoice");
	if (ret == 0 && plans_add(&rq->app, &pr, &a, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0)
		ret = plan_view(rq, a.id, &view) < 0 ? -1 : http_json(rq, rs, 201, view);
	json_decref(body);
	return ret;
}

static const char *const plan_states[] = { "current", "broken", "completed", "cancelled", NULL };

int api_plans_list(struct http_request *rq, struct http_response *rs)
{
	return agreements_list(rq, rs, "plan", plan_states);
}

int api_plan_get(struct http_request *rq, struct http_response *rs)
{
	const char *as_of = http_query(rq, "as_of");
	json_t *view;
	int64_t id;

	if (http_path_id(rq, "plan", &id) < 0)
		return -1;
	if (as_of && date_parse(as_of, &rq->app.today, &rq->err) < 0)
		return http_error(rq, 400, "usage", "as_of", "as_of: %s", rq->err.message);
	if (plan_view(rq, id, &view) < 0)
		return -1;
	return http_json(rq, rs, 200, view);
}

int api_plan_cancel(struct http_request *rq, struct http_response *rs)
{
	struct plan_view v;
	struct agreement a;
	json_t *body = NULL, *view = NULL;
	const char *reason;
	timestamp_t at = 0;
	int64_t id;
	int ret;

	if (http_path_id(rq, "plan", &id) < 0 || body_object(rq, &cancel_spec, &body) < 0)
		return -1;
	reason = body_text(body, "reason");
	ret = body_at(rq, body, &at);
	if (ret == 0 && (!reason || !*reason))
		ret = http_error(rq, 422, "input", "reason", "reason: a cancellation needs one");
	if (ret == 0 && plans_show(&rq->app, id, &v, &rq->err) < 0)
		ret = app_fail(rq);
	else if (ret == 0) {
		ret = agreement_visible(rq, v.plan.customer_ref, "plan", id);
		plans_view_free(&v);
	}
	if (ret == 0 && plans_cancel(&rq->app, id, reason, at, &a, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0)
		ret = plan_view(rq, id, &view) < 0 ? -1 : http_json(rq, rs, 200, view);
	json_decref(body);
	return ret;
}

/* ---- settlements ---- */

static const struct body_field settlement_fields[] = {
	{ "customer_ref", BODY_STRING, REF_MAX, 1, 0 }, { "invoice_refs", BODY_STRINGS, REF_MAX, 0, 0 },
	{ "currency", BODY_STRING, 3, 0, 0 },           { "pay", BODY_STRING, MONEY_TEXT_MAX, 1, 0 },
	{ "pay_by", BODY_STRING, DATE_TEXT_MAX, 1, 0 }, { "waive", BODY_STRINGS, 16, 0, 0 },
	{ "request_approval", BODY_BOOLEAN, 5, 0, 0 },  { "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec settlement_spec = { NULL, NULL, settlement_fields,
						  sizeof(settlement_fields) / sizeof(settlement_fields[0]) };

static int settlement_request(struct http_request *rq, const json_t *body, struct settlement_request *sr)
{
	const json_t *waive = json_object_get(body, "waive");
	const char *approval = body_text(body, "request_approval");
	const char **refs;
	size_t i;
	json_t *w;

	memset(sr, 0, sizeof(*sr));
	if (scope_request(rq, body, &sr->customer_ref, &refs, &sr->n_invoice_refs, &sr->currency) < 0 ||
	    body_date(rq, body, "pay_by", &sr->pay_by) < 0 || body_at(rq, body, &sr->at) < 0)
		return -1;
	sr->invoice_refs = refs;
	sr->pay = body_text(body, "pay");
	json_array_foreach(waive, i, w)
	{
		int bit = authority_waive_bit(json_string_value(w));
		if (!bit)
			return http_error(rq, 422, "input", "waive", "waive '%s': fees, interest or principal",
					  json_string_value(w));
		sr->waive |= bit;
	}
	sr->request_approval = approval ? codec_parse_bool(approval) : 0;
	if (sr->request_approval < 0)
		return http_error(rq, 422, "input", "request_approval", "request_approval '%s': true or false",
				  approval);
	return 0;
}

int api_settlement_create(struct http_request *rq, struct http_response *rs)
{
	struct settlement_request sr;
	struct agreement a;
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &settlement_spec, &body) < 0)
		return -1;
	ret = settlement_request(rq, body, &sr);
	if (ret == 0)
		ret = visible(rq, sr.customer_ref, "customer_ref");
	if (ret == 0)
		ret = api_refs_visible(rq, body, "invoice_refs", "invoice");
	if (ret == 0 && settlements_offer(&rq->app, &sr, &a, &rq->err) < 0)
		ret = app_fail(rq);
	/* 202: recorded, but it binds no one until a manager approves it */
	if (ret == 0)
		ret = http_json(rq, rs, strcmp(a.state, "current") ? 202 : 201, agreement_json(&a));
	json_decref(body);
	return ret;
}

static const char *const settlement_states[] = { "pending_approval", "current", "paid", "lapsed", "rejected", NULL };

int api_settlements_list(struct http_request *rq, struct http_response *rs)
{
	return agreements_list(rq, rs, "settlement", settlement_states);
}

/* ---- approvals ---- */

int api_approvals_list(struct http_request *rq, struct http_response *rs)
{
	struct page pg;
	const char *customer;

	if (page_begin(rq, &pg, &customer) < 0)
		return -1;
	if (customer) {
		visible_free(&pg.vis);
		json_decref(pg.items);
		return http_error(rq, 400, "usage", "customer", "GET /api/v1/approvals takes no ?customer=");
	}
	return page_end(rq, rs, &pg, approvals_list(&rq->app, agreement_item, &pg, &rq->err));
}

static const struct body_field decision_fields[] = {
	{ "reason", BODY_STRING, AGREEMENT_REASON_MAX, 0, 0 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec decision_spec = { NULL, NULL, decision_fields,
						sizeof(decision_fields) / sizeof(decision_fields[0]) };

static int decide(struct http_request *rq, struct http_response *rs, int approve)
{
	struct agreement a;
	json_t *body = NULL;
	timestamp_t at = 0;
	const char *reason;
	int64_t id;
	int ret;

	if (http_path_id(rq, "approval", &id) < 0 || body_object(rq, &decision_spec, &body) < 0)
		return -1;
	reason = body_text(body, "reason");
	if (reason && !*reason)
		reason = NULL;
	ret = body_at(rq, body, &at);
	if (ret == 0 && !approve && !reason)
		ret = http_error(rq, 422, "input", "reason", "reason: a rejection needs one");
	if (ret == 0) {
		ret = approve ? approvals_approve(&rq->app, id, NULL, reason, at, &a, &rq->err)
			      : approvals_reject(&rq->app, id, NULL, reason, at, &a, &rq->err);
		ret = ret < 0 ? app_fail(rq) : http_json(rq, rs, 200, agreement_json(&a));
	}
	json_decref(body);
	return ret;
}

int api_approval_approve(struct http_request *rq, struct http_response *rs)
{
	return decide(rq, rs, 1);
}

int api_approval_reject(struct http_request *rq, struct http_response *rs)
{
	return decide(rq, rs, 0);
}

/* ---- write-offs (always through the approval queue) ---- */

static const struct body_field writeoff_fields[] = {
	{ "customer_ref", BODY_STRING, REF_MAX, 1, 0 },
	{ "invoice_refs", BODY_STRINGS, REF_MAX, 0, 0 },
	{ "currency", BODY_STRING, 3, 0, 0 },
	{ "reason", BODY_STRING, AGREEMENT_REASON_MAX, 1, 0 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec writeoff_spec = { NULL, NULL, writeoff_fields,
						sizeof(writeoff_fields) / sizeof(writeoff_fields[0]) };

int api_writeoff_create(struct http_request *rq, struct http_response *rs)
{
	struct writeoff_request wr = { 0 };
	struct agreement a;
	const char **refs = NULL;
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &writeoff_spec, &body) < 0)
		return -1;
	ret = scope_request(rq, body, &wr.customer_ref, &refs, &wr.n_invoice_refs, &wr.currency) < 0 ||
			      body_at(rq, body, &wr.at) < 0
		      ? -1
		      : 0;
	wr.invoice_refs = refs;
	wr.reason = body_text(body, "reason");
	if (ret == 0)
		ret = visible(rq, wr.customer_ref, "customer_ref");
	if (ret == 0)
		ret = api_refs_visible(rq, body, "invoice_refs", "invoice");
	if (ret == 0 && writeoffs_request(&rq->app, &wr, &a, &rq->err) < 0)
		ret = app_fail(rq);
	/* 202: it waits for someone whose authority covers write-offs */
	if (ret == 0)
		ret = http_json(rq, rs, 202, writeoffs_json(&a, 0));
	json_decref(body);
	return ret;
}

static int writeoff_item(void *ctx, const struct agreement *a, int64_t recovered)
{
	struct page *pg = ctx;
	int t = page_take(pg, a->id, a->customer_id);
	return t == PAGE_TAKE ? page_push(pg, a->id, writeoffs_json(a, recovered)) : t == PAGE_FULL;
}

int api_writeoffs_list(struct http_request *rq, struct http_response *rs)
{
	struct page pg;
	const char *customer;

	if (page_begin(rq, &pg, &customer) < 0)
		return -1;
	return page_end(rq, rs, &pg, writeoffs_list(&rq->app, customer, writeoff_item, &pg, &rq->err));
}

/* ---- disputes ---- */

static const struct body_field dispute_fields[] = {
	{ "customer_ref", BODY_STRING, REF_MAX, 1, 0 },
	{ "invoice_ref", BODY_STRING, REF_MAX, 1, 0 },
	{ "reason", BODY_STRING, DISPUTE_REASON_MAX, 1, 0 },
	{ "deadline", BODY_STRING, DATE_TEXT_MAX, 0, 0 },
	{ "note", BODY_STRING, TEXT_MAX, 0, 1 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec dispute_spec = { NULL, NULL, dispute_fields,
					       sizeof(dispute_fields) / sizeof(dispute_fields[0]) };

int api_dispute_create(struct http_request *rq, struct http_response *rs)
{
	struct disputes_open_request dr = { 0 };
	struct dispute d;
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &dispute_spec, &body) < 0)
		return -1;
	dr.customer_ref = body_text(body, "customer_ref");
	dr.invoice_ref = body_text(body, "invoice_ref");
	dr.reason = body_text(body, "reason");
	dr.note = body_text(body, "note");
	ret = body_date(rq, body, "deadline", &dr.deadline) < 0 || body_at(rq, body, &dr.at) < 0 ? -1 : 0;
	if (ret == 0)
		ret = visible(rq, dr.customer_ref, "customer_ref");
	if (ret == 0)
		ret = api_refs_visible(rq, body, "invoice_ref", "invoice");
	if (ret == 0)
		ret = disputes_open(&rq->app, &dr, &d, &rq->err) < 0
			      ? app_fail(rq)
			      : http_json(rq, rs, 201, disputes_json(&d, rq->app.today));
	json_decref(body);
	return ret;
}

struct dispute_page {
	struct page pg;
	date_t today;
};

static int dispute_item(void *ctx, const struct dispute *d)
{
	struct dispute_page *dp = ctx;
	int t = page_take(&dp->pg, d->id, d->customer_id);
	return t == PAGE_TAKE ? page_push(&dp->pg, d->id, disputes_json(d, dp->today)) : t == PAGE_FULL;
}

int api_disputes_list(struct http_request *rq, struct http_response *rs)
{
	struct disputes_list_request lr = { 0 };
	struct dispute_page dp;
	const char *as_of = http_query(rq, "as_of");
	int overdue = api_query_bool(rq, "overdue");

	if (overdue < 0)
		return -1;
	if (as_of && date_parse(as_of, &rq->app.today, &rq->err) < 0)
		return http_error(rq, 400, "usage", "as_of", "as_of: %s", rq->err.message);
	if (page_begin(rq, &dp.pg, &lr.customer_ref) < 0)
		return -1;
	dp.today = rq->app.today;
	lr.state = http_query(rq, "state");
	lr.overdue = overdue;
	return page_end(rq, rs, &dp.pg, disputes_list(&rq->app, &lr, dispute_item, &dp, &rq->err));
}

static const struct body_field resolve_fields[] = {
	{ "outcome", BODY_STRING, 16, 1, 0 },
	{ "credit", BODY_STRING, MONEY_TEXT_MAX, 0, 0 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec resolve_spec = { NULL, NULL, resolve_fields,
					       sizeof(resolve_fields) / sizeof(resolve_fields[0]) };

int api_dispute_resolve(struct http_request *rq, struct http_response *rs)
{
	struct disputes_resolve_request rr = { 0 };
	struct dispute d;
	json_t *body = NULL;
	int ret;

	if (http_path_id(rq, "dispute", &rr.id) < 0 || body_object(rq, &resolve_spec, &body) < 0)
		return -1;
	rr.outcome = body_text(body, "outcome");
	rr.credit = body_text(body, "credit");
	if (rr.credit && !*rr.credit)
		rr.credit = NULL;
	ret = body_at(rq, body, &rr.at);
	if (ret == 0)
		ret = disputes_resolve(&rq->app, &rr, &d, &rq->err) < 0
			      ? app_fail(rq)
			      : http_json(rq, rs, 200, disputes_json(&d, rq->app.today));
	json_decref(body);
	return ret;
}

/* ---- credit ---- */

int api_credit_check(struct http_request *rq, struct http_response *rs)
{
	const char *amount = http_query(rq, "amount"), *as_of = http_query(rq, "as_of");
	struct credit_answer a;

	if (!amount || !*amount)
		return http_error(rq, 400, "usage", "amount", "GET /api/v1/credit/{ref} needs ?amount=AMOUNT");
	if (as_of && date_parse(as_of, &rq->app.today, &rq->err) < 0)
		return http_error(rq, 400, "usage", "as_of", "as_of: %s", rq->err.message);
	if (visible(rq, rq->params[0], "ref") < 0)
		return -1;
	if (credit_check(&rq->app, rq->params[0], amount, &a, &rq->err) < 0)
		return app_fail(rq);
	return http_json(rq, rs, 200, credit_answer_json(&a));
}

static const struct body_field credit_fields[] = {
	{ "reason", BODY_STRING, TEXT_MAX, 0, 0 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec credit_spec = { NULL, NULL, credit_fields,
					      sizeof(credit_fields) / sizeof(credit_fields[0]) };

/* A hold set (hold 1) or released (0) by hand. */
static int credit_hold_write(struct http_request *rq, struct http_response *rs, int hold)
{
	struct credit_request cr = { 0 };
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &credit_spec, &body) < 0)
		return -1;
	cr.customer_ref = rq->params[0];
	cr.reason = body_text(body, "reason");
	ret = body_at(rq, body, &cr.at);
	if (ret == 0) {
		ret = hold ? credit_hold(&rq->app, &cr, &rq->err) : credit_release(&rq->app, &cr, &rq->err);
		ret = ret < 0 ? app_fail(rq)
			      : http_json(rq, rs, 200,
					  json_pack("{s:s, s:b}", "customer_ref", rq->params[0], "on_hold", hold));
	}
	json_decref(body);
	return ret;
}

int api_credit_hold(struct http_request *rq, struct http_response *rs)
{
	return credit_hold_write(rq, rs, 1);
}

int api_credit_release(struct http_request *rq, struct http_response *rs)
{
	return credit_hold_write(rq, rs, 0);
}

static const struct body_field terms_fields[] = {
	{ "application_signed", BODY_STRING, DATE_TEXT_MAX, 0, 0 },
	{ "references_checked", BODY_STRING, DATE_TEXT_MAX, 0, 0 },
	{ "at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec terms_spec = { NULL, NULL, terms_fields, sizeof(terms_fields) / sizeof(terms_fields[0]) };

/* A term's date: absent -1 (unchanged), "none" 0 (cleared), else the date. */
static int term(struct http_request *rq, const json_t *body, const char *name, date_t *out)
{
	const char *v = body_text(body, name);

	*out = -1;
	if (!v)
		return 0;
	if (!strcmp(v, "none")) {
		*out = 0;
		return 0;
	}
	if (date_parse(v, out, &rq->err) < 0)
		return http_error(rq, 422, "input", name, "%s: %s (or none)", name, rq->err.message);
	return 0;
}

int api_credit_terms(struct http_request *rq, struct http_response *rs)
{
	struct credit_request cr = { 0 };
	date_t signed_on, checked_on;
	json_t *body = NULL, *out;
	int ret;

	if (body_object(rq, &terms_spec, &body) < 0)
		return -1;
	cr.customer_ref = rq->params[0];
	ret = term(rq, body, "application_signed", &signed_on) < 0 ||
			      term(rq, body, "references_checked", &checked_on) < 0 || body_at(rq, body, &cr.at) < 0
		      ? -1
		      : 0;
	if (ret == 0 && signed_on < 0 && checked_on < 0)
		ret = http_error(rq, 422, "input", "application_signed",
				 "give application_signed or references_checked (a date, or none)");
	if (ret == 0 && credit_terms_set(&rq->app, &cr, signed_on, checked_on, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0) {
		/* what the body set, as it said it: the terms in force are in the credit check */
		out = json_pack("{s:s}", "customer_ref", rq->params[0]);
		if (out && json_object_get(body, "application_signed"))
			json_object_set(out, "application_signed", json_object_get(body, "application_signed"));
		if (out && json_object_get(body, "references_checked"))
			json_object_set(out, "references_checked", json_object_get(body, "references_checked"));
		ret = http_json(rq, rs, 200, out);
	}
	json_decref(body);
	return ret;
}

/* ---- the tenant's settings for agreements (a manager writes them) ---- */

static const struct body_field tolerance_fields[] = {
	{ "tolerance_days", BODY_STRING, 4, 0, 0 },
	{ "tolerance_percent", BODY_STRING, 4, 0, 0 },
};
static const struct body_spec tolerance_spec = { NULL, NULL, tolerance_fields,
						 sizeof(tolerance_fields) / sizeof(tolerance_fields[0]) };

/* GET reads (nothing set), POST sets what the body gives; both answer with the values in force. */
static int tolerance(struct http_request *rq, struct http_response *rs, const json_t *body)
{
	int set_days = -1, set_percent = -1, days, percent;

	if (body && (body_number(rq, body, "tolerance_days", 0, 60, -1, &set_days) < 0 ||
		     body_number(rq, body, "tolerance_percent", 0, 100, -1, &set_percent) < 0))
		return -1;
	if (promises_settings(&rq->app, set_days, set_percent, &days, &percent, &rq->err) < 0)
		return app_fail(rq);
	return http_json(rq, rs, 200, json_pack("{s:i, s:i}", "tolerance_days", days, "tolerance_percent", percent));
}

int api_promise_tolerance_get(struct http_request *rq, struct http_response *rs)
{
	return tolerance(rq, rs, NULL);
}

int api_promise_tolerance_set(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &tolerance_spec, &body) < 0)
		return -1;
	ret = tolerance(rq, rs, body);
	json_decref(body);
	return ret;
}

static const struct body_field policy_fields[] = {
	{ "overdue_days", BODY_STRING, 5, 0, 0 },
	{ "nsf_fee_bp", BODY_STRING, 6, 0, 0 },
};
static const struct body_spec policy_spec = { NULL, NULL, policy_fields,
					      sizeof(policy_fields) / sizeof(policy_fields[0]) };

static int policy_answer(struct http_request *rq, struct http_response *rs)
{
	struct credit_policy p;

	if (credit_policy_get(&rq->app, &p, &rq->err) < 0)
		return app_fail(rq);
	return http_json(rq, rs, 200,
			 json_pack("{s:i, s:i}", "overdue_days", p.overdue_days, "nsf_fee_bp", p.nsf_fee_bp));
}

int api_credit_policy_get(struct http_request *rq, struct http_response *rs)
{
	return policy_answer(rq, rs);
}

int api_credit_policy_set(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	int days, bp, ret;

	if (body_object(rq, &policy_spec, &body) < 0)
		return -1;
	ret = body_number(rq, body, "overdue_days", 1, 3650, -1, &days) < 0 ||
			      body_number(rq, body, "nsf_fee_bp", 0, 10000, -1, &bp) < 0
		      ? -1
		      : 0;
	if (ret == 0 && (days != -1 || bp != -1) && credit_policy_set(&rq->app, days, bp, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0)
		ret = policy_answer(rq, rs);
	json_decref(body);
	return ret;
}

static int reasons_answer(struct http_request *rq, struct http_response *rs)
{
	char list[DISPUTES_REASONS_TEXT], *save = NULL;
	json_t *codes;

	if (disputes_reasons(&rq->app, list, &rq->err) < 0)
		return app_fail(rq);
	codes = json_array();
	for (char *c = strtok_r(list, ";", &save); codes && c; c = strtok_r(NULL, ";", &save))
		json_array_append_new(codes, json_string(c));
	return http_json(rq, rs, 200, codes ? json_pack("{s:o}", "reasons", codes) : NULL);
}

int api_dispute_reasons_get(struct http_request *rq, struct http_response *rs)
{
	return reasons_answer(rq, rs);
}

static const struct body_field reasons_fields[] = {
	{ "reasons", BODY_STRINGS, DISPUTE_REASON_MAX, 1, 0 },
};
static const struct body_spec reasons_spec = { NULL, NULL, reasons_fields,
					       sizeof(reasons_fields) / sizeof(reasons_fields[0]) };

int api_dispute_reasons_set(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	const char **codes;
	size_t n;
	int ret;

	if (body_object(rq, &reasons_spec, &body) < 0)
		return -1;
	ret = body_strings(rq, body, "reasons", &codes, &n);
	if (ret == 0 && disputes_reasons_set(&rq->app, codes, n, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0)
		ret = reasons_answer(rq, rs);
	json_decref(body);
	return ret;
}

/*
 * The authority limits: anyone signed in reads them (a collector offers
 * within them); only an admin sets them, as they bound what a manager may
 * approve: a manager raising their own limit would approve alone what
 * needs someone above them.
 */
int api_authority_get(struct http_request *rq, struct http_response *rs)
{
	json_error_t jerr;
	char *text = NULL;
	int is_default = 0;
	json_t *doc;

	if (authority_get(&rq->app, &text, &is_default, &rq->err) < 0)
		return app_fail(rq);
	doc = json_loads(text, 0, &jerr);
	free(text);
	return http_json(rq, rs, 200, doc);
}

static const struct body_field authority_fields[] = {
	{ "role", BODY_STRING, 16, 1, 0 },
	{ "waive_principal_max", BODY_STRING, 8, 1, 0 },
	{ "balance_under", BODY_STRING, MONEY_TEXT_MAX, 0, 0 },
	{ "kind", BODY_STRING, 16, 0, 0 },
};
static const struct body_spec authority_spec = { NULL, NULL, authority_fields,
						 sizeof(authority_fields) / sizeof(authority_fields[0]) };

int api_authority_set(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;
	const char *under, *kind;
	int ret;

	if (body_object(rq, &authority_spec, &body) < 0)
		return -1;
	under = body_text(body, "balance_under");
	kind = body_text(body, "kind");
	ret = authority_set_role(&rq->app, body_text(body, "role"), body_text(body, "waive_principal_max"),
				 under && *under ? under : NULL, kind && *kind ? kind : NULL, &rq->err);
	json_decref(body);
	return ret < 0 ? app_fail(rq) : api_authority_get(rq, rs);
}

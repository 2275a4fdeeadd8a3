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
#include <string.h>

#include "app/browse.h"
#include "app/promises.h"
#include "app/visible.h"
#include "core/money.h"
#include "http/api.h"
#include "http/body.h"

#define PAGE_DEFAULT 100

/* ---- what the routes share ---- */

/*
 * The use cases name their fields after the CLI's options; the body's keys
 * differ for a few (a list of refs is plural, the customer is a ref).
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

static int app_fail(struct http_request *rq)
{
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++)
		if (!strcmp(rq->err.field, renames[i].option)) {
			snprintf(rq->err.field, sizeof(rq->err.field), "%s", renames[i].key);
			break;
		}
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

static int body_moment(struct http_request *rq, const json_t *body, const char *name, timestamp_t *out)
{
	const char *v = body_text(body, name);

	if (v && *v && timestamp_parse(v, out, &rq->err) < 0)
		return http_error(rq, 422, "input", name, "%s: %s", name, rq->err.message);
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
 * the cursor and notes whether more follows.
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
	if (*customer && auth_customer_visible(&rq->app, &rq->who, *customer, &rq->err) < 0)
		return app_fail(rq);
	if (visible_customers(&rq->app, &rq->who, &pg->vis, &rq->err) < 0)
		return app_fail(rq);
	pg->items = json_array();
	if (!pg->items) {
		visible_free(&pg->vis);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	return 0;
}

/* 1 when the record belongs on the page. */
static int page_wants(struct page *pg, int64_t id, int64_t customer_id)
{
	if (id <= pg->after || !visible_has(&pg->vis, customer_id))
		return 0;
	if ((int64_t)json_array_size(pg->items) == pg->limit) {
		pg->more = 1;
		return 0;
	}
	return 1;
}

static int page_push(struct page *pg, int64_t id, json_t *o)
{
	pg->last = id;
	return json_array_append_new(pg->items, o) < 0 ? -ERR_ENV : 0;
}

/* The list answer (ret: the use case's), the page released. */
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
	{ "note", BODY_STRING, TEXT_MAX, 0, 0 },
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
	if (body_date(rq, body, "date", &pr->date) < 0 || body_moment(rq, body, "at", &pr->at) < 0 ||
	    body_strings(rq, body, "invoice_refs", &refs, &pr->n_invoices) < 0)
		return -1;
	pr->invoice_refs = refs;
	return 0;
}

int api_promise_create(struct http_request *rq, struct http_response *rs)
{
	struct promise_request pr;
	struct promise *p = NULL;
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &promise_spec, &body) < 0)
		return -1;
	ret = promise_request(rq, body, &pr);
	if (ret == 0 && auth_customer_visible(&rq->app, &rq->who, pr.customer_ref, &rq->err) < 0)
		ret = app_fail(rq);
	if (ret == 0) {
		p = arena_alloc(rq->arena, sizeof(*p));
		ret = p ? 0 : http_error(rq, 500, "environment", "", "out of memory");
	}
	if (ret == 0)
		ret = promises_add(&rq->app, &pr, p, &rq->err) < 0 ? app_fail(rq)
								   : http_json(rq, rs, 201, promises_json(p));
	json_decref(body);
	return ret;
}

static int promise_item(void *ctx, const struct promise *p)
{
	struct page *pg = ctx;
	return page_wants(pg, p->id, p->customer_id) ? page_push(pg, p->id, promises_json(p)) : 0;
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

/*
 * api_customers.c: reading customers, their invoices and the account
 * screen (GET /api/v1/customers, /customers/{ref}, /invoices?customer=,
 * /accounts/{ref}). A collector reads only the customers assigned to them;
 * any other is 404, as an unknown ref (app/auth.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account_view.h"
#include "app/browse.h"
#include "app/customer_view.h"
#include "codec/json.h"
#include "core/money.h"
#include "http/api.h"
#include "http/etag.h"

#define PAGE_DEFAULT 100

int api_query_number(struct http_request *rq, const char *name, int64_t dflt, int64_t max, int64_t *out)
{
	const char *v = http_query(rq, name);
	int64_t n = 0;

	*out = dflt;
	if (!v)
		return 0;
	if (!*v || strlen(v) > 18)
		goto bad;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		n = n * 10 + (*p - '0');
	}
	if (n < 1 || n > max)
		goto bad;
	*out = n;
	return 0;
bad:
	return http_error(rq, 400, "usage", name, "%s '%.32s': must be a whole number from 1 to %lld", name, v,
			  (long long)max);
}

int api_ref_visible(struct http_request *rq, const char *ref, const char *key, const char *kind)
{
	int invoice = !strcmp(kind, "invoice");
	int ret;

	if (!ref || !*ref)
		return 0;
	ret = invoice ? auth_invoice_visible(&rq->app, &rq->who, ref, &rq->err)
		      : auth_contact_visible(&rq->app, &rq->who, ref, &rq->err);
	if (ret == 0)
		return 0;
	if (ret != -ERR_NOT_FOUND)
		return http_app_error(rq, &rq->err);
	return http_error(rq, 404, "not_found", key, "%s: unknown %s '%s'", key, kind, ref);
}

int api_refs_visible(struct http_request *rq, const json_t *body, const char *key, const char *kind)
{
	const json_t *v = json_object_get(body, key), *x;
	size_t i;

	if (json_is_string(v))
		return api_ref_visible(rq, json_string_value(v), key, kind);
	json_array_foreach(v, i, x)
	{
		if (json_is_string(x) && api_ref_visible(rq, json_string_value(x), key, kind) < 0)
			return -1;
	}
	return 0;
}

/* A page written as text while the store reads it (codec_json_record_write: no jansson objects). */
struct page {
	FILE *f;
	size_t n;
};

static int write_customer(void *ctx, const struct customer *c)
{
	struct page *p = ctx;

	if (p->n++)
		fputc(',', p->f);
	codec_json_record_write(p->f, &codec_customer, c);
	return 0;
}

/* {"items":[...],"next":CURSOR|null}, as http_list() dumps it. */
int api_customers_list(struct http_request *rq, struct http_response *rs)
{
	int64_t after, limit, next = 0;
	char *text = NULL;
	size_t len = 0;
	struct page p = { NULL, 0 };
	int ret;

	if (api_query_number(rq, "limit", PAGE_DEFAULT, BROWSE_LIMIT_MAX, &limit) < 0 ||
	    api_query_number(rq, "after", 0, INT64_MAX / 2, &after) < 0)
		return -1;
	p.f = open_memstream(&text, &len);
	if (!p.f)
		return http_error(rq, 500, "environment", "", "out of memory");
	fputs("{\"items\":[", p.f);
	ret = browse_customers(&rq->app, &rq->who, after, (int)limit, write_customer, &p, &next, &rq->err);
	if (next)
		fprintf(p.f, "],\"next\":\"%lld\"}", (long long)next);
	else
		fputs("],\"next\":null}", p.f);
	if (fclose(p.f) != 0 && ret == 0)
		ret = error_set(&rq->err, ERR_ENV, "out of memory");
	if (ret == 0) {
		rs->text = arena_strndup(rq->arena, text, len);
		ret = rs->text ? 0 : error_set(&rq->err, ERR_ENV, "out of memory");
	}
	free(text);
	if (ret < 0)
		return http_app_error(rq, &rq->err);
	rs->status = 200;
	rs->text_len = len;
	rs->content_type = "application/json";
	return 0;
}

static json_t *money_json(int64_t amount, const char *currency)
{
	char buf[MONEY_TEXT_MAX];
	return json_string(money_format(amount, currency_exponent(currency), buf, sizeof(buf)));
}

static json_t *records_json(const struct record_table *t, const void *recs, size_t size, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, codec_json_record(t, (const char *)recs + i * size));
	return a;
}

/*
 * A customer's open invoices as records, each with "issued_later": imported
 * ahead of its issue date, listed but not owed yet (customer_view.h).
 */
static json_t *open_invoices_json(const struct customer_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < v->n_invoices; i++) {
		json_t *o = codec_json_record(&codec_invoice, &v->invoices[i]);
		if (o)
			json_object_set_new(o, "issued_later",
					    json_boolean(customer_view_issued_later(v, &v->invoices[i])));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *customer_view_json(const struct customer_view *v)
{
	const char *cur = v->customer.currency;
	json_t *o = codec_json_record(&codec_customer, &v->customer);

	if (!o)
		return NULL;
	json_object_set_new(o, "owed", money_json(v->owed, cur));
	json_object_set_new(o, "unapplied_credit", money_json(v->unapplied_credit, cur));
	json_object_set_new(o, "net", money_json(v->net, cur));
	json_object_set_new(o, "open_invoices", json_integer((json_int_t)v->n_open));
	json_object_set_new(o, "issued_later_invoices", json_integer((json_int_t)v->n_later));
	json_object_set_new(o, "days_past_due", json_integer(v->days_past_due));
	json_object_set_new(o, "risk_band", json_string(risk_band_name(v->risk.band)));
	json_object_set_new(o, "contacts",
			    records_json(&codec_contact, v->contacts, sizeof(*v->contacts), v->n_contacts));
	return o;
}

int api_customer_get(struct http_request *rq, struct http_response *rs)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	int ret = auth_customer_visible(&rq->app, &rq->who, rq->params[0], &rq->err);

	if (ret == 0)
		ret = customer_view_load(&rq->app, rq->params[0], &v, &rq->err);
	if (ret == 0)
		ret = api_customer_tag_header(rq, rs, &v.customer);
	if (ret == 0)
		ret = http_json(rq, rs, 200, customer_view_json(&v));
	else if (!rq->fail.status)
		ret = http_app_error(rq, &rq->err);
	customer_view_release(&v);
	return ret;
}

/*
 * The customer's tag (http/etag.h): of its columns as stored (the record's
 * CSV columns), not of its balance, so a payment does not make a manager's
 * correction of the name stale.
 */
int api_customer_tag(const struct customer *c, char *out)
{
	json_t *o = codec_json_record(&codec_customer, c);
	int ret = o ? http_etag_json(o, out) : -1;

	json_decref(o);
	return ret;
}

int api_customer_tag_header(struct http_request *rq, struct http_response *rs, const struct customer *c)
{
	char tag[HTTP_ETAG_MAX];

	if (api_customer_tag(c, tag) < 0)
		return http_error(rq, 500, "environment", "", "out of memory");
	return http_etag_header(rq, rs, tag);
}

int api_invoices_list(struct http_request *rq, struct http_response *rs)
{
	struct customer_view v = CUSTOMER_VIEW_INIT;
	const char *ref = http_query(rq, "customer");
	int ret;

	if (!ref || !*ref)
		return http_error(rq, 400, "usage", "customer", "GET /api/v1/invoices needs ?customer=REF");
	ret = auth_customer_visible(&rq->app, &rq->who, ref, &rq->err);
	if (ret == 0)
		ret = customer_view_load(&rq->app, ref, &v, &rq->err);
	if (ret == 0) {
		ret = http_json(rq, rs, 200, http_list(open_invoices_json(&v), NULL));
	} else {
		/* an unknown (or, for a collector, not assigned) customer: the argument that named it */
		if (rq->err.code == ERR_NOT_FOUND)
			snprintf(rq->err.field, sizeof(rq->err.field), "customer");
		ret = http_app_error(rq, &rq->err);
	}
	customer_view_release(&v);
	return ret;
}

static json_t *lines_json(const struct account_lines *l)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < l->n; i++)
		json_array_append_new(a, json_string(l->line[i]));
	return a;
}

static json_t *account_json(const struct account_view *v, timestamp_t now, date_t today)
{
	const struct customer_view *b = &v->base;
	json_t *o = customer_view_json(b), *call;

	if (!o)
		return NULL;
	json_object_set_new(o, "local_time", json_string(v->local_time));
	json_object_set_new(o, "overdue", money_json(v->overdue, b->customer.currency));
	json_object_set_new(o, "invoices", open_invoices_json(b));
	call = json_object();
	json_object_set_new(call, "contact_ref", v->has_target ? json_string(b->contacts[v->target].ref) : json_null());
	json_object_set_new(call, "allowed_now",
			    v->has_target && v->call_status == 0 ? json_boolean(v->call.verdict.allowed) : json_null());
	json_object_set_new(call, "best_time", json_string(v->stated_best_time));
	json_object_set_new(o, "call", call);
	json_object_set_new(o, "facts", lines_json(&v->facts));
	json_object_set_new(o, "benefits", lines_json(&v->benefits));
	json_object_set_new(o, "consequences", lines_json(&v->consequences));
	json_object_set_new(o, "options", lines_json(&v->options));
	/* the whole screen, as `recoup account show --format json` prints it (the workspace's account page) */
	json_object_set_new(o, "screen", account_view_json(v, now, today));
	return o;
}

int api_account_get(struct http_request *rq, struct http_response *rs)
{
	struct account_view *v = calloc(1, sizeof(*v));
	int ret;

	if (!v)
		return http_error(rq, 500, "environment", "", "out of memory");
	ret = auth_customer_visible(&rq->app, &rq->who, rq->params[0], &rq->err);
	if (ret == 0)
		ret = account_view_load(&rq->app, rq->params[0], v, &rq->err);
	if (ret == 0)
		ret = http_json(rq, rs, 200, account_json(v, rq->app.now, rq->app.today));
	else
		ret = http_app_error(rq, &rq->err);
	account_view_release(v);
	free(v);
	return ret;
}

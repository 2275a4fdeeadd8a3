/*
 * api_work.c: the collectors' and managers' daily work: the aging report
 * (GET /api/v1/aging), the work queue (GET /api/v1/queue) and logging a
 * contact attempt (POST /api/v1/contacts/{ref}/log).
 */
#include <stdlib.h>
#include <string.h>

#include "app/contact_log.h"
#include "app/queue.h"
#include "app/reports.h"
#include "core/channel.h"
#include "http/api.h"
#include "http/body.h"
#include "http/queue_cache.h"
#include "codec/json.h"

int api_query_bool(struct http_request *rq, const char *name)
{
	const char *v = http_query(rq, name);

	if (!v || !strcmp(v, "false") || !strcmp(v, "0"))
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		return 1;
	return http_error(rq, 400, "usage", name, "%s '%.32s': must be true or false", name, v);
}

/* ---- aging ---- */

struct aging_out {
	json_t *items;
	const struct aging_config *buckets;
	json_t *head;
};

static int aging_head(void *arg, const struct reports_aging_head *h)
{
	struct aging_out *out = arg;
	json_t *labels = json_array();
	char day[DATE_TEXT_MAX];

	for (int i = 0; i < h->buckets->n; i++)
		json_array_append_new(labels, json_string(h->buckets->labels[i]));
	out->head = json_pack("{s:s, s:s, s:o}", "as_of", date_format(h->as_of, day, sizeof(day)), "balances",
			      h->current ? "current" : "as_of", "buckets", labels);
	return out->head ? 0 : -ERR_ENV;
}

static int aging_row(void *arg, const struct reports_aging_row *r)
{
	struct aging_out *out = arg;
	json_t *o = r->overflow ? json_pack("{s:s, s:b}", "currency", r->currency, "overflow", 1)
				: reports_aging_row_json(r, out->buckets);
	return json_array_append_new(out->items, o) < 0 ? -ERR_ENV : 0;
}

int api_aging(struct http_request *rq, struct http_response *rs)
{
	struct reports_aging_options opts = { 0 };
	struct aging_out out = { json_array(), &opts.buckets, NULL };
	struct reports_aging_sink sink = { aging_head, aging_row, &out };
	const char *as_of = http_query(rq, "as_of");
	int by_customer = api_query_bool(rq, "by_customer");
	int ret = by_customer < 0 ? -1 : 0;

	opts.as_of = rq->app.today;
	opts.by_customer = by_customer > 0;
	aging_config_default(&opts.buckets);
	if (ret == 0 && as_of && date_parse(as_of, &opts.as_of, &rq->err) < 0)
		ret = http_error(rq, 400, "usage", "as_of", "as_of: %s", rq->err.message);
	if (ret == 0 && reports_aging(&rq->app, &opts, &sink, NULL, &rq->err) < 0 && rq->err.code != ERR_INPUT)
		ret = http_app_error(rq, &rq->err);
	if (ret == 0 && out.head && out.items) {
		json_object_set(out.head, "items", out.items);
		json_object_set_new(out.head, "next", json_null());
		ret = http_json(rq, rs, 200, json_incref(out.head));
	} else if (ret == 0) {
		ret = http_error(rq, 500, "environment", "", "out of memory");
	}
	json_decref(out.head);
	json_decref(out.items);
	return ret;
}

/* ---- the queue ---- */

/*
 * The response: with `k` (a stamp was read) its bytes are kept in the cache
 * and answered as text; without, as JSON as before the cache.
 */
static int queue_answer(struct http_request *rq, struct http_response *rs, const struct queue_result *r,
			const struct queue_cache_key *k, const char *stamp)
{
	json_t *items = json_array(), *body;
	char *text = NULL, *copy;
	size_t len = 0;

	for (size_t i = 0; items && i < r->n_items; i++)
		json_array_append_new(items, queue_item_json(&r->items[i]));
	body = http_list(items, NULL);
	if (!k)
		return http_json(rq, rs, 200, body); /* the cache off: as before it */
	copy = NULL;
	if (body && codec_json_dump(body, &text, &len) == 0)
		copy = arena_alloc(rq->arena, len + 1);
	if (!copy) {
		json_decref(body);
		free(text);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	json_decref(body);
	memcpy(copy, text, len + 1);
	queue_cache_put(k, stamp, r->now, queue_cache_until(r->now, r->steady_until), text, len);
	free(text);
	rs->status = 200;
	rs->text = copy;
	rs->text_len = len;
	rs->content_type = "application/json";
	return 0;
}

/*
 * The queue, through the server's cache (http/queue_cache.h, docs/queue.md):
 * the database's stamp is read first, in the request's read transaction,
 * then an entry of the same question, the same stamp and this minute is
 * answered as it was; else the queue is computed in the same transaction
 * (one snapshot: the stamp names what was read) and kept.
 */
int api_queue(struct http_request *rq, struct http_response *rs)
{
	struct queue_options o = { NULL, -1, 0 };
	struct queue_result r = { 0 };
	struct queue_cache_key k = { 0 };
	char stamp[QUEUE_CACHE_STAMP_MAX];
	char *body;
	size_t len;
	int64_t limit;
	int ret, cached = 0;

	/* ?limit=N: the first N rows, as recoup queue --limit (default: the collector's capacity left) */
	if (api_query_number(rq, "limit", -1, 10000, &limit) < 0)
		return -1;
	o.limit = (int)limit;
	k.limit = o.limit;
	/* a manager may look at a collector's queue; a collector sees their own */
	if (auth_role_at_least(rq->who.role, "manager"))
		o.collector = http_query(rq, "collector");
	else
		o.own_only = 1;
	if (queue_cache_enabled()) {
		ret = queue_data_stamp(&rq->app, &k.domain, stamp, sizeof(stamp), &rq->err);
		if (ret < 0)
			return http_app_error(rq, &rq->err);
		if (ret == 0) {
			queue_cache_skipped();
		} else {
			/* every input of the answer besides the database and the clock (queue_cache.h) */
			k.tenant = rq->app.tenant;
			k.actor = rq->app.actor;
			k.role = rq->who.role;
			k.own_only = o.own_only;
			k.collector = o.collector;
			cached = 1;
			ret = queue_cache_get(&k, stamp, rq->app.now, rq->arena, &body, &len);
			if (ret < 0)
				return http_error(rq, 500, "environment", "", "out of memory");
			if (ret == 1) {
				rs->status = 200;
				rs->text = body;
				rs->text_len = len;
				rs->content_type = "application/json";
				return 0;
			}
		}
	}
	if (queue_list(&rq->app, &o, &r, &rq->err) < 0) {
		queue_result_release(&r);
		return http_app_error(rq, &rq->err);
	}
	ret = queue_answer(rq, rs, &r, cached ? &k : NULL, stamp);
	queue_result_release(&r);
	return ret;
}

/* ---- logging a contact attempt ---- */

/* The attempt's columns (contact-history.csv) but its own ref and the contact, which the path names. */
static const char *const log_omit[] = { "attempt_ref", "contact_ref", NULL };
static const struct body_field log_extra[] = {
	{ "callback_at", BODY_STRING, TIMESTAMP_TEXT_MAX, 0, 0 },
};
static const struct body_spec log_spec = { &codec_attempt, log_omit, log_extra, 1 };

static int log_request(struct http_request *rq, const json_t *body, struct contact_log_request *lr)
{
	const char *inbound = body_text(body, "inbound");

	memset(lr, 0, sizeof(*lr));
	lr->contact_ref = rq->params[0];
	if (channel_parse(body_text(body, "channel"), &lr->channel, &rq->err) < 0)
		return http_error(rq, 422, "input", "channel", "%s", rq->err.message);
	if (contact_outcome_parse(body_text(body, "outcome"), &lr->outcome, &rq->err) < 0)
		return http_error(rq, 422, "input", "outcome", "%s", rq->err.message);
	/* `at` is required and 0 a moment there; callback_at 0 is no callback (contact_log.h) */
	if (body_moment(rq, body, "at", 0, &lr->at) < 0 ||
	    body_moment(rq, body, "callback_at", 1, &lr->callback_at) < 0)
		return -1;
	lr->inbound = inbound ? codec_parse_bool(inbound) : 0;
	if (lr->inbound < 0)
		return http_error(rq, 422, "input", "inbound", "inbound '%s': must be true or false", inbound);
	lr->invoice_ref = body_text(body, "invoice_ref");
	if (lr->invoice_ref && !*lr->invoice_ref)
		lr->invoice_ref = NULL;
	lr->address = body_text(body, "address");
	lr->spoke_with = body_text(body, "spoke_with");
	lr->note = body_text(body, "note");
	return 0;
}

static json_t *logged_json(const struct contact_log_entry *le)
{
	char ts[TIMESTAMP_TEXT_MAX];
	json_t *breach = le->rules_refused ? json_pack("{s:s, s:s}", "code", le->rules_reason.code, "reason",
						       le->rules_reason.message)
					   : json_null();
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:o}", "id", (json_int_t)le->id, "contact_ref", le->contact_ref,
			 "customer_ref", le->customer_ref, "at", timestamp_format(le->attempt.at, ts, sizeof(ts)),
			 "calls_done", (json_int_t)le->calls_done, "rules_breach", breach);
}

int api_contact_log(struct http_request *rq, struct http_response *rs)
{
	struct contact_log_request lr;
	struct contact_log_entry le;
	json_t *body = NULL;
	int ret;

	if (body_object(rq, &log_spec, &body) < 0)
		return -1;
	ret = log_request(rq, body, &lr);
	if (ret == 0)
		ret = auth_contact_visible(&rq->app, &rq->who, rq->params[0], &rq->err) < 0
			      ? http_app_error(rq, &rq->err)
			      : 0;
	if (ret == 0)
		ret = api_refs_visible(rq, body, "invoice_ref", "invoice");
	if (ret == 0)
		ret = contact_log_add(&rq->app, &lr, &le, &rq->err) < 0 ? http_app_error(rq, &rq->err)
									: http_json(rq, rs, 201, logged_json(&le));
	json_decref(body);
	return ret;
}

/*
 * api_imports.c: CSV uploads (POST /api/v1/imports/{kind}) and one payment
 * (POST /api/v1/payments), both through the importer (app/import.h), as is
 * any record created from a JSON body (api_record_create): the same columns, the same checks of every field, the same all-or-nothing
 * write and the same list of bad rows as `recoup import`. A payment is a
 * one-row payments file made from its JSON body, so that a payment sent
 * to the API is checked and allocated exactly as one imported.
 *
 * The body goes to a private temporary file (mode 0600, unlinked at once
 * after the import) because the importer reads a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec/csv.h"
#include "codec/json.h"
#include "core/money.h"
#include "http/api.h"
#include "http/body.h"

/* A temporary file holding the bytes: 0 with its path in `path`, or -1 (rq->fail). */
static int spool(struct http_request *rq, const char *data, size_t len, char *path, size_t size)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd;

	snprintf(path, size, "%s/recoup-upload-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return http_error(rq, 503, "environment", "", "cannot create a temporary file for the upload");
	f = fdopen(fd, "w");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		if (!f)
			close(fd);
		unlink(path);
		return http_error(rq, 503, "environment", "", "cannot write the upload to a temporary file");
	}
	return 0;
}

/* The report's lines "PATH:LINE: COLUMN: REASON" as {"line","column","reason"} objects. */
static json_t *bad_rows(const char *report, const char *path)
{
	json_t *rows = json_array();
	size_t plen = strlen(path);

	for (const char *p = report; rows && p && *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *line = strndup(p, n), *col, *reason, *rest;
		long ln;

		if (line && !strncmp(line, path, plen) && line[plen] == ':') {
			ln = strtol(line + plen + 1, &rest, 10);
			col = *rest == ':' ? rest + 2 : rest;
			reason = strstr(col, ": ");
			if (reason) {
				*reason = '\0';
				reason += 2;
				/* a column named by the client may be any bytes: http_json_text */
				json_array_append_new(rows,
						      json_pack("{s:I, s:o, s:o}", "line", (json_int_t)ln, "column",
								http_json_text(col), "reason", http_json_text(reason)));
			}
		}
		free(line);
		p = end ? end + 1 : NULL;
	}
	return rows;
}

int api_import_csv(struct http_request *rq, enum import_kind kind, const char *csv, size_t len, struct import_result *r,
		   json_t **rows)
{
	struct import_options o = { 0 };
	char path[4096], *report = NULL;
	size_t report_len = 0;
	int ret;

	*rows = NULL;
	if (spool(rq, csv, len, path, sizeof(path)) < 0)
		return -1;
	o.kind = kind;
	o.path = path;
	o.report = open_memstream(&report, &report_len);
	ret = o.report ? import_run(&rq->app, &o, r, &rq->err) : error_set(&rq->err, ERR_ENV, "out of memory");
	if (o.report)
		fclose(o.report);
	unlink(path);
	if (ret == -ERR_INPUT && r->rejected > 0) {
		*rows = bad_rows(report ? report : "", path);
		if (*rows && json_array_size(*rows) > 0) {
			json_t *first = json_array_get(*rows, 0);
			http_error(rq, 422, "input", json_string_value(json_object_get(first, "column")),
				   "line %lld: %s: %s (%lld bad row%s; nothing was imported)",
				   (long long)json_integer_value(json_object_get(first, "line")),
				   json_string_value(json_object_get(first, "column")),
				   json_string_value(json_object_get(first, "reason")), (long long)r->rejected,
				   r->rejected == 1 ? "" : "s");
		} else {
			/* not the importer's message: it names the temporary file */
			http_error(rq, 422, "input", "", "%lld bad row%s; nothing was imported", (long long)r->rejected,
				   r->rejected == 1 ? "" : "s");
		}
		ret = -1;
	} else if (ret < 0) {
		ret = http_app_error(rq, &rq->err);
	}
	free(report);
	return ret;
}

static json_t *result_json(enum import_kind kind, const struct import_result *r)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:I}", "kind", import_kind_name(kind), "rows", (json_int_t)r->rows,
			 "inserted", (json_int_t)r->inserted, "unchanged", (json_int_t)r->unchanged, "rejected",
			 (json_int_t)r->rejected);
}

/* The error response with the bad rows under error.rows. */
static int refused_rows(struct http_request *rq, json_t *rows)
{
	json_decref(rq->fail.rows);
	rq->fail.rows = rows;
	return -1;
}

int api_import(struct http_request *rq, struct http_response *rs)
{
	struct import_result r;
	enum import_kind kind;
	json_t *rows = NULL;

	if (import_kind_parse(rq->params[0], &kind) < 0)
		return http_error(rq, 404, "not_found", "kind",
				  "'%s' is not an import kind (customers, contacts, invoices, payments, credit-notes, "
				  "contact-history, flags)",
				  rq->params[0]);
	if (api_import_csv(rq, kind, rq->body, rq->body_len, &r, &rows) < 0)
		return refused_rows(rq, rows);
	return http_json(rq, rs, r.inserted ? 201 : 200, result_json(kind, &r));
}

/* ---- one record ---- */

/* The body as a one-row file of `t`: the header of the keys sent, in table order, and one row. */
static char *record_csv(const struct record_table *t, const json_t *body, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	int first = 1;

	if (!f)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (body_text(body, t->fields[i].name)) {
			codec_csv_put(f, t->fields[i].name, first);
			first = 0;
		}
	}
	fputc('\n', f);
	first = 1;
	for (size_t i = 0; i < t->n; i++) {
		const char *v = body_text(body, t->fields[i].name);
		if (v) {
			codec_csv_put(f, v, first);
			first = 0;
		}
	}
	fputc('\n', f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int api_record_create(struct http_request *rq, struct http_response *rs, enum import_kind kind,
		      const struct record_table *t, json_t *body)
{
	struct import_result r;
	json_t *rows = NULL;
	size_t len = 0;
	char *csv = record_csv(t, body, &len);
	int ret;

	if (!csv) {
		json_decref(body);
		return http_error(rq, 500, "environment", "", "out of memory");
	}
	ret = api_import_csv(rq, kind, csv, len, &r, &rows);
	free(csv);
	if (ret < 0) {
		json_decref(body);
		if (json_array_size(rows) > 0) {
			/* a record, not a file: the key and its reason, without a file's line and count (no rows) */
			json_t *first = json_array_get(rows, 0);
			const char *column = json_string_value(json_object_get(first, "column"));
			const char *reason = json_string_value(json_object_get(first, "reason"));

			http_error(rq, 422, "input", column, "%s: %s", column ? column : "row",
				   reason ? reason : "refused");
			json_decref(rows);
			return -1;
		}
		return refused_rows(rq, rows);
	}
	json_decref(rows);
	/*
	 * what was sent, as the record's columns, and whether it was new; its
	 * money as stored ("007.5" sent is "7.50"), as a GET of it answers: the
	 * import took the text, so it parses in the record's currency
	 */
	const char *currency = NULL;
	for (size_t i = 0; i < t->n; i++)
		if (t->fields[i].flags & FIELD_CURRENCY)
			currency = body_text(body, t->fields[i].name);
	for (size_t i = 0; currency && i < t->n; i++) {
		const char *v = t->fields[i].type == FIELD_MONEY ? body_text(body, t->fields[i].name) : NULL;
		char buf[MONEY_TEXT_MAX];
		int64_t minor;
		if (v && *v && money_parse(v, currency_exponent(currency), &minor, NULL) == 0)
			json_object_set_new(
				body, t->fields[i].name,
				json_string(money_format(minor, currency_exponent(currency), buf, sizeof(buf))));
	}
	json_object_set_new(body, "created", json_boolean(r.inserted > 0));
	return http_json(rq, rs, r.inserted ? 201 : 200, body);
}

/* ---- one payment ---- */

static const struct body_spec payment_spec = { &codec_payment, NULL, NULL, 0 };

int api_payment_create(struct http_request *rq, struct http_response *rs)
{
	json_t *body = NULL;

	if (body_object(rq, &payment_spec, &body) < 0)
		return -1;
	return api_record_create(rq, rs, IMPORT_PAYMENTS, &codec_payment, body);
}

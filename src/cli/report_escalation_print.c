/*
 * report_escalation_print.c: see report_escalation_print.h.
 *
 * Every row becomes a list of (key, text) pairs once (struct line), and one
 * writer per format prints the lists: a table (a header per section), CSV
 * (the section's keys as the header) or JSON (an array of objects per
 * section, the keys as docs/reports.md names them). Amounts are plain
 * decimals of their currency in CSV and JSON, RECOUP_LOCALE's format in
 * the table; rates are percentages with two decimals
 * ("n/a" without a denominator).
 */
#include "cli/report_escalation_print.h"
#include "cli/tprintf.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report_escalation.h"
#include "codec/csv.h"
#include "codec/json.h"
#include "core/money.h"

#define LINE_MAX_PAIRS 16

struct line {
	const char *key[LINE_MAX_PAIRS];
	int is_count[LINE_MAX_PAIRS]; /* a JSON number, not a string */
	char value[LINE_MAX_PAIRS][MONEY_TEXT_MAX + USER_NAME_MAX];
	size_t n;
	const char *locale; /* amounts in this locale's format (the table), else plain decimals */
};

/* What a report is being printed into: one JSON document, or stdout as it goes. */
struct out {
	enum output_format format;
	json_t *doc;
	json_t *section; /* the JSON array of the current section */
	const char *section_name;
	int header_done;
	const char *locale; /* RECOUP_LOCALE for the table, NULL for CSV and JSON */
};

static void put(struct line *l, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(struct line *l, const char *key, const char *fmt, ...)
{
	va_list ap;
	l->key[l->n] = key;
	l->is_count[l->n] = 0;
	va_start(ap, fmt);
	vsnprintf(l->value[l->n], sizeof(l->value[0]), fmt, ap);
	va_end(ap);
	l->n++;
}

static void put_count(struct line *l, const char *key, int64_t v)
{
	put(l, key, "%lld", (long long)v);
	l->is_count[l->n - 1] = 1;
}

static void put_rate(struct line *l, const char *key, int64_t bp)
{
	if (bp < 0)
		put(l, key, "n/a");
	else
		put(l, key, "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
}

static void put_money(struct line *l, const char *key, int64_t amount, const char *currency)
{
	char b[CLI_MONEY_MAX];
	int exp = currency_exponent(currency);
	put(l, key, "%s",
	    l->locale ? money_format_locale(amount, exp, l->locale, b, sizeof(b))
		      : money_format(amount, exp, b, sizeof(b)));
}

static void section(struct out *o, const char *name)
{
	o->section_name = name;
	o->header_done = 0;
	if (o->format == FORMAT_JSON) {
		o->section = json_array();
		json_object_set_new(o->doc, name, o->section);
	} else if (o->format == FORMAT_TABLE) {
		cli_printf("\n%s\n", name);
	}
}

/*
 * A table column is as wide as its key, at least 12; a contact rule's code
 * as wide as the longest the rules give (estate_representative, 21).
 */
static int width(const char *key)
{
	size_t n = strlen(key);
	if (!strcmp(key, "rule"))
		return 22;
	return n > 12 ? (int)n : 12;
}

static int emit(struct out *o, const struct line *l)
{
	if (o->format == FORMAT_JSON) {
		json_t *obj = json_object();
		if (!obj)
			return -ERR_ENV;
		for (size_t i = 0; i < l->n; i++)
			json_object_set_new(obj, l->key[i],
					    l->is_count[i] ? json_integer(strtoll(l->value[i], NULL, 10))
							   : json_string(l->value[i]));
		return json_array_append_new(o->section, obj) < 0 ? -ERR_ENV : 0;
	}
	if (!o->header_done) {
		if (o->format == FORMAT_CSV)
			codec_csv_put(stdout, "section", 1);
		for (size_t i = 0; i < l->n; i++) {
			if (o->format == FORMAT_CSV)
				codec_csv_put(stdout, l->key[i], 0);
			else
				cli_printf("%s%-*s", i ? " " : "  ", width(l->key[i]), l->key[i]);
		}
		fputc('\n', stdout);
		o->header_done = 1;
	}
	if (o->format == FORMAT_CSV)
		codec_csv_put(stdout, o->section_name, 1);
	for (size_t i = 0; i < l->n; i++) {
		if (o->format == FORMAT_CSV)
			codec_csv_put(stdout, l->value[i], 0);
		else
			cli_printf("%s%-*s", i ? " " : "  ", width(l->key[i]), l->value[i]);
	}
	fputc('\n', stdout);
	return 0;
}

static void contacts_line(struct line *l, const char *key, const struct report_contacts_line *c, int per_collector)
{
	l->n = 0;
	put(l, key, "%s", c->name);
	put_count(l, "attempts", c->attempts);
	put_count(l, "call_attempts", c->calls);
	put_count(l, "rpc", c->rpc);
	put_rate(l, "rpc_rate_pct", report_rate_bp(c->rpc, c->calls));
	put_count(l, "conversations", c->conversations);
	put_count(l, "promises", c->promises);
	if (per_collector) {
		put_count(l, "hours", c->hours);
		/* attempts per hour in hundredths, printed with two decimals as a rate is */
		put_rate(l, "contacts_per_hour", c->hours ? c->attempts * 100 / c->hours : -1);
	}
	/* last, so that the columns before keep their places in CSV */
	put_count(l, "breaches", c->breaches);
}

static void rule_line(struct line *l, const struct report_contacts_rule *w)
{
	l->n = 0;
	put(l, "collector", "%s", w->collector);
	put(l, "rule", "%s", w->rule);
	put_count(l, "breaches", w->breaches);
}

static int print_contacts(struct cli *cli, struct out *o, date_t from, date_t to)
{
	struct report_contacts r;
	struct line l;
	int ret = report_contacts(&cli->app, from, to, &r, &cli->err);

	if (ret < 0)
		return ret;
	section(o, "channels");
	for (size_t i = 0; ret == 0 && i < r.n_channels; i++) {
		contacts_line(&l, "channel", &r.channels[i], 0);
		ret = emit(o, &l);
	}
	section(o, "collectors");
	for (size_t i = 0; ret == 0 && i < r.n_collectors; i++) {
		contacts_line(&l, "collector", &r.collectors[i], 1);
		ret = emit(o, &l);
	}
	section(o, "total");
	contacts_line(&l, "total", &r.total, 1);
	if (ret == 0)
		ret = emit(o, &l);
	/* who breached which contact rule, how often: the compliance officer's section */
	section(o, "rules");
	for (size_t i = 0; ret == 0 && i < r.n_rules; i++) {
		rule_line(&l, &r.rules[i]);
		ret = emit(o, &l);
	}
	report_contacts_release(&r);
	return ret;
}

static void collector_line(struct line *l, const struct report_collector *c, const struct report_collector_money *m)
{
	l->n = 0;
	put(l, "collector", "%s", c->name);
	put_count(l, "accounts_worked", c->accounts);
	put_count(l, "attempts", c->attempts);
	put_count(l, "call_attempts", c->calls);
	put_count(l, "rpc", c->rpc);
	put_rate(l, "rpc_rate_pct", report_rate_bp(c->rpc, c->calls));
	put_count(l, "promises", c->promises);
	put(l, "currency", "%s", m ? m->currency : "");
	if (m) {
		put_money(l, "amount_promised", m->promised, m->currency);
		put_money(l, "amount_collected", m->collected, m->currency);
	} else {
		put(l, "amount_promised", "0");
		put(l, "amount_collected", "0");
	}
}

/* One line per collector and currency collected (one with no currency when nothing was). */
static int print_collectors(struct cli *cli, struct out *o, date_t from, date_t to)
{
	struct report_collectors r;
	struct line l = { .locale = o->locale };
	int ret = report_collectors(&cli->app, from, to, &r, &cli->err);

	if (ret < 0)
		return ret;
	section(o, "collectors");
	for (size_t i = 0; ret == 0 && i < r.n; i++) {
		size_t k = 0;
		do {
			collector_line(&l, &r.v[i], r.v[i].n_money ? &r.v[i].money[k] : NULL);
			ret = emit(o, &l);
		} while (ret == 0 && ++k < r.v[i].n_money);
	}
	report_collectors_release(&r);
	return ret;
}

static int print_recovery(struct cli *cli, struct out *o, date_t from, date_t to)
{
	struct report_recovery r;
	struct line l = { .locale = o->locale };
	int ret = report_recovery(&cli->app, from, to, &r, &cli->err);

	if (ret < 0)
		return ret;
	section(o, "recovery");
	for (size_t i = 0; ret == 0 && i < r.n; i++) {
		const struct report_recovery_row *w = &r.v[i];
		l.n = 0;
		put(&l, "agency", "%s", w->agency);
		put(&l, "currency", "%s", w->currency);
		put(&l, "age_at_placement", "%s", w->age);
		put_count(&l, "placements", w->placements);
		put_money(&l, "placed", w->placed, w->currency);
		put_money(&l, "recovered", w->recovered, w->currency);
		put_rate(&l, "recovery_rate_pct", report_rate_bp(w->recovered, w->placed));
		put_count(&l, "recalled", w->recalled);
		ret = emit(o, &l);
	}
	report_recovery_release(&r);
	return ret;
}

int report_escalation_known(const char *name)
{
	return !strcmp(name, "contacts") || !strcmp(name, "collectors") || !strcmp(name, "recovery");
}

int report_escalation_print(struct cli *cli, const char *name, date_t from, date_t to, enum output_format format)
{
	struct out o = { format, NULL, NULL, NULL, 0, format == FORMAT_TABLE ? cli->locale : NULL };
	char fb[DATE_TEXT_MAX], tb[DATE_TEXT_MAX];
	int ret;

	date_format(from, fb, sizeof(fb));
	date_format(to, tb, sizeof(tb));
	if (format == FORMAT_JSON) {
		o.doc = json_pack("{s:s,s:s,s:s}", "report", name, "from", fb, "to", tb);
		if (!o.doc)
			return error_set(&cli->err, ERR_ENV, "out of memory");
	} else if (format == FORMAT_TABLE) {
		cli_printf("%s report, %s to %s\n", name, fb, tb);
	}
	if (!strcmp(name, "contacts"))
		ret = print_contacts(cli, &o, from, to);
	else if (!strcmp(name, "collectors"))
		ret = print_collectors(cli, &o, from, to);
	else
		ret = print_recovery(cli, &o, from, to);
	if (ret > 0 || (ret < 0 && !cli->err.message[0]))
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret == 0 && format == FORMAT_JSON &&
	    codec_json_write(stdout, o.doc, JSON_PRESERVE_ORDER | JSON_INDENT(2)) < 0)
		ret = error_set(&cli->err, ERR_ENV, "writing JSON failed");
	if (ret == 0 && format == FORMAT_JSON)
		fputc('\n', stdout);
	json_decref(o.doc);
	return ret;
}

/*
 * account_view_json.c: the account screen as one JSON document (see
 * account_view.h), which `recoup account show --format json` prints and
 * GET /api/v1/accounts/{ref} gives under "screen" for the workspace.
 */
#include <stdio.h>
#include <string.h>

#include "app/account_view.h"
#include "app/risk.h"
#include "core/money.h"

static json_t *jmoney(int64_t amount, const char *currency)
{
	char a[MONEY_TEXT_MAX];
	return json_string(money_format(amount, currency_exponent(currency), a, sizeof(a)));
}

static json_t *jtext_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

static json_t *jdate(date_t d)
{
	char buf[DATE_TEXT_MAX];
	return json_string(date_format(d, buf, sizeof(buf)));
}

static json_t *jts(timestamp_t t)
{
	char buf[TIMESTAMP_TEXT_MAX];
	return json_string(timestamp_format(t, buf, sizeof(buf)));
}

static json_t *jlines(const struct account_lines *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->line[i]));
	return a;
}

/* {"strategy", "invoice_ref", "steps": [{"date", "offset_days", "action", "step"}]}, or null when nothing is ahead. */
static json_t *next_steps_json(const struct account_view_next_steps *ns)
{
	json_t *steps = json_array();
	char d[DATE_TEXT_MAX];

	if (!ns->available) {
		json_decref(steps);
		return json_null();
	}
	for (size_t i = 0; steps && i < ns->n; i++)
		json_array_append_new(
			steps, json_pack("{s:s, s:i, s:s, s:s}", "date", date_format(ns->steps[i].date, d, sizeof(d)),
					 "offset_days", ns->steps[i].offset_days, "action",
					 step_action_name(ns->steps[i].action), "step", ns->steps[i].name));
	return json_pack("{s:s, s:s, s:o*}", "strategy", ns->strategy, "invoice_ref", ns->invoice_ref, "steps", steps);
}

/* "a;b" (stored sorted, core/model.h) -> ["a", "b"]; [] when none */
static json_t *json_tags(const char *tags)
{
	json_t *a = json_array();

	for (const char *p = tags; *p;) {
		size_t len = strcspn(p, ";");
		json_array_append_new(a, json_stringn(p, len));
		p += len + (p[len] == ';');
	}
	return a;
}

static json_t *json_customer(const struct account_view *v)
{
	const struct customer *cu = &v->base.customer;
	json_t *o = json_object();

	json_object_set_new(o, "ref", json_string(cu->ref));
	json_object_set_new(o, "name", json_string(cu->name));
	json_object_set_new(o, "kind", json_string(cu->kind == KIND_COMPANY ? "company" : "person"));
	json_object_set_new(o, "country", json_string(cu->country));
	json_object_set_new(o, "timezone", jtext_or_null(cu->timezone));
	json_object_set_new(o, "local_time", jtext_or_null(v->local_time));
	json_object_set_new(o, "currency", json_string(cu->currency));
	json_object_set_new(o, "credit_limit", cu->credit_limit ? jmoney(cu->credit_limit, cu->currency) : json_null());
	json_object_set_new(o, "region", jtext_or_null(cu->region));
	json_object_set_new(o, "tags", json_tags(cu->tags));
	return o;
}

static json_t *json_balance(const struct account_view *v)
{
	const struct customer_view *b = &v->base;
	const char *cur = b->customer.currency;
	json_t *o = json_object();

	json_object_set_new(o, "currency", json_string(cur));
	json_object_set_new(o, "owed", jmoney(b->owed, cur));
	json_object_set_new(o, "overdue", jmoney(v->overdue, cur));
	json_object_set_new(o, "unapplied_credit", jmoney(b->unapplied_credit, cur));
	json_object_set_new(o, "net", jmoney(b->net, cur));
	json_object_set_new(o, "open_invoices", json_integer((json_int_t)b->n_open));
	json_object_set_new(o, "issued_later_invoices", json_integer((json_int_t)b->n_later));
	json_object_set_new(o, "overdue_invoices", json_integer((json_int_t)v->n_overdue));
	json_object_set_new(o, "days_past_due", json_integer(b->days_past_due));
	json_object_set_new(o, "oldest_overdue",
			    v->oldest >= 0 ? json_string(b->invoices[v->oldest].ref) : json_null());
	return o;
}

static json_t *json_contacts(const struct account_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->base.n_contacts; i++) {
		const struct contact *k = &v->base.contacts[i];
		json_t *o = json_object();
		json_object_set_new(o, "ref", json_string(k->ref));
		json_object_set_new(o, "name", json_string(k->name));
		json_object_set_new(o, "role", json_string(k->role));
		json_object_set_new(o, "phone", jtext_or_null(k->phone));
		json_object_set_new(o, "email", jtext_or_null(k->email));
		json_object_set_new(o, "timezone", jtext_or_null(k->timezone));
		json_object_set_new(o, "pays_bills", json_boolean(k->pays_bills));
		json_object_set_new(o, "best_time", jtext_or_null(k->best_time));
		json_object_set_new(o, "call_target", json_boolean(v->has_target && v->target == i));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *json_reasons(const struct contact_reason *r, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(r[i].code));
		json_object_set_new(o, "message", json_string(r[i].message));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *json_call(const struct account_view *v)
{
	const struct contact_verdict *cv = &v->call.verdict;
	json_t *o;

	if (!v->has_target)
		return json_null();
	o = json_object();
	json_object_set_new(o, "contact_ref", json_string(v->base.contacts[v->target].ref));
	if (v->call_status < 0) {
		json_object_set_new(o, "allowed", json_false());
		json_object_set_new(o, "error", json_string(v->call_error.message));
		return o;
	}
	json_object_set_new(o, "allowed", json_boolean(cv->allowed));
	json_object_set_new(o, "profile", json_string(cv->profile));
	json_object_set_new(o, "local_time", json_string(cv->local_time));
	json_object_set_new(o, "reasons", json_reasons(cv->reasons, cv->n_reasons));
	json_object_set_new(o, "warnings", json_reasons(cv->warnings, cv->n_warnings));
	json_object_set_new(o, "next_allowed_at", cv->next == NEXT_AT ? jts(cv->next_allowed_at) : json_null());
	json_object_set_new(o, "next",
			    json_string(cv->next == NEXT_AT      ? "at"
					: cv->next == NEXT_NEVER ? "never"
								 : "beyond_horizon"));
	return o;
}

static json_t *json_best_time(const struct account_view *v)
{
	json_t *o = json_object(), *hours = json_array();

	json_object_set_new(o, "stated", jtext_or_null(v->stated_best_time));
	json_object_set_new(o, "preferred_windows_today", jtext_or_null(v->preferred_today));
	for (int h = 0; h < 24; h++) {
		json_t *e;
		if (!v->calls_by_hour[h])
			continue;
		e = json_object();
		json_object_set_new(e, "hour", json_integer(h));
		json_object_set_new(e, "answered", json_integer(v->answered_by_hour[h]));
		json_object_set_new(e, "calls", json_integer(v->calls_by_hour[h]));
		json_array_append_new(hours, e);
	}
	json_object_set_new(o, "answered_by_local_hour", hours);
	json_object_set_new(o, "calls", json_integer(v->calls));
	json_object_set_new(o, "answered", json_integer(v->answered));
	return o;
}

static int disputed(const struct customer_view *b, int64_t invoice_id)
{
	for (size_t i = 0; i < b->n_flags; i++)
		if (!strcmp(b->flags[i].flag, "dispute") &&
		    (b->flags[i].invoice_id == 0 || b->flags[i].invoice_id == invoice_id))
			return 1;
	return 0;
}

static json_t *json_invoices(const struct account_view *v, date_t today)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->base.n_invoices; i++) {
		const struct invoice *inv = &v->base.invoices[i];
		json_t *o = json_object();
		json_object_set_new(o, "ref", json_string(inv->ref));
		json_object_set_new(o, "issue_date", jdate(inv->issue_date));
		json_object_set_new(o, "due_date", jdate(inv->due_date));
		json_object_set_new(o, "dpd", json_integer(account_view_dpd(inv, today)));
		json_object_set_new(o, "amount", jmoney(inv->amount, inv->currency));
		json_object_set_new(o, "balance", jmoney(inv->balance, inv->currency));
		json_object_set_new(o, "currency", json_string(inv->currency));
		json_object_set_new(o, "po_ref", jtext_or_null(inv->po_ref));
		json_object_set_new(o, "delivery_note_ref", jtext_or_null(inv->delivery_note_ref));
		json_object_set_new(o, "signed", json_boolean(inv->is_signed));
		json_object_set_new(o, "product", jtext_or_null(inv->product));
		json_object_set_new(o, "disputed", json_boolean(disputed(&v->base, inv->id)));
		/* imported ahead of its issue date: listed, not in owed, net or the counts (customer_view.h) */
		json_object_set_new(o, "issued_later", json_boolean(customer_view_issued_later(&v->base, inv)));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *json_months(const struct account_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ACCOUNT_VIEW_MONTHS; i++) {
		char month[16];
		json_t *o = json_object();
		snprintf(month, sizeof(month), "%04d-%02d", v->months[i].year, v->months[i].month);
		json_object_set_new(o, "month", json_string(month));
		json_object_set_new(o, "invoices", json_integer((json_int_t)v->months[i].count));
		json_object_set_new(o, "volume", jmoney(v->months[i].volume, v->base.customer.currency));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *json_recent(const struct account_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n_recent; i++) {
		const struct account_attempt *r = &v->recent[i];
		json_t *o = json_object();
		json_object_set_new(o, "at", jts(r->at));
		json_object_set_new(o, "local_time", jtext_or_null(r->local_time));
		json_object_set_new(o, "channel", json_string(channel_name(r->channel)));
		json_object_set_new(o, "inbound", json_boolean(r->inbound));
		json_object_set_new(o, "outcome", json_string(contact_outcome_name(r->outcome)));
		json_object_set_new(o, "conversation", json_boolean(r->conversation));
		json_object_set_new(o, "contact_ref", json_string(r->contact_ref));
		json_object_set_new(o, "spoke_with", jtext_or_null(r->spoke_with));
		json_object_set_new(o, "note", jtext_or_null(r->note));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *json_flags(const struct customer_view *b)
{
	json_t *a = json_array();
	for (size_t i = 0; i < b->n_flags; i++) {
		const struct flag_record *f = &b->flags[i];
		json_t *o = json_object();
		json_object_set_new(o, "flag", json_string(f->flag));
		json_object_set_new(o, "contact_ref", jtext_or_null(f->contact_ref));
		json_object_set_new(o, "invoice_ref", jtext_or_null(f->invoice_ref));
		json_object_set_new(o, "detail", jtext_or_null(f->detail));
		json_object_set_new(o, "set_by", json_string(f->set_by));
		json_object_set_new(o, "set_at", jts(f->set_at));
		json_object_set_new(o, "reason", jtext_or_null(f->reason));
		json_array_append_new(a, o);
	}
	return a;
}

/* New orders on credit: the hold current (null none) and the policy's days, as `credit check` weighs them. */
static json_t *json_credit(const struct account_view *v)
{
	json_t *o = json_object(), *h = json_null();

	if (v->on_credit_hold) {
		h = json_object();
		json_object_set_new(h, "source", json_string(v->hold.source));
		json_object_set_new(h, "set_at", jts(v->hold.set_at));
		json_object_set_new(h, "set_by", json_string(v->hold.set_by));
		json_object_set_new(h, "reason", jtext_or_null(v->hold.reason));
	}
	json_object_set_new(o, "on_hold", json_boolean(v->on_credit_hold));
	json_object_set_new(o, "hold", h);
	json_object_set_new(o, "policy_overdue_days", json_integer(v->credit_overdue_days));
	json_object_set_new(o, "seriously_overdue", json_boolean(v->seriously_overdue));
	return o;
}

json_t *account_view_json(const struct account_view *v, timestamp_t now, date_t today)
{
	json_t *o = json_object(), *script = json_object();

	if (!o || !script) {
		json_decref(o);
		json_decref(script);
		return NULL;
	}

	json_object_set_new(o, "now", jts(now));
	json_object_set_new(o, "customer", json_customer(v));
	json_object_set_new(o, "balance", json_balance(v));
	json_object_set_new(o, "call", json_call(v));
	json_object_set_new(o, "best_time", json_best_time(v));
	json_object_set_new(o, "contacts", json_contacts(v));
	json_object_set_new(o, "invoices", json_invoices(v, today));
	json_object_set_new(o, "purchase_history", json_months(v));
	json_object_set_new(o, "recent_contacts", json_recent(v));
	json_object_set_new(o, "contact_attempts", json_integer((json_int_t)v->n_attempts));
	json_object_set_new(o, "flags", json_flags(&v->base));
	json_object_set_new(o, "credit", json_credit(v));
	json_object_set_new(o, "risk", risk_json(&v->base.risk));
	json_object_set_new(o, "next_steps", next_steps_json(&v->next_steps));
	json_object_set_new(script, "facts", jlines(&v->facts));
	json_object_set_new(script, "benefits", jlines(&v->benefits));
	json_object_set_new(script, "consequences", jlines(&v->consequences));
	json_object_set_new(script, "options", jlines(&v->options));
	json_object_set_new(o, "script", script);
	return o;
}

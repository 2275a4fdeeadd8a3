/*
 * contact_log.c: see contact_log.h.
 */
#include "app/contact_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/correct.h"
#include "app/flags.h"
#include "app/rules_ctx.h"
#include "core/profile.h"
#include "store/assignments.h"
#include "store/ledger.h"
#include "store/parties.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int check_address(const struct contact *co, const struct customer *cu, enum channel ch, const char *address,
			 struct error *e)
{
	const char *own = ch == CHANNEL_EMAIL                       ? co->email
			  : ch == CHANNEL_CALL || ch == CHANNEL_SMS ? co->phone
								    : cu->address;
	const char *what = ch == CHANNEL_EMAIL                       ? "email"
			   : ch == CHANNEL_CALL || ch == CHANNEL_SMS ? "phone"
								     : "address";

	if (*own && contact_address_equal(own, address))
		return 0;
	if (!*own)
		return error_set_field(e, ERR_INPUT, "address", "address '%s': contact '%s' has no %s for a %s",
				       address, co->ref, what, channel_name(ch));
	return error_set_field(e, ERR_INPUT, "address", "address '%s' is not the %s of contact '%s' ('%s')", address,
			       what, co->ref, own);
}

/* The checks that need no database. */
static int check_request(const struct app_ctx *ctx, const struct contact_log_request *rq, struct error *e)
{
	int named = (rq->spoke_with != NULL) + (rq->left_with != NULL) + (rq->answered_by != NULL);

	if (app_check_text("left_with", or_empty(rq->left_with), NAME_MAX_LEN, e) < 0 ||
	    app_check_text("answered_by", or_empty(rq->answered_by), NAME_MAX_LEN, e) < 0 ||
	    app_check_text("best_time", or_empty(rq->best_time), SHORT_MAX * 2, e) < 0)
		return -ERR_INPUT;
	if (named > 1)
		return error_set_field(e, ERR_INPUT, "spoke_with",
				       "--spoke-with, --left-with and --answered-by name the same person: give one");
	if (rq->left_with && rq->outcome != OUTCOME_MESSAGE_LEFT)
		return error_set_field(e, ERR_INPUT, "left_with", "left_with is for the outcome message_left, not '%s'",
				       contact_outcome_name(rq->outcome));
	if (app_check_text("spoke_with", or_empty(rq->spoke_with), NAME_MAX_LEN, e) < 0 ||
	    app_check_free_text("note", or_empty(rq->note), TEXT_MAX, e) < 0 ||
	    app_check_text("address", or_empty(rq->address), EMAIL_MAX, e) < 0)
		return -ERR_INPUT;
	if (app_check_not_future(ctx, "at", rq->at, e) < 0 || app_check_rules_moment("at", rq->at, e) < 0)
		return -ERR_INPUT;
	if (rq->callback_at && rq->outcome != OUTCOME_CALLBACK)
		return error_set_field(e, ERR_INPUT, "callback_at", "callback_at is for the outcome callback, not '%s'",
				       contact_outcome_name(rq->outcome));
	if (rq->callback_at && rq->callback_at < rq->at)
		return error_set_field(e, ERR_INPUT, "callback_at", "callback_at is before the moment of the attempt");
	if (!contact_outcome_fits(rq->channel, rq->outcome)) {
		char fits[256];
		return error_set_field(e, ERR_INPUT, "outcome", "outcome '%s' cannot happen on a %s (a %s can be: %s)",
				       contact_outcome_name(rq->outcome), channel_name(rq->channel),
				       channel_name(rq->channel),
				       contact_outcomes_of_channel(rq->channel, fits, sizeof(fits)));
	}
	return 0;
}

/* The debts the attempt concerns: the invoice named, else every open one. */
static int debts_concerned(struct store_tx *tx, const struct customer *cu, const char *invoice_ref,
			   struct contact_attempt *a, struct error *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int ret;

	if (invoice_ref) {
		struct invoice inv;
		ret = store_invoice_get(tx, invoice_ref, &inv, NULL, e);
		if (ret == 0)
			return error_set_field(e, ERR_NOT_FOUND, "invoice_ref", "unknown invoice '%s'", invoice_ref);
		if (ret < 0)
			return ret;
		if (inv.customer_id != cu->id)
			return error_set_field(e, ERR_INPUT, "invoice_ref",
					       "invoice '%s' belongs to customer '%s', not '%s'", invoice_ref,
					       inv.customer_ref, cu->ref);
		a->invoice_ids[0] = inv.id;
		a->n_invoices = 1;
		return 0;
	}
	ret = rules_ctx_open_invoice_ids(tx, cu, &ids, &n, e);
	if (ret < 0)
		return ret;
	/* ids is NULL when nothing is open: memcpy must not see it; too many: every debt */
	if (n > 0 && n <= ATTEMPT_INVOICES_MAX) {
		memcpy(a->invoice_ids, ids, n * sizeof(*ids));
		a->n_invoices = n;
	}
	free(ids);
	return 0;
}

int contact_log_prepare(const struct app_ctx *ctx, struct store_tx *tx, const struct contact_log_request *rq,
			int every_debt, struct contact_log_entry *le, struct error *e)
{
	struct contact *co = malloc(sizeof(*co));
	struct customer *cu = malloc(sizeof(*cu));
	struct contact_attempt *a = &le->attempt;
	int ret;

	memset(le, 0, sizeof(*le));
	if (!co || !cu) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = check_request(ctx, rq, e);
	if (ret < 0)
		goto cleanup;
	a->at = rq->at;
	a->channel = rq->channel;
	a->outcome = rq->outcome;
	a->inbound = rq->inbound ? 1 : 0;
	a->conversation = contact_outcome_is_conversation(rq->outcome);
	snprintf(a->address, sizeof(a->address), "%s", or_empty(rq->address));
	ret = store_contact_get(tx, or_empty(rq->contact_ref), co, NULL, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "contact_ref", "unknown contact '%s'", rq->contact_ref);
	if (ret < 0)
		goto cleanup;
	ret = store_customer_get(tx, co->customer_ref, cu, NULL, e);
	if (ret == 0)
		ret = error_set(e, ERR_ENV, "contact '%s' has no customer", co->ref);
	if (ret < 0)
		goto cleanup;
	if (a->address[0]) {
		ret = check_address(co, cu, a->channel, a->address, e);
		if (ret < 0)
			goto cleanup;
	}
	a->contact_id = co->id;
	ret = 0;
	if (rq->invoice_ref || !every_debt)
		ret = debts_concerned(tx, cu, rq->invoice_ref, a, e);
	if (ret < 0)
		goto cleanup;
	le->customer_id = cu->id;
	snprintf(le->contact_ref, sizeof(le->contact_ref), "%s", co->ref);
	snprintf(le->customer_ref, sizeof(le->customer_ref), "%s", cu->ref);
cleanup:
	free(co);
	free(cu);
	return ret;
}

static const char *spoke_with(const struct contact_log_request *rq)
{
	return rq->left_with ? rq->left_with : rq->answered_by ? rq->answered_by : or_empty(rq->spoke_with);
}

/* The other contacts of the customer marked as paying the bills. */
struct payers {
	int64_t except;
	struct contact *list;
	size_t n, cap;
};

static int on_payer(void *ctx, const struct contact *c)
{
	struct payers *p = ctx;

	if (!c->pays_bills || c->id == p->except)
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 4;
		struct contact *l = realloc(p->list, cap * sizeof(*l));
		if (!l)
			return 1;
		p->list = l;
		p->cap = cap;
	}
	p->list[p->n++] = *c;
	return 0;
}

/* One contact corrected as the collector learned it; counts the fields changed. */
static int correct_one(struct store_tx *tx, const struct contact *old, const struct contact *now,
		       const struct correct_author *who, struct contact_log_entry *le, struct error *e)
{
	int ret = correct_contact_apply(tx, old, now, who, NULL, NULL, e);

	if (ret > 0)
		le->contact_changes += ret;
	return ret < 0 ? ret : 0;
}

/* best_time and pays_bills back on the contact; the bill payer is one contact. */
static int learn_contact(const struct app_ctx *ctx, struct store_tx *tx, const struct contact_log_request *rq,
			 struct contact_log_entry *le, struct error *e)
{
	struct correct_author who = { ctx->actor ? ctx->actor : "", rq->at, 0 };
	struct contact *old = malloc(sizeof(*old)), *now = malloc(sizeof(*now));
	struct payers p = { 0 };
	int ret = old && now ? store_contact_get(tx, le->contact_ref, old, NULL, e)
			     : error_set(e, ERR_ENV, "out of memory");

	if (ret == 1) {
		*now = *old;
		if (rq->best_time)
			snprintf(now->best_time, sizeof(now->best_time), "%s", rq->best_time);
		if (rq->pays_bills)
			now->pays_bills = 1;
		ret = correct_one(tx, old, now, &who, le, e);
	} else if (ret == 0) {
		ret = error_set(e, ERR_ENV, "contact '%s' vanished", le->contact_ref);
	}
	p.except = old ? old->id : 0;
	if (ret == 0 && rq->pays_bills) {
		ret = store_contacts_of_customer(tx, le->customer_id, on_payer, &p, e);
		if (ret > 0)
			ret = error_set(e, ERR_ENV, "out of memory");
	}
	for (size_t i = 0; i < p.n && ret == 0; i++) {
		*old = p.list[i];
		*now = p.list[i];
		now->pays_bills = 0;
		ret = correct_one(tx, old, now, &who, le, e);
	}
	free(p.list);
	free(old);
	free(now);
	return ret;
}

/* What the collector learned goes back on the contact (contact_log.h). */
static int learned(const struct app_ctx *ctx, struct store_tx *tx, const struct contact_log_request *rq,
		   struct contact_log_entry *le, struct error *e)
{
	int ret = 0;

	if (rq->best_time || rq->pays_bills)
		ret = learn_contact(ctx, tx, rq, le, e);
	if (ret == 0 && rq->outcome == OUTCOME_WRONG_NUMBER) {
		struct flags_request fr = { 0 };
		struct flag_record f;
		fr.customer_ref = le->customer_ref;
		fr.flag = "wrong-number";
		fr.contact_ref = le->contact_ref;
		fr.address = rq->address && rq->address[0] ? rq->address : NULL;
		fr.reason = "logged with the outcome wrong_number";
		fr.at = rq->at;
		ret = flags_prepare(ctx, tx, &fr, &f, e);
		if (ret == 0)
			ret = store_flag_add(tx, &f, e);
		le->flagged = ret == 0;
	}
	return ret;
}

/*
 * An outbound attempt against the contact rules at its moment, as known
 * then: the attempts up to it (not those logged later, nor this one, not
 * recorded yet) and the flags set by then and not cleared (a call logged
 * late is not a breach of a cease asked after it). A refusal is kept in le
 * (contact_log.h). One the rules cannot judge (no profile applies, an
 * unknown zone) is not the log's error: it is left unjudged.
 */
static int judge_attempt(struct store_tx *tx, const struct contact_log_request *rq, struct contact_log_entry *le,
			 struct error *e)
{
	struct rules_ctx *rc = NULL;
	struct rules_chunk *ch = NULL;
	struct rules_answer *ans = NULL;
	struct customer cu;
	struct error ignore = ERROR_INIT;
	int ret;

	if (rq->inbound)
		return 0;
	ret = store_customer_by_id(tx, le->customer_id, &cu, e);
	if (ret == 0)
		return error_set(e, ERR_ENV, "the customer of contact '%s' is gone", le->contact_ref);
	if (ret > 0)
		ret = rules_ctx_load(tx, &rc, e);
	if (ret == 0)
		ret = rules_ctx_chunk_load_at(rc, tx, &cu, 1, rq->at, rq->at, rq->at, &ch, e);
	if (ret == 0) {
		ans = calloc(1, sizeof(*ans));
		ret = ans ? 0 : error_set(e, ERR_ENV, "out of memory");
	}
	if (ret == 0) {
		struct rules_chunk_question q = { .customer_id = le->customer_id,
						  .contact_id = le->attempt.contact_id,
						  .invoice_ids = le->attempt.invoice_ids,
						  .n_invoices = le->attempt.n_invoices,
						  .channel = rq->channel,
						  .at = rq->at };
		int asked = rules_ctx_chunk_ask(rc, ch, &q, ans, &ignore);
		if (asked == -ERR_ENV)
			ret = error_set(e, ERR_ENV, "%s", ignore.message);
		else if (asked == 0 && !ans->verdict.allowed && ans->verdict.n_reasons > 0) {
			le->rules_refused = 1;
			le->rules_reason = ans->verdict.reasons[0];
			/* recorded with the attempt: the contacts report counts it (docs/reports.md) */
			snprintf(le->attempt.rules_breach, sizeof(le->attempt.rules_breach), "%s",
				 le->rules_reason.code);
		}
	}
	free(ans);
	rules_chunk_free(ch);
	rules_ctx_free(rc);
	return ret > 0 ? 0 : ret;
}

/* The audit entry of a logged attempt: what was logged, by the attempt's id. */
static int audit_attempt(const struct app_ctx *ctx, struct store_tx *tx, const struct contact_log_request *rq,
			 const struct contact_log_entry *le, struct error *e)
{
	char ref[24], at[TIMESTAMP_TEXT_MAX], cb[TIMESTAMP_TEXT_MAX] = "";
	json_t *after;
	int ret;

	snprintf(ref, sizeof(ref), "%lld", (long long)le->id);
	if (rq->callback_at)
		timestamp_format(rq->callback_at, cb, sizeof(cb));
	after = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:s,s:s}", "customer_ref", le->customer_ref, "contact_ref",
			  le->contact_ref, "channel", channel_name(le->attempt.channel), "outcome",
			  contact_outcome_name(le->attempt.outcome), "at",
			  timestamp_format(le->attempt.at, at, sizeof(at)), "inbound", le->attempt.inbound,
			  "conversation", le->attempt.conversation, "spoke_with", spoke_with(rq), "note",
			  or_empty(rq->note), "callback_at", cb);
	if (!after)
		return error_set(e, ERR_ENV, "out of memory");
	/* an attempt the contact rules refused at its moment: the compliance officer's trail */
	json_object_set_new(after, "rules_breach",
			    le->rules_refused ? json_pack("{s:s,s:s}", "code", le->rules_reason.code, "reason",
							  le->rules_reason.message)
					      : json_null());
	ret = app_audit(ctx, tx, "contact.log", "contact_attempt", ref, NULL, after, e);
	json_decref(after);
	return ret;
}

int contact_log_add(const struct app_ctx *ctx, const struct contact_log_request *rq, struct contact_log_entry *out,
		    struct error *e)
{
	struct contact_log_entry *le = calloc(1, sizeof(*le));
	struct store_tx *tx = NULL;
	int ret;

	if (!le)
		return error_set(e, ERR_ENV, "out of memory");
	/* the request's own checks come before the database is opened */
	ret = check_request(ctx, rq, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = contact_log_prepare(ctx, tx, rq, 0, le, e);
	if (ret == 0)
		ret = judge_attempt(tx, rq, le, e);
	if (ret < 0)
		goto cleanup;
	ret = store_attempt_add(tx, le->customer_id, &le->attempt, spoke_with(rq), or_empty(rq->note), &le->id, e);
	if (ret == 0)
		ret = learned(ctx, tx, rq, le, e);
	if (ret == 0)
		ret = store_attempt_queue_note(tx, le->id, rq->callback_at, ctx->actor, e);
	if (ret >= 0 && rq->channel == CHANNEL_CALL)
		ret = store_calls_done(tx, le->customer_id, rq->at, ctx->now, &le->calls_done, e);
	if (ret >= 0)
		ret = audit_attempt(ctx, tx, rq, le, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_commit(tx, e);
	if (ret < 0)
		goto cleanup;
	if (out)
		*out = *le;
cleanup:
	store_tx_free(tx);
	free(le);
	return ret;
}

/* Hands each view on, remembering whether the reader stopped. */
struct relay {
	const struct contact_log_reader *r;
	int stopped;
};

static int relay_attempt(void *ctx, const struct attempt_view *v)
{
	struct relay *rl = ctx;

	if (!rl->r->on_attempt || rl->r->on_attempt(rl->r->ctx, v) == 0)
		return 0;
	rl->stopped = 1;
	return 1;
}

int contact_log_history(const struct app_ctx *ctx, const char *customer_ref, const struct contact_log_reader *r,
			struct error *e)
{
	struct customer *cu = malloc(sizeof(*cu));
	struct store_tx *tx = NULL;
	struct relay rl = { r, 0 };
	int ret;

	if (!cu)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = store_customer_get(tx, or_empty(customer_ref), cu, NULL, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", customer_ref);
	if (ret < 0)
		goto cleanup;
	if (r->on_customer && r->on_customer(r->ctx, cu) != 0) {
		ret = error_set(e, ERR_ENV, "customer '%s': the contact history reading stopped", cu->ref);
		goto cleanup;
	}
	ret = store_attempt_views_each(tx, cu->id, relay_attempt, &rl, e);
	if (ret > 0 || rl.stopped)
		ret = error_set(e, ERR_ENV, "customer '%s': the contact history reading stopped", cu->ref);
cleanup:
	store_tx_free(tx);
	free(cu);
	return ret;
}

json_t *contact_log_attempt_json(const struct attempt_view *v)
{
	const struct contact_attempt *a = &v->a;
	json_t *refs = json_array(), *callback;
	char at[TIMESTAMP_TEXT_MAX], cb[TIMESTAMP_TEXT_MAX];

	/* the view's refs are "I-1,I-2" */
	for (const char *p = v->invoice_refs; refs && *p;) {
		size_t n = strcspn(p, ",");
		json_array_append_new(refs, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	callback = v->callback_at ? json_string(timestamp_format(v->callback_at, cb, sizeof(cb))) : json_null();
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o*, s:s, s:o*, s:s}", "at",
			 timestamp_format(a->at, at, sizeof(at)), "contact_ref", v->contact_ref, "channel",
			 channel_name(a->channel), "outcome", contact_outcome_name(a->outcome), "direction",
			 a->inbound ? "inbound" : "outbound", "spoke_with", v->spoke_with, "note", v->note,
			 "invoice_refs", refs, "logged_by", v->logged_by, "callback_at", callback, "rules_breach",
			 a->rules_breach);
}

void contact_log_summary_add(struct contact_log_summary *s, const struct attempt_view *v)
{
	size_t i;

	s->attempts++;
	s->conversations += v->a.conversation != 0;
	if (v->a.outcome != OUTCOME_MESSAGE_LEFT)
		return;
	for (i = 0; i < s->n_left; i++)
		if (!strcmp(s->left[i].with, v->spoke_with))
			break;
	if (i == s->n_left && s->n_left < CONTACT_LOG_NAMES) {
		snprintf(s->left[i].with, sizeof(s->left[i].with), "%s", v->spoke_with);
		s->n_left++;
	} else if (i == s->n_left) {
		i = CONTACT_LOG_NAMES; /* the names beyond those kept, together */
		snprintf(s->left[i].with, sizeof(s->left[i].with), "(others)");
	}
	s->left[i].count++;
}

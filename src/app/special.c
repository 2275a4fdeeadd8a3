/*
 * special.c: see special.h.
 */
#include "app/special.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/holds_cancel.h"
#include "core/array.h"
#include "store/parties.h"

int special_flag(const char *flag)
{
	return !strcmp(flag, "bankrupt") || !strcmp(flag, "deceased");
}

/*
 * The audit entry's ref: the customer's ref, as every other entry about a
 * customer has it (`audit --ref C1`); it was the internal id. The moment
 * and the person are the flag's (--at, --by), not the command's.
 */
static int special_audit(const struct app_ctx *ctx, struct store_tx *tx, const char *action, int64_t customer_id,
			 const char *by, json_t *before, json_t *after, struct error *e)
{
	struct customer *c = malloc(sizeof(*c));
	struct app_ctx as = *ctx;
	char ref[REF_MAX + 1];
	int ret;

	if (!c)
		return error_set(e, ERR_ENV, "out of memory");
	ret = store_customer_by_id(tx, customer_id, c, e);
	if (ret > 0)
		snprintf(ref, sizeof(ref), "%s", c->ref);
	else
		snprintf(ref, sizeof(ref), "#%lld", (long long)customer_id);
	free(c);
	if (ret < 0)
		return ret;
	if (by && by[0])
		as.actor = by;
	return app_audit(&as, tx, action, "customer", ref, before, after, e);
}

int special_flag_set(const struct app_ctx *ctx, struct store_tx *tx, const struct flag_record *f, struct error *e)
{
	struct hold h = { 0 };
	json_t *o;
	char why[HOLD_REASON_TEXT_MAX];
	int ret;

	if (!special_flag(f->flag))
		return 0;
	h.customer_id = f->customer_id;
	snprintf(h.kind, sizeof(h.kind), "special");
	h.source_id = f->id;
	h.from_at = f->set_at;
	ret = store_hold_add(tx, &h, e);
	/*
	 * what waits on the account goes at once, in every currency, as the run's
	 * next review would (code `special`): the queue offered a call to the
	 * estate's representative, whom the contact rules allow, until that run
	 */
	if (ret == 0)
		ret = holds_cancel_waiting(tx, ctx, f->customer_id, NULL, "special",
					   holds_cancel_reason("special", why, sizeof(why)), f->set_at, e);
	if (ret < 0)
		return ret;
	char at[TIMESTAMP_TEXT_MAX];
	o = json_pack("{s:s, s:s, s:s, s:s}", "flag", f->flag, "set_by", f->set_by, "reason", f->reason, "at",
		      timestamp_format(f->set_at, at, sizeof(at)));
	ret = o ? special_audit(ctx, tx, "special.start", f->customer_id, f->set_by, NULL, o, e)
		: error_set(e, ERR_ENV, "out of memory");
	json_decref(o);
	return ret;
}

struct ending {
	const char *flag;
	int64_t ids[16];
	size_t n;
};

static int on_active(void *ctx, const struct flag_record *f)
{
	struct ending *en = ctx;
	if (!strcmp(f->flag, en->flag) && en->n < sizeof(en->ids) / sizeof(en->ids[0]))
		en->ids[en->n++] = f->id;
	return 0;
}

int special_flag_cleared(const struct app_ctx *ctx, struct store_tx *tx, const struct flag_record *f, timestamp_t at,
			 struct error *e)
{
	struct ending en = { f->flag, { 0 }, 0 };
	char when[TIMESTAMP_TEXT_MAX];
	int ret;

	if (!special_flag(f->flag))
		return 0;
	ret = store_flags_each(tx, f->customer_id, on_active, &en, e);
	for (size_t i = 0; i < en.n && ret >= 0; i++)
		ret = store_holds_end(tx, "special", en.ids[i], at, "flag cleared", NULL, e);
	if (ret < 0 || !en.n)
		return ret < 0 ? ret : 0;
	json_t *o = json_pack("{s:s, s:s}", "flag", f->flag, "at", timestamp_format(at, when, sizeof(when)));
	ret = o ? special_audit(ctx, tx, "special.end", f->customer_id, f->set_by, o, NULL, e)
		: error_set(e, ERR_ENV, "out of memory");
	json_decref(o);
	return ret;
}

struct collect {
	struct hold *holds;
	size_t n, cap;
};

static int on_hold(void *ctx, const struct hold *h)
{
	struct collect *c = ctx;
	if (strcmp(h->kind, "special"))
		return 0;
	if (c->n && c->holds[c->n - 1].customer_id == h->customer_id)
		return 0; /* one row per account: its first (earliest) hold */
	if (array_grow(&c->holds, &c->cap, c->n, sizeof(*c->holds)) < 0)
		return -ERR_ENV;
	c->holds[c->n++] = *h;
	return 0;
}

struct flag_of {
	int64_t id;
	char flag[SHORT_MAX + 1];
};

static int on_flag(void *ctx, const struct flag_record *f)
{
	struct flag_of *fo = ctx;
	if (f->id == fo->id)
		snprintf(fo->flag, sizeof(fo->flag), "%s", f->flag);
	return 0;
}

int special_list(const struct app_ctx *ctx, special_cb cb, void *cb_ctx, struct error *e)
{
	struct collect c = { 0 };
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret < 0)
		return ret;
	ret = store_holds_each(tx, 1, INT64_MAX, ctx->now, ctx->today, on_hold, &c, e);
	if (ret == -ERR_ENV && !e->message[0])
		ret = error_set(e, ERR_ENV, "out of memory");
	/* a callback's stop ends the list (the loop went on past a positive one) and is returned */
	for (size_t i = 0; i < c.n && ret == 0; i++) {
		struct customer cu;
		struct flag_of fo = { c.holds[i].source_id, "" };
		struct special_row r = { 0 };
		ret = store_customer_by_id(tx, c.holds[i].customer_id, &cu, e);
		if (ret > 0)
			ret = store_flags_each(tx, cu.id, on_flag, &fo, e);
		if (ret < 0)
			break;
		snprintf(r.customer_ref, sizeof(r.customer_ref), "%s", cu.ref);
		snprintf(r.name, sizeof(r.name), "%s", cu.name);
		snprintf(r.flag, sizeof(r.flag), "%s", fo.flag);
		r.since = c.holds[i].from_at;
		ret = cb(cb_ctx, &r);
	}
	free(c.holds);
	store_tx_free(tx);
	return ret;
}

#include "app/contact_check.h"

#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/contact_flags.h"
#include "store/history.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/rules_config.h"

int rules_profile_load(struct store_tx *tx, const char *name, struct profile *out, struct error *e)
{
	char *json = NULL;
	int ret = store_profile_get(tx, name, &json, e);

	if (ret < 0)
		return ret;
	if (ret == 1) {
		ret = profile_from_json_text(json, out, e);
		free(json);
		return ret;
	}
	return profile_preset(name, out, e);
}

struct id_list {
	int64_t *ids;
	size_t n, cap;
	struct error *e;
};

static int push_id(struct id_list *l, int64_t id)
{
	if (array_grow(&l->ids, &l->cap, l->n, sizeof(*l->ids)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	l->ids[l->n++] = id;
	return 0;
}

static int on_open(void *ctx, const struct invoice *inv)
{
	return push_id(ctx, inv->id);
}

int rules_open_invoice_ids(struct store_tx *tx, const struct customer *c, int64_t **ids, size_t *n,
			   struct error *e)
{
	struct id_list l = { .e = e };
	int ret = store_open_invoices_of_customer(tx, c->id, c->currency, on_open, &l, e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0) {
		free(l.ids);
		return ret;
	}
	*ids = l.ids;
	*n = l.n;
	return 0;
}

struct history {
	struct contact_attempt *a;
	size_t n, cap;
	timestamp_t until;
	struct error *e;
};

static int on_attempt(void *ctx, const struct contact_attempt *a)
{
	struct history *h = ctx;
	if (a->at > h->until)
		return 0;
	if (array_grow(&h->a, &h->cap, h->n, sizeof(*h->a)) < 0)
		return error_set(h->e, ERR_ENV, "out of memory");
	h->a[h->n++] = *a;
	return 0;
}

struct flag_apply {
	struct status_builder *b;
	struct error *e;
};

static int on_flag(void *ctx, const struct flag_record *f)
{
	struct flag_apply *fa = ctx;
	enum flag_kind k;
	const char *address = "", *detail = f->detail;

	if (flag_parse(f->flag, &k, NULL) < 0)
		return 0; /* a flag of a newer version: not ours to judge */
	if (flag_info(k)->scope & (FLAG_SCOPE_ADDRESS | FLAG_NEEDS_ADDRESS)) {
		address = f->detail;
		detail = "";
	}
	if (status_builder_add(fa->b, k, f->contact_id, f->invoice_id, address, detail, f->set_at, fa->e) < 0)
		return -fa->e->code;
	return 0;
}

struct days {
	date_t *d;
	size_t n, cap;
	struct error *e;
};

static int on_day(void *ctx, date_t day, const char *name)
{
	struct days *d = ctx;
	if (array_grow(&d->d, &d->cap, d->n, sizeof(*d->d)) < 0)
		return error_set(d->e, ERR_ENV, "out of memory");
	d->d[d->n++] = day;
	return 0;
}

/* How far back the history matters for this profile. */
static int64_t lookback(const struct profile *p)
{
	int64_t back = 86400;
	for (size_t i = 0; i < p->n_caps; i++)
		if (p->caps[i].period > back)
			back = p->caps[i].period;
	for (size_t i = 0; i < p->n_pauses; i++)
		if (p->pauses[i].duration > back)
			back = p->pauses[i].duration;
	for (int c = 0; c < CHANNEL_COUNT; c++)
		if (p->min_gap[c] > back)
			back = p->min_gap[c];
	if (p->consent_validity > back)
		back = p->consent_validity;
	if (p->inbound_reply_window > back)
		back = p->inbound_reply_window;
	return back + 86400;
}

int rules_evaluate(struct store_tx *tx, const struct rules_request *rq, struct rules_answer *out,
		   struct error *e)
{
	struct contact_debt *debts = NULL;
	int64_t *ids = NULL;
	size_t n_ids = 0, n_debts = 0;
	struct history h = { .e = e, .until = rq->at };
	struct days days = { .e = e };
	struct status_builder *b = NULL;
	struct flag_apply fa;
	struct contact_rules_input in = { 0 };
	char tenant_default[PROFILE_MAX + 1];
	const char *profile_name;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = store_contact_get(tx, rq->contact_ref, &out->contact, NULL, e);
	if (ret == 0)
		ret = error_set(e, ERR_INPUT, "unknown contact '%s'", rq->contact_ref);
	if (ret < 0)
		goto cleanup;
	ret = store_customer_get(tx, out->contact.customer_ref, &out->customer, NULL, e);
	if (ret == 0)
		ret = error_set(e, ERR_ENV, "contact '%s': its customer '%s' is missing", rq->contact_ref,
				out->contact.customer_ref);
	if (ret < 0)
		goto cleanup;

	if ((ret = store_tenant_default_profile(tx, tenant_default, sizeof(tenant_default), e)) < 0)
		goto cleanup;
	profile_name = profile_for_customer(out->customer.kind, out->customer.country, out->customer.profile,
					    tenant_default);
	if (!profile_name || !*profile_name) {
		ret = error_set(e, ERR_INPUT,
				"customer '%s': no contact-rules profile applies (set one on the customer or a tenant "
				"default with 'recoup rules default NAME')", out->customer.ref);
		goto cleanup;
	}
	if ((ret = rules_profile_load(tx, profile_name, &out->profile, e)) < 0) {
		error_prefix(e, "customer '%s'", out->customer.ref);
		goto cleanup;
	}

	if (rq->invoice_ref && *rq->invoice_ref) {
		struct invoice inv;
		ret = store_invoice_get(tx, rq->invoice_ref, &inv, NULL, e);
		if (ret == 0)
			ret = error_set(e, ERR_INPUT, "unknown invoice '%s'", rq->invoice_ref);
		if (ret < 0)
			goto cleanup;
		if (inv.customer_id != out->customer.id) {
			ret = error_set(e, ERR_INPUT, "invoice '%s' belongs to customer '%s', not to contact '%s''s customer '%s'",
					rq->invoice_ref, inv.customer_ref, rq->contact_ref, out->customer.ref);
			goto cleanup;
		}
		if (!(ids = malloc(sizeof(*ids)))) {
			ret = error_set(e, ERR_ENV, "out of memory");
			goto cleanup;
		}
		ids[0] = inv.id;
		n_ids = 1;
	} else if ((ret = rules_open_invoice_ids(tx, &out->customer, &ids, &n_ids, e)) < 0) {
		goto cleanup;
	}
	n_debts = n_ids;
	if (n_ids && !(debts = calloc(n_ids, sizeof(*debts)))) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n_ids; i++)
		debts[i].invoice_id = ids[i];

	if (!(b = malloc(sizeof(*b)))) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	status_builder_init(b, out->contact.id, debts, n_debts);
	fa.b = b;
	fa.e = e;
	ret = store_flags_each(tx, out->customer.id, on_flag, &fa, e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0)
		goto cleanup;
	ret = store_attempts_each(tx, out->customer.id, rq->at - lookback(&out->profile), on_attempt, &h, e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0)
		goto cleanup;
	ret = store_closed_days_each(tx, on_day, &days, e);
	if (ret > 0)
		ret = -ret;
	if (ret < 0)
		goto cleanup;

	in.profile = &out->profile;
	in.customer = &out->customer;
	in.contact = &out->contact;
	in.status = &b->status;
	in.debts = debts;
	in.n_debts = n_debts;
	in.history = h.a;
	in.n_history = h.n;
	in.closed_days = days.d;
	in.n_closed_days = days.n;
	in.channel = rq->channel;
	in.at = rq->at;
	in.address = rq->address;
	in.final_notice = rq->final_notice;
	ret = contact_rules_check(&in, &out->verdict, e);
cleanup:
	free(debts);
	free(ids);
	free(h.a);
	free(days.d);
	free(b);
	return ret;
}

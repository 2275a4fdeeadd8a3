#include "app/migrate.h"

#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check.h"
#include "app/documents.h"
#include "app/migrate_int.h"
#include "app/reports.h"
#include "app/tenants.h"
#include "core/array.h"
#include "core/money.h"
#include "core/strategy.h"
#include "store/agreements.h"
#include "store/assignments.h"
#include "store/auth.h"
#include "store/channels.h"
#include "store/credit.h"
#include "store/escalation.h"
#include "store/history.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/promises.h"
#include "store/rules_config.h"
#include "store/store.h"
#include "store/strategies.h"
#include "store/tenants.h"
#include "store/users.h"

/*
 * Rows per page of the source's lists, each page added to the target in one
 * call, and ledger entries per store_ledger_copy. A page of contacts, the
 * widest rows, is 7 MB.
 */
#define MIGRATE_PAGE 4096

/* Contact attempts held for one store_attempts_copy (a struct attempt_copy is about 1.9 KB). */
#define MIGRATE_ATTEMPTS 1024

/* What struct copy's page holds, one kind at a time: its size is the widest's. */
union migrate_row {
	struct customer customer;
	struct contact contact;
	struct invoice invoice;
	struct payment payment;
};

int migrate_idmap_add(struct idmap *m, int64_t from, int64_t to, struct error *e)
{
	struct idrun *last = m->n ? &m->runs[m->n - 1] : NULL;

	if (last && from == last->from + last->n && to == last->to + last->n) {
		last->n++;
		return 0;
	}
	if (last && from < last->from + last->n)
		return error_set(e, ERR_ENV, "source id %lld read out of order", (long long)from);
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct idrun *r = realloc(m->runs, cap * sizeof(*r));

		if (!r)
			return error_set(e, ERR_ENV, "out of memory");
		m->runs = r;
		m->cap = cap;
	}
	m->runs[m->n++] = (struct idrun){ from, to, 1 };
	return 0;
}

int64_t migrate_idmap_get(const struct idmap *m, int64_t from)
{
	size_t lo = 0, hi = m->n;

	if (from == 0)
		return 0;
	/* the first run that starts after `from`; the one before it may hold it */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->runs[mid].from <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || from >= m->runs[lo - 1].from + m->runs[lo - 1].n)
		return -1;
	return m->runs[lo - 1].to + (from - m->runs[lo - 1].from);
}

void migrate_idmap_release(struct idmap *m)
{
	free(m->runs);
	memset(m, 0, sizeof(*m));
}

int migrate_mapped(struct copy *c, const struct idmap *m, int64_t from, const char *what, int64_t *to)
{
	int64_t id = migrate_idmap_get(m, from);

	if (id < 0)
		return error_set(c->e, ERR_ENV, "tenant '%s': %s %lld was not copied", c->tenant, what,
				 (long long)from);
	*to = id;
	return 0;
}

/* ---- rules configuration ---- */

static int on_profile(void *arg, const char *name, const char *json)
{
	struct copy *c = arg;
	return store_profile_put(c->dst, name, json, c->e);
}

static int on_closed_day(void *arg, date_t day, const char *name)
{
	struct copy *c = arg;
	return store_closed_day_add(c->dst, day, name, c->e);
}

static int copy_rules_config(struct copy *c)
{
	char name[PROFILE_MAX + 1];
	int ret = store_profiles_each(c->src, on_profile, c, c->e);

	if (ret < 0)
		return ret;
	ret = store_tenant_default_profile(c->src, name, sizeof(name), c->e);
	if (ret < 0)
		return ret;
	if (name[0]) {
		ret = store_tenant_set_default_profile(c->dst, name, c->e);
		if (ret < 0)
			return ret;
	}
	return store_closed_days_each(c->src, on_closed_day, c, c->e);
}

/* ---- strategies, settings, people, templates ---- */

/* migrate_int.h */
const char *const migrate_escalation_keys[] = { "legal.min_balance", "legal.limitation_years", NULL };

static const enum customer_kind kinds[] = { KIND_PERSON, KIND_COMPANY };

static int on_strategy(void *arg, const char *name, const char *json)
{
	struct copy *c = arg;
	return store_strategy_put(c->dst, name, json, c->e);
}

static int copy_strategies(struct copy *c)
{
	char name[STRATEGY_NAME_MAX + 1];
	int ret = store_strategies_each(c->src, on_strategy, c, c->e);

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && ret >= 0; k++) {
		ret = store_strategy_default(c->src, kinds[k], name, sizeof(name), c->e);
		if (ret >= 0 && name[0])
			ret = store_strategy_set_default(c->dst, kinds[k], name, c->e);
	}
	return ret < 0 ? ret : 0;
}

static int on_setting(void *arg, const char *key, const char *value, timestamp_t updated_at, const char *updated_by)
{
	struct copy *c = arg;

	(void)updated_by; /* the target's row names the migration's actor, as every write of it does */
	return store_setting_put(c->dst, key, value, updated_at, c->e);
}

/* `recoup config` (secrets too: never printed), authority limits, promise, credit and legal settings. */
static int copy_settings(struct copy *c)
{
	char *doc = NULL;
	char value[ESC_SETTING_MAX + 1];
	struct credit_policy policy;
	int days = 0, percent = 0;
	int ret = store_settings_each(c->src, on_setting, c, c->e);

	if (ret >= 0)
		ret = store_agreement_config_get(c->src, MIGRATE_AUTHORITY_CONFIG, &doc, c->e);
	if (ret > 0)
		ret = store_agreement_config_set(c->dst, MIGRATE_AUTHORITY_CONFIG, doc, store_tx_actor(c->dst), c->now,
						 c->e);
	free(doc);
	if (ret >= 0)
		ret = store_promise_settings_get(c->src, &days, &percent, c->e);
	if (ret > 0)
		ret = store_promise_settings_put(c->dst, days, percent, c->e);
	if (ret >= 0)
		ret = store_credit_policy_get(c->src, &policy, c->e);
	if (ret >= 0 && (policy.overdue_days || policy.nsf_fee_bp))
		ret = store_credit_policy_put(c->dst, &policy, c->e);
	for (size_t k = 0; migrate_escalation_keys[k] && ret >= 0; k++) {
		ret = store_escalation_setting_get(c->src, migrate_escalation_keys[k], value, sizeof(value), c->e);
		if (ret > 0)
			ret = store_escalation_setting_put(c->dst, migrate_escalation_keys[k], value, c->e);
	}
	return ret < 0 ? ret : 0;
}

static int on_user(void *arg, const struct user *u)
{
	struct copy *c = arg;
	struct user copy = *u;
	char hash[AUTH_PASSWORD_MAX + 1];
	int ret = store_user_insert(c->dst, &copy, c->e);

	if (ret == 0)
		return error_set(
			c->e, ERR_CONFLICT,
			"tenant '%s': user '%s' already exists on the target; this tenant was not copied (migrate into a tenant without users)",
			c->tenant, u->name);
	if (ret < 0)
		return ret;
	/* the argon2id string as stored: the same password signs in on the target */
	ret = store_auth_password_get(c->src, u->id, hash, sizeof(hash), c->e);
	if (ret > 0 && hash[0])
		ret = store_auth_password_set(c->dst, copy.id, hash, c->e);
	if (ret == 0)
		return error_set(c->e, ERR_ENV, "tenant '%s': user '%s' not found while copying its password",
				 c->tenant, u->name);
	return ret < 0 ? ret : 0;
}

static int on_token(void *arg, const struct auth_token *t)
{
	struct copy *c = arg;
	struct auth_token copy = *t;
	struct user u;
	int ret = 1;

	copy.id = 0;
	copy.user_id = 0;
	if (t->user_id) {
		ret = store_user_get(c->dst, t->user_name, &u, c->e);
		if (ret == 0)
			return error_set(c->e, ERR_ENV, "tenant '%s': token '%s' acts as user '%s', not copied",
					 c->tenant, t->name, t->user_name);
		copy.user_id = u.id;
	}
	if (ret > 0)
		ret = store_auth_token_add(c->dst, &copy, c->e);
	if (ret == 0)
		return error_set(c->e, ERR_CONFLICT,
				 "tenant '%s': API token '%s' already exists on the target; this tenant was not copied",
				 c->tenant, t->name);
	if (ret > 0 && t->revoked_at)
		ret = store_auth_token_revoke(c->dst, t->name, t->revoked_at, c->e);
	return ret < 0 ? ret : 0;
}

/* Users with their password hashes, then the API tokens (hashed) naming them; sessions are not copied. */
static int copy_people(struct copy *c)
{
	int ret = store_users_each(c->src, on_user, c, c->e);

	if (ret == 0)
		ret = store_auth_tokens_each(c->src, on_token, c, c->e);
	return ret;
}

static int on_template(void *arg, const struct stored_template *t)
{
	struct copy *c = arg;
	return store_template_put(c->dst, t, t->updated_at, c->e);
}

static int copy_templates(struct copy *c)
{
	return store_templates_each(c->src, NULL, on_template, c, c->e);
}

/* ---- parties ---- */

/* The page's next row, or NULL (an error set) when the source gave more than a page. */
static void *page_row(struct copy *c, size_t size, int64_t from)
{
	if (c->n_page == MIGRATE_PAGE) {
		error_set(c->e, ERR_ENV, "tenant '%s': a page of the source is longer than asked", c->tenant);
		return NULL;
	}
	c->from[c->n_page] = from;
	return (char *)c->page + c->n_page++ * size;
}

/* Row k of the page, just added: its source id mapped to `id`, or an error when the target had its ref. */
static int map_added(struct copy *c, struct idmap *m, const char *what, size_t k, const char *ref, int64_t id)
{
	if (!c->added[k])
		return error_set(c->e, ERR_ENV, "%s '%s' is stored twice", what, ref);
	return migrate_idmap_add(m, c->from[k], id, c->e);
}

static int on_customer(void *arg, const struct customer *cu)
{
	struct copy *c = arg;
	struct customer *copy = page_row(c, sizeof(*copy), cu->id);

	if (!copy)
		return -ERR_ENV;
	*copy = *cu;
	return 0;
}

static int flush_customers(struct copy *c)
{
	struct customer *rows = c->page;
	int ret = c->n_page ? store_customers_add(c->dst, rows, c->n_page, 0, c->added, c->e) : 0;

	for (size_t k = 0; k < c->n_page && ret >= 0; k++)
		ret = map_added(c, &c->customers, "customer", k, rows[k].ref, rows[k].id);
	c->n_page = 0;
	return ret < 0 ? ret : 0;
}

static int on_contact(void *arg, const struct contact *co)
{
	struct copy *c = arg;
	struct contact *copy = page_row(c, sizeof(*copy), co->id);

	if (!copy)
		return -ERR_ENV;
	*copy = *co;
	return migrate_mapped(c, &c->customers, co->customer_id, "customer", &copy->customer_id);
}

static int flush_contacts(struct copy *c)
{
	struct contact *rows = c->page;
	int ret = c->n_page ? store_contacts_add(c->dst, rows, c->n_page, 0, c->added, c->e) : 0;

	for (size_t k = 0; k < c->n_page && ret >= 0; k++)
		ret = map_added(c, &c->contacts, "contact", k, rows[k].ref, rows[k].id);
	c->n_page = 0;
	return ret < 0 ? ret : 0;
}

/* ---- the books ---- */

static int on_invoice(void *arg, const struct invoice *inv)
{
	struct copy *c = arg;
	struct invoice *copy = page_row(c, sizeof(*copy), inv->id);

	if (!copy)
		return -ERR_ENV;
	*copy = *inv;
	/* the amount, moved by the invoice's ledger entries (page_balances), not the source's cached balance */
	copy->balance = copy->amount;
	return migrate_mapped(c, &c->customers, inv->customer_id, "customer", &copy->customer_id);
}

/* The page of invoices (source ids from[0..n_page), ascending) and the next one a sum may name. */
struct page_sums {
	struct copy *c;
	size_t at;
};

static int on_invoice_sum(void *arg, int64_t invoice_id, int64_t sum)
{
	struct page_sums *s = arg;
	struct copy *c = s->c;
	struct invoice *inv;

	while (s->at < c->n_page && c->from[s->at] < invoice_id)
		s->at++;
	if (s->at == c->n_page || c->from[s->at] != invoice_id)
		return error_set(c->e, ERR_ENV, "tenant '%s': invoice %lld has ledger entries but was not read",
				 c->tenant, (long long)invoice_id);
	inv = &((struct invoice *)c->page)[s->at];
	if (money_add(inv->balance, sum, &inv->balance) < 0)
		return error_set(c->e, ERR_ENV, "tenant '%s': invoice '%s': its balance is beyond the largest amount",
				 c->tenant, inv->ref);
	return 0;
}

/*
 * The page's balances as the ledger makes them: each invoice's amount plus
 * the sum of its entries on the source, which copy_tenant copies after the
 * payments (store_ledger_copy moves no balance). The same balance as
 * posting the entries one by one gave, without writing each invoice row a
 * second time.
 */
static int page_balances(struct copy *c)
{
	struct page_sums s = { c, 0 };

	if (c->n_page == 0)
		return 0;
	return store_ledger_sums_by_invoice(c->src, c->from[0], c->from[c->n_page - 1], on_invoice_sum, &s, c->e);
}

static int flush_invoices(struct copy *c)
{
	struct invoice *rows = c->page;
	int ret = page_balances(c);

	if (ret == 0 && c->n_page)
		ret = store_invoices_copy(c->dst, rows, c->n_page, c->added, c->e);
	for (size_t k = 0; k < c->n_page && ret >= 0; k++)
		ret = map_added(c, &c->invoices, "invoice", k, rows[k].ref, rows[k].id);
	c->n_page = 0;
	return ret < 0 ? ret : 0;
}

static int on_payment(void *arg, const struct payment *p)
{
	struct copy *c = arg;
	struct payment *copy = page_row(c, sizeof(*copy), p->id);
	int ret;

	if (!copy)
		return -ERR_ENV;
	*copy = *p;
	ret = migrate_mapped(c, &c->customers, p->customer_id, "customer", &copy->customer_id);
	if (ret == 0)
		ret = migrate_mapped(c, &c->invoices, p->invoice_id, "invoice", &copy->invoice_id);
	return ret;
}

static int flush_payments(struct copy *c)
{
	struct payment *rows = c->page;
	int ret = c->n_page ? store_payments_add(c->dst, rows, c->n_page, 0, c->added, c->e) : 0;

	for (size_t k = 0; k < c->n_page && ret >= 0; k++)
		ret = map_added(c, &c->payments, "payment", k, rows[k].ref, rows[k].id);
	c->n_page = 0;
	return ret < 0 ? ret : 0;
}

static int flush_ledger(struct copy *c)
{
	int ret = c->n_les ? store_ledger_copy(c->dst, c->les, c->n_les, c->e) : 0;

	c->n_les = 0;
	return ret;
}

static int on_ledger_entry(void *arg, const struct ledger_entry *le)
{
	struct copy *c = arg;
	struct ledger_entry *copy = &c->les[c->n_les];
	int ret;

	*copy = *le;
	copy->id = 0;
	ret = migrate_mapped(c, &c->customers, le->customer_id, "customer", &copy->customer_id);
	if (ret == 0)
		ret = migrate_mapped(c, &c->invoices, le->invoice_id, "invoice", &copy->invoice_id);
	if (ret == 0)
		ret = migrate_mapped(c, &c->payments, le->payment_id, "payment", &copy->payment_id);
	if (ret < 0)
		return ret;
	c->n_les++;
	return c->n_les == MIGRATE_PAGE ? flush_ledger(c) : 0;
}

/* ---- history ---- */

static int on_flag(void *arg, const struct flag_record *f)
{
	struct copy *c = arg;
	struct flag_record copy = *f;
	int ret = migrate_mapped(c, &c->customers, f->customer_id, "customer", &copy.customer_id);

	if (ret == 0)
		ret = migrate_mapped(c, &c->contacts, f->contact_id, "contact", &copy.contact_id);
	if (ret == 0)
		ret = migrate_mapped(c, &c->invoices, f->invoice_id, "invoice", &copy.invoice_id);
	if (ret < 0)
		return ret;
	copy.id = 0;
	return store_flag_add(c->dst, &copy, c->e);
}

struct customer_copy {
	struct copy *c;
	int64_t target_id;
	struct change_record *changes;
	size_t n_changes;
	struct document *documents;
	size_t n_documents;
};

/* The attempts held, written in one call (store_attempts_copy: COPY on PostgreSQL). */
static int flush_attempts(struct copy *c)
{
	int ret = c->n_attempts ? store_attempts_copy(c->dst, c->attempts, c->n_attempts, c->e) : 0;

	c->n_attempts = 0;
	return ret;
}

/* Copies an attempt's text into the row held, refusing (rather than cutting) what does not fit. */
static int hold_text(struct copy *c, char *dst, size_t size, const char *text, const char *what)
{
	if (snprintf(dst, size, "%s", text ? text : "") >= (int)size)
		return error_set(c->e, ERR_ENV, "tenant '%s': a contact attempt's %s is too long to copy", c->tenant,
				 what);
	return 0;
}

static int on_attempt(void *arg, const struct attempt_view *v)
{
	struct customer_copy *cc = arg;
	struct copy *c = cc->c;
	struct attempt_copy *r;
	char refs[ATTEMPT_INVOICES_MAX * (REF_MAX + 1) + 1];
	struct invoice found;
	char *ref, *next;
	int ret = c->n_attempts == MIGRATE_ATTEMPTS ? flush_attempts(c) : 0;

	if (ret < 0)
		return ret;
	r = &c->attempts[c->n_attempts];
	memset(r, 0, sizeof(*r));
	r->customer_id = cc->target_id;
	r->a = v->a; /* with its rules_breach: the contacts report counts it */
	ret = migrate_mapped(c, &c->contacts, v->a.contact_id, "contact", &r->a.contact_id);
	/*
	 * The view names the invoices by ref: found on the source (no round trip
	 * there), each mapped to its id on the target.
	 */
	r->a.n_invoices = 0;
	snprintf(refs, sizeof(refs), "%s", v->invoice_refs);
	for (ref = refs; *ref && r->a.n_invoices < ATTEMPT_INVOICES_MAX && ret == 0; ref = next) {
		next = strchr(ref, ',');
		if (next)
			*next++ = '\0';
		else
			next = ref + strlen(ref);
		ret = store_invoice_find(c->src, ref, &found, c->e);
		if (ret > 0)
			ret = migrate_mapped(c, &c->invoices, found.id, "invoice",
					     &r->a.invoice_ids[r->a.n_invoices++]);
		else if (ret == 0)
			ret = error_set(c->e, ERR_ENV, "tenant '%s': invoice '%s' of a contact attempt not found",
					c->tenant, ref);
	}
	if (ret == 0)
		ret = hold_text(c, r->spoke_with, sizeof(r->spoke_with), v->spoke_with, "person spoken with");
	if (ret == 0)
		ret = hold_text(c, r->note, sizeof(r->note), v->note, "note");
	/* who logged it (the contacts report, the calls a collector made) and the callback asked (the queue) */
	if (ret == 0)
		ret = hold_text(c, r->logged_by, sizeof(r->logged_by), v->logged_by, "collector");
	r->callback_at = v->callback_at;
	if (ret == 0)
		c->n_attempts++;
	return ret;
}

static int on_change(void *arg, const struct change_record *ch)
{
	struct customer_copy *cc = arg;
	struct change_record *grown = realloc(cc->changes, (cc->n_changes + 1) * sizeof(*grown));

	if (!grown)
		return error_set(cc->c->e, ERR_ENV, "out of memory");
	cc->changes = grown;
	cc->changes[cc->n_changes++] = *ch;
	return 0;
}

/*
 * A credit note's own row (its ledger entry is copied with the ledger): its
 * ref is what makes a second import of the same credit-notes file change
 * nothing; without it the target took the file again as new credit.
 */
static int on_credit_note(void *arg, const struct credit_note *cn)
{
	struct customer_copy *cc = arg;
	struct credit_note copy = *cn;
	int ret;

	copy.id = 0;
	copy.customer_id = cc->target_id;
	ret = migrate_mapped(cc->c, &cc->c->invoices, cn->invoice_id, "invoice", &copy.invoice_id);
	if (ret == 0)
		ret = store_credit_note_insert(cc->c->dst, &copy, 0, cc->c->e);
	if (ret == 0)
		ret = error_set(cc->c->e, ERR_ENV, "credit note '%s' is stored twice", cn->ref);
	return ret < 0 ? ret : 0;
}

static int on_document(void *arg, const struct document *d)
{
	struct customer_copy *cc = arg;
	struct document *grown = realloc(cc->documents, (cc->n_documents + 1) * sizeof(*grown));

	if (!grown)
		return error_set(cc->c->e, ERR_ENV, "out of memory");
	cc->documents = grown;
	cc->documents[cc->n_documents++] = *d;
	return 0;
}

/*
 * A customer's documents, oldest first (read newest first), each file into
 * the target's files directory before its row: a row whose file cannot be
 * read stops the tenant's copy, naming it, rather than leaving a row on the
 * target that no one can open.
 */
static int copy_documents(struct copy *c, struct customer_copy *cc)
{
	int ret = 0;

	for (size_t k = cc->n_documents; k > 0 && ret == 0; k--) {
		struct document d = cc->documents[k - 1];
		if (c->files_from && c->files_to) {
			ret = documents_copy_file(c->files_from, c->files_to, &d, c->e);
			if (ret < 0) {
				char why[sizeof(c->e->message)];
				snprintf(why, sizeof(why), "%s", c->e->message);
				return error_set(
					c->e, ERR_ENV,
					"tenant '%s': document %lld of customer '%s' ('%s'): %s; nothing of the "
					"tenant was copied (the source's files directory is --files)",
					c->tenant, (long long)d.id, d.customer_ref, d.file_name, why);
			}
		}
		d.id = 0;
		d.customer_id = cc->target_id;
		ret = migrate_mapped(c, &c->invoices, cc->documents[k - 1].invoice_id, "invoice", &d.invoice_id);
		if (ret == 0)
			ret = store_document_add(c->dst, &d, c->e);
	}
	return ret;
}

/* A customer's attempts, change log, credit notes, documents and credit terms (each read per customer). */
static int copy_customer_history(struct copy *c, int64_t source_id, int64_t target_id)
{
	struct customer_copy cc = { c, target_id, NULL, 0, NULL, 0 };
	struct credit_terms terms;
	int ret = store_attempt_views_each(c->src, source_id, on_attempt, &cc, c->e);

	if (ret == 0)
		ret = store_changes_each(c->src, source_id, INT_MAX, on_change, &cc, c->e);
	/* read newest first: written oldest first, so the target's order is the source's */
	for (size_t k = cc.n_changes; k > 0 && ret == 0; k--) {
		struct change_record ch = cc.changes[k - 1];
		ch.customer_id = target_id;
		ret = store_change_add(c->dst, &ch, 0, c->e);
	}
	free(cc.changes);
	if (ret == 0)
		ret = store_credit_notes_of_customer(c->src, source_id, on_credit_note, &cc, c->e);
	if (ret == 0)
		ret = store_documents_each(c->src, source_id, 0, on_document, &cc, c->e);
	if (ret == 0)
		ret = copy_documents(c, &cc);
	free(cc.documents);
	/* the credit terms (`credit set`): a credit check needs them, or it refuses every order */
	if (ret == 0)
		ret = store_credit_terms_get(c->src, source_id, &terms, c->e);
	if (ret > 0) {
		terms.customer_id = target_id;
		ret = store_credit_terms_put(c->dst, &terms, c->e);
	}
	return ret < 0 ? ret : 0;
}

/* ---- one tenant ---- */

/*
 * One of the source's lists, a page at a time (memory stays flat), each
 * page added to the target by `flush`, which maps its ids, before the next
 * is read.
 */
static int copy_list(struct copy *c, int (*list)(struct copy *c, struct store_cursor *cur),
		     int (*flush)(struct copy *c))
{
	struct store_cursor cur = { 0, MIGRATE_PAGE };
	int ret;

	do {
		ret = list(c, &cur);
		if (ret >= 0) {
			int added = flush(c);
			ret = added < 0 ? added : ret;
		}
	} while (ret == MIGRATE_PAGE);
	c->n_page = 0;
	return ret < 0 ? ret : 0;
}

static int list_customers(struct copy *c, struct store_cursor *cur)
{
	return store_customers_list(c->src, cur, on_customer, c, c->e);
}

static int list_contacts(struct copy *c, struct store_cursor *cur)
{
	return store_contacts_list(c->src, cur, on_contact, c, c->e);
}

static int list_invoices(struct copy *c, struct store_cursor *cur)
{
	return store_invoices_list(c->src, cur, on_invoice, c, c->e);
}

static int list_payments(struct copy *c, struct store_cursor *cur)
{
	return store_payments_list(c->src, cur, on_payment, c, c->e);
}

static int copy_lists(struct copy *c)
{
	int ret = copy_list(c, list_customers, flush_customers);

	if (ret == 0)
		ret = copy_list(c, list_contacts, flush_contacts);
	if (ret == 0)
		ret = copy_list(c, list_invoices, flush_invoices);
	if (ret == 0)
		ret = copy_list(c, list_payments, flush_payments);
	return ret;
}

static int copy_tenant(struct store *source, struct store *target, const struct app_ctx *ctx,
		       const struct migrate_files *files, int64_t src_tenant, int64_t dst_tenant, const char *name,
		       struct error *e)
{
	struct copy c = { .tenant = name,
			  .now = ctx->now,
			  .files_from = files ? files->from : NULL,
			  .files_to = files ? files->to : NULL,
			  .e = e };
	int ret;

	c.page = malloc(MIGRATE_PAGE * sizeof(union migrate_row));
	c.from = calloc(MIGRATE_PAGE, sizeof(*c.from));
	c.added = calloc(MIGRATE_PAGE, 1);
	c.les = calloc(MIGRATE_PAGE, sizeof(*c.les));
	c.attempts = malloc(MIGRATE_ATTEMPTS * sizeof(*c.attempts));
	if (!c.page || !c.from || !c.added || !c.les || !c.attempts) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = store_tx_begin(source, src_tenant, ctx->actor, STORE_READ, &c.src, e);
	if (ret == 0)
		ret = store_tx_begin(target, dst_tenant, ctx->actor, STORE_WRITE, &c.dst, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tenant_has_data(c.dst, e);
	if (ret > 0)
		ret = error_set(e, ERR_CONFLICT, "tenant '%s' already holds data on the target", name);
	if (ret == 0)
		ret = copy_rules_config(&c);
	if (ret == 0)
		ret = copy_strategies(&c);
	if (ret == 0)
		ret = copy_settings(&c);
	if (ret == 0)
		ret = copy_people(&c);
	if (ret == 0)
		ret = copy_templates(&c);
	if (ret == 0)
		ret = copy_lists(&c);
	if (ret == 0)
		ret = store_ledger_each(c.src, on_ledger_entry, &c, e);
	if (ret == 0)
		ret = flush_ledger(&c);
	if (ret == 0)
		ret = store_flags_by_customer(c.src, 1, INT64_MAX, on_flag, &c, e);
	for (size_t k = 0; k < c.customers.n && ret == 0; k++) {
		const struct idrun *r = &c.customers.runs[k];
		for (int64_t i = 0; i < r->n && ret == 0; i++)
			ret = copy_customer_history(&c, r->from + i, r->to + i);
	}
	if (ret == 0)
		ret = flush_attempts(&c);
	if (ret == 0)
		ret = migrate_agreements(&c);
	/* after the agreements (a plan's reminders name one), before what names an action */
	if (ret == 0)
		ret = migrate_copy_runs(&c);
	if (ret == 0)
		ret = migrate_agreements_after_runs(&c);
	if (ret == 0)
		ret = store_tx_commit(c.dst, e);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "tenant '%s': copy stopped (%d)", name, ret);
cleanup:
	store_tx_free(c.dst);
	store_tx_free(c.src);
	migrate_idmap_release(&c.customers);
	migrate_idmap_release(&c.contacts);
	migrate_idmap_release(&c.invoices);
	migrate_idmap_release(&c.payments);
	migrate_agreements_release(&c);
	migrate_idmap_release(&c.users);
	migrate_idmap_release(&c.actions);
	free(c.page);
	free(c.from);
	free(c.added);
	free(c.les);
	free(c.attempts);
	return ret;
}

/* ---- comparing ---- */

/* a table's digest (MIGRATE_DIGEST_BYTES): crypto_generichash's shortest output, which is also its shortest key */
_Static_assert(MIGRATE_DIGEST_BYTES == crypto_generichash_BYTES_MIN, "the digest is BLAKE2b's shortest");
_Static_assert(crypto_generichash_BYTES_MIN == crypto_generichash_KEYBYTES_MIN, "the digest keys the next");

enum {
	T_CUSTOMERS,
	T_CONTACTS,
	T_INVOICES,
	T_PAYMENTS,
	T_LEDGER,
	T_FLAGS,
	T_ATTEMPTS,
	T_CHANGES,
	T_PROFILES,
	T_CLOSED_DAYS,
	T_STRATEGIES,
	T_SETTINGS,
	T_USERS,
	T_PASSWORDS,
	T_TOKENS,
	T_TEMPLATES,
	T_CREDIT_NOTES,
	T_DOCUMENTS,
	/* app/migrate_runs.c counts these, in its order (MIGRATE_RUNS...) */
	T_RUNS,
	T_SNAPSHOTS,
	T_ACTIONS,
	T_ACTION_INVOICES,
	T_MESSAGES,
	T_MESSAGE_ATTEMPTS,
	T_ASSIGNMENTS,
	T_COUNT
};
_Static_assert(T_ASSIGNMENTS - T_RUNS + 1 == MIGRATE_RUNS_TABLES, "the run's tables, as migrate_runs.c counts them");
static const char *const table_names[T_COUNT] = {
	"customers",
	"contacts",
	"invoices",
	"payments",
	"ledger entries",
	"active flags",
	"contact attempts",
	"changes",
	"profiles",
	"closed days",
	"strategies",
	"settings",
	"users",
	"passwords",
	"api tokens",
	"templates",
	"credit notes",
	"documents",
	"runs",
	"snapshot rows",
	"actions",
	"action invoices",
	"messages",
	"message attempts",
	"assignments",
};

struct counts {
	long long n[T_COUNT];
	/*
	 * A digest of the rows' text where the count alone would miss a change
	 * (the strategies' JSON, the settings' values, the users and their
	 * password hashes): compared, never printed, so no secret is shown.
	 */
	unsigned char digest[T_COUNT][MIGRATE_DIGEST_BYTES];
	char policies[1024]; /* "defaults person X company Y; authority ...; promise ...; ..." */
	char aging[4096];    /* "EUR open 123 credit 4; ..." */
	size_t aging_len;
	struct migrate_tally agreements; /* migrate_agreements.c's tables */
	struct store_tx *tx;
	struct error *e;
};

#define COUNT_CB(fn, type, slot)                   \
	static int fn(void *arg, type)             \
	{                                          \
		((struct counts *)arg)->n[slot]++; \
		return 0;                          \
	}
COUNT_CB(count_customer, const struct customer *x, T_CUSTOMERS)
COUNT_CB(count_contact, const struct contact *x, T_CONTACTS)
COUNT_CB(count_invoice, const struct invoice *x, T_INVOICES)
COUNT_CB(count_payment, const struct payment *x, T_PAYMENTS)
COUNT_CB(count_ledger, const struct ledger_entry *x, T_LEDGER)
COUNT_CB(count_flag, const struct flag_record *x, T_FLAGS)
COUNT_CB(count_change, const struct change_record *x, T_CHANGES)

static int count_attempt(void *arg, int64_t customer_id, const struct contact_attempt *a)
{
	(void)customer_id;
	(void)a;
	((struct counts *)arg)->n[T_ATTEMPTS]++;
	return 0;
}

static int count_profile(void *arg, const char *name, const char *json)
{
	(void)name;
	(void)json;
	((struct counts *)arg)->n[T_PROFILES]++;
	return 0;
}

static int count_day(void *arg, date_t day, const char *name)
{
	(void)day;
	(void)name;
	((struct counts *)arg)->n[T_CLOSED_DAYS]++;
	return 0;
}

/*
 * The digest chained over the text and its terminating NUL (so that "ab","c"
 * and "a","bc" differ): BLAKE2b (libsodium, as idempotency.c) keyed with
 * the digest so far.
 */
void migrate_digest_add(unsigned char h[MIGRATE_DIGEST_BYTES], const char *text)
{
	unsigned char key[MIGRATE_DIGEST_BYTES];

	memcpy(key, h, sizeof(key));
	crypto_generichash(h, MIGRATE_DIGEST_BYTES, (const unsigned char *)text, strlen(text) + 1, key, sizeof(key));
}

static int count_strategy(void *arg, const char *name, const char *json)
{
	struct counts *k = arg;

	k->n[T_STRATEGIES]++;
	migrate_digest_add(k->digest[T_STRATEGIES], name);
	migrate_digest_add(k->digest[T_STRATEGIES], json);
	return 0;
}

static int count_setting(void *arg, const char *key, const char *value, timestamp_t updated_at, const char *updated_by)
{
	struct counts *k = arg;

	(void)updated_at;
	(void)updated_by;
	k->n[T_SETTINGS]++;
	migrate_digest_add(k->digest[T_SETTINGS], key);
	migrate_digest_add(k->digest[T_SETTINGS], value);
	return 0;
}

static int count_user(void *arg, const struct user *u)
{
	struct counts *k = arg;
	char hash[AUTH_PASSWORD_MAX + 1], line[256];
	int ret;

	k->n[T_USERS]++;
	snprintf(line, sizeof(line), "%s %s %s %d %d", u->name, u->role, u->team, u->capacity, u->disabled);
	migrate_digest_add(k->digest[T_USERS], line);
	ret = store_auth_password_get(k->tx, u->id, hash, sizeof(hash), k->e);
	if (ret < 0)
		return ret;
	if (ret > 0 && hash[0]) {
		k->n[T_PASSWORDS]++;
		migrate_digest_add(k->digest[T_PASSWORDS], u->name);
		migrate_digest_add(k->digest[T_PASSWORDS], hash);
	}
	return 0;
}

static int count_token(void *arg, const struct auth_token *t)
{
	struct counts *k = arg;
	char line[512];

	k->n[T_TOKENS]++;
	snprintf(line, sizeof(line), "%s %s %s %s %lld", t->name, t->role, t->token_hash, t->user_name,
		 (long long)(t->revoked_at != 0));
	migrate_digest_add(k->digest[T_TOKENS], line);
	return 0;
}

static int count_template(void *arg, const struct stored_template *t)
{
	struct counts *k = arg;
	const char *parts[] = { t->name, t->channel, t->lang, t->audience, t->subject, t->text, t->html };

	k->n[T_TEMPLATES]++;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		migrate_digest_add(k->digest[T_TEMPLATES], parts[i] ? parts[i] : "");
	return 0;
}

/* The defaults and the one-row settings, as a line to compare (no secret among them). */
static int describe_policies(struct counts *k)
{
	char person[STRATEGY_NAME_MAX + 1], company[STRATEGY_NAME_MAX + 1];
	char min_balance[ESC_SETTING_MAX + 1] = "", years[ESC_SETTING_MAX + 1] = "";
	unsigned char authority[MIGRATE_DIGEST_BYTES] = { 0 };
	char authority_hex[2 * MIGRATE_DIGEST_BYTES + 1] = "none";
	struct credit_policy policy;
	char *doc = NULL;
	int days = 0, percent = 0, promise;
	int ret = store_strategy_default(k->tx, KIND_PERSON, person, sizeof(person), k->e);

	if (ret >= 0)
		ret = store_strategy_default(k->tx, KIND_COMPANY, company, sizeof(company), k->e);
	if (ret >= 0)
		ret = store_agreement_config_get(k->tx, MIGRATE_AUTHORITY_CONFIG, &doc, k->e);
	if (ret > 0) {
		migrate_digest_add(authority, doc);
		sodium_bin2hex(authority_hex, sizeof(authority_hex), authority, sizeof(authority));
	}
	free(doc);
	promise = ret >= 0 ? store_promise_settings_get(k->tx, &days, &percent, k->e) : ret;
	ret = promise < 0 ? promise : 0;
	if (ret >= 0)
		ret = store_credit_policy_get(k->tx, &policy, k->e);
	if (ret >= 0)
		ret = store_escalation_setting_get(k->tx, migrate_escalation_keys[0], min_balance, sizeof(min_balance),
						   k->e);
	if (ret >= 0)
		ret = store_escalation_setting_get(k->tx, migrate_escalation_keys[1], years, sizeof(years), k->e);
	if (ret < 0)
		return ret;
	snprintf(k->policies, sizeof(k->policies),
		 "default person '%s' company '%s'; authority %s; promise %s%d days %d%%; credit %d days %d bp; "
		 "legal min '%s' years '%s'",
		 person, company, authority_hex, promise > 0 ? "" : "default ", days, percent, policy.overdue_days,
		 policy.nsf_fee_bp, min_balance, years);
	return 0;
}

static int count_credit_note(void *arg, const struct credit_note *cn)
{
	struct counts *k = arg;
	char line[TEXT_MAX + 4 * REF_MAX + 128];

	k->n[T_CREDIT_NOTES]++;
	snprintf(line, sizeof(line), "%s %s %s %d %lld %s %lld %s", cn->ref, cn->customer_ref, cn->invoice_ref,
		 (int)cn->date, (long long)cn->amount, cn->currency, (long long)cn->applied, cn->reason);
	migrate_digest_add(k->digest[T_CREDIT_NOTES], line);
	return 0;
}

static int count_document(void *arg, const struct document *d)
{
	struct counts *k = arg;
	char line[2 * REF_MAX + DOCUMENT_KIND_MAX + DOCUMENT_NAME_MAX + DOCUMENT_TYPE_MAX + DOCUMENT_SHA256_HEX +
		  NAME_MAX_LEN + 128];

	k->n[T_DOCUMENTS]++;
	snprintf(line, sizeof(line), "%s %s %s %s %s %lld %s %s %lld", d->customer_ref, d->invoice_ref, d->kind,
		 d->file_name, d->content_type, (long long)d->size, d->sha256, d->uploaded_by,
		 (long long)d->uploaded_at);
	migrate_digest_add(k->digest[T_DOCUMENTS], line);
	return 0;
}

static int aging_head(void *arg, const struct reports_aging_head *h)
{
	(void)arg;
	(void)h;
	return 0;
}

static int aging_row(void *arg, const struct reports_aging_row *r)
{
	struct counts *k = arg;
	int n = snprintf(k->aging + k->aging_len, sizeof(k->aging) - k->aging_len,
			 "%s%s open %lld credit %lld (%lld invoices)", k->aging_len ? "; " : "", r->currency,
			 (long long)r->total, (long long)r->unapplied_credit, (long long)r->invoices);

	if (n > 0 && (size_t)n < sizeof(k->aging) - k->aging_len)
		k->aging_len += (size_t)n;
	return 0;
}

static int count_tenant(const struct app_ctx *actx, struct counts *k, struct error *e)
{
	struct store_cursor cur = STORE_CURSOR_INIT;
	struct reports_aging_options opts = { .as_of = actx->today };
	struct reports_aging_sink sink = { aging_head, aging_row, k };
	int ret;

	memset(k, 0, sizeof(*k));
	k->e = e;
	ret = store_tx_begin(actx->store, actx->tenant, actx->actor, STORE_READ, &k->tx, e);
	if (ret < 0)
		return ret;
	/*
	 * The customers' change logs, credit notes and documents by customer, as
	 * a read per customer gave them, in one read each: on PostgreSQL a read
	 * per customer was five round trips (80 s of 257 at 100,000 customers).
	 */
	ret = store_customers_list(k->tx, &cur, count_customer, k, e);
	if (ret >= 0)
		ret = store_changes_by_customer(k->tx, 1, INT64_MAX, count_change, k, e);
	if (ret >= 0)
		ret = store_credit_notes_by_customer(k->tx, 1, INT64_MAX, count_credit_note, k, e);
	if (ret >= 0)
		ret = store_documents_by_customer(k->tx, 1, INT64_MAX, count_document, k, e);
	cur = (struct store_cursor)STORE_CURSOR_INIT;
	if (ret >= 0)
		ret = store_contacts_list(k->tx, &cur, count_contact, k, e);
	cur = (struct store_cursor)STORE_CURSOR_INIT;
	if (ret >= 0)
		ret = store_invoices_list(k->tx, &cur, count_invoice, k, e);
	cur = (struct store_cursor)STORE_CURSOR_INIT;
	if (ret >= 0)
		ret = store_payments_list(k->tx, &cur, count_payment, k, e);
	if (ret >= 0)
		ret = store_ledger_each(k->tx, count_ledger, k, e);
	if (ret >= 0)
		ret = store_flags_by_customer(k->tx, 1, INT64_MAX, count_flag, k, e);
	if (ret >= 0)
		ret = store_attempts_by_customer(k->tx, 1, INT64_MAX, 0, count_attempt, k, e);
	if (ret >= 0)
		ret = store_profiles_each(k->tx, count_profile, k, e);
	if (ret >= 0)
		ret = store_closed_days_each(k->tx, count_day, k, e);
	if (ret >= 0)
		ret = store_strategies_each(k->tx, count_strategy, k, e);
	if (ret >= 0)
		ret = store_settings_each(k->tx, count_setting, k, e);
	if (ret >= 0)
		ret = store_users_each(k->tx, count_user, k, e);
	if (ret >= 0)
		ret = store_auth_tokens_each(k->tx, count_token, k, e);
	if (ret >= 0)
		ret = store_templates_each(k->tx, NULL, count_template, k, e);
	if (ret >= 0)
		ret = migrate_runs_count(k->tx, &k->n[T_RUNS], &k->digest[T_RUNS], e);
	if (ret >= 0)
		ret = describe_policies(k);
	if (ret >= 0)
		ret = migrate_agreements_count(k->tx, &k->agreements, e);
	store_tx_free(k->tx);
	k->tx = NULL;
	if (ret < 0)
		return ret;
	aging_config_default(&opts.buckets);
	return reports_aging(actx, &opts, &sink, NULL, e);
}

static int check_invoice(void *arg, const struct invoice *inv)
{
	(void)arg;
	(void)inv;
	return 0;
}

static int check_sum(void *arg, const struct check_sum *s)
{
	(void)arg;
	(void)s;
	return 0;
}

static int report(const struct migrate_sink *sink, struct migrate_result *out, const struct migrate_compare *cmp)
{
	if (!cmp->same)
		out->differences++;
	return sink->compare(sink->arg, cmp);
}

static int compare_tenant(const struct app_ctx *src, const struct app_ctx *dst, const char *name,
			  const struct migrate_sink *sink, struct migrate_result *out, struct error *e)
{
	struct counts *a = calloc(2, sizeof(*a));
	struct counts *b = a + 1;
	struct check_sink cs = { check_invoice, check_sum, NULL, check_invoice };
	struct check_result cr = { 0, 0, 0 };
	struct migrate_compare cmp = { .tenant = name };
	char sa[32], sb[32];
	int ret;

	if (!a)
		return error_set(e, ERR_ENV, "out of memory");
	ret = count_tenant(src, a, e);
	if (ret == 0)
		ret = count_tenant(dst, b, e);
	for (int t = 0; t < T_COUNT && ret == 0; t++) {
		snprintf(sa, sizeof(sa), "%lld", a->n[t]);
		snprintf(sb, sizeof(sb), "%lld", b->n[t]);
		/* the digest too: the same count of strategies with another JSON differs */
		cmp = (struct migrate_compare){ name, table_names[t], sa, sb,
						a->n[t] == b->n[t] &&
							!memcmp(a->digest[t], b->digest[t], MIGRATE_DIGEST_BYTES) };
		ret = report(sink, out, &cmp);
	}
	for (int t = 0; t < MA_COUNT && ret == 0; t++) {
		snprintf(sa, sizeof(sa), "%lld", a->agreements.n[t]);
		snprintf(sb, sizeof(sb), "%lld", b->agreements.n[t]);
		cmp = (struct migrate_compare){ name, migrate_agreement_tables[t], sa, sb,
						a->agreements.n[t] == b->agreements.n[t] &&
							!memcmp(a->agreements.digest[t], b->agreements.digest[t],
								MIGRATE_DIGEST_BYTES) };
		ret = report(sink, out, &cmp);
	}
	if (ret == 0) {
		cmp = (struct migrate_compare){ name, "aging", a->aging_len ? a->aging : "(nothing open)",
						b->aging_len ? b->aging : "(nothing open)",
						!strcmp(a->aging, b->aging) };
		ret = report(sink, out, &cmp);
	}
	if (ret == 0) {
		cmp = (struct migrate_compare){ name, "defaults and policies", a->policies, b->policies,
						!strcmp(a->policies, b->policies) };
		ret = report(sink, out, &cmp);
	}
	if (ret == 0)
		ret = check_run(dst, &cs, &cr, e);
	if (ret == 0) {
		int broken = cr.bad_invoices || cr.overflowing_sums || cr.over_limit;
		snprintf(sb, sizeof(sb), "%d bad, %d over the limit, %d overflowing", cr.bad_invoices, cr.over_limit,
			 cr.overflowing_sums);
		cmp = (struct migrate_compare){ name, "check", "ok", broken ? sb : "ok", !broken };
		ret = report(sink, out, &cmp);
	}
	free(a);
	return ret;
}

/* ---- the tenants ---- */

struct tenant_list {
	int64_t *ids;
	char (*names)[NAME_MAX_LEN + 1];
	int64_t *target;
	size_t n;
	struct error *e;
};

static int on_tenant(void *arg, int64_t id, const char *name)
{
	struct tenant_list *l = arg;
	int64_t *ids = realloc(l->ids, (l->n + 1) * sizeof(*ids));
	char(*names)[NAME_MAX_LEN + 1];

	if (!ids)
		return error_set(l->e, ERR_ENV, "out of memory");
	l->ids = ids;
	names = realloc(l->names, (l->n + 1) * sizeof(*names));
	if (!names)
		return error_set(l->e, ERR_ENV, "out of memory");
	l->names = names;
	l->ids[l->n] = id;
	snprintf(l->names[l->n], sizeof(l->names[0]), "%s", name);
	l->n++;
	return 0;
}

/*
 * What would stop a tenant's copy on the target part-way, looked for before
 * anything is written: the tenant already holds customers, or one of the
 * source tenant's users or API tokens is there already (a user by name, a
 * token by name or by hash: store_user_insert and store_auth_token_add
 * refuse them). Found late, by the copy itself, the tenants copied before
 * that one would stay on the target. And what would make the copy differ
 * from the source however well it went: users or API tokens of the
 * target's own, of other names, and any configuration, daily run or audit
 * entry of its own (migrate_target_own): before, they were copied into and
 * then reported as differing, with exit 1, the copy committed. A tenant as
 * `recoup init --tenant` creates it (its row alone) has none of these.
 */
struct refusal {
	struct store_tx *dst;
	const char *tenant;
	struct auth_token *tokens; /* the target tenant's */
	size_t n_tokens, cap_tokens;
	struct error *e;
};

static int user_on_target(void *arg, const struct user *u)
{
	struct refusal *r = arg;
	struct user found;
	int ret = store_user_get(r->dst, u->name, &found, r->e);

	if (ret > 0)
		return error_set(r->e, ERR_CONFLICT,
				 "tenant '%s': user '%s' already exists on the target; nothing was copied", r->tenant,
				 u->name);
	return ret;
}

static int target_token(void *arg, const struct auth_token *t)
{
	struct refusal *r = arg;

	ARRAY_PUSH(r, tokens, n_tokens, cap_tokens, *t);
	return 0;
}

static int token_on_target(void *arg, const struct auth_token *t)
{
	struct refusal *r = arg;

	for (size_t k = 0; k < r->n_tokens; k++) {
		if (!strcmp(r->tokens[k].name, t->name))
			return error_set(r->e, ERR_CONFLICT,
					 "tenant '%s': API token '%s' already exists on the target; nothing was copied",
					 r->tenant, t->name);
		if (!strcmp(r->tokens[k].token_hash, t->token_hash))
			return error_set(
				r->e, ERR_CONFLICT,
				"tenant '%s': API token '%s' has the same secret as the target's token '%s'; nothing was copied",
				r->tenant, t->name, r->tokens[k].name);
	}
	return 0;
}

/* The target tenant's first user, once the source's names were looked for: one the source has not. */
static int user_of_its_own(void *arg, const struct user *u)
{
	struct refusal *r = arg;

	return error_set(r->e, ERR_CONFLICT,
			 "tenant '%s': the target has a user of its own, '%s', that the source has not; nothing was "
			 "copied (migrate into a tenant without users or API tokens)",
			 r->tenant, u->name);
}

/* The target's tenant of that name, looked for by store_tenants_each. */
struct tenant_find {
	const char *name;
	int64_t id;
};

static int tenant_found(void *arg, int64_t id, const char *name)
{
	struct tenant_find *f = arg;

	if (strcmp(name, f->name))
		return 0;
	f->id = id;
	return 1;
}

/* 0 when the source's tenant can be copied into the target's of the same name, else -ERR_CONFLICT naming why. */
static int target_refuses(struct store *source, struct store *target, int64_t src_tenant, const char *name,
			  const char *actor, struct error *e)
{
	struct refusal r = { .tenant = name, .e = e };
	struct tenant_find f = { .name = name };
	struct store_tx *src = NULL;
	/*
	 * Looked for, never created: store_tenant_resolve creates "default" when
	 * it is missing, and a target without it kept that row after refusing a
	 * later tenant (tenants_ensure creates it once every tenant has passed).
	 */
	int ret = store_tenants_each(target, tenant_found, &f, e);

	if (ret == 0)
		return 0; /* no such tenant: nothing in it */
	if (ret < 0)
		return ret;
	ret = store_tx_begin(target, f.id, actor, STORE_READ, &r.dst, e);
	if (ret == 0)
		ret = store_tenant_has_data(r.dst, e);
	if (ret > 0)
		ret = error_set(e, ERR_CONFLICT, "tenant '%s' already holds data on the target; nothing was copied",
				name);
	if (ret == 0)
		ret = store_tx_begin(source, src_tenant, actor, STORE_READ, &src, e);
	if (ret == 0)
		ret = store_users_each(src, user_on_target, &r, e);
	if (ret == 0)
		ret = store_auth_tokens_each(r.dst, target_token, &r, e);
	if (ret == 0)
		ret = store_auth_tokens_each(src, token_on_target, &r, e);
	/* no name is on both sides now: any user or token left on the target is its own */
	if (ret == 0)
		ret = store_users_each(r.dst, user_of_its_own, &r, e);
	if (ret == 0 && r.n_tokens)
		ret = error_set(e, ERR_CONFLICT,
				"tenant '%s': the target has an API token of its own, '%s', that the source has not; "
				"nothing was copied (migrate into a tenant without users or API tokens)",
				name, r.tokens[0].name);
	/* its configuration, runs and audit trail (app/migrate_target.c) */
	if (ret == 0)
		ret = migrate_target_own(r.dst, name, e);
	store_tx_free(src);
	store_tx_free(r.dst);
	free(r.tokens);
	return ret < 0 ? ret : 0;
}

int migrate_run(const struct app_ctx *ctx, struct store *target, const struct migrate_files *files,
		const struct migrate_sink *sink, struct migrate_result *out, struct error *e)
{
	struct tenant_list l = { .e = e };
	struct app_ctx src = *ctx, dst = *ctx;
	struct store *reader = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	dst.store = target;
	/*
	 * The copy and the comparison read the whole source once each, in id
	 * order: on the connection of --db, whose page cache is 128 MiB, the pages
	 * read stayed cached up to it (80 MB of a 50,000-customer book's 111 MB
	 * peak). The reader's cache is 16 MiB: a page is rarely read twice here.
	 */
	ret = store_open_reader(ctx->store, &reader, e);
	if (ret > 0)
		src.store = reader;
	if (ret >= 0)
		ret = store_tenants_each(ctx->store, on_tenant, &l, e);
	if (ret == 0)
		l.target = calloc(l.n ? l.n : 1, sizeof(*l.target));
	if (ret == 0 && !l.target)
		ret = error_set(e, ERR_ENV, "out of memory");
	/* refuse before writing anything, so that a refused migration changes nothing */
	for (size_t k = 0; k < l.n && ret == 0; k++)
		ret = target_refuses(src.store, target, l.ids[k], l.names[k], ctx->actor, e);
	for (size_t k = 0; k < l.n && ret == 0; k++) {
		ret = tenants_ensure(target, l.names[k], &l.target[k], e);
		if (ret == 0)
			ret = copy_tenant(src.store, target, ctx, files, l.ids[k], l.target[k], l.names[k], e);
		if (ret == 0 && sink->copied)
			ret = sink->copied(sink->arg, l.names[k]);
		if (ret == 0)
			out->tenants++;
	}
	for (size_t k = 0; k < l.n && ret == 0; k++) {
		src.tenant = l.ids[k];
		dst.tenant = l.target[k];
		ret = compare_tenant(&src, &dst, l.names[k], sink, out, e);
	}
	if (ret == 0 && out->differences)
		ret = error_set(e, ERR_INPUT, "%d comparison%s differ%s between the source and the target",
				out->differences, out->differences == 1 ? "" : "s", out->differences == 1 ? "s" : "");
	store_close(reader);
	free(l.ids);
	free(l.names);
	free(l.target);
	return ret;
}

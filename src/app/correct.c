/*
 * correct.c: see correct.h.
 */
#include "app/correct.h"
#include "store/actions.h"
#include "store/rules_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/fields.h"
#include "core/array.h"
#include "core/validate.h"

/* Splits "field=value"; the field is copied into `field`. */
static int split(const char *assign, char *field, size_t size, const char **value, struct error *e)
{
	const char *eq = strchr(assign, '=');
	if (!eq || eq == assign)
		return error_set(e, ERR_INPUT, "'%s' is not FIELD=VALUE", assign);
	if ((size_t)(eq - assign) >= size)
		return error_set(e, ERR_INPUT, "'%.*s' is not a field", (int)(eq - assign), assign);
	memcpy(field, assign, (size_t)(eq - assign));
	field[eq - assign] = '\0';
	*value = eq + 1;
	return 0;
}

/* The same field twice would leave which one wins to the order of the words. */
static int given_before(char *const *assign, size_t i, const char *field)
{
	size_t n = strlen(field);
	for (size_t k = 0; k < i; k++)
		if (!strncmp(assign[k], field, n) && assign[k][n] == '=')
			return 1;
	return 0;
}

int correct_customer_assign(struct store_tx *tx, struct customer *c, char *const *assign, size_t n, struct error *e)
{
	char field[SHORT_MAX + 1];
	const char *value;
	int ret;

	for (size_t i = 0; i < n; i++) {
		ret = split(assign[i], field, sizeof(field), &value, e);
		if (ret < 0)
			return ret;
		if (given_before(assign, i, field))
			return error_set(e, ERR_INPUT, "%s: given twice", field);
		if (codec_set(&codec_customer, c, field, value, e) < 0) {
			/* the front ends name the refused field (the HTTP error's "field") */
			snprintf(e->field, sizeof(e->field), "%s", field);
			return -ERR_INPUT;
		}
		if (!strcmp(field, "profile") && *value) {
			ret = store_profile_exists(tx, value, e);
			if (ret < 0)
				return ret;
			if (ret == 0)
				return error_set_field(e, ERR_INPUT, "profile",
						       "profile: '%s' is not a preset nor one of the tenant's profiles "
						       "(see 'recoup rules list')",
						       value);
		}
	}
	return 0;
}

int correct_contact_assign(struct contact *c, char *const *assign, size_t n, struct error *e)
{
	char field[SHORT_MAX + 1];
	const char *value;
	int ret;

	for (size_t i = 0; i < n; i++) {
		ret = split(assign[i], field, sizeof(field), &value, e);
		if (ret < 0)
			return ret;
		if (given_before(assign, i, field))
			return error_set(e, ERR_INPUT, "%s: given twice", field);
		if (codec_set(&codec_contact, c, field, value, e) < 0) {
			/* the front ends name the refused field (the HTTP error's "field") */
			snprintf(e->field, sizeof(e->field), "%s", field);
			return -ERR_INPUT;
		}
	}
	return 0;
}

static int record(struct store_tx *tx, struct change_record *ch, const struct correct_author *who, correct_cb cb,
		  void *ctx, struct error *e)
{
	int ret;
	snprintf(ch->by, sizeof(ch->by), "%s", who->by);
	ch->at = who->at;
	ret = store_change_add(tx, ch, who->import_id, e);
	if (ret < 0)
		return ret;
	if (cb)
		cb(ctx, ch);
	return 0;
}

/*
 * The messages to one contact that the sender cancelled for want of what
 * was just corrected: an email for no address (`no_address`), a text for
 * no phone or a national one (`no_address`, `phone_not_international`).
 */
struct revive {
	int64_t contact_id;
	int phone, email; /* corrected to one a message can go to */
	struct revived {
		int64_t id;
		char code[PROFILE_CODE_MAX + 1]; /* why it was cancelled */
	} * v;
	size_t n, cap;
	int oom;
};

static int on_cancelled(void *ctx, const struct action_record *a, const char *invoice_ref)
{
	struct revive *rv = ctx;
	int sms = !strcmp(a->kind, "sms");

	(void)invoice_ref;
	if (a->contact_id != rv->contact_id || (rv->n && rv->v[rv->n - 1].id == a->id))
		return 0; /* another contact's, or the same action's next invoice */
	if (!(sms ? rv->phone && (!strcmp(a->reason_code, "no_address") ||
				  !strcmp(a->reason_code, "phone_not_international"))
		  : rv->email && !strcmp(a->reason_code, "no_address")))
		return 0;
	if (array_grow(&rv->v, &rv->cap, rv->n, sizeof(*rv->v)) < 0) {
		rv->oom = 1;
		return -1;
	}
	rv->v[rv->n].id = a->id;
	snprintf(rv->v[rv->n++].code, sizeof(rv->v->code), "%s", a->reason_code);
	return 0;
}

/*
 * Those messages wait again (scheduled), each told to `cb` as a change of
 * the action's state: sent at the next `recoup send`, which checks them as
 * it checks every message (the invoices still open and not covered by a
 * later step of their strategy, the holds, the contact rules at that
 * moment). Before, the debtor whose phone was typed without its country
 * code never got the text, however the phone was corrected. A message that
 * failed at its server (`send_failed`) stays as it is: its delivery is
 * recorded, and a corrected address does not undo that refusal.
 */
static int revive_messages(struct store_tx *tx, const struct contact *now, int phone, int email,
			   const struct correct_author *who, correct_cb cb, void *ctx, struct error *e)
{
	char intl[VALIDATE_E164_SIZE];
	struct revive rv = { now->id,
			     phone && validate_phone_e164(now->phone, intl, sizeof(intl)),
			     email && now->email[0],
			     NULL,
			     0,
			     0,
			     0 };
	static const char *const kinds[] = { "sms", "email" };
	int ret = 0;

	for (int k = 0; k < 2 && ret >= 0; k++) {
		struct action_filter f = { 0, now->customer_id, kinds[k], "cancelled" };
		if (k == 0 ? !rv.phone : !rv.email)
			continue;
		ret = store_actions_each(tx, &f, on_cancelled, &rv, e);
		if (rv.oom)
			ret = error_set(e, ERR_ENV, "out of memory");
	}
	for (size_t i = 0; i < rv.n && ret >= 0; i++) {
		struct action_state_now was;
		struct change_record ch = { 0 };
		ret = store_action_move(tx, rv.v[i].id, "cancelled", "scheduled", "",
					"waiting again: its contact's address was corrected", who->at, &was, e);
		if (ret <= 0)
			continue; /* moved meanwhile (PostgreSQL: another transaction's): left as it is */
		ch.customer_id = now->customer_id;
		snprintf(ch.entity, sizeof(ch.entity), "action");
		snprintf(ch.ref, sizeof(ch.ref), "%lld", (long long)rv.v[i].id);
		snprintf(ch.field, sizeof(ch.field), "state");
		snprintf(ch.old_value, sizeof(ch.old_value), "cancelled (%s)", rv.v[i].code);
		snprintf(ch.new_value, sizeof(ch.new_value), "scheduled");
		snprintf(ch.by, sizeof(ch.by), "%s", who->by);
		ch.at = who->at;
		if (cb)
			cb(ctx, &ch);
	}
	free(rv.v);
	return ret < 0 ? ret : 0;
}

int correct_contact_apply(struct store_tx *tx, const struct contact *old, const struct contact *now,
			  const struct correct_author *who, correct_cb cb, void *ctx, struct error *e)
{
	struct change_record *ch = calloc(1, sizeof(*ch));
	int ret = 0, changed = 0, phone = 0, email = 0;

	if (!ch)
		return error_set(e, ERR_ENV, "out of memory");
	for (int rank = 1, i; (i = codec_correctable_at(&codec_contact, rank)) >= 0; rank++) {
		const char *field = codec_contact.fields[i].name;
		codec_get(&codec_contact, old, field, ch->old_value, sizeof(ch->old_value));
		codec_get(&codec_contact, now, field, ch->new_value, sizeof(ch->new_value));
		if (!strcmp(ch->old_value, ch->new_value))
			continue;
		if (changed == 0) {
			ret = store_contact_update(tx, now, e);
			if (ret <= 0) {
				if (ret == 0)
					ret = error_set(e, ERR_INPUT, "unknown contact '%s'", old->ref);
				goto cleanup;
			}
		}
		ch->customer_id = old->customer_id;
		snprintf(ch->entity, sizeof(ch->entity), "contact");
		snprintf(ch->ref, sizeof(ch->ref), "%s", old->ref);
		snprintf(ch->field, sizeof(ch->field), "%s", field);
		ret = record(tx, ch, who, cb, ctx, e);
		if (ret < 0)
			goto cleanup;
		if (!strcmp(field, "phone"))
			phone = 1;
		else if (!strcmp(field, "email"))
			email = 1;
		changed++;
	}
	ret = phone || email ? revive_messages(tx, now, phone, email, who, cb, ctx, e) : 0;
	if (ret == 0)
		ret = changed;
cleanup:
	free(ch);
	return ret;
}

/*
 * The primary contact follows its customer's phone, email and time zone
 * (docs/csv.md: its time zone is the customer's), each when it changed on
 * the customer. Until 2026-12-07 the time zone stayed: a customer corrected
 * from New York to Los Angeles kept its calls judged at New York's hours,
 * its account screen saying the one and its verdict the other.
 */
static int carry_to_primary(struct store_tx *tx, const struct customer *was, const struct customer *now,
			    const struct correct_author *who, correct_cb cb, void *ctx, struct error *e)
{
	struct contact *old = malloc(sizeof(*old)), *next = malloc(sizeof(*next));
	int ret;

	if (!old || !next) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = store_contact_get(tx, now->ref, old, NULL, e);
	if (ret <= 0 || old->customer_id != now->id)
		goto cleanup; /* no primary contact (or another customer's): nothing to carry */
	*next = *old;
	if (strcmp(was->phone, now->phone))
		snprintf(next->phone, sizeof(next->phone), "%s", now->phone);
	if (strcmp(was->email, now->email))
		snprintf(next->email, sizeof(next->email), "%s", now->email);
	if (strcmp(was->timezone, now->timezone))
		snprintf(next->timezone, sizeof(next->timezone), "%s", now->timezone);
	ret = correct_contact_apply(tx, old, next, who, cb, ctx, e);
cleanup:
	free(old);
	free(next);
	return ret < 0 ? ret : 0;
}

int correct_customer_apply(struct store_tx *tx, const struct customer *old, const struct customer *now,
			   const struct correct_author *who, correct_cb cb, void *ctx, struct error *e)
{
	struct change_record *ch = calloc(1, sizeof(*ch));
	int ret = 0, changed = 0, contact_fields_changed = 0;

	if (!ch)
		return error_set(e, ERR_ENV, "out of memory");
	for (int rank = 1, i; (i = codec_correctable_at(&codec_customer, rank)) >= 0; rank++) {
		const char *field = codec_customer.fields[i].name;
		codec_get(&codec_customer, old, field, ch->old_value, sizeof(ch->old_value));
		codec_get(&codec_customer, now, field, ch->new_value, sizeof(ch->new_value));
		if (!strcmp(ch->old_value, ch->new_value))
			continue;
		if (changed == 0) {
			ret = store_customer_update(tx, now, e);
			if (ret <= 0) {
				if (ret == 0)
					ret = error_set(e, ERR_INPUT, "unknown customer '%s'", old->ref);
				goto cleanup;
			}
		}
		ch->customer_id = old->id;
		snprintf(ch->entity, sizeof(ch->entity), "customer");
		snprintf(ch->ref, sizeof(ch->ref), "%s", old->ref);
		snprintf(ch->field, sizeof(ch->field), "%s", field);
		ret = record(tx, ch, who, cb, ctx, e);
		if (ret < 0)
			goto cleanup;
		if (!strcmp(field, "phone") || !strcmp(field, "email") || !strcmp(field, "timezone"))
			contact_fields_changed = 1;
		changed++;
	}
	if (contact_fields_changed) {
		ret = carry_to_primary(tx, old, now, who, cb, ctx, e);
		if (ret < 0)
			goto cleanup;
	}
	ret = changed;
cleanup:
	free(ch);
	return ret;
}

void correct_result_release(struct correct_result *r)
{
	if (!r)
		return;
	free(r->changes);
	r->changes = NULL;
	r->n = 0;
}

/* Collects the changes as they are recorded, to hand them over after the commit. */
struct collect {
	struct correct_result *r;
	size_t cap;
	int oom;
};

static void collect_change(void *ctx, const struct change_record *c)
{
	struct collect *co = ctx;
	if (co->oom || array_grow(&co->r->changes, &co->cap, co->r->n, sizeof(*c)) < 0) {
		co->oom = 1;
		return;
	}
	co->r->changes[co->r->n++] = *c;
}

/*
 * The free-text checks every front end gets: the author and each assignment.
 * Tabs and line breaks pass here: the field's own check (codec/fields.c)
 * allows them in the free-text fields, as the import does (a postal address
 * of several lines), and refuses them, naming the field, in the others.
 */
static int check_texts(const char *by, char *const *assign, size_t n, struct error *e)
{
	if (app_check_text("by", by, NAME_MAX_LEN, e) < 0)
		return -ERR_INPUT;
	for (size_t i = 0; i < n; i++)
		if (validate_text("FIELD=VALUE", assign[i], TEXT_MAX, 1, e) < 0)
			return -ERR_INPUT;
	return 0;
}

/* "customer 'C1': <why>; nothing changed", keeping the code and the field. */
static int nothing_changed(struct error *e, const char *entity, const char *ref)
{
	char why[ERROR_MESSAGE_MAX], field[ERROR_FIELD_MAX];
	int code = e->code ? e->code : ERR_INPUT;

	snprintf(why, sizeof(why), "%s", e->message);
	snprintf(field, sizeof(field), "%s", e->field);
	return error_set_field(e, code, field[0] ? field : NULL, "%s '%s': %s; nothing changed", entity, ref, why);
}

/*
 * What differs between correcting a customer and a contact; correct_set()
 * is the one transaction both `customer set` and `contact set` run.
 */
struct entity {
	const char *name; /* "customer", "contact": in messages */
	size_t size;      /* of the record */
	int (*get)(struct store_tx *tx, const char *ref, void *out, struct error *e);
	const char *(*ref)(const void *rec);
	int (*assign)(struct store_tx *tx, void *rec, char *const *assign, size_t n, struct error *e);
	int (*apply)(struct store_tx *tx, const void *old, const void *now, const struct correct_author *who,
		     struct collect *co, struct error *e);
};

static int customer_get(struct store_tx *tx, const char *ref, void *out, struct error *e)
{
	return store_customer_get(tx, ref, out, NULL, e);
}

static const char *customer_ref(const void *rec)
{
	return ((const struct customer *)rec)->ref;
}

static int customer_assign(struct store_tx *tx, void *rec, char *const *assign, size_t n, struct error *e)
{
	return correct_customer_assign(tx, rec, assign, n, e);
}

static int customer_apply(struct store_tx *tx, const void *old, const void *now, const struct correct_author *who,
			  struct collect *co, struct error *e)
{
	return correct_customer_apply(tx, old, now, who, collect_change, co, e);
}

static int contact_get(struct store_tx *tx, const char *ref, void *out, struct error *e)
{
	return store_contact_get(tx, ref, out, NULL, e);
}

static const char *contact_ref(const void *rec)
{
	return ((const struct contact *)rec)->ref;
}

static int contact_assign(struct store_tx *tx, void *rec, char *const *assign, size_t n, struct error *e)
{
	(void)tx;
	return correct_contact_assign(rec, assign, n, e);
}

static int contact_apply(struct store_tx *tx, const void *old, const void *now, const struct correct_author *who,
			 struct collect *co, struct error *e)
{
	return correct_contact_apply(tx, old, now, who, collect_change, co, e);
}

static const struct entity customer_entity = {
	"customer", sizeof(struct customer), customer_get, customer_ref, customer_assign, customer_apply,
};

static const struct entity contact_entity = {
	"contact", sizeof(struct contact), contact_get, contact_ref, contact_assign, contact_apply,
};

/* The audit entry of a correction: the fields changed, as they were and as they are. */
static int audit_correction(const struct app_ctx *ctx, struct store_tx *tx, const char *entity, const char *ref,
			    const struct correct_result *r, struct error *e)
{
	char action[32];
	json_t *before = json_object(), *after = json_object();
	int ret;

	if (!before || !after) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < r->n; i++) {
		/* a message waiting again (revive_messages) under its own key: "action 12" */
		char key[sizeof(r->changes[i].ref) + 16];
		if (!strcmp(r->changes[i].entity, "action"))
			snprintf(key, sizeof(key), "action %s", r->changes[i].ref);
		else
			snprintf(key, sizeof(key), "%s", r->changes[i].field);
		json_object_set_new(before, key, json_string(r->changes[i].old_value));
		json_object_set_new(after, key, json_string(r->changes[i].new_value));
	}
	snprintf(action, sizeof(action), "%s.correct", entity);
	ret = app_audit(ctx, tx, action, entity, ref, before, after, e);
cleanup:
	json_decref(before);
	json_decref(after);
	return ret;
}

static int correct_set(const struct app_ctx *ctx, const struct entity *ent, const char *ref, char *const *assign,
		       size_t n, const char *by, struct correct_result *out, struct error *e)
{
	void *old = malloc(ent->size);
	void *now = malloc(ent->size);
	struct correct_result r = CORRECT_RESULT_INIT;
	struct collect co = { &r, 0, 0 };
	struct correct_author who = { by ? by : ctx->actor, ctx->now, 0 };
	struct store_tx *tx = NULL;
	int ret, changed;

	if (!old || !now) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = check_texts(who.by, assign, n, e);
	if (ret < 0)
		goto cleanup;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = ent->get(tx, ref, old, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "ref", "unknown %s '%s'", ent->name, ref);
	if (ret < 0)
		goto cleanup;
	memcpy(now, old, ent->size);
	ret = ent->assign(tx, now, assign, n, e);
	if (ret < 0) {
		ret = nothing_changed(e, ent->name, ent->ref(old));
		goto cleanup;
	}
	changed = ent->apply(tx, old, now, &who, &co, e);
	if (changed < 0) {
		ret = changed;
		goto cleanup;
	}
	if (co.oom) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	if (changed > 0) {
		ret = audit_correction(ctx, tx, ent->name, ent->ref(now), &r, e);
		if (ret == 0)
			ret = store_tx_commit(tx, e);
		if (ret < 0)
			goto cleanup;
	}
	ret = changed;
	if (out) {
		*out = r;
		r.changes = NULL;
	}
cleanup:
	store_tx_free(tx);
	correct_result_release(&r);
	free(old);
	free(now);
	return ret;
}

int correct_customer_set(const struct app_ctx *ctx, const char *ref, char *const *assign, size_t n, const char *by,
			 struct correct_result *out, struct error *e)
{
	return correct_set(ctx, &customer_entity, ref, assign, n, by, out, e);
}

int correct_contact_set(const struct app_ctx *ctx, const char *ref, char *const *assign, size_t n, const char *by,
			struct correct_result *out, struct error *e)
{
	return correct_set(ctx, &contact_entity, ref, assign, n, by, out, e);
}

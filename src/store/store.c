/*
 * store.c: picks the backend from the URL, runs transactions and counts
 * calls for fault injection. The aggregate forwarders are in
 * store/AGGREGATE.c.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "store/postgres/pg_int.h"
#include "store/migrations.h"
#include "store/store_int.h"

/* See store.h. */
void store_url_for_messages(const char *url, char *out, size_t size)
{
	const char *scheme = strstr(url, "://");
	const char *start = scheme ? scheme + 3 : url;
	const char *host_end = start + strcspn(start, "/?");
	const char *at = NULL;
	const char *colon;
	const char *pw;
	size_t n = 0;

	for (const char *p = start; p < host_end; p++)
		if (*p == '@')
			at = p;
	colon = at ? memchr(start, ':', (size_t)(at - start)) : NULL;
	if (colon)
		n = (size_t)snprintf(out, size, "%.*s%s", (int)(colon - url), url, at);
	else
		n = (size_t)snprintf(out, size, "%s", url);
	if (n >= size)
		return;
	pw = strstr(out, "password=");
	if (pw && (pw[-1] == '?' || pw[-1] == '&')) {
		char *value = (char *)pw + 9;
		char *rest = value + strcspn(value, "&");
		memmove(value, rest, strlen(rest) + 1);
	}
}

/* Written once at start-up, before any thread opens a store (store.h); read by every open after. */
static int busy_timeout_ms = STORE_BUSY_TIMEOUT_MS;

void store_set_busy_timeout(int ms)
{
	busy_timeout_ms = ms > 0 ? ms : 0;
}

int store_busy_timeout(void)
{
	return busy_timeout_ms;
}

int store_open(const char *url, struct store **out, struct error *e)
{
	*out = NULL;
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return store_pg_open(url, out, e);
	return store_sqlite_open(url, out, e);
}

static void held_end(struct store *s);

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->tx) {
		/* a handle still open: roll back, and leave it unusable */
		s->ops->tx_rollback(s->tx);
		s->tx->open = 0;
		s->tx->s = NULL;
		s->tx = NULL;
	}
	held_end(s);
	store_batch_rollback(s);
	s->ops->close(s);
}

const char *store_backend_name(const struct store *s)
{
	return s->ops->name;
}

int store_migration_check(const struct migration *list, const char *db, const char *name, struct error *e)
{
	const char *latest = "none";

	for (const struct migration *m = list; m->name; m++) {
		if (strcmp(m->name, name) == 0)
			return 0;
		latest = m->name;
	}
	return error_set(e, ERR_ENV,
			 "database '%s' was upgraded by a newer recoup: it has migration %s, and this recoup "
			 "knows migrations up to %s only; nothing was changed (run the newer recoup, or "
			 "restore a backup taken before the upgrade)",
			 db, name, latest);
}

int store_backup_supported(const struct store *s)
{
	return s->ops->backup != NULL;
}

int store_backup(struct store *s, const char *path, const char *name, struct error *e)
{
	if (!s->ops->backup)
		return error_set(e, ERR_USAGE, "the %s store has no backup of its own", s->ops->name);
	if (s->tx)
		return error_set(e, ERR_ENV, "store: a backup inside a transaction");
	return s->ops->backup(s, path, name ? name : path, e);
}

void store_fault_inject(struct store *s, long n)
{
	s->fault_at = n > 0 ? n : 0;
}

long store_calls(const struct store *s)
{
	return s->calls;
}

/* Counts a call; 0, or the injected fault when this is the one. */
static int count_call(struct store *s, struct error *e)
{
	s->calls++;
	if (s->fault_at && s->calls == s->fault_at)
		return error_set(e, ERR_ENV, "injected fault at store call %ld", s->calls);
	return 0;
}

int store__enter(struct store_tx *tx, int write, struct error *e)
{
	if (!tx || !tx->open || !tx->s)
		return error_set(e, ERR_ENV, "store: the transaction is closed");
	if (write && tx->mode != STORE_WRITE)
		return error_set(e, ERR_ENV, "store: a write in a read transaction");
	return count_call(tx->s, e);
}

/* Ends the shared read transaction, if one is open. */
static void held_end(struct store *s)
{
	struct store_tx t = { 0 };

	if (!s->held)
		return;
	t.s = s;
	t.tenant = s->held_tenant;
	t.mode = STORE_READ;
	t.open = 1;
	s->ops->tx_rollback(&t);
	s->held = 0;
}

void store_hold_reads(struct store *s, int on)
{
	if (!s)
		return;
	held_end(s);
	s->hold = on;
}

int store_tx_begin(struct store *s, int64_t tenant, const char *actor, enum store_mode mode, struct store_tx **out,
		   struct error *e)
{
	struct store_tx *tx = NULL;
	int ret;

	*out = NULL;
	if (s->tx)
		return error_set(e, ERR_ENV, "store: a transaction is already open");
	if (mode != STORE_READ && mode != STORE_WRITE)
		return error_set(e, ERR_ENV, "store: unknown transaction mode %d", (int)mode);
	ret = count_call(s, e);
	if (ret < 0)
		return ret;
	tx = calloc(1, sizeof(*tx));
	if (!tx)
		return error_set(e, ERR_ENV, "out of memory");
	tx->s = s;
	tx->tenant = tenant;
	tx->mode = mode;
	snprintf(tx->actor, sizeof(tx->actor), "%s", actor ? actor : "");
	if (s->held && (mode != STORE_READ || tenant != s->held_tenant || (s->ops->tx_broken && s->ops->tx_broken(tx))))
		held_end(s);
	if (s->batch) {
		/* a savepoint in the batch's transaction (store_batch_begin) */
		ret = s->ops->savepoint(tx, e);
		if (ret < 0) {
			free(tx);
			return ret;
		}
		tx->nested = 1;
	} else if (s->held) {
		tx->shared = 1;
	} else {
		ret = s->ops->tx_begin(tx, e);
		if (ret < 0) {
			free(tx);
			return ret;
		}
		tx->shared = s->hold && mode == STORE_READ;
		s->held = tx->shared;
		s->held_tenant = tenant;
	}
	tx->open = 1;
	s->tx = tx;
	*out = tx;
	return 0;
}

int store_tx_commit(struct store_tx *tx, struct error *e)
{
	int ret;

	if (!tx || !tx->open || !tx->s)
		return error_set(e, ERR_ENV, "store: the transaction is closed");
	ret = count_call(tx->s, e);
	if (tx->nested) {
		/* kept in the batch, durable when the batch commits; undone on failure */
		if (ret < 0)
			tx->s->ops->rollback_to(tx);
		else
			ret = tx->s->ops->release(tx, e);
	} else if (tx->shared) {
		/* the shared read transaction stays open for the next read */
	} else if (ret < 0) {
		tx->s->ops->tx_rollback(tx);
	} else {
		ret = tx->s->ops->tx_commit(tx, e);
	}
	tx->open = 0;
	tx->s->tx = NULL;
	return ret;
}

void store_tx_free(struct store_tx *tx)
{
	if (!tx)
		return;
	if (tx->open && tx->s) {
		if (tx->nested)
			tx->s->ops->rollback_to(tx);
		else if (!tx->shared)
			tx->s->ops->tx_rollback(tx);
		tx->s->tx = NULL;
	}
	free(tx);
}

int store_batch_begin(struct store *s, struct error *e)
{
	struct store_tx *tx;
	int ret;

	if (s->tx || s->batch)
		return error_set(e, ERR_ENV, "store: a batch inside a transaction or a batch");
	held_end(s);
	tx = calloc(1, sizeof(*tx));
	if (!tx)
		return error_set(e, ERR_ENV, "out of memory");
	tx->s = s;
	tx->mode = STORE_WRITE;
	tx->batch = 1;
	ret = s->ops->tx_begin(tx, e);
	if (ret < 0) {
		free(tx);
		return ret;
	}
	tx->open = 1;
	s->batch = tx;
	return 0;
}

int store_batch_commit(struct store *s, struct error *e)
{
	struct store_tx *tx = s->batch;
	int ret;

	if (!tx)
		return error_set(e, ERR_ENV, "store: no batch is open");
	if (s->tx)
		return error_set(e, ERR_ENV, "store: a transaction of the batch is still open");
	if (s->ops->tx_broken && s->ops->tx_broken(tx)) {
		/* an error in one of its savepoints ended the whole transaction (SQLite does on some) */
		s->ops->tx_rollback(tx);
		ret = error_set(e, ERR_ENV, "store: the batch's transaction was ended by the database");
	} else {
		ret = s->ops->tx_commit(tx, e);
	}
	s->batch = NULL;
	free(tx);
	return ret;
}

void store_batch_rollback(struct store *s)
{
	if (!s || !s->batch)
		return;
	if (s->tx) {
		s->ops->rollback_to(s->tx);
		s->tx->open = 0;
		s->tx->s = NULL;
		s->tx = NULL;
	}
	s->ops->tx_rollback(s->batch);
	free(s->batch);
	s->batch = NULL;
}

int store_batch_open(const struct store *s)
{
	return s->batch != NULL;
}

int store_data_stamp(struct store_tx *tx, uint64_t *domain, char *out, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	*domain = 0;
	if (size)
		out[0] = '\0';
	return tx->s->ops->data_stamp ? tx->s->ops->data_stamp(tx, domain, out, size, e) : 0;
}

int store_open_reader(struct store *s, struct store **out, struct error *e)
{
	*out = NULL;
	return s->ops->open_reader ? s->ops->open_reader(s, out, e) : 0;
}

int store_cache_size(struct store *s, int64_t kib, int64_t *was, struct error *e)
{
	*was = 0;
	return s->ops->cache_size ? s->ops->cache_size(s, kib, was, e) : 0;
}

int store_checkpoint_behind(struct store *s, int on, struct error *e)
{
	return s->ops->checkpoint_behind ? s->ops->checkpoint_behind(s, on, e) : 0;
}

int store_check_references(struct store *s, int on, struct error *e)
{
	if (s->tx || store_batch_open(s))
		return error_set(e, ERR_ENV, "the references' check is turned %s with a transaction open",
				 on ? "on" : "off");
	return s->ops->check_references ? s->ops->check_references(s, on, e) : 0;
}

int store_tx_others_version(struct store_tx *tx, int64_t *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	*out = 0;
	return tx->s->ops->others_version ? tx->s->ops->others_version(tx, out, e) : 0;
}

int64_t store_tx_tenant(const struct store_tx *tx)
{
	return tx->tenant;
}

const char *store_tx_actor(const struct store_tx *tx)
{
	return tx->actor;
}

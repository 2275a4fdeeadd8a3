/*
 * test_idempotency.c: app/idempotency with a clock the test moves: a key
 * answers for its own request for ttl seconds and refuses another, then
 * expires and may name a new request; the writes that keep keys forget
 * the expired ones. A key is its caller's: another caller's same key is
 * another request.
 */
#include "app_fixture.h"

#include "app/idempotency.h"
#include "store/auth.h"

#define TTL 3600

static int get_at(struct fixture *f, timestamp_t at, const char *key, const char *hash, char **response)
{
	struct app_ctx ctx = f->app;
	struct error e = ERROR_INIT;
	int status = 0;

	ctx.now = at;
	*response = NULL;
	return idempotency_get(&ctx, key, hash, TTL, &status, response, &e);
}

static void put_at(struct fixture *f, timestamp_t at, const char *key, const char *hash, const char *response)
{
	struct app_ctx ctx = f->app;
	struct error e = ERROR_INIT;

	ctx.now = at;
	assert_int_equal(idempotency_put(&ctx, key, hash, TTL, 201, response, &e), 0);
}

/* 1 when a row for the fixture's actor's `key` is still in the table, expired or not. */
static int kept(struct fixture *f, const char *key)
{
	struct store_tx *tx = NULL;
	struct error e = ERROR_INIT;
	char hash[AUTH_HASH_HEX + 1], *response = NULL, stored[IDEMPOTENCY_STORED_MAX];
	int status, ret;

	assert_int_equal(idempotency_scoped_key(f->app.actor, key, stored, sizeof(stored)), 0);
	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "tester", STORE_READ, &tx, &e), 0);
	ret = store_idempotency_get(tx, stored, 0, hash, &status, &response, &e);
	store_tx_free(tx);
	free(response);
	assert_true(ret >= 0);
	return ret;
}

static void key_expires(void **state)
{
	struct fixture *f = *state;
	timestamp_t t0 = f->app.now;
	char *r = NULL;

	put_at(f, t0, "k1", "hash-a", "{\"first\":true}");
	assert_int_equal(get_at(f, t0 + TTL - 1, "k1", "hash-a", &r), 1);
	assert_string_equal(r, "{\"first\":true}");
	free(r);
	assert_int_equal(get_at(f, t0 + TTL - 1, "k1", "hash-b", &r), -ERR_CONFLICT);
	assert_null(r);
	/* a second keeper within the ttl keeps nothing */
	put_at(f, t0 + 10, "k1", "hash-b", "{\"second\":true}");
	assert_int_equal(get_at(f, t0 + 20, "k1", "hash-a", &r), 1);
	assert_string_equal(r, "{\"first\":true}");
	free(r);

	/* ttl seconds later the key is unknown, whatever the request, before anything prunes it */
	assert_int_equal(get_at(f, t0 + TTL, "k1", "hash-b", &r), 0);
	assert_int_equal(get_at(f, t0 + TTL, "k1", "hash-a", &r), 0);
	assert_int_equal(kept(f, "k1"), 1);
	/* and may name another request */
	put_at(f, t0 + TTL, "k1", "hash-b", "{\"second\":true}");
	assert_int_equal(get_at(f, t0 + TTL + 1, "k1", "hash-b", &r), 1);
	assert_string_equal(r, "{\"second\":true}");
	free(r);
	assert_int_equal(get_at(f, t0 + TTL + 1, "k1", "hash-a", &r), -ERR_CONFLICT);
}

static void writes_prune(void **state)
{
	struct fixture *f = *state;
	timestamp_t t0 = f->app.now;
	char key[32];

	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "old-%d", i);
		put_at(f, t0 + i, key, "h", "{}");
	}
	put_at(f, t0 + TTL / 2, "young", "h", "{}");
	/* a write after old-0..old-2 expired forgets them, not old-3, old-4 (one second short) nor young */
	put_at(f, t0 + TTL + 2, "new", "h", "{}");
	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "old-%d", i);
		assert_int_equal(kept(f, key), i < 3 ? 0 : 1);
	}
	assert_int_equal(kept(f, "young"), 1);
	assert_int_equal(kept(f, "new"), 1);
}

static void prune_is_bounded(void **state)
{
	struct fixture *f = *state;
	timestamp_t t0 = f->app.now;
	char key[32];
	int left = 0;

	for (int i = 0; i < STORE_IDEMPOTENCY_PRUNE + 10; i++) {
		snprintf(key, sizeof(key), "bulk-%04d", i);
		put_at(f, t0, key, "h", "{}");
	}
	/* one write forgets one batch: ten wait for the next write */
	put_at(f, t0 + TTL + 1, "other", "h", "{}");
	for (int i = 0; i < STORE_IDEMPOTENCY_PRUNE + 10; i++) {
		snprintf(key, sizeof(key), "bulk-%04d", i);
		left += kept(f, key);
	}
	assert_int_equal(left, 10);
	put_at(f, t0 + TTL + 2, "next", "h", "{}");
	left = 0;
	for (int i = 0; i < STORE_IDEMPOTENCY_PRUNE + 10; i++) {
		snprintf(key, sizeof(key), "bulk-%04d", i);
		left += kept(f, key);
	}
	assert_int_equal(left, 0);
}

/* Two callers who choose the same key: each its own request, neither answered with the other's response. */
static void key_per_caller(void **state)
{
	struct fixture *f = *state;
	struct app_ctx other = f->app;
	struct error e = ERROR_INIT;
	timestamp_t t0 = f->app.now;
	char *r = NULL;
	int status = 0;

	put_at(f, t0, "pay-1", "hash-a", "{\"by\":\"tester\"}");
	other.actor = "token:erp";
	assert_int_equal(idempotency_get(&other, "pay-1", "hash-a", TTL, &status, &r, &e), 0);
	assert_null(r);
	assert_int_equal(idempotency_get(&other, "pay-1", "hash-b", TTL, &status, &r, &e), 0);
	assert_int_equal(idempotency_put(&other, "pay-1", "hash-b", TTL, 201, "{\"by\":\"erp\"}", &e), 0);
	assert_int_equal(idempotency_get(&other, "pay-1", "hash-b", TTL, &status, &r, &e), 1);
	assert_string_equal(r, "{\"by\":\"erp\"}");
	free(r);
	assert_int_equal(get_at(f, t0 + 1, "pay-1", "hash-a", &r), 1);
	assert_string_equal(r, "{\"by\":\"tester\"}");
	free(r);
	assert_int_equal(get_at(f, t0 + 1, "pay-1", "hash-b", &r), -ERR_CONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(key_expires, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(writes_prune, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(prune_is_bounded, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(key_per_caller, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

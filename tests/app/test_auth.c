/*
 * test_auth.c: app/auth with a clock the test moves: a session's idle and
 * absolute expiry, the lock-out window and its end, a credential naming
 * another tenant, tokens, and what a collector may see.
 */
#include "app_fixture.h"

#include "app/auth.h"
#include "app/users.h"
#include "store/assignments.h"

static void add_user(struct fixture *f, const char *name, const char *role, const char *password)
{
	struct users_fields uf = { .role = role };
	struct user u;
	struct error e = ERROR_INIT;

	assert_int_equal(users_add(&f->app, name, &uf, NULL, &u, &e), 0);
	assert_int_equal(auth_password_set(&f->app, name, password, &e), 0);
}

static enum auth_outcome signin_at(struct fixture *f, timestamp_t at, const char *user, const char *password,
				   const char *address, char *cookie, struct auth_identity *who)
{
	struct app_ctx ctx = f->app;
	struct error e = ERROR_INIT;
	enum auth_outcome outcome;
	int retry = 0;

	ctx.now = at;
	assert_int_equal(auth_signin(&ctx, user, password, address, 0, cookie, AUTH_CREDENTIAL_MAX + 1, who, &outcome,
				     &retry, &e),
			 0);
	return outcome;
}

static int check_at(struct fixture *f, const char *cookie, timestamp_t at)
{
	struct auth_identity who;
	struct error e = ERROR_INIT;
	int ret = auth_session_check(f->app.store, cookie, at, &who, &e);

	assert_true(ret >= 0);
	return ret;
}

static void session_expiry(void **state)
{
	struct fixture *f = *state;
	char cookie[AUTH_CREDENTIAL_MAX + 1];
	struct auth_identity who;
	timestamp_t t0 = f->app.now, t;

	add_user(f, "ann", "collector", "ann-password");
	assert_int_equal(signin_at(f, t0, "ann", "ann-password", "10.0.0.1", cookie, &who), AUTH_OK);
	assert_string_equal(who.name, "ann");
	assert_string_equal(who.role, "collector");
	assert_int_equal(strlen(who.csrf_token), AUTH_HASH_HEX);
	assert_int_equal(check_at(f, cookie, t0 + 10), 1);
	/* idle: nothing for longer than AUTH_SESSION_IDLE */
	assert_int_equal(check_at(f, cookie, t0 + AUTH_SESSION_IDLE + 1), 0);

	/* kept alive by requests, until the absolute end */
	assert_int_equal(signin_at(f, t0, "ann", "ann-password", "10.0.0.1", cookie, &who), AUTH_OK);
	for (t = t0 + AUTH_SESSION_IDLE - 100; t < t0 + AUTH_SESSION_MAX; t += AUTH_SESSION_IDLE - 100)
		assert_int_equal(check_at(f, cookie, t), 1);
	assert_int_equal(check_at(f, cookie, t0 + AUTH_SESSION_MAX), 0);
}

static void lockout_window(void **state)
{
	struct fixture *f = *state;
	char cookie[AUTH_CREDENTIAL_MAX + 1];
	struct auth_identity who;
	timestamp_t t0 = f->app.now;

	add_user(f, "bob", "manager", "bob-password");
	for (int i = 0; i < AUTH_LOCK_FAILURES - 1; i++)
		assert_int_equal(signin_at(f, t0 + i, "bob", "wrong-password", "10.0.0.2", cookie, &who), AUTH_REFUSED);
	/* the window has passed: the count starts again */
	assert_int_equal(signin_at(f, t0 + AUTH_LOCK_WINDOW + 10, "bob", "wrong-password", "10.0.0.2", cookie, &who),
			 AUTH_REFUSED);
	assert_int_equal(signin_at(f, t0 + AUTH_LOCK_WINDOW + 11, "bob", "bob-password", "10.0.0.2", cookie, &who),
			 AUTH_OK);
	t0 += 2 * AUTH_LOCK_WINDOW;
	for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
		assert_int_equal(signin_at(f, t0 + i, "bob", "wrong-password", "10.0.0.2", cookie, &who), AUTH_REFUSED);
	assert_int_equal(signin_at(f, t0 + 10, "bob", "bob-password", "10.0.0.2", cookie, &who), AUTH_LOCKED);
	assert_int_equal(signin_at(f, t0 + 10, "bob", "bob-password", "10.0.0.3", cookie, &who), AUTH_OK);
	/* the lock ends */
	assert_int_equal(signin_at(f, t0 + 4 + AUTH_LOCK_SECONDS + 1, "bob", "bob-password", "10.0.0.2", cookie, &who),
			 AUTH_OK);
}

static void other_tenant(void **state)
{
	struct fixture *f = *state;
	char cookie[AUTH_CREDENTIAL_MAX + 1], forged[AUTH_CREDENTIAL_MAX + 8];
	struct auth_identity who;
	struct error e = ERROR_INIT;
	int64_t other;

	assert_int_equal(store_tenant_create(f->app.store, "other", &other, &e), 0);
	add_user(f, "cy", "admin", "cy-password!");
	assert_int_equal(signin_at(f, f->app.now, "cy", "cy-password!", "10.0.0.4", cookie, &who), AUTH_OK);
	snprintf(forged, sizeof(forged), "%lld%s", (long long)other, strchr(cookie, '.'));
	assert_int_equal(check_at(f, forged, f->app.now), 0);
	assert_int_equal(check_at(f, "", f->app.now), 0);
	assert_int_equal(check_at(f, "1.", f->app.now), 0);
	assert_int_equal(check_at(f, "x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", f->app.now), 0);
	assert_int_equal(check_at(f, cookie, f->app.now), 1);
}

static void tokens(void **state)
{
	struct fixture *f = *state;
	char token[AUTH_CREDENTIAL_MAX + 1];
	struct auth_identity who;
	struct error e = ERROR_INIT;

	assert_int_equal(auth_token_create(&f->app, "erp", "manager", token, sizeof(token), &e), 0);
	assert_int_equal(auth_token_create(&f->app, "erp", "manager", token, sizeof(token), &e), -ERR_CONFLICT);
	assert_int_equal(auth_token_create(&f->app, "crm", "root", token, sizeof(token), &e), -ERR_INPUT);
	assert_string_equal(e.field, "role");
	assert_int_equal(auth_token_create(&f->app, "dialer", "collector", token, sizeof(token), &e), 0);
	assert_int_equal(auth_token_check(f->app.store, token, f->app.now, &who, &e), 1);
	assert_string_equal(who.name, "token:dialer");
	assert_string_equal(who.role, "collector");
	assert_int_equal(auth_token_revoke(&f->app, "dialer", &e), 0);
	assert_int_equal(auth_token_check(f->app.store, token, f->app.now, &who, &e), 0);
	assert_int_equal(auth_token_revoke(&f->app, "dialer", &e), -ERR_NOT_FOUND);
}

static void collector_sees_assigned(void **state)
{
	struct fixture *f = *state;
	struct auth_identity ann = { 0 }, boss = { 0 };
	struct store_tx *tx = NULL;
	struct assignment a = { 0 };
	struct user u;
	struct error e = ERROR_INIT, unknown = ERROR_INIT;

	add_user(f, "ann", "collector", "ann-password");
	assert_int_equal(users_get(&f->app, "ann", &u, &e), 0);
	a.customer_id = f->c1;
	a.user_id = u.id;
	a.since = f->app.today;
	snprintf(a.reason, sizeof(a.reason), "team");
	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "tester", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_assignments_put(tx, &a, 1, &e), 0);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);

	ann.user_id = u.id;
	snprintf(ann.role, sizeof(ann.role), "collector");
	snprintf(boss.role, sizeof(boss.role), "manager");
	assert_int_equal(auth_customer_visible(&f->app, &ann, "C1", &e), 0);
	assert_int_equal(auth_contact_visible(&f->app, &ann, "K2", &e), 0);
	assert_int_equal(auth_customer_visible(&f->app, &ann, "C2", &e), -ERR_NOT_FOUND);
	assert_int_equal(auth_customer_visible(&f->app, &ann, "NOPE", &unknown), -ERR_NOT_FOUND);
	assert_string_equal(e.field, unknown.field);
	assert_int_equal(auth_contact_visible(&f->app, &ann, "K9", &e), -ERR_NOT_FOUND);
	assert_int_equal(auth_customer_visible(&f->app, &boss, "C2", &e), 0);
	assert_true(auth_role_at_least("admin", "manager"));
	assert_false(auth_role_at_least("collector", "manager"));
	assert_false(auth_role_at_least("emperor", "collector"));
}

/* 1 when the tenant has user `name`; *has_password whether it has a password. */
static int user_state(struct fixture *f, const char *name, int *has_password)
{
	struct store_tx *tx = NULL;
	struct user u;
	char hash[AUTH_PASSWORD_MAX + 1] = "";
	struct error e = ERROR_INIT;
	int ret;

	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "test", STORE_READ, &tx, &e), 0);
	ret = store_user_get(tx, name, &u, &e);
	assert_true(ret >= 0);
	if (ret == 1)
		assert_true(store_auth_password_get(tx, u.id, hash, sizeof(hash), &e) >= 0);
	*has_password = hash[0] != '\0';
	store_tx_free(tx);
	return ret;
}

/*
 * A user added with a password is one transaction: a fault at any store
 * call of users_add leaves no user (never one without its password), and a
 * refused password adds none.
 */
static void add_with_password_atomic(void **state)
{
	struct fixture *f = *state;
	struct users_fields uf = { .role = "collector" };
	struct user u;
	struct error e = ERROR_INIT;
	char cookie[AUTH_CREDENTIAL_MAX + 1];
	struct auth_identity who;
	int has_password = 0;
	long calls;

	assert_int_equal(users_add(&f->app, "short", &uf, "2short", &u, &e), -ERR_INPUT);
	assert_string_equal(e.field, "password");
	assert_int_equal(user_state(f, "short", &has_password), 0);

	store_fault_inject(f->app.store, 0);
	calls = store_calls(f->app.store);
	assert_int_equal(users_add(&f->app, "first", &uf, "first-password", &u, &e), 0);
	calls = store_calls(f->app.store) - calls; /* begin ... commit */
	assert_true(calls >= 4);
	assert_int_equal(user_state(f, "first", &has_password), 1);
	assert_true(has_password);
	for (long n = 1; n <= calls; n++) {
		store_fault_inject(f->app.store, store_calls(f->app.store) + n);
		assert_int_equal(users_add(&f->app, "ann", &uf, "ann-password", &u, &e), -ERR_ENV);
		store_fault_inject(f->app.store, 0);
		assert_int_equal(user_state(f, "ann", &has_password), 0);
	}
	assert_int_equal(users_add(&f->app, "ann", &uf, "ann-password", &u, &e), 0);
	assert_int_equal(signin_at(f, f->app.now, "ann", "ann-password", "10.0.0.1", cookie, &who), AUTH_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(session_expiry, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(lockout_window, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(other_tenant, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(tokens, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(collector_sees_assigned, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(add_with_password_atomic, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

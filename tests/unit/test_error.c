/*
 * test_error.c: error values, the field, and the one mapping of codes to
 * exit codes and HTTP statuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"

static void set_and_field(void **state)
{
	struct error e = ERROR_INIT;
	int ret = error_set_field(&e, ERR_INPUT, "due_date", "invoice '%s': due date '%s' is not a date", "INV-7",
				  "2026-02-30");

	(void)state;
	assert_int_equal(ret, -ERR_INPUT);
	assert_int_equal(e.code, ERR_INPUT);
	assert_string_equal(e.field, "due_date");
	assert_string_equal(e.message, "invoice 'INV-7': due date '2026-02-30' is not a date");
	/* a later error without a field does not inherit the old one */
	error_set(&e, ERR_NOT_FOUND, "unknown customer 'C9'");
	assert_string_equal(e.field, "");
	assert_int_equal(e.code, ERR_NOT_FOUND);
	error_set_field(&e, ERR_CONFLICT, "ref", "x");
	error_clear(&e);
	assert_int_equal(e.code, 0);
	assert_string_equal(e.field, "");
	assert_string_equal(e.message, "");
	/* NULL is allowed and still returns the code */
	assert_int_equal(error_set_field(NULL, ERR_FORBIDDEN, "role", "no"), -ERR_FORBIDDEN);
}

static void exit_codes(void **state)
{
	(void)state;
	/* the documented CLI interface: 0 ok, 1 refused, 2 usage, 3 environment */
	assert_int_equal(error_exit_code(ERR_OK), 0);
	assert_int_equal(error_exit_code(ERR_INPUT), 1);
	assert_int_equal(error_exit_code(ERR_USAGE), 2);
	assert_int_equal(error_exit_code(ERR_ENV), 3);
	assert_int_equal(error_exit_code(ERR_NOT_FOUND), 1);
	assert_int_equal(error_exit_code(ERR_CONFLICT), 1);
	assert_int_equal(error_exit_code(ERR_FORBIDDEN), 1);
	assert_int_equal(error_exit_code(99), 3);
	assert_int_equal(error_exit_code(-1), 3);
}

static void http_statuses(void **state)
{
	(void)state;
	assert_int_equal(error_http_status(ERR_OK), 200);
	assert_int_equal(error_http_status(ERR_INPUT), 422);
	assert_int_equal(error_http_status(ERR_USAGE), 400);
	assert_int_equal(error_http_status(ERR_ENV), 503);
	assert_int_equal(error_http_status(ERR_NOT_FOUND), 404);
	assert_int_equal(error_http_status(ERR_CONFLICT), 409);
	assert_int_equal(error_http_status(ERR_FORBIDDEN), 403);
	assert_int_equal(error_http_status(42), 500);
	assert_string_equal(error_code_name(ERR_NOT_FOUND), "not_found");
	assert_string_equal(error_code_name(ERR_CONFLICT), "conflict");
	assert_string_equal(error_code_name(ERR_FORBIDDEN), "forbidden");
	assert_string_equal(error_code_name(ERR_INPUT), "input");
	assert_string_equal(error_code_name(ERR_ENV), "environment");
	assert_string_equal(error_code_name(1234), "environment");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_and_field),
		cmocka_unit_test(exit_codes),
		cmocka_unit_test(http_statuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * fuzz_json_body.c: libFuzzer over the server's JSON request bodies
 * (http/body.c): every input is checked as the body of each route that
 * takes one (sign-in, a payment, a contact attempt, a settlement: arrays of
 * strings and a boolean). Whatever the bytes, the check either accepts an
 * object whose every key the route knows, with values of the right type and
 * length, or refuses with a status, a code and a message; it never crashes,
 * leaks or reads out of bounds.
 *
 * Built only in the fuzz tree with clang (make fuzz-json): see
 * docs/internals.md. Seeds in tests/fuzz/corpus-json.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/fields.h"
#include "http/body.h"

static const struct body_field signin_fields[] = {
	{ "user", BODY_STRING, 64, 1, 0 },
	{ "password", BODY_STRING, 1024, 1, 0 },
	{ "tenant", BODY_STRING, 64, 0, 0 },
};
static const char *const log_omit[] = { "attempt_ref", "contact_ref", NULL };
static const struct body_field log_extra[] = { { "callback_at", BODY_STRING, 40, 0, 0 } };
static const struct body_field settlement_fields[] = {
	{ "customer_ref", BODY_STRING, 64, 1, 0 },
	{ "invoice_refs", BODY_STRINGS, 64, 0, 0 },
	{ "pay", BODY_STRING, 32, 1, 0 },
	{ "waive", BODY_STRINGS, 16, 1, 0 },
	{ "request_approval", BODY_BOOLEAN, 5, 0, 0 },
};

static void check(const struct body_spec *spec, const char *data, size_t len)
{
	struct arena arena = ARENA_INIT;
	struct http_request rq = { 0 };
	json_t *obj = NULL;

	rq.body = data;
	rq.body_len = len;
	rq.arena = &arena;
	if (body_object(&rq, spec, &obj) == 0) {
		if (!json_is_object(obj) || rq.fail.status)
			abort();
	} else if (!rq.fail.status || !rq.fail.code || obj) {
		abort();
	}
	json_decref(obj);
	arena_release(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct body_spec specs[] = {
		{ NULL, NULL, signin_fields, 3 },
		{ &codec_payment, NULL, NULL, 0 },
		{ &codec_attempt, log_omit, log_extra, 1 },
		{ NULL, NULL, settlement_fields, sizeof(settlement_fields) / sizeof(settlement_fields[0]) },
	};
	char *copy = malloc(size + 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
		check(&specs[i], copy, size);
	free(copy);
	return 0;
}

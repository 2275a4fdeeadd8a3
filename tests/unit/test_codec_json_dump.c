/*
 * test_codec_json_dump.c: codec_json_dump writes what json_dumps writes
 * with JSON_COMPACT, byte for byte: escapes, UTF-8, key order, nesting,
 * integers at their limits, reals (left to jansson), empty containers, and
 * a few thousand values built from a fixed seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "codec/json.h"

static void same(json_t *v)
{
	char *want = json_dumps(v, JSON_PRESERVE_ORDER | JSON_COMPACT);
	char *got = NULL;
	size_t len = 0;

	assert_non_null(want);
	assert_int_equal(codec_json_dump(v, &got, &len), 0);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(want);
	free(got);
	json_decref(v);
}

static void test_fixed(void **state)
{
	json_t *o;

	(void)state;
	same(json_object());
	same(json_pack("{s:[]}", "items"));
	same(json_pack("{s:s, s:s, s:s}", "q", "a \"quoted\" \\ back/slash", "c0", "\x01\b\f\n\r\t\x1f\x7f", "utf8",
		       "Przedsi\xc4\x99"
		       "biorstwo \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x98\x80"));
	same(json_pack("{s:I, s:I, s:i, s:b, s:b, s:n}", "max", (json_int_t)INT64_MAX, "min", (json_int_t)INT64_MIN,
		       "zero", 0, "t", 1, "f", 0, "nothing"));
	same(json_pack("{s:f, s:f, s:f, s:[f, f]}", "pi", 3.14159265358979, "one", 1.0, "tiny", 1e-300, "list", 0.1,
		       -2.5e10));
	same(json_pack("{s:{s:[{}, [], [[]], {s:{}}]}}", "a", "b", "c"));
	o = json_object();
	/* insertion order, not sorted: z before a */
	json_object_set_new(o, "z", json_integer(1));
	json_object_set_new(o, "a", json_integer(2));
	json_object_set_new(o, "key \"with\" escapes\n", json_string("v"));
	json_object_del(o, "z");
	json_object_set_new(o, "z", json_integer(3));
	same(o);
	same(json_pack("{s:s%}", "nul", "a\0b", (size_t)3));
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static json_t *random_value(int depth)
{
	static const char *const pieces[] = {
		"a", "\"", "\\", "\n", "\x02", "/", " ", "\xc3\xa9", "\xe2\x82\xac", "7"
	};
	char text[64];
	size_t n = 0;
	unsigned kind = depth > 3 ? 2 + next(5) : next(7);
	json_t *v;

	switch (kind) {
	case 0:
		v = json_object();
		for (unsigned i = next(5); i > 0; i--) {
			snprintf(text, sizeof(text), "k%u%s", next(1000), pieces[next(10)]);
			json_object_set_new(v, text, random_value(depth + 1));
		}
		return v;
	case 1:
		v = json_array();
		for (unsigned i = next(5); i > 0; i--)
			json_array_append_new(v, random_value(depth + 1));
		return v;
	case 2:
		for (unsigned i = next(12); i > 0 && n + 4 < sizeof(text); i--) {
			const char *p = pieces[next(10)];
			memcpy(text + n, p, strlen(p));
			n += strlen(p);
		}
		text[n] = '\0';
		return json_string(text);
	case 3: return json_integer((json_int_t)next(2000000) - 1000000);
	case 4: return json_real((double)next(100000) / 7.0);
	case 5: return next(2) ? json_true() : json_false();
	default: return json_null();
	}
}

static void test_random(void **state)
{
	(void)state;
	for (int i = 0; i < 3000; i++) {
		json_t *v = json_object();
		json_object_set_new(v, "v", random_value(0));
		same(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

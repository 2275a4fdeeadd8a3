/*
 * test_http_forwarded.c: http/forwarded's trusted-proxy ranges (CIDR,
 * IPv4 and IPv6) and the client address read from X-Forwarded-For behind
 * them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/forwarded.h"

static struct forwarded_addr range(const char *text)
{
	struct forwarded_addr r;
	char why[160] = "";

	if (forwarded_parse_range(text, &r, why, sizeof(why)) < 0)
		fail_msg("'%s' refused: %s", text, why);
	return r;
}

static int in(const char *addr, const char *cidr)
{
	struct forwarded_addr a, r = range(cidr);
	assert_int_equal(forwarded_parse(addr, &a), 0);
	return forwarded_in_range(&a, &r);
}

static void ranges_match(void **state)
{
	(void)state;
	assert_true(in("10.1.2.3", "10.0.0.0/8"));
	assert_true(in("10.255.255.255", "10.0.0.0/8"));
	assert_false(in("11.0.0.0", "10.0.0.0/8"));
	assert_false(in("9.255.255.255", "10.0.0.0/8"));
	assert_true(in("192.168.1.130", "192.168.1.128/25"));
	assert_false(in("192.168.1.127", "192.168.1.128/25"));
	assert_true(in("172.16.0.1", "172.16.0.0/12"));
	assert_true(in("172.31.255.254", "172.16.0.0/12"));
	assert_false(in("172.32.0.1", "172.16.0.0/12"));
	/* one address: with or without /32 */
	assert_true(in("127.0.0.1", "127.0.0.1"));
	assert_true(in("127.0.0.1", "127.0.0.1/32"));
	assert_false(in("127.0.0.2", "127.0.0.1/32"));
	/* /0 of IPv4 is every IPv4 address, and no IPv6 one */
	assert_true(in("203.0.113.9", "0.0.0.0/0"));
	assert_false(in("2001:db8::1", "0.0.0.0/0"));
	/* an IPv4 peer written as IPv4-mapped IPv6 is the same peer */
	assert_true(in("::ffff:10.9.8.7", "10.0.0.0/8"));
	/* IPv6; one address is all 128 bits of it, with or without /128 */
	assert_true(in("::1", "::1"));
	assert_false(in("::2", "::1"));
	assert_false(in("127.0.0.2", "::1"));
	assert_false(in("2001:db8::1", "2001:db8::"));
	assert_true(in("::1", "::1/128"));
	assert_false(in("::2", "::1/128"));
	assert_true(in("fd12:3456::1", "fd00::/8"));
	assert_false(in("fe80::1", "fd00::/8"));
	assert_true(in("2001:db8:0:ff::1", "2001:db8::/48"));
	assert_false(in("2001:db8:1::1", "2001:db8::/48"));
	assert_true(in("2001:db8::7", "2001:db8::/33"));
	assert_false(in("2001:db8:8000::", "2001:db8::/33"));
	assert_true(in("2001:db8::1", "::/0"));
	assert_true(in("10.0.0.1", "::/0"));
}

static void refuse(const char *text, const char *want)
{
	struct forwarded_addr r;
	char why[160] = "";

	assert_int_equal(forwarded_parse_range(text, &r, why, sizeof(why)), -1);
	if (!strstr(why, want))
		fail_msg("'%s': '%s' does not say '%s'", text, why, want);
}

static void bad_ranges(void **state)
{
	(void)state;
	refuse("", "not an IPv4 or IPv6 address");
	refuse("/8", "not an IPv4 or IPv6 address");
	refuse("10.0.0.300", "not an IPv4 or IPv6 address");
	refuse("10.0.0/8", "not an IPv4 or IPv6 address");
	refuse("proxy.example", "not an IPv4 or IPv6 address");
	refuse("10.0.0.0/33", "0 to 32");
	refuse("10.0.0.0/", "0 to 32");
	refuse("10.0.0.0/-1", "0 to 32");
	refuse("10.0.0.0/8x", "0 to 32");
	refuse("10.0.0.0/0008", "0 to 32");
	refuse("::/129", "0 to 128");
	refuse("10.0.0.1/8", "the range is 10.0.0.0/8");
	refuse("fd00::1/8", "the range is fd00::/8");
	refuse("192.168.1.129/25", "the range is 192.168.1.128/25");
}

static void client_behind_ranges(void **state)
{
	struct forwarded_addr t[2];
	char out[64];

	(void)state;
	t[0] = range("10.0.0.0/8");
	t[1] = range("fd00::/8");
	forwarded_client("10.2.3.4", "198.51.100.7", t, 2, out, sizeof(out));
	assert_string_equal(out, "198.51.100.7");
	/* proxies within the ranges are skipped from the right */
	forwarded_client("10.2.3.4", "198.51.100.8, fd00::5, 10.9.9.9", t, 2, out, sizeof(out));
	assert_string_equal(out, "198.51.100.8");
	/* a peer outside them is taken at its word only for itself */
	forwarded_client("11.0.0.1", "198.51.100.9", t, 2, out, sizeof(out));
	assert_string_equal(out, "11.0.0.1");
	assert_true(forwarded_trusted("fd00::1", t, 2));
	assert_false(forwarded_trusted("fe80::1", t, 2));
	assert_false(forwarded_trusted("not an address", t, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranges_match),
		cmocka_unit_test(bad_ranges),
		cmocka_unit_test(client_behind_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

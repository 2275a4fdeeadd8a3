/*
 * forwarded.c: see forwarded.h.
 */
#include "http/forwarded.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int forwarded_parse(const char *text, struct forwarded_addr *out)
{
	struct in_addr v4;

	memset(out, 0, sizeof(*out));
	out->prefix = 128;
	if (inet_pton(AF_INET6, text, &out->a) == 1)
		return 0;
	if (inet_pton(AF_INET, text, &v4) != 1)
		return -1;
	out->a.s6_addr[10] = 0xff;
	out->a.s6_addr[11] = 0xff;
	memcpy(&out->a.s6_addr[12], &v4, 4);
	return 0;
}

/* The mask of byte i for a prefix of `bits`. */
static unsigned char mask_byte(unsigned bits, unsigned i)
{
	if (bits >= 8 * (i + 1))
		return 0xff;
	if (bits <= 8 * i)
		return 0;
	return (unsigned char)(0xff << (8 - (bits - 8 * i)));
}

int forwarded_parse_range(const char *text, struct forwarded_addr *out, char *why, size_t size)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long bits = 0;
	unsigned max;
	int v4;

	memset(out, 0, sizeof(*out));
	if (n == 0 || n >= sizeof(addr)) {
		snprintf(why, size, "not an IPv4 or IPv6 address or range (ADDRESS or ADDRESS/BITS)");
		return -1;
	}
	memcpy(addr, text, n);
	addr[n] = '\0';
	v4 = strchr(addr, ':') == NULL;
	if (forwarded_parse(addr, out) < 0) {
		snprintf(why, size, "not an IPv4 or IPv6 address or range (ADDRESS or ADDRESS/BITS)");
		return -1;
	}
	if (!slash)
		return 0;
	max = v4 ? 32 : 128;
	for (const char *p = slash + 1; *p; p++) {
		if (*p < '0' || *p > '9' || p - slash > 3) {
			bits = max + 1;
			break;
		}
		bits = bits * 10 + (unsigned long)(*p - '0');
	}
	if (!slash[1] || bits > max) {
		snprintf(why, size, "the prefix length must be a number from 0 to %u for an %s range", max,
			 v4 ? "IPv4" : "IPv6");
		return -1;
	}
	out->prefix = (unsigned)bits + (v4 ? 96 : 0);
	for (unsigned i = 0; i < 16; i++) {
		if (out->a.s6_addr[i] & ~mask_byte(out->prefix, i)) {
			struct forwarded_addr net = *out;
			char shown[INET6_ADDRSTRLEN];
			for (unsigned j = 0; j < 16; j++)
				net.a.s6_addr[j] &= mask_byte(out->prefix, j);
			if (v4)
				inet_ntop(AF_INET, &net.a.s6_addr[12], shown, sizeof(shown));
			else
				inet_ntop(AF_INET6, &net.a, shown, sizeof(shown));
			snprintf(why, size, "bits are set past the /%lu prefix (the range is %s/%lu)", bits, shown,
				 bits);
			return -1;
		}
	}
	return 0;
}

int forwarded_in_range(const struct forwarded_addr *x, const struct forwarded_addr *range)
{
	for (unsigned i = 0; i < 16; i++)
		if ((x->a.s6_addr[i] ^ range->a.s6_addr[i]) & mask_byte(range->prefix, i))
			return 0;
	return 1;
}

static int is_trusted(const struct forwarded_addr *x, const struct forwarded_addr *trusted, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (forwarded_in_range(x, &trusted[i]))
			return 1;
	return 0;
}

int forwarded_trusted(const char *peer, const struct forwarded_addr *trusted, size_t n)
{
	struct forwarded_addr p;
	return n > 0 && forwarded_parse(peer, &p) == 0 && is_trusted(&p, trusted, n);
}

/* The last element of the list [start, end) into item (spaces trimmed); returns its comma, or NULL for the first. */
static const char *last_item(const char *start, const char *end, char *item, size_t size)
{
	const char *comma = end, *p, *e = end;
	size_t n;

	while (comma > start && comma[-1] != ',')
		comma--;
	p = comma;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	n = (size_t)(e - p) < size - 1 ? (size_t)(e - p) : size - 1;
	memcpy(item, p, n);
	item[n] = '\0';
	return comma > start ? comma - 1 : NULL;
}

void forwarded_client(const char *peer, const char *xff, const struct forwarded_addr *trusted, size_t n, char *out,
		      size_t size)
{
	const char *end;
	char item[64];

	snprintf(out, size, "%s", peer);
	if (!xff || !forwarded_trusted(peer, trusted, n))
		return;
	end = xff + strlen(xff);
	while (end) {
		struct forwarded_addr a;
		const char *comma = last_item(xff, end, item, sizeof(item));
		if (forwarded_parse(item, &a) < 0)
			return;
		snprintf(out, size, "%s", item);
		if (!is_trusted(&a, trusted, n))
			return;
		end = comma;
	}
}

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
	if (inet_pton(AF_INET6, text, &out->a) == 1)
		return 0;
	if (inet_pton(AF_INET, text, &v4) != 1)
		return -1;
	out->a.s6_addr[10] = 0xff;
	out->a.s6_addr[11] = 0xff;
	memcpy(&out->a.s6_addr[12], &v4, 4);
	return 0;
}

static int is_trusted(const struct forwarded_addr *x, const struct forwarded_addr *trusted, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(&x->a, &trusted[i].a, sizeof(x->a)) == 0)
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

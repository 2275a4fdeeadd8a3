/*
 * forwarded.h: the client's address behind a reverse proxy
 * (docs/operations.md, "Behind a reverse proxy").
 *
 * X-Forwarded-For is whatever the sender wrote, so it is believed only
 * from a peer named by `recoup serve --trusted-proxy`: a client talking to
 * the server directly could otherwise pick the address its failed sign-ins
 * count against (and escape the lock-out) or the one the audit trail
 * records. From a trusted peer the list is read from the right (each proxy
 * appends the address it saw), skipping the trusted proxies, and the first
 * address that is not one of them is the client's; a value that is not an
 * IP address ends the walk there, and the last good address is used.
 *
 * A trusted proxy is an address or a range of them in CIDR form
 * ("10.0.0.0/8", "fd00::/8", "::1/128"); an IPv4 range matches IPv4 peers,
 * whether they come as a.b.c.d or as ::ffff:a.b.c.d.
 */
#ifndef RECOUP_HTTP_FORWARDED_H
#define RECOUP_HTTP_FORWARDED_H

#include <netinet/in.h>
#include <stddef.h>

#define FORWARDED_PROXIES_MAX 16

/*
 * An address, IPv4 or IPv6, as bytes (IPv4 as ::ffff:a.b.c.d), so that one
 * address has one form; with `prefix` the leading bits that count (128 for
 * one address, 96 + n for an IPv4 a.b.c.d/n).
 */
struct forwarded_addr {
	struct in6_addr a;
	unsigned prefix;
};

/* 0 and *out when `text` is an IPv4 or IPv6 address (no port, no brackets), else -1. */
int forwarded_parse(const char *text, struct forwarded_addr *out);

/*
 * An address or a CIDR range ("ADDRESS/BITS", BITS 0-32 for IPv4, 0-128
 * for IPv6) into *out: 0, or -1 with why (a sentence naming no flag) into
 * `why`: not an address, a bad prefix length, or bits set past the prefix
 * ("10.0.0.1/8": the network is 10.0.0.0/8).
 */
int forwarded_parse_range(const char *text, struct forwarded_addr *out, char *why, size_t size);

/* 1 when address `x` falls within `range`. */
int forwarded_in_range(const struct forwarded_addr *x, const struct forwarded_addr *range);

/*
 * The client's address as text into out (size >= INET6_ADDRSTRLEN): `peer`
 * itself unless it is one of the n `trusted` proxies and `xff` (the
 * X-Forwarded-For values joined by commas, or NULL) names an address.
 */
void forwarded_client(const char *peer, const char *xff, const struct forwarded_addr *trusted, size_t n, char *out,
		      size_t size);

/* 1 when `peer` is one of the trusted proxies. */
int forwarded_trusted(const char *peer, const struct forwarded_addr *trusted, size_t n);

#endif

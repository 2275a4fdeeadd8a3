/*
 * arena.h: per-request memory (STYLE.md habit 10, after h2o's mem pool).
 *
 * A request's small allocations (decoded path parameters, response
 * headers, copied strings) come from one arena that the server releases in
 * one call when the request ends, so a handler never frees them one by one
 * and cannot leak them. Blocks grow as needed (ARENA_BLOCK bytes, or the
 * request's size when larger); nothing is freed before arena_release.
 *
 * Not thread-safe: one arena per request, used by the thread serving it.
 */
#ifndef RECOUP_HTTP_ARENA_H
#define RECOUP_HTTP_ARENA_H

#include <stddef.h>

#define ARENA_BLOCK 4096

struct arena_block;

struct arena {
	struct arena_block *head;
};
#define ARENA_INIT   \
	{            \
		NULL \
	}

/* n bytes, aligned for any type; NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of the first n bytes of s, NUL-terminated; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Frees every block; the arena may be used again. Accepts an empty one. */
void arena_release(struct arena *a);

#endif

/*
 * buf.h: a growing text buffer for what the channels compose (a template's
 * output, an email's MIME text). Always NUL-terminated once something was
 * added; running out of memory sets `oom` and makes every later add a
 * no-op, so a composer checks once at the end. Zero-initialise; free(p).
 */
#ifndef RECOUP_CHANNELS_BUF_H
#define RECOUP_CHANNELS_BUF_H

#include <stddef.h>

struct buf {
	char *p;
	size_t n, cap;
	int oom;
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_str(struct buf *b, const char *s);

#endif

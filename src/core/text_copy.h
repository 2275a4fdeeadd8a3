/*
 * text_copy.h: snprintf(dst, size, "%s", src) without the formatter, for
 * the hot paths (the daily run's rows, the contact rules' questions), where
 * snprintf costs hundreds of instructions a call. NULL copies as "".
 */
#ifndef RECOUP_CORE_TEXT_COPY_H
#define RECOUP_CORE_TEXT_COPY_H

#include <string.h>

static inline void text_copy(char *dst, size_t size, const char *src)
{
	size_t n;

	if (!size)
		return;
	n = src ? strnlen(src, size - 1) : 0;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

/* strncat within size: dst's text, then as much of src as fits ("%s%s" without the formatter). */
static inline void text_cat(char *dst, size_t size, const char *src)
{
	size_t used;

	if (!size)
		return;
	used = strnlen(dst, size - 1);
	text_copy(dst + used, size - used, src);
}

#endif

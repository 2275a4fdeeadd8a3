/* text_width.c: the columns a UTF-8 text takes on a terminal (text_width.h). */
#include "core/text_width.h"

#include <stdint.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

static size_t columns_of(UChar32 c)
{
	int8_t type;
	int ea;

	if (c < 0x80)
		return 1; /* ASCII: the tables' usual case, without asking ICU */
	if (c < 0)
		return 1; /* not UTF-8: the terminal shows one replacement */
	type = u_charType(c);
	if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR)
		return 0;
	ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

size_t text_width_n(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t cols = 0;
	int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;

	while (i < n) {
		UChar32 c;
		U8_NEXT(p, i, n, c);
		cols += columns_of(c);
	}
	return cols;
}

size_t text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

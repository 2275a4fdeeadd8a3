/*
 * text_width.h: how many columns of a terminal a UTF-8 text takes, for
 * the tables the commands print (cli/tprintf.c pads by it). A name with
 * accents ("José", "Łódź") takes fewer columns than bytes; a locale's
 * amount ("37 076,00" in French, grouped with U+202F NARROW NO-BREAK
 * SPACE) too; a CJK name takes two columns a character. By ICU's
 * properties, as terminals count (wcwidth): combining marks, enclosing
 * marks and format characters (Mn, Me, Cf) take none, East Asian wide and
 * fullwidth characters two, every other character one. A byte that is
 * not valid UTF-8 counts one column, as the terminal shows a replacement.
 */
#ifndef RECOUP_TEXT_WIDTH_H
#define RECOUP_TEXT_WIDTH_H

#include <stddef.h>

/* The columns of the first len bytes of s. */
size_t text_width_n(const char *s, size_t len);
size_t text_width(const char *s);

#endif

/*
 * tprintf.h: printf for the tables the commands print, with each %s's
 * width counted in the columns its text takes on a terminal
 * (core/text_width.h) rather than in bytes: "%-24s" pads "José Łódź" to
 * 24 columns, and "%15s" right-aligns a French amount grouped with U+202F
 * as it does "37,076.00". Every other conversion, flag and precision is
 * printf's own (a precision on %s still counts bytes, but never cuts a
 * character's UTF-8 bytes apart: "%.2s" of "aé" is "a"). Output goes to the
 * stream whole, or not at all when the formatting fails (-1, as printf).
 */
#ifndef RECOUP_CLI_TPRINTF_H
#define RECOUP_CLI_TPRINTF_H

#include <stdarg.h>
#include <stdio.h>

int cli_vfprintf(FILE *out, const char *fmt, va_list ap);
int cli_fprintf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

/*
 * locale_format.h: amounts with their currency and dates, as a reader of a
 * locale writes them, for letters (channels/letter_pdf). ICU's (CLDR's)
 * patterns, so nothing about a locale is spelled out here:
 *
 *   amounts  "1 234,56 zł" (pl, PLN), "R$ 1.234,56" (pt-BR, BRL),
 *            "$1,234.56" (en-US, USD). The spaces ICU puts in Polish and
 *            Brazilian amounts are U+00A0 NO-BREAK SPACE (and Polish groups
 *            with it too), so an amount never breaks across lines.
 *   dates    long: "24 listopada 2026", "24 de novembro de 2026",
 *            "November 24, 2026"; numeric: "24.11.2026", "24/11/2026",
 *            "11/24/2026".
 *
 * `locale` is a BCP 47 tag ("pt-BR") or an ICU id ("pt_BR"); NULL or ""
 * is English. The exact decimal text of the amount goes to ICU
 * (unum_formatDecimal), so no amount passes through a double. Dates are
 * formatted in UTC, since a date_t is a civil day, not a moment.
 *
 * Every function writes a NUL-terminated string into buf and returns buf;
 * when ICU refuses, the plain forms are written instead ("PLN 1234.56",
 * "2026-11-24"), so a letter never fails on formatting. Thread-safe.
 */
#ifndef RECOUP_LOCALE_FORMAT_H
#define RECOUP_LOCALE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"

#define LOCALE_TEXT_MAX 64

char *locale_format_money(int64_t amount, const char *currency, const char *locale, char *buf, size_t size);

enum locale_date_style { LOCALE_DATE_LONG, LOCALE_DATE_NUMERIC };
char *locale_format_date(date_t date, enum locale_date_style style, const char *locale, char *buf, size_t size);

/*
 * The same with the formatters kept between calls, for a letter that
 * formats many amounts and dates: opening ICU's formatters is what costs
 * (a numeric date pattern about 1 ms, measured), so a writer opens one
 * locale_fmt per locale and currency and formats through it. The open
 * returns NULL only when out of memory; the calls accept a NULL formatter
 * and write the plain forms ("1234.56", "2026-11-24"). Not thread-safe:
 * one per thread. locale_fmt_free accepts NULL.
 */
struct locale_fmt;
struct locale_fmt *locale_fmt_open(const char *locale, const char *currency);
char *locale_fmt_money(struct locale_fmt *f, int64_t amount, char *buf, size_t size);
char *locale_fmt_date(struct locale_fmt *f, date_t date, enum locale_date_style style, char *buf, size_t size);
void locale_fmt_free(struct locale_fmt *f);

#endif

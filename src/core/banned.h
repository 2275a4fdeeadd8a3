/*
 * banned.h: functions that are too easy to misuse, made compile errors
 * (after git's banned.h). Force-included into every recoup source file.
 *
 * - sprintf/strcpy/strcat/gets: unbounded writes; use snprintf.
 * - atoi/atol: no error reporting; use strtol with end-pointer checks.
 * - localtime/gmtime/ctime/asctime: hidden global state and the process
 *   time zone; time zone work goes through core/tz (ICU), civil dates
 *   through core/dates.
 * - strncpy: leaves the result unterminated when the source is long, and
 *   pads with NULs; use snprintf("%s") or memcpy with a known length.
 * - strtok: hidden state across calls, not reentrant; use strtok_r or
 *   strcspn/strchr.
 * - mktemp/tmpnam: the name is guessed before the file exists (a race);
 *   use mkstemp.
 */
#ifndef RECOUP_BANNED_H
#define RECOUP_BANNED_H

/* The system headers that declare these come first, as git-compat-util.h
 * does before it includes banned.h; the macros then catch our own uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)
#undef mktemp
#define mktemp(x) BANNED(mktemp)
#undef tmpnam
#define tmpnam(x) BANNED(tmpnam)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)

#endif

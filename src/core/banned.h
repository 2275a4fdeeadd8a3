/*
 * banned.h: functions that are too easy to misuse, made compile errors
 * (after git's banned.h). Force-included into every recoup source file.
 *
 * - sprintf/strcpy/strcat/gets: unbounded writes; use snprintf.
 * - atoi/atol: no error reporting; use strtol with end-pointer checks.
 * - localtime/gmtime: hidden global state and the process time zone; time
 *   zone work goes through core/tz (ICU), civil dates through core/dates.
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
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)

#endif

/*
 * tprintf.c: printf with %s widths in terminal columns (tprintf.h). Each
 * conversion of the format is handed to vfprintf's own code, one at a time,
 * with its argument taken by the type its length and conversion name; a
 * %s with a width gets that width plus the bytes its text has beyond its
 * columns.
 */
#include "cli/tprintf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/text_width.h"

/* One conversion: "%" flags width precision length conversion, with '*' taken from the arguments. */
struct spec {
	char flags[8];
	int width, has_width;
	int prec, has_prec;
	char length[3];
	char conv;
};

/* Parses the conversion after '%' at *p; 0, or -1 when it is not one printf takes here. */
static int parse_spec(const char **p, struct spec *s, va_list *ap)
{
	const char *q = *p;
	size_t nf = 0, nl = 0;

	memset(s, 0, sizeof(*s));
	while (*q && strchr("-+ #0'", *q) && nf + 1 < sizeof(s->flags))
		s->flags[nf++] = *q++;
	if (*q == '*') {
		s->width = va_arg(*ap, int);
		s->has_width = 1;
		q++;
		if (s->width < 0) { /* printf: a negative width is the '-' flag */
			s->width = -s->width;
			if (nf + 1 < sizeof(s->flags))
				s->flags[nf++] = '-';
		}
	} else if (*q >= '0' && *q <= '9') {
		s->width = (int)strtol(q, (char **)&q, 10);
		s->has_width = 1;
	}
	if (*q == '.') {
		q++;
		s->has_prec = 1;
		if (*q == '*') {
			s->prec = va_arg(*ap, int);
			q++;
			if (s->prec < 0)
				s->has_prec = 0; /* printf: as if there were none */
		} else {
			s->prec = (int)strtol(q, (char **)&q, 10);
		}
	}
	while (*q && strchr("hlzjtL", *q) && nl + 1 < sizeof(s->length))
		s->length[nl++] = *q++;
	if (!*q || !strchr("diouxXcspfFeEgGaA%", *q))
		return -1;
	s->conv = *q++;
	*p = q;
	return 0;
}

/* The spec back as a format for one value, with the width and precision as numbers. */
static void spec_text(const struct spec *s, int width, char *out, size_t size)
{
	char w[16] = "", pr[16] = "";

	if (s->has_width)
		snprintf(w, sizeof(w), "%d", width);
	if (s->has_prec)
		snprintf(pr, sizeof(pr), ".%d", s->prec);
	snprintf(out, size, "%%%s%s%s%s%c", s->flags, w, pr, s->length, s->conv);
}

/* Prints one conversion into m, taking its value from ap by its type. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void put_one(FILE *m, const struct spec *s, va_list *ap)
{
	char f[48];
	const char *l = s->length;

	if (s->conv == 's') {
		const char *v = va_arg(*ap, const char *);
		struct spec cut = *s;
		int width = s->width;
		if (v && s->has_prec && strnlen(v, (size_t)s->prec + 1) > (size_t)s->prec) {
			/* a precision cuts whole characters: never inside one's UTF-8 bytes */
			while (cut.prec > 0 && ((unsigned char)v[cut.prec] & 0xC0) == 0x80)
				cut.prec--;
		}
		if (v && s->has_width) {
			size_t bytes = strlen(v);
			if (cut.has_prec && (size_t)cut.prec < bytes)
				bytes = (size_t)cut.prec;
			width += (int)(bytes - text_width_n(v, bytes));
		}
		spec_text(&cut, width, f, sizeof(f));
		fprintf(m, f, v);
		return;
	}
	spec_text(s, s->width, f, sizeof(f));
	switch (s->conv) {
	case 'd':
	case 'i':
		if (!strcmp(l, "ll"))
			fprintf(m, f, va_arg(*ap, long long));
		else if (!strcmp(l, "l"))
			fprintf(m, f, va_arg(*ap, long));
		else if (!strcmp(l, "z"))
			fprintf(m, f, va_arg(*ap, ssize_t));
		else if (!strcmp(l, "j"))
			fprintf(m, f, va_arg(*ap, intmax_t));
		else if (!strcmp(l, "t"))
			fprintf(m, f, va_arg(*ap, ptrdiff_t));
		else
			fprintf(m, f, va_arg(*ap, int)); /* int, and hh, h (promoted) */
		break;
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		if (!strcmp(l, "ll"))
			fprintf(m, f, va_arg(*ap, unsigned long long));
		else if (!strcmp(l, "l"))
			fprintf(m, f, va_arg(*ap, unsigned long));
		else if (!strcmp(l, "z"))
			fprintf(m, f, va_arg(*ap, size_t));
		else if (!strcmp(l, "j"))
			fprintf(m, f, va_arg(*ap, uintmax_t));
		else if (!strcmp(l, "t"))
			fprintf(m, f, va_arg(*ap, ptrdiff_t));
		else
			fprintf(m, f, va_arg(*ap, unsigned));
		break;
	case 'c': fprintf(m, f, va_arg(*ap, int)); break;
	case 'p': fprintf(m, f, va_arg(*ap, void *)); break;
	case '%': fputc('%', m); break;
	default: /* f F e E g G a A */
		if (!strcmp(l, "L"))
			fprintf(m, f, va_arg(*ap, long double));
		else
			fprintf(m, f, va_arg(*ap, double));
		break;
	}
}
#pragma GCC diagnostic pop

int cli_vfprintf(FILE *out, const char *fmt, va_list ap)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	va_list aq;
	int bad = 0;

	if (!m)
		return -1;
	va_copy(aq, ap);
	for (const char *p = fmt; *p && !bad;) {
		const char *pct = strchr(p, '%');
		struct spec s;
		if (!pct) {
			fputs(p, m);
			break;
		}
		fwrite(p, 1, (size_t)(pct - p), m);
		p = pct + 1;
		if (parse_spec(&p, &s, &aq) < 0)
			bad = 1;
		else
			put_one(m, &s, &aq);
	}
	va_end(aq);
	if (fclose(m) != 0 || bad || len > INT32_MAX) {
		free(buf);
		return -1;
	}
	if (len && fwrite(buf, 1, len, out) != len) {
		free(buf);
		return -1;
	}
	free(buf);
	return (int)len;
}

int cli_fprintf(FILE *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cli_vfprintf(out, fmt, ap);
	va_end(ap);
	return n;
}

int cli_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cli_vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * gsm7.c: the GSM 7-bit alphabet and SMS segment counting (gsm7.h).
 */
#include "channels/gsm7.h"

#include <stdint.h>
#include <string.h>

/* The default alphabet's characters outside printable ASCII (3GPP TS 23.038, 6.2.1). */
static const unsigned basic_extra[] = { 0x0A,  0x0D,  0xA3, 0xA5,  0xE8,  0xE9,  0xF9,  0xEC,  0xF2,  0xC7,  0xD8,
					0xF8,  0xC5,  0xE5, 0x394, 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0, 0x3A8, 0x3A3,
					0x398, 0x39E, 0xC6, 0xE6,  0xDF,  0xC9,  0xA4,  0xA1,  0xC4,  0xD6,  0xD1,
					0xDC,  0xA7,  0xBF, 0xE4,  0xF6,  0xF1,  0xFC,  0xE0 };
/* The extension table: an escape and the character, two septets. */
static const unsigned extension[] = { 0x0C, '^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC };

const char *gsm7_encoding_name(enum sms_encoding enc)
{
	return enc == SMS_GSM7 ? "gsm7" : "ucs2";
}

int gsm7_septets(unsigned cp)
{
	for (size_t i = 0; i < sizeof(extension) / sizeof(extension[0]); i++)
		if (cp == extension[i])
			return 2;
	/* printable ASCII is in the default alphabet, except the backtick (and the extension's, above) */
	if (cp >= 0x20 && cp < 0x7F)
		return cp == '`' ? 0 : 1;
	for (size_t i = 0; i < sizeof(basic_extra) / sizeof(basic_extra[0]); i++)
		if (cp == basic_extra[i])
			return 1;
	return 0;
}

/* Decodes one UTF-8 sequence at s: its length, or 0 when invalid. */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n;
	unsigned v, min;
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		v = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		v = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/*
 * Segments of a text whose characters cost the given units, none split:
 * one message when the total fits `single`, else as many `multi`-unit
 * segments as filling them in order takes.
 */
struct seg_count {
	size_t total, in_seg, segs;
};

static void seg_add(struct seg_count *c, size_t cost, size_t multi)
{
	c->total += cost;
	if (c->segs == 0 || c->in_seg + cost > multi) {
		c->segs++;
		c->in_seg = 0;
	}
	c->in_seg += cost;
}

int gsm7_measure(const char *utf8, struct sms_measure *out)
{
	const unsigned char *s = (const unsigned char *)utf8;
	int gsm = 1;
	for (size_t i = 0; s[i];) {
		unsigned cp;
		size_t n = utf8_next(s + i, &cp);
		if (n == 0)
			return -1;
		if (!gsm7_septets(cp))
			gsm = 0;
		i += n;
	}
	size_t single = gsm ? 160 : 70, multi = gsm ? 153 : 67;
	struct seg_count c = { 0 };
	for (size_t i = 0; s[i];) {
		unsigned cp;
		size_t n = utf8_next(s + i, &cp);
		seg_add(&c, gsm ? (size_t)gsm7_septets(cp) : (cp > 0xFFFF ? 2 : 1), multi);
		i += n;
	}
	out->encoding = gsm ? SMS_GSM7 : SMS_UCS2;
	out->units = c.total;
	out->segments = c.total == 0 ? 0 : c.total <= single ? 1 : c.segs;
	return 0;
}

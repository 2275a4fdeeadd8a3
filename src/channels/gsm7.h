/*
 * gsm7.h: how an SMS text is encoded and how many segments it takes
 * (3GPP TS 23.038 and 23.040).
 *
 * A text every character of which is in the GSM 7-bit default alphabet or
 * its extension table goes as GSM-7: 160 septets in one message, 153 per
 * segment when concatenated (the user data header takes 7); an extension
 * character (^ { } \ [ ~ ] | euro, form feed) costs two septets and is never
 * split across segments. Any other character (Polish ą ę ł ś ż ź ć ń ó,
 * Portuguese ã õ á í ú ê ç, a backtick, an emoji) makes the whole text
 * UCS-2: 70 UTF-16 units in one message, 67 per segment, a surrogate pair
 * never split. Pure: no I/O.
 */
#ifndef RECOUP_CHANNELS_GSM7_H
#define RECOUP_CHANNELS_GSM7_H

#include <stddef.h>

enum sms_encoding { SMS_GSM7 = 0, SMS_UCS2 };

struct sms_measure {
	enum sms_encoding encoding;
	size_t units;    /* septets (GSM-7) or UTF-16 code units (UCS-2) */
	size_t segments; /* 0 for an empty text */
};

/* "gsm7" or "ucs2". */
const char *gsm7_encoding_name(enum sms_encoding enc);
/* 1 when the code point is in the default alphabet (1 septet) or the extension table (2), else 0. */
int gsm7_septets(unsigned cp);
/* Measures a UTF-8 text: 0, or -1 when it is not valid UTF-8 (*out untouched). */
int gsm7_measure(const char *utf8, struct sms_measure *out);

#endif

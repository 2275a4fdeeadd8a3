/*
 * channel.h: the ways a debtor can be reached (call, sms, email, letter,
 * visit), their names and their bit masks.
 *
 * Representation: a small enum, 0 .. CHANNEL_COUNT - 1, stable (it indexes
 * the per-channel arrays of a profile); sets of channels are bit masks of
 * CHANNEL_BIT(channel). The names are what files, the command line, the
 * store and JSON use.
 */
#ifndef RECOUP_CHANNEL_H
#define RECOUP_CHANNEL_H

#include "core/error.h"

enum channel { CHANNEL_CALL = 0, CHANNEL_SMS, CHANNEL_EMAIL, CHANNEL_LETTER, CHANNEL_VISIT, CHANNEL_COUNT };

#define CHANNEL_BIT(c)   (1u << (c))
#define CHANNEL_MASK_ALL ((1u << CHANNEL_COUNT) - 1)

/* "call", "sms", "email", "letter", "visit"; "unknown" out of range. */
const char *channel_name(enum channel c);
/* 0, or -ERR_INPUT "unknown channel 'fax' (call, sms, email, letter or visit)". */
int channel_parse(const char *name, enum channel *out, struct error *e);

#endif

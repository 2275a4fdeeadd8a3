#include "core/channel.h"

#include <string.h>

static const char *const channel_names[CHANNEL_COUNT] = { "call", "sms", "email", "letter", "visit" };

const char *channel_name(enum channel c)
{
	return (unsigned)c < CHANNEL_COUNT ? channel_names[c] : "unknown";
}

int channel_parse(const char *name, enum channel *out, struct error *e)
{
	for (int i = 0; i < CHANNEL_COUNT; i++) {
		if (name && !strcmp(name, channel_names[i])) {
			*out = (enum channel)i;
			return 0;
		}
	}
	return error_set(e, ERR_INPUT, "unknown channel '%s' (call, sms, email, letter or visit)", name ? name : "");
}

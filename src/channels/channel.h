/*
 * channel.h: the ways a message leaves recoup, as a table of function
 * pointers (STYLE.md habit 8): smtp.c (email), sms_http.c (an HTTP SMS
 * gateway). The letters (letter_pdf.c) are rendered, not handed over.
 *
 * A channel is opened once per `recoup send` with the tenant's settings
 * (struct channel_config, filled by app/config.c from the database) and
 * keeps its connection between messages: libcurl reuses the SMTP session
 * and the HTTP keep-alive connection of one easy handle.
 *
 * What comes back from a hand-over is one of three outcomes, which the
 * outbox (app/send.c) turns into states:
 *   CHANNEL_SENT       the server took the message (SMTP 250, HTTP 2xx);
 *   CHANNEL_TRANSIENT  try again later: SMTP 4xx, HTTP 5xx or 429, the
 *                      server could not be reached, a time-out (these two
 *                      with `unreachable` set);
 *   CHANNEL_PERMANENT  never again as it is: SMTP 5xx, HTTP 4xx, a
 *                      recipient the server refuses; with `config` set
 *                      when it is the settings the server refused (a
 *                      login, the sender, the URL), not the message.
 * `detail` says what the server said (its code and text) or what failed.
 */
#ifndef RECOUP_CHANNELS_CHANNEL_H
#define RECOUP_CHANNELS_CHANNEL_H

#include <stddef.h>

#include "core/dates.h"
#include "core/error.h"

#define CHANNEL_SETTING_MAX 1024

enum smtp_tls { SMTP_TLS_STARTTLS = 0, SMTP_TLS_TRY, SMTP_TLS_NONE };
enum sms_format { SMS_FORMAT_FORM = 0, SMS_FORMAT_JSON };

/* The tenant's settings (docs/channels.md, "Configuration"); "" when not set. */
struct channel_config {
	char smtp_url[CHANNEL_SETTING_MAX];
	char smtp_user[CHANNEL_SETTING_MAX];
	char smtp_password[CHANNEL_SETTING_MAX];
	enum smtp_tls smtp_tls;
	char email_from[CHANNEL_SETTING_MAX];
	char email_reply_to[CHANNEL_SETTING_MAX];
	char optout_url[CHANNEL_SETTING_MAX];   /* a page; ?t=TOKEN is appended (app/optout.h) */
	char optout_email[CHANNEL_SETTING_MAX]; /* a mailbox for List-Unsubscribe: mailto */
	char sms_url[CHANNEL_SETTING_MAX];
	enum sms_format sms_format;
	char sms_token[CHANNEL_SETTING_MAX];
	char sms_from[CHANNEL_SETTING_MAX];
	char sms_optout[CHANNEL_SETTING_MAX]; /* appended to SMS to consumers: "Reply STOP to opt out" */
	char letter_sender_address[CHANNEL_SETTING_MAX];
	char letter_cnpj[CHANNEL_SETTING_MAX]; /* the supplier's CNPJ on letters to Brazil */
	char creditor_name[CHANNEL_SETTING_MAX];
	char creditor_phone[CHANNEL_SETTING_MAX];
	char collector_name[CHANNEL_SETTING_MAX]; /* the signature of messages ({{collector.name}}) */
	char tenant_language[CHANNEL_SETTING_MAX];
	char payment_instructions[CHANNEL_SETTING_MAX];
	int max_attempts; /* per message, every attempt counted (default 5) */
	int backoff;      /* seconds before the first retry, doubled each time (default 300) */
	long timeout;     /* seconds a hand-over may take (default 60) */
};

/* One message to hand over. */
struct outgoing {
	const char *message_id; /* "<12.3@recoup>": stable per outbox row, so a resend is recognisable */
	const char *to;         /* an email address, or a phone number */
	const char *subject;    /* email */
	const char *text;
	const char *html;             /* email; NULL or "" for text alone */
	const char *lang;             /* Content-Language */
	const char *list_unsubscribe; /* email: the header's value, "" none */
	timestamp_t date;             /* the Date header */
	const char *encoding;         /* sms: "gsm7" or "ucs2" (gsm7.h) */
	size_t segments;              /* sms: as counted for that encoding */
};

enum channel_outcome { CHANNEL_SENT = 0, CHANNEL_TRANSIENT, CHANNEL_PERMANENT };

struct channel_result {
	enum channel_outcome outcome;
	long code; /* SMTP reply or HTTP status; 0 when none came */
	char detail[512];
	/*
	 * CHANNEL_TRANSIENT because no reply came at all: the server could not
	 * be reached (refused connection, unknown host) or did not answer in
	 * time. `recoup send` exits 3 when nothing was sent and this is why
	 * (docs/channels.md); a reply that refuses (SMTP 4xx, HTTP 5xx) is not it.
	 */
	int unreachable;
	/*
	 * The server refused recoup's settings, not this message: a URL curl
	 * cannot use, a refused login or one the server requires (SMTP 530), a
	 * sender the server refuses (SMTP 5xx to MAIL FROM, but 552, the
	 * message's size), a STARTTLS or certificate that fails; for the SMS
	 * gateway HTTP 401, 403, 404, 405 and 407. Every message would meet it:
	 * the outbox leaves this one as it was, stops using the channel for the
	 * rest of the send, and the send exits 3 naming the settings to check
	 * (docs/channels.md), instead of failing every message of the day.
	 */
	int config;
	/* no complete answer in send.timeout (curl's time-out): the outbox asks the server no more in that send */
	int timed_out;
};

struct channel_handle;
struct channel_ops {
	const char *name; /* "email", "sms" */
	/* Checks the settings it needs and opens a handle: 0, or -ERR_INPUT naming the missing setting, -ERR_ENV. */
	int (*open)(const struct channel_config *cfg, struct channel_handle **out, struct error *e);
	/* Hands one message over; never fails otherwise than through `res`. */
	void (*send)(struct channel_handle *ch, const struct outgoing *m, struct channel_result *res);
	/* Accepts NULL. */
	void (*close)(struct channel_handle *ch);
};

extern const struct channel_ops smtp_channel;
extern const struct channel_ops sms_http_channel;

/*
 * The SMS request body as the gateway receives it, malloc'd (NULL when out
 * of memory): sms.format "form" gives to=&text=&from=&encoding=&segments=
 * &message_id= URL-encoded; "json" the same keys in an object.
 */
char *sms_http_body(const struct channel_config *cfg, const struct outgoing *m);
/* The whole RFC 5322 message smtp.c sends (CRLF lines, MIME), malloc'd; NULL when out of memory. */
char *smtp_message_text(const struct channel_config *cfg, const struct outgoing *m);

#endif

/*
 * smtp.c: email through libcurl's SMTP (channel.h).
 *
 * The message is built here as RFC 5322 text with MIME parts (plain text
 * and, when the template has one, HTML, as multipart/alternative), each
 * base64-encoded UTF-8 so that Polish and Portuguese letters pass any
 * server, and the subject as an RFC 2047 encoded word when it is not
 * ASCII. Header values never carry a line break (a template or a name with
 * one cannot add a header).
 *
 * TLS: smtps:// is TLS from the first byte; smtp:// upgrades with STARTTLS
 * as smtp.tls says: "starttls" (the default: refuse to go on in clear, so a
 * password never crosses the network unencrypted), "try", or "none" (a
 * relay on loopback). One easy handle per `recoup send`: libcurl keeps the
 * SMTP session open between messages.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/buf.h"
#include "channels/channel.h"
#include "channels/curl_dl.h"

struct channel_handle {
	CURL *curl;
	const struct channel_config *cfg;
	char from_addr[CHANNEL_SETTING_MAX + 2];
};

static void base64(struct buf *b, const unsigned char *s, size_t n, size_t line)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t col = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		char q[4] = { tab[(v >> 18) & 63], tab[(v >> 12) & 63], i + 1 < n ? tab[(v >> 6) & 63] : '=',
			      i + 2 < n ? tab[v & 63] : '=' };
		buf_add(b, q, 4);
		col += 4;
		if (line && col >= line && i + 3 < n) {
			buf_add(b, "\r\n", 2);
			col = 0;
		}
	}
}

/* A header value on one line: CR and LF become spaces. */
static void header(struct buf *b, const char *name, const char *value)
{
	buf_str(b, name);
	buf_str(b, ": ");
	for (const char *p = value; *p; p++)
		buf_add(b, (*p == '\r' || *p == '\n') ? " " : p, 1);
	buf_str(b, "\r\n");
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/*
 * RFC 2047: " =?UTF-8?B?...?=" words of at most 45 input bytes each, never
 * splitting a character, the second and later on a folded line.
 */
static void encoded_words(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = n - i < 45 ? n - i : 45;
		while (i + len < n && ((unsigned char)s[i + len] & 0xC0) == 0x80)
			len--;
		buf_str(b, i ? "\r\n =?UTF-8?B?" : " =?UTF-8?B?");
		base64(b, (const unsigned char *)s + i, len, 0);
		buf_str(b, "?=");
		i += len;
	}
}

static void subject_header(struct buf *b, const char *subject)
{
	char clean[1024];
	size_t n = 0;
	for (const char *p = subject; *p && n + 1 < sizeof(clean); p++)
		clean[n++] = (*p == '\r' || *p == '\n') ? ' ' : *p;
	clean[n] = '\0';
	if (is_ascii(clean)) {
		header(b, "Subject", clean);
		return;
	}
	buf_str(b, "Subject:");
	encoded_words(b, clean, n);
	buf_str(b, "\r\n");
}

/*
 * An address header from a setting, "Name <a@example.com>" or
 * "a@example.com" (email.from, email.reply_to), as RFC 5322 reads it: a
 * display name with a special character ("Smith, Jones & Co.") as a quoted
 * string, one that is not ASCII ("Wierzyciel Spółka") as RFC 2047 words, a
 * name given in quotes taken as it is meant. Written as given, a comma made
 * two addresses of one (a From of "Smith" and "Jones & Co.": refused by
 * mail systems that take one From), and a name in Polish went as raw
 * 8-bit bytes, which a reader without SMTPUTF8 garbles.
 */
static void address_header(struct buf *b, const char *name, const char *value)
{
	const char *lt = strrchr(value, '<');
	char phrase[CHANNEL_SETTING_MAX];
	size_t n = 0, start = 0, end = lt ? (size_t)(lt - value) : 0;

	while (start < end && (value[start] == ' ' || value[start] == '\t'))
		start++;
	while (end > start && (value[end - 1] == ' ' || value[end - 1] == '\t'))
		end--;
	if (!lt || start == end) {
		header(b, name, lt ? lt : value);
		return;
	}
	if (end - start >= 2 && value[start] == '"' && value[end - 1] == '"') {
		start++; /* given quoted: its text, unescaped */
		end--;
	}
	for (size_t i = start; i < end && n + 1 < sizeof(phrase); i++) {
		if (value[i] == '\\' && i + 1 < end)
			i++;
		phrase[n++] = (unsigned char)value[i] < ' ' ? ' ' : value[i];
	}
	phrase[n] = '\0';
	buf_str(b, name);
	buf_str(b, ":");
	if (!is_ascii(phrase)) {
		encoded_words(b, phrase, n);
	} else if (strpbrk(phrase, "()<>[]:;@\\,.\"")) {
		buf_str(b, " \"");
		for (const char *p = phrase; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_add(b, "\\", 1);
			buf_add(b, p, 1);
		}
		buf_str(b, "\"");
	} else {
		buf_str(b, " ");
		buf_str(b, phrase);
	}
	buf_str(b, " ");
	for (const char *p = lt; *p; p++)
		buf_add(b, (*p == '\r' || *p == '\n') ? " " : p, 1);
	buf_str(b, "\r\n");
}

static void rfc5322_date(timestamp_t t, char *out, size_t size)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	date_t d = timestamp_date_utc(t);
	int64_t secs = t - (int64_t)d * 86400;
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[date_weekday(d)], day, months[m - 1], y,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* A body as base64 of its CRLF form (text/plain's canonical line ends). */
static void part(struct buf *b, const char *boundary, const char *type, const char *body)
{
	struct buf crlf = { 0 };
	for (const char *p = body; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			buf_add(&crlf, "\r", 1);
		buf_add(&crlf, p, 1);
	}
	buf_str(b, "--");
	buf_str(b, boundary);
	buf_str(b, "\r\nContent-Type: ");
	buf_str(b, type);
	buf_str(b, "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	base64(b, (const unsigned char *)(crlf.p ? crlf.p : ""), crlf.n, 76);
	buf_str(b, "\r\n");
	if (crlf.oom)
		b->oom = 1;
	free(crlf.p);
}

char *smtp_message_text(const struct channel_config *cfg, const struct outgoing *m)
{
	struct buf b = { 0 };
	char date[64], boundary[160];
	rfc5322_date(m->date, date, sizeof(date));
	/* the Message-ID is unique per message, so it makes a boundary no body line can contain by chance */
	snprintf(boundary, sizeof(boundary), "=_recoup_%.*s", (int)strcspn(m->message_id + 1, ">@"), m->message_id + 1);
	header(&b, "Date", date);
	address_header(&b, "From", cfg->email_from);
	header(&b, "To", m->to);
	if (cfg->email_reply_to[0])
		address_header(&b, "Reply-To", cfg->email_reply_to);
	subject_header(&b, m->subject ? m->subject : "");
	header(&b, "Message-ID", m->message_id);
	header(&b, "MIME-Version", "1.0");
	if (m->lang && m->lang[0])
		header(&b, "Content-Language", m->lang);
	if (m->list_unsubscribe && m->list_unsubscribe[0]) {
		header(&b, "List-Unsubscribe", m->list_unsubscribe);
		if (strstr(m->list_unsubscribe, "<http"))
			header(&b, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
	}
	buf_str(&b, "Content-Type: multipart/alternative; boundary=\"");
	buf_str(&b, boundary);
	buf_str(&b, "\"\r\n\r\n");
	part(&b, boundary, "text/plain", m->text ? m->text : "");
	if (m->html && m->html[0])
		part(&b, boundary, "text/html", m->html);
	buf_str(&b, "--");
	buf_str(&b, boundary);
	buf_str(&b, "--\r\n");
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ctx)
{
	struct upload *u = ctx;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* "Name <a@b>" or "a@b" -> "<a@b>". */
static void envelope_address(const char *from, char *out, size_t size)
{
	const char *lt = strrchr(from, '<');
	if (lt)
		snprintf(out, size, "%.*s", (int)strcspn(lt, ">") + 1, lt);
	else
		snprintf(out, size, "<%s>", from);
}

static int smtp_open(const struct channel_config *cfg, struct channel_handle **out, struct error *e)
{
	*out = NULL;
	if (!cfg->smtp_url[0])
		return error_set_field(e, ERR_INPUT, "smtp.url",
				       "email: smtp.url is not set (recoup config set smtp.url "
				       "smtp://host:587)");
	if (!cfg->creditor_name[0])
		return error_set_field(e, ERR_INPUT, "creditor.name",
				       "email: creditor.name is not set (every message names the creditor)");
	if (!cfg->email_from[0])
		return error_set_field(e, ERR_INPUT, "email.from", "email: email.from is not set");
	int ret = curl_dl_open(e);
	if (ret < 0)
		return ret;
	struct channel_handle *ch = calloc(1, sizeof(*ch));
	if (!ch)
		return error_set(e, ERR_ENV, "email: out of memory");
	ch->curl = curl_easy_init();
	if (!ch->curl) {
		free(ch);
		return error_set(e, ERR_ENV, "email: libcurl could not start");
	}
	ch->cfg = cfg;
	envelope_address(cfg->email_from, ch->from_addr, sizeof(ch->from_addr));
	*out = ch;
	return 0;
}

static void classify(CURLcode rc, long code, struct channel_result *res, const char *errbuf)
{
	res->code = code;
	if (rc == CURLE_OK) {
		res->outcome = CHANNEL_SENT;
		snprintf(res->detail, sizeof(res->detail), "%ld accepted", code);
		return;
	}
	if (code >= 500)
		res->outcome = CHANNEL_PERMANENT;
	else if (code >= 400)
		res->outcome = CHANNEL_TRANSIENT;
	else if (rc == CURLE_LOGIN_DENIED || rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL ||
		 rc == CURLE_USE_SSL_FAILED || rc == CURLE_PEER_FAILED_VERIFICATION)
		res->outcome = CHANNEL_PERMANENT;
	else
		res->outcome = CHANNEL_TRANSIENT; /* not reached, timed out, cut off: the server may be back later */
	/* no SMTP reply at all, not even the greeting: not reached, or silent until the time-out */
	res->unreachable = res->outcome == CHANNEL_TRANSIENT && code == 0;
	/*
	 * The settings, not the message: every message would meet it. curl
	 * says which command a reply answered ("MAIL failed: 550"); a 552 to
	 * MAIL FROM is the message's size (SIZE=), the message's own.
	 */
	res->config = rc == CURLE_LOGIN_DENIED || rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL ||
		      rc == CURLE_USE_SSL_FAILED || rc == CURLE_PEER_FAILED_VERIFICATION || code == 530 ||
		      (code >= 500 && code != 552 && strstr(errbuf, "MAIL failed"));
	snprintf(res->detail, sizeof(res->detail), "%s%s%s (code %ld)", curl_easy_strerror(rc), errbuf[0] ? ": " : "",
		 errbuf, code);
}

static void smtp_send(struct channel_handle *ch, const struct outgoing *m, struct channel_result *res)
{
	const struct channel_config *cfg = ch->cfg;
	char errbuf[CURL_ERROR_SIZE] = "", rcpt_addr[CHANNEL_SETTING_MAX + 2];
	char *text = smtp_message_text(cfg, m);
	struct curl_slist *rcpt = NULL;
	if (!text) {
		*res = (struct channel_result){ CHANNEL_TRANSIENT, 0, "out of memory", 0, 0, 0 };
		return;
	}
	snprintf(rcpt_addr, sizeof(rcpt_addr), "<%s>", m->to);
	rcpt = curl_slist_append(NULL, rcpt_addr);
	struct upload up = { text, strlen(text) };
	CURL *c = ch->curl;
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_USE_SSL,
			 (long)(cfg->smtp_tls == SMTP_TLS_STARTTLS ? CURLUSESSL_ALL
				: cfg->smtp_tls == SMTP_TLS_TRY    ? CURLUSESSL_TRY
								   : CURLUSESSL_NONE));
	if (cfg->smtp_user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, ch->from_addr);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.left);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout > 0 ? cfg->timeout : 60L);
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	classify(rc, code, res, errbuf);
	res->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	free(text);
}

static void smtp_close(struct channel_handle *ch)
{
	if (!ch)
		return;
	curl_easy_cleanup(ch->curl);
	free(ch);
}

const struct channel_ops smtp_channel = {
	.name = "email",
	.open = smtp_open,
	.send = smtp_send,
	.close = smtp_close,
};

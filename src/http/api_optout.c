/*
 * api_optout.c: the page behind every email's opt-out link (app/optout.h,
 * docs/channels.md "The opt-out link"). Public: the recipient of an email
 * has no account; the token in the link is the credential, and it names
 * the tenant (which the server's default tenant is not).
 *
 *   GET  /optout?t=TOKEN   a small HTML page: which address, which creditor,
 *                          and a form that POSTs the token back
 *   POST /optout           t=TOKEN in the form body (the page), or
 *                          ?t=TOKEN with the body List-Unsubscribe=One-Click
 *                          (RFC 8058: a mail client's unsubscribe button)
 *
 * Answers are HTML for a person (the JSON API's error shape would mean
 * nothing to them): 200 with the page; 400 when the token is missing or
 * incomplete; 404 when it does not verify (forged, altered, or its key
 * gone), saying nothing more. A token is never written to the access log
 * (the log has the path, never the query) nor anywhere else.
 */
#include <stdlib.h>
#include <string.h>

#include "app/optout.h"
#include "channels/template.h"
#include "http/api.h"

/* The page, a Mustache template (channels/template.h) rendered with HTML escaping. */
static const char page[] =
	"<!doctype html>\n<html lang=\"{{lang}}\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	"<title>{{title}}</title><style>body{font-family:sans-serif;max-width:34em;margin:3em auto;padding:0 1em;"
	"line-height:1.5}button{font-size:1em;padding:.5em 1em}</style></head><body>\n"
	"<h1>{{title}}</h1>\n<p>{{text}}</p>\n"
	"{{#form}}<form method=\"post\"><input type=\"hidden\" name=\"t\" value=\"{{token}}\">"
	"<button type=\"submit\">{{button}}</button></form>\n{{/form}}"
	"</body></html>\n";

/* The words of the page, per language (the customer's; English for any other). */
struct words {
	const char *lang, *title, *ask, *button, *done, *already, *bad, *unknown, *sender;
};

static const struct words languages[] = {
	{ "en", "Unsubscribe", "Stop the emails %s sends to %s?", "Stop these emails",
	  "Done: %s will send no more emails to %s.", "%s sends no more emails to %s already.",
	  "This link is incomplete: copy the whole link from the email.", "This link is not valid.", "the sender" },
	{ "pl", "Rezygnacja", "Czy zatrzymać wiadomości e-mail, które %s wysyła na adres %s?",
	  "Zatrzymaj te wiadomości", "Gotowe: %s nie wyśle więcej wiadomości na adres %s.",
	  "%s nie wysyła już wiadomości na adres %s.", "Ten link jest niepełny: skopiuj cały link z wiadomości.",
	  "Ten link jest nieprawidłowy.", "nadawca" },
	{ "pt", "Cancelar inscrição", "Parar os e-mails que %s envia para %s?", "Parar estes e-mails",
	  "Pronto: %s não enviará mais e-mails para %s.", "%s já não envia e-mails para %s.",
	  "Este link está incompleto: copie o link inteiro do e-mail.", "Este link não é válido.", "o remetente" },
	{ "de", "Abmelden", "Keine E-Mails mehr von %s an %s?", "Diese E-Mails abbestellen",
	  "Erledigt: %s sendet keine E-Mails mehr an %s.", "%s sendet bereits keine E-Mails mehr an %s.",
	  "Dieser Link ist unvollständig: Bitte kopieren Sie den vollständigen Link aus der E-Mail.",
	  "Dieser Link ist ungültig.", "der Absender" },
	{ "fr", "Désabonnement", "Ne plus recevoir les e-mails que %s envoie à %s ?", "Ne plus recevoir ces e-mails",
	  "C'est fait : %s n'enverra plus d'e-mails à %s.", "%s n'envoie déjà plus d'e-mails à %s.",
	  "Ce lien est incomplet : copiez le lien entier depuis l'e-mail.", "Ce lien n'est pas valide.",
	  "l'expéditeur" },
};

static const struct words *words_for(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof(languages) / sizeof(languages[0]); i++)
		if (strncmp(lang, languages[i].lang, 2) == 0)
			return &languages[i];
	return &languages[0];
}

/* The page with `text` (and the form when `token`), as the response. 0, or -1 (rq->fail). */
static int html(struct http_request *rq, struct http_response *rs, int status, const struct words *w, const char *text,
		const char *token)
{
	json_t *data = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "lang",
				 strcmp(w->lang, "pt") == 0 ? "pt-BR" : w->lang, "title", w->title, "text", text,
				 "form", token != NULL, "token", token ? token : "", "button", w->button);
	char *out = NULL;
	int ret = data ? template_render(page, data, 1, &out, &rq->err) : -ERR_ENV;

	json_decref(data);
	if (ret == 0) {
		rs->text = arena_strdup(rq->arena, out);
		ret = rs->text ? 0 : -ERR_ENV;
	}
	free(out);
	if (ret < 0)
		return http_error(rq, 500, "environment", "", "out of memory");
	rs->status = status;
	rs->text_len = strlen(rs->text);
	rs->content_type = "text/html; charset=utf-8";
	/* the page loads nothing and posts only to itself; no other site may frame it */
	http_add_header(rs, "Content-Security-Policy",
			"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
	http_add_header(rs, "Referrer-Policy", "no-referrer");
	return 0;
}

/* A sentence with the creditor and the address (two %s, in that order). */
static const char *sentence(struct http_request *rq, const char *fmt, const struct words *w,
			    const struct optout_view *v)
{
	char buf[2048];
	snprintf(buf, sizeof(buf), fmt, v->creditor[0] ? v->creditor : w->sender, v->address);
	return arena_strdup(rq->arena, buf);
}

/* The refusal of a token, as a page: 400 incomplete, 404 not valid; the database's own errors as JSON. */
static int refuse(struct http_request *rq, struct http_response *rs, const struct error *e)
{
	const struct words *w = words_for(NULL);
	if (e->code == ERR_INPUT)
		return html(rq, rs, 400, w, w->bad, NULL);
	if (e->code == ERR_NOT_FOUND)
		return html(rq, rs, 404, w, w->unknown, NULL);
	return http_app_error(rq, e);
}

/* The tenant a token names becomes the request's: the route is public and the token its credential. */
static int open_token(struct http_request *rq, const char *token)
{
	int64_t tenant = 0;
	int ret = optout_token_tenant(token, &tenant, &rq->err);
	if (ret == 0) {
		rq->app.tenant = tenant;
		rq->app.actor = "optout-link";
	}
	return ret;
}

int api_optout_page(struct http_request *rq, struct http_response *rs)
{
	const char *token = http_query(rq, "t");
	struct optout_view v;
	int ret = open_token(rq, token);

	if (ret == 0)
		ret = optout_check(&rq->app, token, &v, &rq->err);
	if (ret < 0)
		return refuse(rq, rs, &rq->err);
	const struct words *w = words_for(v.lang);
	const char *text = sentence(rq, v.already ? w->already : w->ask, w, &v);
	if (!text)
		return http_error(rq, 500, "environment", "", "out of memory");
	return html(rq, rs, 200, w, text, v.already ? NULL : token);
}

/* The value of `name` in an application/x-www-form-urlencoded body (decoded, from the arena), or NULL. */
static const char *form_value(struct http_request *rq, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = rq->body; p && *p;) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=') {
			char *out = arena_strndup(rq->arena, p + n + 1, len - n - 1);
			size_t j = 0;
			for (size_t i = 0; out && out[i]; i++) {
				unsigned hi, lo;
				if (out[i] == '+') {
					out[j++] = ' ';
				} else if (out[i] == '%' && sscanf(out + i + 1, "%1x%1x", &hi, &lo) == 2) {
					out[j++] = (char)(hi << 4 | lo);
					i += 2;
				} else {
					out[j++] = out[i];
				}
			}
			if (out)
				out[j] = '\0';
			return out;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

int api_optout_record(struct http_request *rq, struct http_response *rs)
{
	const char *form = form_value(rq, "t");
	const char *token = form && form[0] ? form : http_query(rq, "t");
	/* RFC 8058: the body says List-Unsubscribe=One-Click, form-encoded or as a multipart field */
	const char *via = strstr(rq->body, "One-Click") && strstr(rq->body, "List-Unsubscribe") ? "one-click" : "page";
	struct optout_view v;
	int ret = open_token(rq, token);

	if (ret == 0)
		ret = optout_record(&rq->app, token, via, &v, &rq->err);
	if (ret < 0)
		return refuse(rq, rs, &rq->err);
	const struct words *w = words_for(v.lang);
	const char *text = sentence(rq, v.recorded ? w->done : w->already, w, &v);
	if (!text)
		return http_error(rq, 500, "environment", "", "out of memory");
	return html(rq, rs, 200, w, text, NULL);
}

/*
 * template.c: the Mustache subset of template.h, its validator and the
 * language fallback. The shipped texts are in template_shipped.c.
 *
 * A template is tokenized once (text, variable, section, inverted
 * section, close, comment), each section token knowing the index of its
 * close, then rendered by walking the tokens with a stack of scopes. A
 * section, close or comment tag alone on its line takes the line with it
 * (Mustache's "standalone" rule), so that {{#invoices}} on a line of its
 * own leaves no blank line in a plain-text email.
 */
#include "channels/template.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>

#include "channels/buf.h"
#include "core/validate.h"

enum tok_type { TOK_TEXT, TOK_VAR, TOK_RAW, TOK_SECTION, TOK_INVERTED, TOK_CLOSE, TOK_COMMENT };

struct tok {
	enum tok_type type;
	const char *s; /* text, or the tag's name (trimmed) */
	size_t len;
	size_t match; /* a section: the index of its close */
	size_t at;    /* byte offset of the tag, for messages */
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

struct scope {
	const json_t *v;
	const struct scope *up;
};

static const char *const audience_names[] = { "debtor", "third_party", "voicemail_limited" };

const char *template_audience_name(enum template_audience a)
{
	if ((size_t)a < sizeof(audience_names) / sizeof(audience_names[0]))
		return audience_names[a];
	return "?";
}

int template_audience_parse(const char *name, enum template_audience *out, struct error *e)
{
	for (size_t i = 0; i < sizeof(audience_names) / sizeof(audience_names[0]); i++) {
		if (name && strcmp(name, audience_names[i]) == 0) {
			*out = (enum template_audience)i;
			return 0;
		}
	}
	return error_set_field(e, ERR_INPUT, "audience",
			       "audience '%s' is not one of debtor, third_party, voicemail_limited", name ? name : "");
}

static int toks_add(struct toks *t, enum tok_type type, const char *s, size_t len, size_t at)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct tok *v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n] = (struct tok){ .type = type, .s = s, .len = len, .at = at };
	t->n++;
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The tag standing alone on its line: [line_start, after) is to be dropped, else 0. */
static int standalone(const char *src, size_t tag_start, size_t tag_end, size_t *line_start, size_t *after)
{
	size_t b = tag_start;
	while (b > 0 && is_space(src[b - 1]))
		b--;
	if (b > 0 && src[b - 1] != '\n')
		return 0;
	size_t a = tag_end;
	while (is_space(src[a]))
		a++;
	if (src[a] != '\n' && src[a] != '\0')
		return 0;
	*line_start = b;
	*after = src[a] == '\n' ? a + 1 : a;
	return 1;
}

static int parse_error(struct error *e, size_t at, const char *what)
{
	return error_set(e, ERR_INPUT, "template: %s at byte %zu", what, at);
}

/* Reads the tag at src[pos] ("{{"): its type, trimmed name and end. */
static int read_tag(const char *src, size_t pos, enum tok_type *type, const char **name, size_t *len, size_t *end,
		    struct error *e)
{
	size_t p = pos + 2;
	const char *close = "}}";
	*type = TOK_VAR;
	switch (src[p]) {
	case '{':
		*type = TOK_RAW;
		close = "}}}";
		p++;
		break;
	case '&':
		*type = TOK_RAW;
		p++;
		break;
	case '#':
		*type = TOK_SECTION;
		p++;
		break;
	case '^':
		*type = TOK_INVERTED;
		p++;
		break;
	case '/':
		*type = TOK_CLOSE;
		p++;
		break;
	case '!':
		*type = TOK_COMMENT;
		p++;
		break;
	case '>': return parse_error(e, pos, "partials ({{>name}}) are not supported");
	case '=': return parse_error(e, pos, "delimiter changes ({{=...=}}) are not supported");
	default: break;
	}
	const char *stop = strstr(src + p, close);
	if (!stop)
		return parse_error(e, pos, "unclosed tag");
	size_t a = p, b = (size_t)(stop - src);
	while (a < b && (src[a] == ' ' || src[a] == '\t'))
		a++;
	while (b > a && (src[b - 1] == ' ' || src[b - 1] == '\t'))
		b--;
	if (*type != TOK_COMMENT) {
		if (a == b)
			return parse_error(e, pos, "empty tag");
		for (size_t i = a; i < b; i++) {
			char c = src[i];
			int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				 c == '_' || c == '.' || c == '-';
			if (!ok)
				return parse_error(e, pos,
						   "a tag name has a character other than letters, digits, _ - .");
		}
	}
	*name = src + a;
	*len = b - a;
	*end = (size_t)(stop - src) + strlen(close);
	return 0;
}

/* Matches each section with its close (a stack of open sections). */
static int match_sections(struct toks *t, struct error *e)
{
	size_t stack[64];
	size_t depth = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct tok *k = &t->v[i];
		if (k->type == TOK_SECTION || k->type == TOK_INVERTED) {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				return parse_error(e, k->at, "sections nested too deep");
			stack[depth++] = i;
		} else if (k->type == TOK_CLOSE) {
			if (depth == 0)
				return parse_error(e, k->at, "a close tag with no section open");
			struct tok *open = &t->v[stack[depth - 1]];
			if (open->len != k->len || memcmp(open->s, k->s, k->len) != 0) {
				char msg[160];
				snprintf(msg, sizeof(msg), "section '%.*s' closed by '%.*s'", (int)open->len, open->s,
					 (int)k->len, k->s);
				return parse_error(e, k->at, msg);
			}
			open->match = i;
			depth--;
		}
	}
	if (depth)
		return parse_error(e, t->v[stack[depth - 1]].at, "unclosed section");
	return 0;
}

static int tokenize(const char *src, struct toks *t, struct error *e)
{
	size_t pos = 0;
	for (;;) {
		const char *open = strstr(src + pos, "{{");
		size_t tag_start = open ? (size_t)(open - src) : strlen(src + pos) + pos;
		if (tag_start > pos && toks_add(t, TOK_TEXT, src + pos, tag_start - pos, pos) < 0)
			return error_set(e, ERR_ENV, "template: out of memory");
		if (!open)
			break;
		enum tok_type type = TOK_VAR;
		const char *name = NULL;
		size_t len = 0, end = 0;
		int rc = read_tag(src, tag_start, &type, &name, &len, &end, e);
		if (rc < 0)
			return rc;
		size_t line_start, after;
		if ((type == TOK_SECTION || type == TOK_INVERTED || type == TOK_CLOSE || type == TOK_COMMENT) &&
		    standalone(src, tag_start, end, &line_start, &after)) {
			/* the indentation before the tag belongs to the text token just added */
			if (t->n && t->v[t->n - 1].type == TOK_TEXT && t->v[t->n - 1].s + t->v[t->n - 1].len == open)
				t->v[t->n - 1].len -= tag_start - line_start;
			end = after;
		}
		if (toks_add(t, type, name, len, tag_start) < 0)
			return error_set(e, ERR_ENV, "template: out of memory");
		pos = end;
	}
	return match_sections(t, e);
}

static const json_t *lookup_in(const json_t *v, const char *name, size_t len)
{
	while (v && len) {
		const char *dot = memchr(name, '.', len);
		size_t part = dot ? (size_t)(dot - name) : len;
		char key[128];
		if (part >= sizeof(key) || !json_is_object(v))
			return NULL;
		memcpy(key, name, part);
		key[part] = '\0';
		v = json_object_get(v, key);
		if (!dot)
			return v;
		name += part + 1;
		len -= part + 1;
	}
	return v;
}

/* Mustache's resolution: the first name part in the innermost scope that has it, the rest from there. */
static const json_t *lookup(const struct scope *s, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return s ? s->v : NULL;
	const char *dot = memchr(name, '.', len);
	size_t head = dot ? (size_t)(dot - name) : len;
	for (; s; s = s->up) {
		if (!json_is_object(s->v))
			continue;
		const json_t *v = lookup_in(s->v, name, head);
		if (v)
			return dot ? lookup_in(v, dot + 1, len - head - 1) : v;
	}
	return NULL;
}

static int truthy(const json_t *v)
{
	if (!v || json_is_null(v) || json_is_false(v))
		return 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	return 1;
}

static void add_escaped(struct buf *b, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		/* mustache.js escapes these too (an unquoted attribute, a template literal): so do we */
		case '/': rep = "&#x2F;"; break;
		case '`': rep = "&#x60;"; break;
		case '=': rep = "&#x3D;"; break;
		default: break;
		}
		if (rep) {
			buf_add(b, s + from, i - from);
			buf_add(b, rep, strlen(rep));
			from = i + 1;
		}
	}
	buf_add(b, s + from, n - from);
}

static void add_value(struct buf *b, const json_t *v, int escape)
{
	char num[32];
	const char *s = "";
	size_t n = 0;
	if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
	} else if (json_is_integer(v)) {
		n = (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = num;
	} else if (json_is_boolean(v)) {
		s = json_is_true(v) ? "true" : "false";
		n = strlen(s);
	}
	if (escape)
		add_escaped(b, s, n);
	else
		buf_add(b, s, n);
}

static void render_range(const struct toks *t, size_t from, size_t to, const struct scope *sc, int html, struct buf *b)
{
	for (size_t i = from; i < to; i++) {
		const struct tok *k = &t->v[i];
		const json_t *v;
		switch (k->type) {
		case TOK_TEXT: buf_add(b, k->s, k->len); break;
		case TOK_VAR:
		case TOK_RAW: add_value(b, lookup(sc, k->s, k->len), html && k->type == TOK_VAR); break;
		case TOK_SECTION:
			v = lookup(sc, k->s, k->len);
			if (json_is_array(v)) {
				for (size_t j = 0; j < json_array_size(v); j++) {
					struct scope inner = { json_array_get(v, j), sc };
					render_range(t, i + 1, k->match, &inner, html, b);
				}
			} else if (truthy(v)) {
				struct scope inner = { v, sc };
				render_range(t, i + 1, k->match, &inner, html, b);
			}
			i = k->match;
			break;
		case TOK_INVERTED:
			if (!truthy(lookup(sc, k->s, k->len)))
				render_range(t, i + 1, k->match, sc, html, b);
			i = k->match;
			break;
		case TOK_CLOSE:
		case TOK_COMMENT: break;
		}
	}
}

int template_render(const char *src, const json_t *data, int html, char **out, struct error *e)
{
	struct toks t = { 0 };
	struct buf b = { 0 };
	int ret = tokenize(src ? src : "", &t, e);
	*out = NULL;
	if (ret < 0)
		goto cleanup;
	struct scope root = { data, NULL };
	buf_add(&b, "", 0);
	render_range(&t, 0, t.n, &root, html, &b);
	if (b.oom) {
		ret = error_set(e, ERR_ENV, "template: out of memory");
		goto cleanup;
	}
	*out = b.p;
	b.p = NULL;
cleanup:
	free(b.p);
	free(t.v);
	return ret;
}

/* ---- merge fields ---- */

static const char *const known_fields[] = {
	"creditor.name",
	"creditor.address",
	"creditor.cnpj",
	"creditor.email",
	"creditor.phone",
	"customer.name",
	"customer.ref",
	"contact.name",
	"invoices",
	"invoices.ref",
	"invoices.issue_date",
	"invoices.due_date",
	"invoices.amount",
	"invoices.balance",
	"invoices.days_past_due",
	"invoices.currency",
	"invoice_count",
	"total",
	"credit",
	"currency",
	"due_date",
	"days_past_due",
	"payment_instructions",
	"collector.name",
	"collector.email",
	"collector.phone",
	"optout_url",
	"optout_email",
	"optout_line",
	"message_id",
	"today",
	"creditor",
	"customer",
	"contact",
	"collector",
};

int template_field_known(const char *name)
{
	for (size_t i = 0; i < sizeof(known_fields) / sizeof(known_fields[0]); i++)
		if (strcmp(name, known_fields[i]) == 0)
			return 1;
	return 0;
}

static void add_unique(json_t *arr, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (strcmp(json_string_value(v), name) == 0)
			return;
	}
	json_array_append_new(arr, json_string(name));
}

json_t *template_fields_used(const char *src, struct error *e)
{
	struct toks t = { 0 };
	json_t *arr = NULL;
	if (tokenize(src ? src : "", &t, e) < 0)
		goto cleanup;
	arr = json_array();
	/* the open sections, innermost last: a name inside "invoices" is "invoices.<name>" when that is a field */
	const struct tok *open[64];
	size_t depth = 0;
	for (size_t i = 0; i < t.n && arr; i++) {
		const struct tok *k = &t.v[i];
		if (k->type == TOK_TEXT || k->type == TOK_COMMENT)
			continue;
		if (k->type == TOK_CLOSE) {
			if (depth)
				depth--;
			continue;
		}
		char name[160];
		snprintf(name, sizeof(name), "%.*s", (int)k->len, k->s);
		for (size_t d = depth; d > 0 && strcmp(name, ".") != 0; d--) {
			char qualified[320];
			snprintf(qualified, sizeof(qualified), "%.*s.%s", (int)open[d - 1]->len, open[d - 1]->s, name);
			if (template_field_known(qualified)) {
				snprintf(name, sizeof(name), "%s", qualified);
				break;
			}
		}
		if (strcmp(name, ".") != 0)
			add_unique(arr, name);
		if ((k->type == TOK_SECTION || k->type == TOK_INVERTED) && depth < sizeof(open) / sizeof(open[0]))
			open[depth++] = k;
	}
cleanup:
	free(t.v);
	return arr;
}

/* ---- validation ---- */

/*
 * Words that tell a reader there is a debt, lower case, matched at the
 * start of a word so that "owe" does not catch "power" (nor "schuld"
 * "Entschuldigung"; German compounds are listed whole: "zahlungsverzug"). Third parties and
 * limited-content messages must not carry them (DOMAIN.md point 8).
 */
static const char *const debt_words[] = {
	/* en */
	"debt", "owe", "owing", "overdue", "past due", "arrears", "outstanding balance", "unpaid", "collection",
	"delinquen", "default",
	/* pl */
	"dług", "dłuż", "zadłuż", "zaległ", "windykac", "należnoś", "nieopłacon", "niezapłacon", "egzekuc",
	/* pt-BR */
	"dívida", "divida", "débito", "debito", "devedor", "devendo", "cobrança", "cobranca", "inadimpl", "atraso",
	"atrasad", "em aberto", "vencid", "pendência", "pendencia",
	/* de */
	"schuld", "mahn", "inkasso", "forderung", "überfällig", "ueberfaellig", "rückstand", "rueckstand",
	"zahlungsrückstand", "verzug", "zahlungsverzug", "säumig", "unbezahlt", "ausstehend", "offener betrag",
	"offene posten",
	/* fr */
	"dette", "endett", "débiteur", "debiteur", "impayé", "impaye", "retard", "recouvr", "créance", "creance",
	"arriéré", "arriere", "contentieux", "mise en demeure", "huissier", "relance"
};

/* Fields that give the debt away, for the same audiences. */
static const char *const debt_fields[] = { "invoices", "invoice_count", "total",         "credit",
					   "currency", "due_date",      "days_past_due", "payment_instructions" };

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static char *fold_case(const char *s)
{
	UErrorCode st = U_ZERO_ERROR;
	UCaseMap *cm = ucasemap_open("", 0, &st);
	if (U_FAILURE(st))
		return NULL;
	int32_t n = (int32_t)strlen(s);
	int32_t cap = n * 2 + 16;
	char *out = malloc((size_t)cap);
	if (out) {
		ucasemap_utf8ToLower(cm, out, cap, s, n, &st);
		if (U_FAILURE(st)) {
			free(out);
			out = NULL;
		}
	}
	ucasemap_close(cm);
	return out;
}

/* The first debt word in `s` (lower-cased through ICU), or NULL. */
static const char *debt_word_in(const char *s)
{
	char *low = fold_case(s);
	const char *found = NULL;
	if (!low)
		return "(text could not be case-folded)";
	for (size_t i = 0; i < sizeof(debt_words) / sizeof(debt_words[0]) && !found; i++) {
		size_t wl = strlen(debt_words[i]);
		for (const char *p = strstr(low, debt_words[i]); p; p = strstr(p + 1, debt_words[i])) {
			if (p == low || !is_word_byte((unsigned char)p[-1])) {
				found = debt_words[i];
				break;
			}
			(void)wl;
		}
	}
	free(low);
	return found;
}

static int uses(const json_t *fields, const char *name)
{
	size_t i;
	json_t *v;
	size_t n = strlen(name);
	json_array_foreach(fields, i, v)
	{
		const char *f = json_string_value(v);
		if (strncmp(f, name, n) == 0 && (f[n] == '\0' || f[n] == '.'))
			return 1;
	}
	return 0;
}

static int check_part(const struct template_doc *t, const char *part, const char *src, json_t **fields_out,
		      struct error *e)
{
	struct error pe = ERROR_INIT;
	json_t *fields = template_fields_used(src, &pe);
	if (!fields)
		return error_set_field(e, pe.code, part, "template '%s' %s: %s", t->name, part, pe.message);
	size_t i;
	json_t *v;
	json_array_foreach(fields, i, v)
	{
		if (!template_field_known(json_string_value(v))) {
			int rc = error_set_field(e, ERR_INPUT, part, "template '%s' %s: unknown merge field '%s'",
						 t->name, part, json_string_value(v));
			json_decref(fields);
			return rc;
		}
	}
	if (t->audience != TEMPLATE_DEBTOR) {
		for (size_t k = 0; k < sizeof(debt_fields) / sizeof(debt_fields[0]); k++) {
			if (uses(fields, debt_fields[k])) {
				int rc = error_set_field(e, ERR_INPUT, part,
							 "template '%s' %s: a %s message must not use '%s' (it "
							 "tells the reader about a debt)",
							 t->name, part, template_audience_name(t->audience),
							 debt_fields[k]);
				json_decref(fields);
				return rc;
			}
		}
		const char *w = debt_word_in(src);
		if (w) {
			int rc = error_set_field(e, ERR_INPUT, part,
						 "template '%s' %s: a %s message must not mention a debt ('%s')",
						 t->name, part, template_audience_name(t->audience), w);
			json_decref(fields);
			return rc;
		}
	}
	*fields_out = fields;
	return 0;
}

static int check_name(const char *name, struct error *e)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > TEMPLATE_NAME_MAX)
		return error_set_field(e, ERR_INPUT, "name", "template name '%s' must be 1 to %d characters",
				       name ? name : "", TEMPLATE_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return error_set_field(e, ERR_INPUT, "name", "template name '%s' may only use a-z 0-9 - _",
					       name);
	}
	return 0;
}

static int check_lang(const char *lang, struct error *e)
{
	size_t n = lang ? strlen(lang) : 0;
	int ok = n >= 2 && n <= TEMPLATE_LANG_MAX;
	for (size_t i = 0; ok && i < n; i++) {
		char c = lang[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
	}
	if (!ok)
		return error_set_field(e, ERR_INPUT, "lang", "language '%s' is not a language tag (en, pl, pt-BR)",
				       lang ? lang : "");
	return 0;
}

static int too_long(const struct template_doc *t, const char *part, const char *s, struct error *e)
{
	if (s && strlen(s) > TEMPLATE_PART_MAX)
		return error_set_field(e, ERR_INPUT, part, "template '%s' %s: longer than %d bytes", t->name, part,
				       TEMPLATE_PART_MAX);
	return 0;
}

/*
 * A part's characters: text a manager typed, so what core/validate.h
 * allows (valid UTF-8, no NUL, no control character) with line breaks and
 * tabs in the text and the HTML, none in a subject (an email header: a line
 * break there would start another header).
 */
static int bad_chars(const struct template_doc *t, const char *part, const char *s, struct error *e)
{
	char why[96];

	if (s && validate_text_n(s, strlen(s), TEMPLATE_PART_MAX, strcmp(part, "subject") != 0, why, sizeof(why)))
		return error_set_field(e, ERR_INPUT, part, "template '%s' %s: %s", t->name, part, why);
	return 0;
}

int template_validate(const struct template_doc *t, struct error *e)
{
	json_t *fs = NULL, *ft = NULL, *fh = NULL;
	int ret = check_name(t->name, e);
	if (ret == 0)
		ret = check_lang(t->lang, e);
	if (ret < 0)
		return ret;
	const char *ch = t->channel ? t->channel : "";
	int email = strcmp(ch, "email") == 0, sms = strcmp(ch, "sms") == 0, letter = strcmp(ch, "letter") == 0;
	int call = strcmp(ch, "call") == 0;
	if (!email && !sms && !letter && !call)
		return error_set_field(e, ERR_INPUT, "channel",
				       "template '%s': channel '%s' is not one of email, sms, letter, call", t->name,
				       ch);
	if (call && t->audience != TEMPLATE_VOICEMAIL_LIMITED)
		return error_set_field(e, ERR_INPUT, "channel",
				       "template '%s': a call template is a voicemail, audience voicemail_limited",
				       t->name);
	if (!t->text || !*t->text)
		return error_set_field(e, ERR_INPUT, "text", "template '%s': the text is missing", t->name);
	if (email && (!t->subject || !*t->subject))
		return error_set_field(e, ERR_INPUT, "subject", "template '%s': an email needs a subject", t->name);
	if (!email && t->html && *t->html)
		return error_set_field(e, ERR_INPUT, "html", "template '%s': only an email has an HTML part", t->name);
	ret = too_long(t, "subject", t->subject, e);
	if (ret == 0)
		ret = too_long(t, "text", t->text, e);
	if (ret == 0)
		ret = too_long(t, "html", t->html, e);
	if (ret == 0)
		ret = bad_chars(t, "subject", t->subject, e);
	if (ret == 0)
		ret = bad_chars(t, "text", t->text, e);
	if (ret == 0)
		ret = bad_chars(t, "html", t->html, e);
	if (ret == 0 && t->subject)
		ret = check_part(t, "subject", t->subject, &fs, e);
	if (ret == 0)
		ret = check_part(t, "text", t->text, &ft, e);
	if (ret == 0 && t->html && *t->html)
		ret = check_part(t, "html", t->html, &fh, e);
	if (ret < 0)
		goto cleanup;
	/* every email carries a way to opt out (Regulation F 1006.6(e)); the SMS sender appends its own */
	if (email && !(uses(ft, "optout_line") || uses(ft, "optout_url") || uses(ft, "optout_email"))) {
		ret = error_set_field(e, ERR_INPUT, "text",
				      "template '%s' text: an email must carry the opt-out ({{optout_line}} or "
				      "{{optout_url}})",
				      t->name);
		goto cleanup;
	}
	if (email && fh && !(uses(fh, "optout_line") || uses(fh, "optout_url") || uses(fh, "optout_email"))) {
		ret = error_set_field(e, ERR_INPUT, "html",
				      "template '%s' html: an email must carry the opt-out ({{optout_line}} or "
				      "{{optout_url}})",
				      t->name);
		goto cleanup;
	}
	if ((email || letter) && t->audience == TEMPLATE_DEBTOR && !uses(ft, "creditor.name") &&
	    !(fs && uses(fs, "creditor.name"))) {
		ret = error_set_field(e, ERR_INPUT, "text",
				      "template '%s' text: the message must name the creditor ({{creditor.name}})",
				      t->name);
		goto cleanup;
	}
cleanup:
	json_decref(fs);
	json_decref(ft);
	json_decref(fh);
	return ret;
}

/* ---- languages ---- */

static size_t chain_add(char out[][TEMPLATE_LANG_MAX + 1], size_t n, size_t max, const char *lang, size_t len)
{
	if (len == 0 || len > TEMPLATE_LANG_MAX || n >= max)
		return n;
	for (size_t i = 0; i < n; i++)
		if (strlen(out[i]) == len && strncmp(out[i], lang, len) == 0)
			return n;
	memcpy(out[n], lang, len);
	out[n][len] = '\0';
	return n + 1;
}

static size_t chain_lang(char out[][TEMPLATE_LANG_MAX + 1], size_t n, size_t max, const char *lang)
{
	if (!lang)
		return n;
	n = chain_add(out, n, max, lang, strlen(lang));
	const char *dash = strchr(lang, '-');
	if (!dash)
		dash = strchr(lang, '_');
	if (dash)
		n = chain_add(out, n, max, lang, (size_t)(dash - lang));
	return n;
}

size_t template_lang_chain(const char *lang, const char *tenant_lang, char out[][TEMPLATE_LANG_MAX + 1], size_t max)
{
	size_t n = chain_lang(out, 0, max, lang);
	n = chain_lang(out, n, max, tenant_lang);
	return chain_add(out, n, max, "en", 2);
}

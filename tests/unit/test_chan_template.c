/* The template renderer, validator and language chain (src/channels/template.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "channels/gsm7.h"
#include "channels/template.h"

static char *render(const char *src, const char *json, int html)
{
	json_error_t je;
	json_t *data = json_loads(json, 0, &je);
	assert_non_null(data);
	char *out = NULL;
	struct error e = ERROR_INIT;
	int rc = template_render(src, data, html, &out, &e);
	json_decref(data);
	if (rc < 0)
		fail_msg("render failed: %s", e.message);
	return out;
}

static void expect(const char *src, const char *json, int html, const char *want)
{
	char *got = render(src, json, html);
	assert_string_equal(got, want);
	free(got);
}

static void test_variables(void **state)
{
	expect("Hello {{name}}!", "{\"name\": \"Ana\"}", 0, "Hello Ana!");
	expect("{{ name }}", "{\"name\": \"Ana\"}", 0, "Ana");
	expect("[{{missing}}]", "{}", 0, "[]");
	expect("{{n}} {{t}} {{f}} {{z}}", "{\"n\": 42, \"t\": true, \"f\": false, \"z\": null}", 0, "42 true false ");
	expect("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", 0, "deep");
	expect("{{a.x}}", "{\"a\": {\"b\": 1}}", 0, "");
	expect("no tags", "{}", 0, "no tags");
	expect("", "{}", 0, "");
	expect("{{! a comment }}x", "{}", 0, "x");
}

static void test_escaping(void **state)
{
	const char *d = "{\"v\": \"<a href='x'>&\\\"</a>\"}";
	expect("{{v}}", d, 1, "&lt;a href&#x3D;&#39;x&#39;&gt;&amp;&quot;&lt;&#x2F;a&gt;");
	expect("{{{v}}}", d, 1, "<a href='x'>&\"</a>");
	expect("{{& v}}", d, 1, "<a href='x'>&\"</a>");
	/* a plain-text part is never escaped */
	expect("{{v}}", d, 0, "<a href='x'>&\"</a>");
}

static void test_sections(void **state)
{
	const char *d = "{\"invoices\": [{\"ref\": \"A\", \"amount\": \"1.00\"}, {\"ref\": \"B\", \"amount\": "
			"\"2.00\"}], \"cur\": \"PLN\", \"empty\": [], \"yes\": true, \"no\": false, \"obj\": "
			"{\"k\": \"v\"}, \"s\": \"\", \"zero\": 0}";
	expect("{{#invoices}}{{ref}}={{amount}} {{cur}};{{/invoices}}", d, 0, "A=1.00 PLN;B=2.00 PLN;");
	expect("{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", d, 0, "none");
	expect("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}", d, 0, "Y!N");
	expect("{{#obj}}{{k}}{{/obj}}", d, 0, "v");
	expect("{{#s}}x{{/s}}{{^s}}blank{{/s}}", d, 0, "blank");
	expect("{{#zero}}x{{/zero}}{{^zero}}0{{/zero}}", d, 0, "0");
	expect("{{#missing}}x{{/missing}}", d, 0, "");
	expect("{{#l}}{{.}},{{/l}}", "{\"l\": [\"a\", \"b\"]}", 0, "a,b,");
	/* nested: the inner name first in the element, then outwards */
	expect("{{#a}}{{#b}}{{x}}{{y}}{{/b}}{{/a}}", "{\"a\": [{\"x\": 1, \"b\": [{\"y\": 2}]}], \"y\": 9}", 0, "12");
}

static void test_standalone_lines(void **state)
{
	const char *d = "{\"invoices\": [{\"ref\": \"A\"}, {\"ref\": \"B\"}]}";
	expect("Open:\n{{#invoices}}\n  {{ref}}\n{{/invoices}}\nEnd\n", d, 0, "Open:\n  A\n  B\nEnd\n");
	expect("Open:\n  {{#invoices}}  \n- {{ref}}\n  {{/invoices}}\nEnd", d, 0, "Open:\n- A\n- B\nEnd");
	/* a tag sharing its line with text is not standalone */
	expect("x {{#invoices}}{{ref}}{{/invoices}} y\n", d, 0, "x AB y\n");
	expect("{{! note }}\nline\n", "{}", 0, "line\n");
}

static void expect_parse_error(const char *src, const char *what)
{
	char *out = (char *)1;
	struct error e = ERROR_INIT;
	json_t *data = json_object();
	assert_int_equal(template_render(src, data, 0, &out, &e), -ERR_INPUT);
	assert_null(out);
	if (!strstr(e.message, what))
		fail_msg("'%s': got '%s', want '%s'", src, e.message, what);
	json_decref(data);
}

static void test_parse_errors(void **state)
{
	expect_parse_error("{{#a}}x", "unclosed section at byte 0");
	expect_parse_error("x{{/a}}", "a close tag with no section open at byte 1");
	expect_parse_error("{{#a}}{{/b}}", "section 'a' closed by 'b' at byte 6");
	expect_parse_error("{{name", "unclosed tag");
	expect_parse_error("{{> part}}", "partials");
	expect_parse_error("{{=<% %>=}}", "delimiter");
	expect_parse_error("{{ }}", "empty tag");
	expect_parse_error("{{a b}}", "a tag name has a character");
}

static void test_fields_used(void **state)
{
	struct error e = ERROR_INIT;
	json_t *f = template_fields_used("{{customer.name}} {{#invoices}}{{ref}} {{currency}}{{/invoices}} {{total}} "
					 "{{customer.name}}",
					 &e);
	assert_non_null(f);
	char *s = json_dumps(f, JSON_COMPACT);
	assert_string_equal(s, "[\"customer.name\",\"invoices\",\"invoices.ref\",\"invoices.currency\",\"total\"]");
	free(s);
	json_decref(f);
	assert_true(template_field_known("invoices.days_past_due"));
	assert_true(template_field_known("creditor.cnpj"));
	assert_false(template_field_known("invoices.colour"));
	assert_false(template_field_known("custmer.name"));
}

static struct template_doc email(const char *lang, enum template_audience aud, const char *subject, const char *text)
{
	return (struct template_doc){ "t1", "email", lang, aud, subject, text, NULL };
}

static void expect_refused(const struct template_doc *t, const char *field, const char *what)
{
	struct error e = ERROR_INIT;
	assert_int_equal(template_validate(t, &e), -ERR_INPUT);
	if (!strstr(e.message, what))
		fail_msg("got '%s', want '%s'", e.message, what);
	assert_string_equal(e.field, field);
}

static void test_validate(void **state)
{
	struct error e = ERROR_INIT;
	struct template_doc ok = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}",
				       "Hi {{contact.name}} {{optout_line}}");
	assert_int_equal(template_validate(&ok, &e), 0);

	struct template_doc t = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}",
				      "Hi {{contact.nmae}} {{optout_line}}");
	expect_refused(&t, "text", "unknown merge field 'contact.nmae'");
	t = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}", "Hi {{#invoices}}{{colour}}{{/invoices}} {{optout_url}}");
	expect_refused(&t, "text", "unknown merge field 'colour'");
	t = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}", "Hi, no way out");
	expect_refused(&t, "text", "must carry the opt-out");
	t = email("en", TEMPLATE_DEBTOR, "Hello", "Hi {{optout_line}}");
	expect_refused(&t, "text", "must name the creditor");
	t = email("en", TEMPLATE_DEBTOR, "", "Hi {{optout_line}} {{creditor.name}}");
	expect_refused(&t, "subject", "needs a subject");
	/* text a manager typed: no control character; line breaks and tabs in the text, not in a subject */
	t = email("en", TEMPLATE_DEBTOR, "Hello\r\nBcc: x@example.com", "Hi {{optout_line}} {{creditor.name}}");
	expect_refused(&t, "subject", "contains a control character (byte 0x0d)");
	t = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}", "Hi \x1b[31m{{optout_line}}");
	expect_refused(&t, "text", "contains a control character (byte 0x1b)");
	t = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}", "Hi \xc3\x28 {{optout_line}}");
	expect_refused(&t, "text", "not valid UTF-8");
	t = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}", "Dear {{contact.name}},\r\n\r\n\tHi {{optout_line}}");
	assert_int_equal(template_validate(&t, &e), 0);
	t = email("en", TEMPLATE_DEBTOR, "{{creditor.name}}", "{{#invoices}}{{optout_line}}");
	expect_refused(&t, "text", "unclosed section");
	t = email("e n", TEMPLATE_DEBTOR, "{{creditor.name}}", "{{optout_line}}");
	expect_refused(&t, "lang", "not a language tag");
	t = ok;
	t.name = "Bad Name";
	expect_refused(&t, "name", "may only use");
	t = ok;
	t.channel = "fax";
	expect_refused(&t, "channel", "channel 'fax'");
	t = ok;
	t.channel = "sms";
	t.html = "<p>x</p>";
	expect_refused(&t, "html", "only an email has an HTML part");
	t = ok;
	t.html = "<p>{{creditor.name}}</p>";
	expect_refused(&t, "html", "must carry the opt-out");
}

static void test_third_party_never_mentions_a_debt(void **state)
{
	static const struct {
		const char *lang, *text, *word;
	} cases[] = {
		{ "en", "Please call us about your debt. {{optout_line}}", "debt" },
		{ "en", "The amount you OWE us. {{optout_line}}", "owe" },
		{ "en", "Your account is overdue. {{optout_line}}", "overdue" },
		{ "en", "A collection notice. {{optout_line}}", "collection" },
		{ "pl", "Prosimy o spłatę DŁUGU. {{optout_line}}", "dług" },
		{ "pl", "Informujemy o zadłużeniu. {{optout_line}}", "zadłuż" },
		{ "pl", "Zaległa płatność. {{optout_line}}", "zaległ" },
		{ "pl", "Firma windykacyjna. {{optout_line}}", "windykac" },
		{ "pt-BR", "Sobre sua Dívida. {{optout_line}}", "dívida" },
		{ "pt-BR", "Aviso de cobrança. {{optout_line}}", "cobrança" },
		{ "pt-BR", "Parcela em atraso. {{optout_line}}", "atraso" },
		{ "pt-BR", "Cliente inadimplente. {{optout_line}}", "inadimpl" },
		{ "de", "Es geht um Ihre SCHULDEN. {{optout_line}}", "schuld" },
		{ "de", "Unsere Mahnung an Herrn Weber. {{optout_line}}", "mahn" },
		{ "de", "Die Forderung ist offen. {{optout_line}}", "forderung" },
		{ "de", "Wegen Zahlungsverzug. {{optout_line}}", "zahlungsverzug" },
		{ "de", "Eine überfällige Rechnung. {{optout_line}}", "überfällig" },
		{ "de", "Unser Inkassobüro. {{optout_line}}", "inkasso" },
		{ "fr", "Au sujet de sa DETTE. {{optout_line}}", "dette" },
		{ "fr", "Une facture impayée. {{optout_line}}", "impayé" },
		{ "fr", "Notre service de recouvrement. {{optout_line}}", "recouvr" },
		{ "fr", "Une créance ancienne. {{optout_line}}", "créance" },
		{ "fr", "Un paiement en retard. {{optout_line}}", "retard" },
		{ "fr", "Une mise en demeure. {{optout_line}}", "mise en demeure" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct template_doc t = email(cases[i].lang, TEMPLATE_THIRD_PARTY, "{{creditor.name}}", cases[i].text);
		char want[64];
		snprintf(want, sizeof(want), "must not mention a debt ('%s')", cases[i].word);
		expect_refused(&t, "text", want);
		/* the same text to the debtor is fine */
		t.audience = TEMPLATE_DEBTOR;
		struct error e = ERROR_INIT;
		t.text = "{{creditor.name}} {{optout_line}}";
		assert_int_equal(template_validate(&t, &e), 0);
	}
	/* a word merely containing one is not one: "power", "followed", "Entschuldigung" */
	struct template_doc t = email("en", TEMPLATE_THIRD_PARTY, "{{creditor.name}}",
				      "Power followed by a call, about an invoice. {{optout_line}}");
	struct error e = ERROR_INIT;
	assert_int_equal(template_validate(&t, &e), 0);
	t = email("de", TEMPLATE_THIRD_PARTY, "{{creditor.name}}",
		  "Entschuldigung, es geht um eine Rechnung. {{optout_line}}");
	assert_int_equal(template_validate(&t, &e), 0);
	/* fields that tell the amount are refused */
	t.text = "About {{total}} {{optout_line}}";
	expect_refused(&t, "text", "must not use 'total'");
	t.text = "{{#invoices}}{{ref}}{{/invoices}} {{optout_line}}";
	expect_refused(&t, "text", "must not use 'invoices'");
	t.audience = TEMPLATE_VOICEMAIL_LIMITED;
	t.channel = "call";
	t.subject = NULL;
	t.text = "Call {{collector.name}} about the {{due_date}}";
	expect_refused(&t, "text", "must not use 'due_date'");
	t.channel = "email";
	t.audience = TEMPLATE_THIRD_PARTY;
	t.subject = "Your debt";
	t.text = "{{optout_line}}";
	expect_refused(&t, "subject", "must not mention a debt");
}

static void test_shipped_are_valid_and_render(void **state)
{
	const struct template_doc *all;
	size_t n = template_shipped_all(&all);
	assert_true(n >= 18);
	json_error_t je;
	json_t *data = json_loads("{\"creditor\": {\"name\": \"Acme\"}, \"contact\": {\"name\": \"Ana\"}, "
				  "\"customer\": {\"name\": \"Ana Ltd\"}, \"invoices\": [{\"ref\": \"INV-1\", "
				  "\"due_date\": \"2026-11-01\", \"balance\": \"$1,234.56\"}], \"total\": "
				  "\"$1,234.56\", \"invoice_count\": 1, \"optout_line\": \"To stop: reply STOP\"}",
				  0, &je);
	for (size_t i = 0; i < n; i++) {
		struct error e = ERROR_INIT;
		if (template_validate(&all[i], &e) < 0)
			fail_msg("shipped %s/%s/%s: %s", all[i].name, all[i].channel, all[i].lang, e.message);
		char *out = NULL;
		assert_int_equal(template_render(all[i].text, data, 0, &out, &e), 0);
		assert_non_null(strstr(out, all[i].audience == TEMPLATE_VOICEMAIL_LIMITED ? "Ana" : "Acme"));
		if (all[i].audience == TEMPLATE_DEBTOR && strcmp(all[i].channel, "email") == 0) {
			assert_non_null(strstr(out, "INV-1"));
			assert_non_null(strstr(out, "To stop: reply STOP"));
		}
		free(out);
	}
	json_decref(data);
	assert_non_null(template_shipped("default", "email", "pt-BR", TEMPLATE_DEBTOR));
	assert_non_null(template_shipped("default", "email", "pt", TEMPLATE_DEBTOR));
	assert_non_null(template_shipped("default", "email", "PL", TEMPLATE_DEBTOR));
	assert_non_null(template_shipped("default", "email", "de", TEMPLATE_DEBTOR));
	/* "de-AT" is not "de": the language chain (template_lang_chain) tries "de" after it */
	assert_null(template_shipped("default", "email", "de-AT", TEMPLATE_DEBTOR));
	assert_non_null(template_shipped("formal-notice", "letter", "FR", TEMPLATE_DEBTOR));
	assert_null(template_shipped("default", "email", "it", TEMPLATE_DEBTOR));
	assert_non_null(template_shipped("payment-reminder", "sms", "de", TEMPLATE_DEBTOR));
	assert_null(template_shipped("arrears-letter-support", "letter", "de", TEMPLATE_DEBTOR));
	assert_null(template_shipped("nope", "email", "en", TEMPLATE_DEBTOR));
}

/* The Brazilian debtor's texts (pt-BR, and Brazil's steps in English) with a CNPJ set and without. */
/*
 * Every debtor's email and text: any of them may reach a debtor in Brazil
 * (an English-speaking company on b2b-gentle gets due-today in English), and
 * app/send.c hands over none to Brazil that does not show the CNPJ.
 */
static int for_brazil(const struct template_doc *t)
{
	return t->audience == TEMPLATE_DEBTOR && (strcmp(t->channel, "email") == 0 || strcmp(t->channel, "sms") == 0);
}

static void test_shipped_name_the_supplier_in_brazil(void **state)
{
	const struct template_doc *all;
	size_t n = template_shipped_all(&all), checked = 0;
	json_error_t je;
	json_t *with = json_loads("{\"creditor\": {\"name\": \"Loja Exemplo Ltda\", \"address\": \"Rua Augusta 100, "
				  "Sao Paulo\", \"cnpj\": \"12.345.678/0001-95\"}, \"total\": \"R$ 1,00\"}",
				  0, &je);
	json_t *without = json_loads("{\"creditor\": {\"name\": \"Loja Exemplo Ltda\", \"address\": \"Rua Augusta "
				     "100\", \"cnpj\": \"\"}}",
				     0, &je);
	assert_non_null(with);
	assert_non_null(without);
	for (size_t i = 0; i < n; i++) {
		const struct template_doc *t = &all[i];
		if (!for_brazil(t))
			continue;
		checked++;
		struct error e = ERROR_INIT;
		char *out = NULL;
		int email = strcmp(t->channel, "email") == 0;
		assert_int_equal(template_render(t->text, with, 0, &out, &e), 0);
		if (!strstr(out, "CNPJ 12.345.678/0001-95") || !strstr(out, "Loja Exemplo Ltda") ||
		    (email && !strstr(out, "Loja Exemplo Ltda, Rua Augusta 100, Sao Paulo, CNPJ 12.345.678/0001-95\n")))
			fail_msg("shipped %s/%s/%s text names no supplier: %s", t->name, t->channel, t->lang, out);
		free(out);
		assert_int_equal(template_render(t->text, without, 0, &out, &e), 0);
		if (strstr(out, "CNPJ"))
			fail_msg("shipped %s/%s/%s text: a CNPJ label with no CNPJ set: %s", t->name, t->channel,
				 t->lang, out);
		free(out);
		if (!email)
			continue;
		assert_int_equal(template_render(t->html, with, 1, &out, &e), 0);
		if (!strstr(out, "<p>Loja Exemplo Ltda, Rua Augusta 100, Sao Paulo, CNPJ 12.345.678&#x2F;0001-95</p>"))
			fail_msg("shipped %s/%s/%s HTML names no supplier: %s", t->name, t->channel, t->lang, out);
		free(out);
		assert_int_equal(template_render(t->html, without, 1, &out, &e), 0);
		assert_null(strstr(out, "CNPJ"));
		free(out);
	}
	/* every debtor's email and text, in every language: 9 before the generic steps had the line too,
	 * 35 before consumer-standard's in German and French (payment-reminder email and text,
	 * missed-payment) */
	assert_int_equal(checked, 41);
	json_decref(with);
	json_decref(without);
}

/* 1 when the JSON arrays of field names hold the same names, `skip` left out of both. */
static int same_fields(const json_t *a, const json_t *b, const char *skip)
{
	size_t i;
	json_t *v;
	size_t na = 0, nb = 0;
	json_array_foreach(a, i, v)
	{
		const char *f = json_string_value(v);
		if (skip && !strcmp(f, skip))
			continue;
		na++;
		int found = 0;
		for (size_t k = 0; k < json_array_size(b) && !found; k++)
			found = !strcmp(f, json_string_value(json_array_get(b, k)));
		if (!found)
			return 0;
	}
	json_array_foreach(b, i, v)
	{
		if (!skip || strcmp(json_string_value(v), skip))
			nb++;
	}
	return na == nb;
}

static void expect_same_fields(const struct template_doc *en, const struct template_doc *t, const char *part,
			       const char *en_src, const char *src)
{
	struct error e = ERROR_INIT;
	if (!en_src && !src)
		return;
	if (!en_src || !src)
		fail_msg("shipped %s/%s/%s: %s in one language only", t->name, t->channel, t->lang, part);
	json_t *fa = template_fields_used(en_src, &e);
	json_t *fb = template_fields_used(src, &e);
	assert_non_null(fa);
	assert_non_null(fb);
	/* a debtor text may open with the language's formal salutation instead of the contact's name */
	const char *skip = t->audience == TEMPLATE_DEBTOR ? "contact.name" : NULL;
	if (!same_fields(fa, fb, skip)) {
		char *wa = json_dumps(fa, 0), *wb = json_dumps(fb, 0);
		fail_msg("shipped %s/%s/%s %s uses %s, the English one %s", t->name, t->channel, t->lang, part, wb, wa);
	}
	json_decref(fa);
	json_decref(fb);
}

/*
 * The German and French templates: each has its English counterpart, with the
 * same parts and the same merge fields and sections (but for the contact's
 * name in a debtor's salutation); their texts (debtor and third party) stay
 * in GSM-7 with plain data, so a text costs what the English one does.
 */
static void test_shipped_de_fr_match_english(void **state)
{
	const struct template_doc *all;
	size_t n = template_shipped_all(&all), seen = 0;
	json_error_t je;
	json_t *data = json_loads(
		"{\"creditor\": {\"name\": \"Acme\"}, \"contact\": {\"name\": \"Ana\"}, "
		"\"collector\": {\"name\": \"Jo\", \"phone\": \"+33 1 23\"}, \"total\": \"99,00 EUR\", "
		"\"invoice_count\": 1, \"due_date\": \"2026-11-01\", \"payment_instructions\": \"IBAN\"}",
		0, &je);
	assert_non_null(data);
	for (size_t i = 0; i < n; i++) {
		const struct template_doc *t = &all[i];
		if (strcmp(t->lang, "de") != 0 && strcmp(t->lang, "fr") != 0)
			continue;
		const struct template_doc *en = template_shipped(t->name, t->channel, "en", t->audience);
		if (!en)
			fail_msg("shipped %s/%s/%s: no English counterpart", t->name, t->channel, t->lang);
		expect_same_fields(en, t, "subject", en->subject, t->subject);
		expect_same_fields(en, t, "text", en->text, t->text);
		expect_same_fields(en, t, "html", en->html, t->html);
		if (strcmp(t->channel, "sms") == 0) {
			char *out = NULL;
			struct error e = ERROR_INIT;
			struct sms_measure m;
			assert_int_equal(template_render(t->text, data, 0, &out, &e), 0);
			assert_int_equal(gsm7_measure(out, &m), 0);
			if (m.encoding != SMS_GSM7)
				fail_msg("shipped %s/%s/%s is not GSM-7: %s", t->name, t->channel, t->lang, out);
			free(out);
		}
		seen++;
	}
	json_decref(data);
	/* default (email, sms: debtor and third party; letter; call), courtesy-reminder, due-today, statement,
	 * formal-notice; payment-reminder (email, sms), missed-payment, arrears-letter, final-notice: fifteen
	 * in each language */
	assert_int_equal(seen, 30);
}

static void test_lang_chain(void **state)
{
	char out[6][TEMPLATE_LANG_MAX + 1];
	size_t n = template_lang_chain("pt-BR", "pl", out, 6);
	assert_int_equal(n, 4);
	assert_string_equal(out[0], "pt-BR");
	assert_string_equal(out[1], "pt");
	assert_string_equal(out[2], "pl");
	assert_string_equal(out[3], "en");
	n = template_lang_chain("", "en", out, 6);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "en");
	n = template_lang_chain("en-GB", NULL, out, 6);
	assert_int_equal(n, 2);
	assert_string_equal(out[1], "en");
	n = template_lang_chain("pl", "pl", out, 1);
	assert_int_equal(n, 1);
}

static void test_audience_names(void **state)
{
	enum template_audience a;
	struct error e = ERROR_INIT;
	assert_int_equal(template_audience_parse("third_party", &a, &e), 0);
	assert_int_equal(a, TEMPLATE_THIRD_PARTY);
	assert_string_equal(template_audience_name(TEMPLATE_VOICEMAIL_LIMITED), "voicemail_limited");
	assert_int_equal(template_audience_parse("spouse", &a, &e), -ERR_INPUT);
	assert_string_equal(e.field, "audience");
}

/*
 * The same cases rendered by mustache.js 4.2.0 (npm `mustache`, the
 * reference implementation): tests/data/templates/mustache_cases.json,
 * written by scripts/mustache-cases. Each case's `html` is the escaped
 * rendering, `text` the unescaped one.
 */
static void test_against_mustache_js(void **state)
{
	json_error_t je;
	json_t *cases = json_load_file(RECOUP_SRCDIR "/tests/data/templates/mustache_cases.json", 0, &je);
	if (!cases)
		fail_msg("mustache_cases.json: %s (line %d)", je.text, je.line);
	assert_true(json_array_size(cases) >= 25);
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *src = json_string_value(json_object_get(c, "template"));
		const json_t *data = json_object_get(c, "data");
		for (int html = 0; html < 2; html++) {
			char *out = NULL;
			struct error e = ERROR_INIT;
			const char *want = json_string_value(json_object_get(c, html ? "html" : "text"));
			if (template_render(src, data, html, &out, &e) < 0)
				fail_msg("case '%s': %s", name, e.message);
			if (strcmp(out, want) != 0)
				fail_msg("case '%s' (%s): got '%s', mustache.js gives '%s'", name,
					 html ? "html" : "text", out, want);
			free(out);
		}
	}
	json_decref(cases);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_standalone_lines),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_fields_used),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_third_party_never_mentions_a_debt),
		cmocka_unit_test(test_shipped_are_valid_and_render),
		cmocka_unit_test(test_shipped_name_the_supplier_in_brazil),
		cmocka_unit_test(test_shipped_de_fr_match_english),
		cmocka_unit_test(test_lang_chain),
		cmocka_unit_test(test_audience_names),
		cmocka_unit_test(test_against_mustache_js),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

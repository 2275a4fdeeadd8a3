/*
 * test_codec.c: the field tables of src/codec/. Every field of every
 * record goes text -> record -> text unchanged, a change to any one field
 * is the one codec_diff finds, the JSON keys are the CSV columns, and CSV
 * quoting happens only where needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "codec/csv.h"
#include "codec/fields.h"
#include "codec/json.h"

static const struct record_table *const tables[] = { &codec_customer, &codec_contact, &codec_invoice, &codec_payment };

union any_record {
	struct customer cu;
	struct contact co;
	struct invoice in;
	struct payment pa;
};

/* A valid text for a field, and a second, different one (alt). */
static const char *sample(const struct field *f, int alt)
{
	static const struct {
		const char *name, *a, *b;
	} named[] = {
		{ "country", "PL", "BR" },
		{ "timezone", "Europe/Warsaw", "America/Sao_Paulo" },
		{ "language", "pl", "pt-BR" },
		{ "currency", "PLN", "EUR" },
		{ "email", "a@b.pl", "c@d.pl" },
		{ "phone", "+48 123 456 789", "+48 999 999 999" },
		{ "role", "debtor", "billing" },
		{ "address", "ul. Długa 1,\n00-001 Warszawa", "Rua \"A\", 2" },
		{ "tags", "key-account;reseller", "public-sector" },
		{ "region", "ON", "QC" },
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcmp(f->name, named[i].name))
			return alt ? named[i].b : named[i].a;
	switch (f->type) {
	case FIELD_REF: return alt ? "R-2" : "R-1";
	case FIELD_TEXT: return alt ? " other, text" : "some text";
	case FIELD_DATE: return alt ? "2026-03-17" : "2026-03-15";
	case FIELD_MONEY: return alt ? "1.00" : "1234.50";
	case FIELD_BOOL: return alt ? "false" : "true";
	case FIELD_ENUM: return f->names[alt ? 0 : 1];
	case FIELD_INT: return alt ? "2" : "1";
	}
	return "";
}

/* A record with every field set from sample(); the currency first, for the money fields. */
static void fill(const struct record_table *t, union any_record *r)
{
	struct error e = ERROR_INIT;
	memset(r, 0, sizeof(*r));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < t->n; i++) {
			const struct field *f = &t->fields[i];
			if (f->offset == FIELD_NO_OFFSET || ((f->flags & FIELD_CURRENCY) != 0) == pass)
				continue;
			if (codec_parse(t, i, r, sample(f, 0), &e) < 0)
				fail_msg("%s.%s: %s", t->name, f->name, e.message);
		}
	}
}

static void test_round_trip(void **state)
{
	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		const struct record_table *t = tables[k];
		union any_record r;
		char buf[MONEY_TEXT_MAX];

		fill(t, &r);
		for (size_t i = 0; i < t->n; i++) {
			const struct field *f = &t->fields[i];
			const char *want = f->offset == FIELD_NO_OFFSET ? "" : sample(f, 0);
			assert_string_equal(codec_format(t, i, &r, buf, sizeof(buf)), want);
			assert_int_equal(codec_field_index(t, f->name), (int)i);
		}
		assert_int_equal(codec_diff(t, &r, &r, 0, t->n, 0), -1);
	}
}

static void test_compare_each_field(void **state)
{
	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		const struct record_table *t = tables[k];
		for (size_t i = 0; i < t->n; i++) {
			const struct field *f = &t->fields[i];
			union any_record a, b;
			struct error e = ERROR_INIT;
			char buf[MONEY_TEXT_MAX];

			if (f->offset == FIELD_NO_OFFSET)
				continue;
			fill(t, &a);
			b = a;
			assert_int_equal(codec_parse(t, i, &b, sample(f, 1), &e), 0);
			assert_string_equal(codec_format(t, i, &b, buf, sizeof(buf)), sample(f, 1));
			assert_true(codec_differs(t, i, &a, &b));
			if (f->flags & (FIELD_KEY | FIELD_COMPUTED))
				assert_int_equal(codec_diff(t, &a, &b, 0, t->n, 0), -1);
			else
				assert_int_equal(codec_diff(t, &a, &b, 0, t->n, 0), (int)i);
		}
	}
}

static void test_returned_date_only_when_returned(void **state)
{
	struct payment a = { 0 }, b;
	char buf[DATE_TEXT_MAX];
	int rd = codec_field_index(&codec_payment, "returned_date");

	a.status = PAYMENT_CLEARED;
	a.returned_date = date_from_ymd(2026, 1, 2);
	b = a;
	b.returned_date = date_from_ymd(2026, 1, 3);
	assert_string_equal(codec_format(&codec_payment, (size_t)rd, &a, buf, sizeof(buf)), "");
	assert_false(codec_differs(&codec_payment, (size_t)rd, &a, &b));
	a.status = b.status = PAYMENT_RETURNED;
	assert_true(codec_differs(&codec_payment, (size_t)rd, &a, &b));
}

static void test_parse_refuses(void **state)
{
	struct customer c = { 0 };
	struct contact ct = { 0 };
	struct error e = ERROR_INIT;

	memcpy(c.currency, "USD", 4);
	assert_int_equal(codec_set(&codec_customer, &c, "timezone", "Mars/Olympus", &e), -ERR_INPUT);
	assert_string_equal(e.message, "timezone: 'Mars/Olympus' is not an IANA time zone such as America/New_York");
	assert_int_equal(codec_set(&codec_customer, &c, "credit_limit", "-5", &e), -ERR_INPUT);
	assert_string_equal(e.message, "credit_limit: amount '-5' must be zero or more");
	assert_int_equal(codec_set(&codec_customer, &c, "name", "", &e), -ERR_INPUT);
	assert_string_equal(e.message, "name: is empty");
	assert_int_equal(codec_set(&codec_customer, &c, "country", "PL", &e), -ERR_INPUT);
	assert_string_equal(e.message,
			    "'country' cannot be changed on a customer (only " CODEC_CUSTOMER_CORRECTABLE ")");
	assert_int_equal(codec_set(&codec_contact, &ct, "pays_bills", "maybe", &e), -ERR_INPUT);
	assert_string_equal(e.message, "pays_bills: 'maybe' is not true or false");
	assert_int_equal(codec_set(&codec_contact, &ct, "notes", "x", &e), -ERR_INPUT);
	assert_string_equal(e.message, "'notes' cannot be changed on a contact (only " CODEC_CONTACT_CORRECTABLE ")");
	assert_int_equal(codec_set(&codec_contact, &ct, "pays_bills", "YES", &e), 0);
	assert_int_equal(ct.pays_bills, 1);
}

/* The usage text's lists are the tables' `correct` ranks, in order. */
/* The one boolean reader: the importer (csv_import_bool) and `contact set` both call it. */
static void test_parse_bool(void **state)
{
	static const char *const yes[] = { "true", "TRUE", "yes", "Yes", "1" };
	static const char *const no[] = { "", "false", "False", "no", "NO", "0" };
	static const char *const neither[] = { "maybe", "2", " true", "y", "t" };
	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_int_equal(codec_parse_bool(yes[i]), 1);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(codec_parse_bool(no[i]), 0);
	for (size_t i = 0; i < sizeof(neither) / sizeof(neither[0]); i++)
		assert_int_equal(codec_parse_bool(neither[i]), -1);
}

/*
 * The importer's columns are each table's first fields, the computed ones
 * trailing (csv_import.c reads the limits from the fields in place).
 */
static void test_computed_fields_trail(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		int computed = 0;
		for (size_t i = 0; i < tables[k]->n; i++) {
			if (tables[k]->fields[i].flags & FIELD_COMPUTED)
				computed = 1;
			else
				assert_false(computed);
		}
	}
}

static void test_correctable_lists(void **state)
{
	const struct {
		const struct record_table *t;
		const char *list;
	} cases[] = { { &codec_customer, CODEC_CUSTOMER_CORRECTABLE }, { &codec_contact, CODEC_CONTACT_CORRECTABLE } };

	for (size_t k = 0; k < 2; k++) {
		char list[256] = "";
		size_t used = 0;
		int i;
		for (int rank = 1; (i = codec_correctable_at(cases[k].t, rank)) >= 0; rank++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", rank > 1 ? ", " : "",
						 cases[k].t->fields[i].name);
		assert_string_equal(list, cases[k].list);
	}
}

static void test_json_keys(void **state)
{
	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		const struct record_table *t = tables[k];
		union any_record r;
		json_t *o;
		const char *key;
		json_t *value;
		size_t i = 0;
		char *text;

		fill(t, &r);
		o = codec_json_record(t, &r);
		assert_non_null(o);
		assert_int_equal(json_object_size(o), t->n);
		text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		json_decref(o);
		o = json_loads(text, JSON_PRESERVE_ORDER, NULL);
		free(text);
		json_object_foreach(o, key, value)
		{
			assert_string_equal(key, t->fields[i].name);
			assert_true(json_is_string(value));
			i++;
		}
		assert_int_equal(i, t->n);
		json_decref(o);
	}
}

/* codec_json_record_write writes what jansson dumps, for every table and for awkward text. */
static void test_json_write_same_bytes(void **state)
{
	static const char *const names[] = {
		"plain",      "say \"hi\" \\ back",  "ctl \x01\x1f\x7f \b\f\n\r\t",
		"a/b é € 中", "line\xe2\x80\xa8sep", "bad \xff\xfe bytes",
	};

	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		for (size_t v = 0; v < (tables[k] == &codec_customer ? sizeof(names) / sizeof(names[0]) : 1); v++) {
			const struct record_table *t = tables[k];
			union any_record r;
			char *mem = NULL, *want;
			size_t size = 0;
			FILE *f = open_memstream(&mem, &size);
			json_t *o;

			fill(t, &r);
			if (t == &codec_customer)
				snprintf(r.cu.name, sizeof(r.cu.name), "%s", names[v]);
			codec_json_record_write(f, t, &r);
			fclose(f);
			o = codec_json_record(t, &r);
			want = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
			assert_string_equal(mem, want);
			free(want);
			free(mem);
			json_decref(o);
		}
	}
}

static void test_csv_quoting(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" },       { "", "" },
		{ "a,b", "\"a,b\"" },       { "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "l1\nl2", "\"l1\nl2\"" }, { " lead", "\" lead\"" },
		{ "trail ", "\"trail \"" }, { "-12.50", "-12.50" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64], *mem = NULL;
		size_t n = codec_csv_field_buf(buf, sizeof(buf), cases[i].in, strlen(cases[i].in)), size = 0;
		FILE *f = open_memstream(&mem, &size);

		assert_int_equal(n, strlen(cases[i].out));
		assert_memory_equal(buf, cases[i].out, n);
		codec_csv_put(f, "x", 1);
		codec_csv_put(f, cases[i].in, 0);
		fclose(f);
		assert_int_equal(size, 2 + strlen(cases[i].out));
		assert_memory_equal(mem + 2, cases[i].out, size - 2);
		free(mem);
	}
}

static void test_csv_header(void **state)
{
	char *mem = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&mem, &size);

	codec_csv_header(f, &codec_payment, codec_payment.n);
	fclose(f);
	assert_string_equal(mem,
			    "payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date\n");
	free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_compare_each_field),
		cmocka_unit_test(test_returned_date_only_when_returned),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_parse_bool),
		cmocka_unit_test(test_computed_fields_trail),
		cmocka_unit_test(test_correctable_lists),
		cmocka_unit_test(test_json_keys),
		cmocka_unit_test(test_json_write_same_bytes),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

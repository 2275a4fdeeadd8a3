/*
 * test_letters.c: app/letters' day of letters (letters_render_day, what
 * `recoup send --letters-to` calls) and channels/letter_pdf's refusals, on
 * the app fixture: which actions are drawn and which skipped (and why),
 * the file written only when complete and never over an existing one, and
 * nothing drawn from a text that is not UTF-8; a letter template whose body
 * breaks the rules makes no letter, naming the template, unless
 * --body-file gives the body.
 */
#include "app_fixture.h"

#include <sys/stat.h>

#include "app/letters.h"
#include "app/templates.h"
#include "channels/letter_pdf.h"
#include "store/actions.h"

/* A scheduled letter action for customer `id` about invoice `ref`, at `at`. */
static int64_t add_letter(struct fixture *f, int64_t id, const char *ref, const char *at)
{
	static int steps;
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct action_record a = { 0 };
	struct action_invoice ai = { 0 };
	struct invoice inv;

	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "seed", STORE_WRITE, &tx, &e), 0);
	assert_int_equal(store_invoice_find(tx, ref, &inv, &e), 1);
	assert_int_equal(timestamp_parse(at, &a.scheduled_at, &e), 0);
	a.run_date = timestamp_date_utc(a.scheduled_at);
	a.customer_id = id;
	memcpy(a.currency, "USD", 4);
	a.amount = inv.balance;
	snprintf(a.kind, sizeof(a.kind), "letter");
	snprintf(a.strategy, sizeof(a.strategy), "test");
	snprintf(a.step, sizeof(a.step), "letter-%d", ++steps); /* one step per invoice is recorded once */
	snprintf(a.state, sizeof(a.state), "scheduled");
	a.created_at = a.updated_at = f->app.now;
	ai.invoice_id = inv.id;
	snprintf(ai.step, sizeof(ai.step), "%s", a.step);
	if (store_action_add(tx, &a, &ai, 1, &e) < 0)
		fail_msg("%s", e.message);
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
	return a.id;
}

static int64_t add_customer_without_address(struct fixture *f)
{
	struct error e = ERROR_INIT;
	struct store_tx *tx = NULL;
	struct customer c = { 0 };

	assert_int_equal(store_tx_begin(f->app.store, f->app.tenant, "seed", STORE_WRITE, &tx, &e), 0);
	snprintf(c.ref, sizeof(c.ref), "C3");
	snprintf(c.name, sizeof(c.name), "No Address");
	c.kind = KIND_COMPANY;
	memcpy(c.country, "US", 3);
	memcpy(c.currency, "USD", 4);
	assert_int_equal(store_customer_insert(tx, &c, 0, &e), 1);
	fixture_invoice(tx, c.id, "K-1", 300, date_from_ymd(2026, 3, 1));
	assert_int_equal(store_tx_commit(tx, &e), 0);
	store_tx_free(tx);
	return c.id;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void day_of_letters(void **state)
{
	struct fixture *f = *state;
	struct letters_options o = { .creditor_name = "Acme Collections" };
	struct letters_day day;
	struct error e = ERROR_INIT;
	char path[600], head[5] = "";
	int64_t c3 = add_customer_without_address(f);
	int64_t a1 = add_letter(f, f->c1, "I-1", "2026-03-15T05:00:00Z"); /* yesterday's, not printed yet */
	int64_t a2 = add_letter(f, c3, "K-1", "2026-03-16T05:00:00Z");    /* no address: skipped */
	int64_t a3 = add_letter(f, f->c2, "J-1", "2026-03-16T23:59:59Z");
	int64_t a4 = add_letter(f, f->c1, "I-2", "2026-03-16T06:00:00Z"); /* C1 again: one letter for both */
	FILE *pdf;

	add_letter(f, f->c2, "J-1", "2026-03-17T00:00:00Z"); /* tomorrow's: not yet */
	snprintf(path, sizeof(path), "%s/day.pdf", f->dir);
	assert_int_equal(letters_render_day(&f->app, f->app.today, &o, path, &day, &e), 0);
	assert_int_equal(day.n, 3);
	assert_true(day.ids[0] == a1 && day.ids[1] == a3 && day.ids[2] == a4);
	assert_int_equal(day.n_skipped, 1);
	assert_true(day.skipped[0] == a2);
	assert_non_null(day.why);
	assert_string_equal(day.why[0], "customer 'C3' has no postal address: no letter");
	assert_int_equal(day.letters, 2);
	/* US consumers: the shipped default body, then the validation notice on a page of its own */
	assert_int_equal(day.pages, 4);
	pdf = fopen(path, "rb");
	assert_non_null(pdf);
	assert_int_equal(fread(head, 1, 4, pdf), 4);
	fclose(pdf);
	assert_string_equal(head, "%PDF");
	letters_day_release(&day);

	/* an existing file is never replaced: refused, left as it was */
	long before = file_size(path);
	assert_int_equal(letters_render_day(&f->app, f->app.today, &o, path, &day, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "exists"));
	assert_int_equal(day.n, 0);
	assert_true(file_size(path) == before);

	/* a day with nothing due writes no file */
	snprintf(path, sizeof(path), "%s/none.pdf", f->dir);
	assert_int_equal(letters_render_day(&f->app, date_from_ymd(2026, 3, 1), &o, path, &day, &e), 0);
	assert_int_equal(day.n + day.n_skipped, 0);
	assert_true(file_size(path) == -1);

	/* a failed write leaves no file either (outfile's fault injection) */
	snprintf(path, sizeof(path), "%s/failed.pdf", f->dir);
	setenv("RECOUP_TEST_FAIL_COMMIT", "1", 1);
	assert_int_equal(letters_render_day(&f->app, f->app.today, &o, path, &day, &e), -ERR_ENV);
	unsetenv("RECOUP_TEST_FAIL_COMMIT");
	assert_int_equal(day.n, 0);
	assert_true(file_size(path) == -1);
	snprintf(path, sizeof(path), "%s/day.pdf", f->dir);
	unlink(path);
}

/* Renders the day's letters into `path`; the file's size (0: none written). */
static long day_size(struct fixture *f, const struct letters_options *o, const char *path, struct letters_day *day,
		     struct error *e)
{
	unlink(path);
	assert_int_equal(letters_render_day(&f->app, f->app.today, o, path, day, e), 0);
	return file_size(path) > 0 ? file_size(path) : 0;
}

static void template_refused(void **state)
{
	struct fixture *f = *state;
	struct letters_options o = { .creditor_name = "Acme Collections" };
	struct letters_day day;
	struct error e = ERROR_INIT;
	char path[600];
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	/* valid as a template (it names the creditor), but empty for anyone who owes something */
	struct template_doc empty = { .name = "default",
				      .channel = "letter",
				      .lang = "en",
				      .audience = TEMPLATE_DEBTOR,
				      .subject = "Statement",
				      .text = "{{^invoices}}{{creditor.name}}{{/invoices}}" };
	int64_t a1 = add_letter(f, f->c1, "I-1", "2026-03-16T05:00:00Z");

	snprintf(path, sizeof(path), "%s/tpl.pdf", f->dir);
	assert_true(day_size(f, &o, path, &day, &e) > 0);
	assert_int_equal(day.letters, 1);
	letters_day_release(&day);

	if (templates_set(&f->app, &empty, &e) < 0)
		fail_msg("%s", e.message);
	/* the day's letter is skipped, with why: never the fixed sentence instead */
	assert_int_equal(day_size(f, &o, path, &day, &e), 0);
	assert_int_equal(day.n, 0);
	assert_int_equal(day.n_skipped, 1);
	assert_true(day.skipped[0] == a1);
	assert_non_null(strstr(day.why[0],
			       "customer 'C1': letter template 'default' (en, debtor): the rendered body is "
			       "empty"));
	letters_day_release(&day);

	/* one customer's letter: refused, naming the template */
	out = open_memstream(&buf, &len);
	assert_int_equal(letters_render(&f->app, "C1", &o, out, NULL, &e), -ERR_INPUT);
	fclose(out);
	assert_string_equal(e.field, "template");
	assert_non_null(strstr(e.message, "letter template 'default' (en, debtor)"));
	free(buf);
	buf = NULL;

	/* --body-file wins over the template */
	o.body = "Please pay.";
	assert_true(day_size(f, &o, path, &day, &e) > 0);
	assert_int_equal(day.letters, 1);
	letters_day_release(&day);
	out = open_memstream(&buf, &len);
	assert_int_equal(letters_render(&f->app, "C1", &o, out, NULL, &e), 0);
	fclose(out);
	assert_memory_equal(buf, "%PDF", 4);
	free(buf);
	unlink(path);
}

static void letter_refused(void **state)
{
	struct error e = ERROR_INIT;
	struct letter_invoice inv = { .ref = "I-1", .balance = 100 };
	struct letter l = { .language = "en",
			    .creditor_name = "Acme",
			    .recipient_name = "Mary",
			    .recipient_address = "1 Main St",
			    .customer_ref = "C1",
			    .currency = "USD",
			    .invoices = &inv,
			    .n_invoices = 1,
			    .total = 100 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct letter_pdf *doc = letter_pdf_begin(out, &e);

	assert_non_null(doc);
	l.recipient_address = "1 Main St\xff";
	assert_int_equal(letter_pdf_add(doc, &l, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "not valid UTF-8"));
	l.recipient_address = "1 Main St";
	inv.ref = "I-\xc3";
	assert_int_equal(letter_pdf_add(doc, &l, &e), -ERR_INPUT);
	inv.ref = "I-1";
	l.recipient_name = "";
	assert_int_equal(letter_pdf_add(doc, &l, &e), -ERR_INPUT);
	assert_non_null(strstr(e.message, "names are required"));
	assert_int_equal(letter_pdf_pages(doc), 0);
	l.recipient_name = "Mary";
	assert_int_equal(letter_pdf_add(doc, &l, &e), 0);
	assert_int_equal(letter_pdf_end(doc, &e), 0);
	fclose(out);
	assert_true(len > 1000);
	assert_memory_equal(buf, "%PDF", 4);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(day_of_letters, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(template_refused, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(letter_refused, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

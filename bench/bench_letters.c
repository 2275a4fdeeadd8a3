/*
 * bench_letters.c: letters drawn per second (channels/letter_pdf), without
 * the database around them.
 *
 *   bench_letters OUT_DIR [N]
 *
 * Draws N letters (default 1000) into one PDF, as `recoup send
 * --letters-to` prints a day: Polish, Brazilian and US consumer letters in
 * turn, three invoices each, the US ones with the validation notice, each
 * amount and date formatted through ICU. The baseline, measured in the same
 * run: the same letters' lines drawn into a PDF with cairo's toy text API
 * (no shaping, no layout, no ICU: plain strings), which is about the least
 * a PDF of that much text costs. Prints both and the ratio.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "channels/letter_pdf.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const names[] = { "Zofia Łężak", "João Conceição", "Mary Smith" };
static const char *const addresses[] = { "ul. Żurawia 12/4\n00-515 Warszawa",
					 "Rua das Acácias, 45\nSão Paulo - SP\n01234-567",
					 "12 Elm Street\nHartford, CT 06103" };
static const char *const languages[] = { "pl", "pt-BR", "en" };
static const char *const locales[] = { "pl-PL", "pt-BR", "en-US" };
static const char *const currencies[] = { "PLN", "BRL", "USD" };

static void make_letter(long k, struct letter *l, struct letter_invoice inv[3], char ref[3][32])
{
	int v = (int)(k % 3);
	date_t today = date_from_ymd(2026, 11, 24);

	*l = (struct letter){ .language = languages[v],
			      .locale = locales[v],
			      .date = today,
			      .creditor_name = "Kredytor Ślązak S.A.",
			      .sender_address = "ul. Piękna 7\n00-539 Warszawa",
			      .recipient_name = names[v],
			      .recipient_address = addresses[v],
			      .customer_ref = "C-1",
			      .currency = currencies[v],
			      .invoices = inv,
			      .n_invoices = 3,
			      .payment_instructions = "PL61 1090 1014 0000 0712 1981 2874" };
	for (int i = 0; i < 3; i++) {
		snprintf(ref[i], 32, "INV-%ld-%d", k, i);
		inv[i] = (struct letter_invoice){ .ref = ref[i],
						  .issue_date = today - 90 + 10 * i,
						  .due_date = today - 60 + 10 * i,
						  .days_past_due = 60 - 10 * i,
						  .balance = 123456 + k * 7 + i };
		l->total += inv[i].balance;
	}
	if (v == 1) {
		l->br_supplier = 1;
		l->supplier_name = "Cobranças São João Ltda";
		l->supplier_cnpj = "12.345.678/0001-95";
	}
	if (v == 2) {
		l->us_validation = 1;
		itemization_init(&l->itemization, today - 70);
		l->itemization.at_date = l->total;
		l->itemization.current = l->total;
		l->validation_end = validation_end_date(today, "US");
	}
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *out = closure;
	return fwrite(data, 1, length, out) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* The baseline: each letter's lines as plain strings, one page each. */
static void toy_letters(FILE *out, long n)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(discard, out, 595.28, 841.89);
	cairo_t *cr = cairo_create(s);

	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 10);
	for (long k = 0; k < n; k++) {
		struct letter l;
		struct letter_invoice inv[3];
		char ref[3][32], line[200];
		double y = 60;

		make_letter(k, &l, inv, ref);
		const char *fixed[] = { l.creditor_name,    l.sender_address,
					l.recipient_name,   l.recipient_address,
					"Payment reminder", "Our records show that the invoices below are unpaid." };
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++, y += 14) {
			cairo_move_to(cr, 70, y);
			cairo_show_text(cr, fixed[i]);
		}
		for (int i = 0; i < 3; i++, y += 14) {
			snprintf(line, sizeof(line), "%s  %d  %d  %d  %lld", inv[i].ref, inv[i].issue_date,
				 inv[i].due_date, inv[i].days_past_due, (long long)inv[i].balance);
			cairo_move_to(cr, 70, y);
			cairo_show_text(cr, line);
		}
		for (int i = 0; l.us_validation && i < 14; i++, y += 14) {
			cairo_move_to(cr, 70, y);
			cairo_show_text(cr,
					"What else can you do? Write to ask for the name and address of the original");
		}
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 1000;
	char path[4096];
	struct error e = ERROR_INIT;
	struct letter_pdf *doc;
	double t0, t1, t2;
	FILE *out;
	int pages;

	if (argc < 2 || n <= 0) {
		fprintf(stderr, "usage: bench_letters OUT_DIR [N]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/letters.pdf", argv[1]);
	out = fopen(path, "wb");
	if (!out) {
		perror(path);
		return 1;
	}
	t0 = now();
	doc = letter_pdf_begin(out, &e);
	for (long k = 0; doc && k < n; k++) {
		struct letter l;
		struct letter_invoice inv[3];
		char ref[3][32];
		make_letter(k, &l, inv, ref);
		if (letter_pdf_add(doc, &l, &e) < 0)
			break;
	}
	pages = doc ? letter_pdf_pages(doc) : 0;
	if (!doc || e.message[0] || letter_pdf_end(doc, &e) < 0 || fclose(out) != 0) {
		fprintf(stderr, "bench_letters: %s\n", e.message);
		return 1;
	}
	t1 = now();
	snprintf(path, sizeof(path), "%s/toy.pdf", argv[1]);
	out = fopen(path, "wb");
	if (!out) {
		perror(path);
		return 1;
	}
	toy_letters(out, n);
	fclose(out);
	t2 = now();
	printf("letters: %ld letters (%d pages, pl/pt-BR/en-US) in %.3fs: %.0f letters/s; baseline, the same lines "
	       "with cairo's toy text API: %.3fs (%.0f letters/s): ratio %.2fx\n",
	       n, pages, t1 - t0, n / (t1 - t0), t2 - t1, n / (t2 - t1), (t1 - t0) / (t2 - t1));
	return 0;
}

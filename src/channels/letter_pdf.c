/*
 * letter_pdf.c: collection letters drawn with pango on a cairo PDF surface
 * (letter_pdf.h has the page layout and the contract).
 *
 * One PangoContext and a few layouts serve the whole document:
 * pango_cairo_create_layout makes a context per call, which a thousand
 * letters would pay for every line of text. The document has its own font
 * map, freed with it: pango's default one lives as long as the thread and
 * holds fontconfig's patterns where LeakSanitizer counts them as lost.
 * pango and cairo are opened on the first document, not linked
 * (pango_dl.h).
 */
#include "channels/letter_pdf.h"

#include <stdlib.h>
#include <string.h>

#include "channels/pango_dl.h"
#include "core/locale_format.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LETTER_PDF_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(LETTER_PDF_ASAN)
/*
 * fontconfig (2.14, Debian 12) loses a few hundred bytes parsing its
 * configuration files, once per process, outside recoup's reach: the
 * sanitizer builds tell LeakSanitizer so, rather than fail every test that
 * draws a letter. Leaks anywhere else are still reported.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

#define MM(x) ((x)*72.0 / 25.4)

#define PAGE_W      MM(210.0)
#define PAGE_H      MM(297.0)
#define LEFT        MM(25.0)
#define RIGHT       MM(190.0)
#define TEXT_W      (RIGHT - LEFT)
#define TOP         MM(20.0)
#define BOTTOM      MM(277.0)
#define FIELD_X     MM(25.0) /* address field 20 mm + 5 mm inset */
#define FIELD_W     MM(75.0) /* 85 mm less the insets */
#define RETURN_Y    MM(57.0) /* the return line, in the 45.0-62.7 mm zone */
#define RECIPIENT_Y MM(63.5) /* the recipient, in the 62.7-90.0 mm zone */
#define FACTS_X     MM(112.0)
#define FACTS_Y     MM(50.0)
#define SUBJECT_Y   MM(98.46)
#define GAP         MM(4.0)

#define LETTER_FMTS  6
#define LANG_MAX_LEN 48

/* The fixed texts of a letter in one language. */
struct letter_texts {
	const char *subject;
	const char *date;
	const char *customer;
	const char *col_invoice, *col_issued, *col_due, *col_days, *col_amount;
	const char *total;
	const char *how_to_pay;
	const char *supplier, *cnpj;
	const char *page;
	const char *body;
};

static const struct letter_texts texts_en = {
	.subject = "Payment reminder",
	.date = "Date",
	.customer = "Customer number",
	.col_invoice = "Invoice",
	.col_issued = "Issued",
	.col_due = "Due",
	.col_days = "Days past due",
	.col_amount = "Amount due",
	.total = "Total due",
	.how_to_pay = "How to pay",
	.supplier = "Supplier",
	.cnpj = "CNPJ",
	.page = "Page",
	.body = "Our records show that the invoices below are unpaid. Please pay the total due, or contact us "
		"if you have already paid or believe this is an error.",
};

static const struct letter_texts texts_pl = {
	.subject = "Wezwanie do zapłaty",
	.date = "Data",
	.customer = "Numer klienta",
	.col_invoice = "Faktura",
	.col_issued = "Data wystawienia",
	.col_due = "Termin płatności",
	.col_days = "Dni po terminie",
	.col_amount = "Do zapłaty",
	.total = "Łącznie do zapłaty",
	.how_to_pay = "Sposób płatności",
	.supplier = "Dostawca",
	.cnpj = "CNPJ",
	.page = "Strona",
	.body = "Według naszych zapisów poniższe faktury nie zostały zapłacone. Prosimy o uregulowanie "
		"należności lub kontakt, jeśli płatność została już dokonana.",
};

static const struct letter_texts texts_pt_br = {
	.subject = "Notificação de cobrança",
	.date = "Data",
	.customer = "Código do cliente",
	.col_invoice = "Fatura",
	.col_issued = "Emissão",
	.col_due = "Vencimento",
	.col_days = "Dias em atraso",
	.col_amount = "Valor em aberto",
	.total = "Total em aberto",
	.how_to_pay = "Como pagar",
	.supplier = "Fornecedor",
	.cnpj = "CNPJ",
	.page = "Página",
	.body = "Segundo nossos registros, as faturas abaixo não foram pagas. Pedimos a gentileza de efetuar o "
		"pagamento ou entrar em contato caso já tenha pago.",
};

static const struct letter_texts texts_de = {
	.subject = "Zahlungserinnerung",
	.date = "Datum",
	.customer = "Kundennummer",
	.col_invoice = "Rechnung",
	.col_issued = "Rechnungsdatum",
	.col_due = "Fällig am",
	.col_days = "Tage überfällig",
	.col_amount = "Offener Betrag",
	.total = "Offener Gesamtbetrag",
	.how_to_pay = "Zahlungsinformationen",
	.supplier = "Lieferant",
	.cnpj = "CNPJ",
	.page = "Seite",
	.body = "Nach unseren Unterlagen sind die folgenden Rechnungen noch nicht bezahlt. Bitte begleichen Sie den "
		"offenen Gesamtbetrag oder setzen Sie sich mit uns in Verbindung, falls Sie bereits gezahlt haben oder "
		"einen Fehler vermuten.",
};

static const struct letter_texts texts_fr = {
	.subject = "Rappel de paiement",
	.date = "Date",
	.customer = "Numéro de client",
	.col_invoice = "Facture",
	.col_issued = "Émise le",
	.col_due = "Échéance",
	.col_days = "Jours de retard",
	.col_amount = "Montant dû",
	.total = "Total dû",
	.how_to_pay = "Modalités de paiement",
	.supplier = "Fournisseur",
	.cnpj = "CNPJ",
	.page = "Page",
	.body = "Sauf erreur de notre part, les factures ci-dessous restent impayées. Nous vous remercions de bien "
		"vouloir régler le total dû, ou de nous contacter si vous avez déjà payé ou si vous pensez qu'il "
		"s'agit d'une erreur.",
};

/* A language tag's primary subtag is `primary` ("pt" for "pt-BR"). */
static int language_is(const char *language, const char *primary)
{
	size_t n = strlen(primary);

	return language && strncmp(language, primary, n) == 0 && (!language[n] || language[n] == '-');
}

static const struct letter_texts *texts_for(const char *language)
{
	if (language_is(language, "pl"))
		return &texts_pl;
	if (language_is(language, "pt"))
		return &texts_pt_br;
	if (language_is(language, "de"))
		return &texts_de;
	if (language_is(language, "fr"))
		return &texts_fr;
	return &texts_en;
}

struct letter_pdf {
	FILE *out;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fonts;
	PangoContext *context;
	PangoLayout *layout;
	PangoLayout *cell[5]; /* the invoice table's columns */
	PangoFontDescription *small, *sender, *normal, *bold, *column, *heading, *title;
	int pages;
	/* the letter being drawn */
	const struct letter *l;
	const struct letter_texts *t;
	const char *locale;
	int letter_page;
	double y;
	int in_table;           /* a page break inside the invoice table repeats its headings */
	struct locale_fmt *fmt; /* the letter's locale and currency: one of `fmts` */
	/* formatters kept across letters (locale_format.h: opening them is what costs), the oldest replaced */
	struct {
		char locale[LANG_MAX_LEN];
		char currency[4];
		struct locale_fmt *f;
	} fmts[LETTER_FMTS];
	int next_fmt;
};

/* The formatter of a locale and currency, opened once per document (NULL when out of memory: plain forms). */
static struct locale_fmt *fmt_for(struct letter_pdf *d, const char *locale, const char *currency)
{
	int i;

	for (i = 0; i < LETTER_FMTS; i++)
		if (d->fmts[i].f && strcmp(d->fmts[i].locale, locale) == 0 &&
		    strcmp(d->fmts[i].currency, currency) == 0)
			return d->fmts[i].f;
	i = d->next_fmt;
	d->next_fmt = (d->next_fmt + 1) % LETTER_FMTS;
	locale_fmt_free(d->fmts[i].f);
	snprintf(d->fmts[i].locale, sizeof(d->fmts[i].locale), "%s", locale);
	snprintf(d->fmts[i].currency, sizeof(d->fmts[i].currency), "%s", currency);
	d->fmts[i].f = locale_fmt_open(locale, currency);
	return d->fmts[i].f;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *out = closure;
	return fwrite(data, 1, length, out) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

struct letter_pdf *letter_pdf_begin(FILE *out, struct error *e)
{
	struct letter_pdf *d;

	if (pango_dl_open(e) < 0)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d) {
		error_set(e, ERR_ENV, "letters: out of memory");
		return NULL;
	}
	d->out = out;
	d->surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	d->cr = cairo_create(d->surface);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) {
		error_set(e, ERR_ENV, "letters: cannot start a PDF: %s", cairo_status_to_string(cairo_status(d->cr)));
		letter_pdf_free(d);
		return NULL;
	}
	d->fonts = pango_cairo_font_map_new();
	d->context = pango_font_map_create_context(d->fonts);
	pango_cairo_update_context(d->cr, d->context);
	/* one user unit is one point: font sizes are points (pango's default is 96 dpi, a third larger) */
	pango_cairo_context_set_resolution(d->context, 72.0);
	d->layout = pango_layout_new(d->context);
	pango_layout_set_wrap(d->layout, PANGO_WRAP_WORD_CHAR);
	for (int c = 0; c < 5; c++) {
		d->cell[c] = pango_layout_new(d->context);
		pango_layout_set_wrap(d->cell[c], PANGO_WRAP_WORD_CHAR);
	}
	d->small = pango_font_description_from_string("DejaVu Sans 7");
	d->sender = pango_font_description_from_string("DejaVu Sans 8.5");
	d->normal = pango_font_description_from_string("DejaVu Sans 10");
	d->bold = pango_font_description_from_string("DejaVu Sans Bold 10");
	d->column = pango_font_description_from_string("DejaVu Sans Bold 8.5");
	d->heading = pango_font_description_from_string("DejaVu Sans Bold 11");
	d->title = pango_font_description_from_string("DejaVu Sans Bold 16");
	return d;
}

int letter_pdf_pages(const struct letter_pdf *d)
{
	return d->pages;
}

void letter_pdf_free(struct letter_pdf *d)
{
	if (!d)
		return;
	if (d->layout)
		g_object_unref(d->layout);
	for (int c = 0; c < 5; c++)
		if (d->cell[c])
			g_object_unref(d->cell[c]);
	if (d->context)
		g_object_unref(d->context);
	if (d->fonts)
		g_object_unref(d->fonts);
	for (int i = 0; i < LETTER_FMTS; i++)
		locale_fmt_free(d->fmts[i].f);
	pango_font_description_free(d->small);
	pango_font_description_free(d->sender);
	pango_font_description_free(d->normal);
	pango_font_description_free(d->bold);
	pango_font_description_free(d->column);
	pango_font_description_free(d->heading);
	pango_font_description_free(d->title);
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->surface)
		cairo_surface_destroy(d->surface);
	free(d);
}

int letter_pdf_end(struct letter_pdf *d, struct error *e)
{
	cairo_status_t status;

	if (!d)
		return 0;
	cairo_surface_finish(d->surface);
	status = cairo_surface_status(d->surface);
	letter_pdf_free(d);
	if (status != CAIRO_STATUS_SUCCESS)
		return error_set(e, ERR_ENV, "letters: writing the PDF failed: %s", cairo_status_to_string(status));
	return 0;
}

/* ---- drawing ---- */

/* Sets `layout` to `text` in `font` over `width` points (<= 0: no wrapping); returns its height. */
static double layout_text(PangoLayout *layout, const PangoFontDescription *font, double width, PangoAlignment align,
			  const char *text)
{
	int w, h;

	pango_layout_set_font_description(layout, font);
	pango_layout_set_width(layout, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_alignment(layout, align);
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_size(layout, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double set_text(struct letter_pdf *d, const PangoFontDescription *font, double width, PangoAlignment align,
		       const char *text)
{
	return layout_text(d->layout, font, width, align, text);
}

/* Draws a laid-out text at (x, y): a text is laid out once, to measure it and to draw it. */
static void show_at(struct letter_pdf *d, PangoLayout *layout, double x, double y)
{
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, layout);
}

/* Draws text at (x, y); returns its height. */
static double text_at(struct letter_pdf *d, double x, double y, double width, const PangoFontDescription *font,
		      PangoAlignment align, const char *text)
{
	double h = set_text(d, font, width, align, text);
	show_at(d, d->layout, x, y);
	return h;
}

static void marks(struct letter_pdf *d)
{
	static const double at[] = { 105.0, 148.5, 210.0 };

	cairo_set_line_width(d->cr, 0.5);
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		cairo_move_to(d->cr, MM(3.0), MM(at[i]));
		cairo_line_to(d->cr, MM(i == 1 ? 9.0 : 7.0), MM(at[i]));
	}
	cairo_stroke(d->cr);
}

static void footer(struct letter_pdf *d)
{
	char text[64];

	snprintf(text, sizeof(text), "%s %d", d->t->page, d->letter_page);
	text_at(d, LEFT, MM(287.0), TEXT_W, d->small, PANGO_ALIGN_RIGHT, text);
}

static void table_head(struct letter_pdf *d);

static void new_page(struct letter_pdf *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->pages++;
	d->letter_page++;
	d->y = TOP;
	if (d->in_table)
		table_head(d);
}

/*
 * A block of `height` points starts on a new page when it does not fit on
 * this one: 1 then (the page's footer and headings were drawn with the
 * layouts, which the caller sets again), else 0.
 */
static int room_for(struct letter_pdf *d, double height)
{
	if (d->y + height <= BOTTOM || d->y <= TOP)
		return 0;
	new_page(d);
	return 1;
}

/* A paragraph across the text width: on the next page when it does not fit, then the gap after it. */
static void paragraph(struct letter_pdf *d, const PangoFontDescription *font, const char *text, double gap_after)
{
	double h = set_text(d, font, TEXT_W, PANGO_ALIGN_LEFT, text);
	if (room_for(d, h))
		set_text(d, font, TEXT_W, PANGO_ALIGN_LEFT, text);
	show_at(d, d->layout, LEFT, d->y);
	d->y += h + gap_after;
}

/* A label and an amount on one line, the amount at the right edge. */
static void amount_line(struct letter_pdf *d, const PangoFontDescription *font, const char *label, int64_t amount)
{
	char money[LOCALE_TEXT_MAX];
	double h;

	locale_fmt_money(d->fmt, amount, money, sizeof(money));
	h = set_text(d, font, TEXT_W - MM(45.0), PANGO_ALIGN_LEFT, label);
	if (room_for(d, h))
		set_text(d, font, TEXT_W - MM(45.0), PANGO_ALIGN_LEFT, label);
	show_at(d, d->layout, LEFT, d->y);
	text_at(d, RIGHT - MM(45.0), d->y, MM(45.0), font, PANGO_ALIGN_RIGHT, money);
	d->y += h + MM(1.0);
}

static void letterhead(struct letter_pdf *d)
{
	const struct letter *l = d->l;
	double y = MM(15.0);

	y += text_at(d, LEFT, y, TEXT_W, d->title, PANGO_ALIGN_LEFT, l->creditor_name);
	if (l->sender_address && *l->sender_address)
		text_at(d, LEFT, y + MM(1.0), TEXT_W, d->sender, PANGO_ALIGN_LEFT, l->sender_address);
}

/* The return line: the sender on one line, its address lines joined by " · ". */
static void return_line(struct letter_pdf *d)
{
	char line[600];
	size_t n = 0;
	const char *s;
	const gchar *valid_end;

	n += (size_t)snprintf(line, sizeof(line), "%s", d->l->creditor_name);
	for (s = d->l->sender_address; s && *s && n < sizeof(line) - 8; s++) {
		if (s == d->l->sender_address || s[-1] == '\n') {
			memcpy(line + n, " \xc2\xb7 ", 4);
			n += 4;
		}
		if (*s != '\n')
			line[n++] = *s;
	}
	line[n < sizeof(line) ? n : sizeof(line) - 1] = '\0';
	/* a line cut short ends before the character it cut */
	g_utf8_validate(line, -1, &valid_end);
	*(char *)valid_end = '\0';
	pango_layout_set_ellipsize(d->layout, PANGO_ELLIPSIZE_END);
	text_at(d, FIELD_X, RETURN_Y, FIELD_W, d->small, PANGO_ALIGN_LEFT, line);
	pango_layout_set_ellipsize(d->layout, PANGO_ELLIPSIZE_NONE);
	cairo_set_line_width(d->cr, 0.3);
	cairo_move_to(d->cr, FIELD_X, RETURN_Y + MM(3.2));
	cairo_line_to(d->cr, FIELD_X + FIELD_W, RETURN_Y + MM(3.2));
	cairo_stroke(d->cr);
}

static void recipient(struct letter_pdf *d)
{
	double y = RECIPIENT_Y;

	y += text_at(d, FIELD_X, y, FIELD_W, d->normal, PANGO_ALIGN_LEFT, d->l->recipient_name);
	if (d->l->recipient_address)
		text_at(d, FIELD_X, y, FIELD_W, d->normal, PANGO_ALIGN_LEFT, d->l->recipient_address);
}

static double fact(struct letter_pdf *d, double y, const char *label, const char *value)
{
	double h = text_at(d, FACTS_X, y, MM(26.0), d->small, PANGO_ALIGN_LEFT, label);
	double v = text_at(d, FACTS_X + MM(26.0), y, RIGHT - FACTS_X - MM(26.0), d->normal, PANGO_ALIGN_LEFT, value);
	return (v > h ? v : h) + MM(1.0);
}

static void facts(struct letter_pdf *d)
{
	const struct letter *l = d->l;
	char date[LOCALE_TEXT_MAX];
	double y = FACTS_Y;

	y += fact(d, y, d->t->date, locale_fmt_date(d->fmt, l->date, LOCALE_DATE_LONG, date, sizeof(date)));
	if (l->customer_ref && *l->customer_ref)
		y += fact(d, y, d->t->customer, l->customer_ref);
}

/*
 * The supplier's identification a Brazilian collection document carries
 * (Codigo de Defesa do Consumidor art. 42-A): name, address and CNPJ, as a
 * section of its own under the letter.
 */
static void supplier(struct letter_pdf *d)
{
	const struct letter *l = d->l;
	char line[1200];

	snprintf(line, sizeof(line), "%s\n%s%s%s: %s", l->supplier_name ? l->supplier_name : "",
		 l->supplier_address ? l->supplier_address : "",
		 l->supplier_address && *l->supplier_address ? "\n" : "", d->t->cnpj,
		 l->supplier_cnpj ? l->supplier_cnpj : "");
	paragraph(d, d->heading, d->t->supplier, MM(1.5));
	paragraph(d, d->normal, line, GAP);
}

/* Paragraphs of the body, split at blank lines, each kept whole on a page when it fits one. */
static void body(struct letter_pdf *d)
{
	const char *text = d->l->body && *d->l->body ? d->l->body : d->t->body;
	const char *p = text;

	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *para = strndup(p, len);

		if (para && *para)
			paragraph(d, d->normal, para, GAP);
		free(para);
		p += len;
		while (*p == '\n')
			p++;
	}
}

/* Column edges of the invoice table, from the left margin. */
static const double col_x[] = { 0.0, 38.0, 70.0, 102.0, 130.0, 165.0 };

/* Lays the cells of a row out, one layout each; returns the row's height. */
static double table_cells(struct letter_pdf *d, const PangoFontDescription *font, const char *const cells[5])
{
	double h = 0;

	for (int c = 0; c < 5; c++) {
		/* numbers right-aligned, so their digits line up */
		PangoAlignment align = c >= 3 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
		double ch = layout_text(d->cell[c], font, MM(col_x[c + 1] - col_x[c] - 2.0), align, cells[c]);
		h = ch > h ? ch : h;
	}
	return h;
}

static void table_row(struct letter_pdf *d, const PangoFontDescription *font, const char *const cells[5])
{
	double h = table_cells(d, font, cells);

	if (room_for(d, h))
		table_cells(d, font, cells);
	for (int c = 0; c < 5; c++)
		show_at(d, d->cell[c], LEFT + MM(col_x[c]) + (c >= 3 ? MM(2.0) : 0.0), d->y);
	d->y += h + MM(1.0);
}

static void rule(struct letter_pdf *d)
{
	cairo_set_line_width(d->cr, 0.4);
	cairo_move_to(d->cr, LEFT, d->y);
	cairo_line_to(d->cr, RIGHT, d->y);
	cairo_stroke(d->cr);
	d->y += MM(1.5);
}

static void table_head(struct letter_pdf *d)
{
	const char *head[5] = { d->t->col_invoice, d->t->col_issued, d->t->col_due, d->t->col_days, d->t->col_amount };
	int in_table = d->in_table;

	/* headings wrap between words only ("Days past due" on two lines, never "du-e") */
	d->in_table = 0;
	for (int c = 0; c < 5; c++)
		pango_layout_set_wrap(d->cell[c], PANGO_WRAP_WORD);
	table_row(d, d->column, head);
	for (int c = 0; c < 5; c++)
		pango_layout_set_wrap(d->cell[c], PANGO_WRAP_WORD_CHAR);
	rule(d);
	d->in_table = in_table;
}

static void invoices(struct letter_pdf *d)
{
	const struct letter *l = d->l;

	table_head(d);
	d->in_table = 1;
	for (size_t i = 0; i < l->n_invoices; i++) {
		const struct letter_invoice *inv = &l->invoices[i];
		char issued[LOCALE_TEXT_MAX], due[LOCALE_TEXT_MAX], days[16], money[LOCALE_TEXT_MAX];
		const char *cells[5] = { inv->ref, issued, due, days, money };

		locale_fmt_date(d->fmt, inv->issue_date, LOCALE_DATE_NUMERIC, issued, sizeof(issued));
		locale_fmt_date(d->fmt, inv->due_date, LOCALE_DATE_NUMERIC, due, sizeof(due));
		snprintf(days, sizeof(days), "%d", inv->days_past_due);
		locale_fmt_money(d->fmt, inv->balance, money, sizeof(money));
		table_row(d, d->normal, cells);
	}
	d->in_table = 0;
	rule(d);
	amount_line(d, d->bold, d->t->total, l->total);
	d->y += GAP;
}

static void payment(struct letter_pdf *d)
{
	if (!d->l->payment_instructions || !*d->l->payment_instructions)
		return;
	paragraph(d, d->heading, d->t->how_to_pay, MM(1.5));
	paragraph(d, d->normal, d->l->payment_instructions, GAP);
}

/*
 * The validation notice, in English as Regulation F's model form
 * (12 CFR part 1006, appendix B) words it: the itemization, then how and
 * until when the debt can be disputed.
 */
static void us_notice(struct letter_pdf *d)
{
	const struct letter *l = d->l;
	const struct itemization *it = &l->itemization;
	char on[LOCALE_TEXT_MAX], end[LOCALE_TEXT_MAX], line[512];

	struct locale_fmt *us = fmt_for(d, "en-US", l->currency);

	locale_fmt_date(us, it->date, LOCALE_DATE_LONG, on, sizeof(on));
	locale_fmt_date(us, l->validation_end, LOCALE_DATE_LONG, end, sizeof(end));
	/* the notice is about 110 mm high: kept on one page, as the model form is */
	room_for(d, MM(115.0));
	paragraph(d, d->heading, "Validation notice", MM(1.5));
	snprintf(line, sizeof(line),
		 "%s is trying to collect a debt that you owe. We will use any information you give us to help "
		 "collect the debt.",
		 l->creditor_name);
	paragraph(d, d->normal, line, MM(2.0));
	snprintf(line, sizeof(line), "Itemization date: %s. Our information shows:", on);
	paragraph(d, d->bold, line, MM(1.5));
	snprintf(line, sizeof(line), "As of %s, you owed:", on);
	amount_line(d, d->normal, line, it->at_date);
	snprintf(line, sizeof(line), "Between %s and today:", on);
	paragraph(d, d->normal, line, MM(1.0));
	amount_line(d, d->normal, "    You were charged this amount in interest: +", it->interest);
	amount_line(d, d->normal, "    You were charged this amount in fees: +", it->fees);
	amount_line(d, d->normal, "    You paid this amount toward the debt: -", it->payments);
	amount_line(d, d->normal, "    You were credited this amount toward the debt: -", it->credits);
	amount_line(d, d->bold, "Total amount of the debt now:", it->current);
	d->y += MM(2.0);
	snprintf(line, sizeof(line),
		 "How can you dispute the debt? Call or write to us by %s to dispute all or part of the debt. "
		 "If you do not, we will assume that our information is correct. If you write to us by %s, we "
		 "must stop collection on any amount you dispute until we send you information that shows you "
		 "owe the debt.",
		 end, end);
	paragraph(d, d->normal, line, MM(2.0));
	snprintf(line, sizeof(line),
		 "What else can you do? Write to ask for the name and address of the original creditor, if "
		 "different from the current creditor. If you write by %s, we must stop collection until we "
		 "send you that information. Go to www.cfpb.gov/debt-collection to learn more about your rights "
		 "under federal law.",
		 end);
	paragraph(d, d->normal, line, GAP);
}

/*
 * 1 when `text` has a character beyond what DejaVu Sans surely has (Latin
 * to Latin Extended-B, U+0000-U+024F, and the general punctuation and
 * currency signs, U+2000-U+20CF): only such a text is laid out to look for
 * a missing glyph, so that the letters in Latin scripts, nearly all, pay
 * nothing for the check.
 */
static int beyond_latin(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p <= 0xC8)
			continue; /* ASCII, a continuation byte, or the lead byte of U+0080-U+023F */
		if (*p == 0xC9 && p[1] >= 0x80 && p[1] < 0x90)
			continue; /* U+0240-U+024F */
		if (*p == 0xE2 && (p[1] == 0x80 || p[1] == 0x81 || p[1] == 0x82 || (p[1] == 0x83 && p[2] < 0x90)))
			continue; /* U+2000-U+20CF */
		return 1;
	}
	return 0;
}

/* The first character of `text` no installed font has (pango draws a box of its hex code instead), or 0. */
static unsigned long first_unknown_char(struct letter_pdf *d, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	if (!beyond_latin(text))
		return 0;
	set_text(d, d->normal, TEXT_W, PANGO_ALIGN_LEFT, text);
	if (pango_layout_get_unknown_glyphs_count(d->layout) == 0)
		return 0;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		unsigned long c = n == 1 ? *p : *p & (0x7F >> n);
		char one[5] = { 0 };

		for (size_t i = 1; i < n; i++)
			c = (c << 6) | (p[i] & 0x3F);
		memcpy(one, p, n);
		p += n;
		if (c <= ' ' || c == 0x7f)
			continue; /* line breaks and tabs are not drawn as glyphs */
		set_text(d, d->normal, TEXT_W, PANGO_ALIGN_LEFT, one);
		if (pango_layout_get_unknown_glyphs_count(d->layout) > 0)
			return c;
	}
	return 0xFFFD; /* a sequence, not one character, has no glyph: said as the replacement character */
}

/*
 * What a letter would print wrongly is refused before anything is drawn
 * (a page half drawn cannot be taken back), each with what, where and why:
 * a character no installed font has, which would print as a box of its hex
 * code (a name in Chinese with no CJK font installed); and a name and
 * postal address taller than the envelope's window below the return line
 * (DIN 5008 form B: 62.7-90 mm), whose last lines, the postcode and the
 * town, would be hidden in the envelope and run into the heading; and a
 * letterhead (the creditor's address) that runs down into the window.
 */
static int check_printable(struct letter_pdf *d, const struct letter *l, struct error *e)
{
	const char *ref = l->customer_ref ? l->customer_ref : "";
	const struct {
		const char *what, *text;
	} texts[] = {
		{ "the name", l->recipient_name },
		{ "the postal address", l->recipient_address },
		{ "the creditor's name", l->creditor_name },
		{ "the sender's address", l->sender_address },
		{ "the heading", l->subject },
		{ "the body", l->body },
		{ "the payment instructions", l->payment_instructions },
		{ "the supplier's name", l->supplier_name },
		{ "the supplier's address", l->supplier_address },
	};
	double name_h, address_h = 0, room = MM(90.0) - RECIPIENT_Y;
	int lines;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]) + l->n_invoices; i++) {
		int inv = i >= sizeof(texts) / sizeof(texts[0]);
		const char *text = inv ? l->invoices[i - sizeof(texts) / sizeof(texts[0])].ref : texts[i].text;
		unsigned long c = text && *text ? first_unknown_char(d, text) : 0;

		if (c)
			return error_set(
				e, ERR_INPUT,
				"customer '%s': %s%s%s has the character U+%04lX, which no font installed has: "
				"it would print as a box (install a font that has it: fonts-noto-cjk for "
				"Chinese, Japanese and Korean, fonts-noto-core for most other scripts): no letter",
				ref, inv ? "the invoice '" : texts[i].what, inv ? text : "", inv ? "'" : "", c);
	}
	/* the letterhead (letterhead(): from 15 mm) ends above the window, which a window envelope shows from 45 mm */
	name_h = MM(15.0) + set_text(d, d->title, TEXT_W, PANGO_ALIGN_LEFT, l->creditor_name);
	lines = pango_layout_get_line_count(d->layout);
	if (l->sender_address && *l->sender_address) {
		name_h += MM(1.0) + set_text(d, d->sender, TEXT_W, PANGO_ALIGN_LEFT, l->sender_address);
		lines += pango_layout_get_line_count(d->layout);
	}
	if (name_h > MM(45.0) + 0.5)
		return error_set(e, ERR_INPUT,
				 "customer '%s': the letterhead, the creditor's name and address (creditor.name, "
				 "letter.sender_address or --sender-address), takes %d lines down to %.1f mm, into the "
				 "envelope's window (from 45 mm), where the post would read it as the address: shorten "
				 "the address: no letter",
				 ref, lines, name_h * 25.4 / 72.0);
	name_h = set_text(d, d->normal, FIELD_W, PANGO_ALIGN_LEFT, l->recipient_name);
	lines = pango_layout_get_line_count(d->layout);
	if (l->recipient_address && *l->recipient_address) {
		address_h = set_text(d, d->normal, FIELD_W, PANGO_ALIGN_LEFT, l->recipient_address);
		lines += pango_layout_get_line_count(d->layout);
	}
	if (name_h + address_h > room + 0.5)
		return error_set(
			e, ERR_INPUT,
			"customer '%s': the name and postal address take %d lines (%.1f mm), more than the "
			"envelope's window shows below the return line (%.1f mm, DIN 5008): the last lines would "
			"be hidden in the envelope; shorten the customer's address to fewer lines (recoup import "
			"customers --update): no letter",
			ref, lines, (name_h + address_h) * 25.4 / 72.0, room * 25.4 / 72.0);
	return 0;
}

/* Every string of the letter is UTF-8, and the names it cannot go without are there. */
static int check_letter(const struct letter *l, struct error *e)
{
	const char *const texts[] = {
		l->language,          l->locale,           l->creditor_name, l->sender_address, l->recipient_name,
		l->recipient_address, l->customer_ref,     l->currency,      l->body,           l->payment_instructions,
		l->supplier_name,     l->supplier_address, l->supplier_cnpj, l->subject
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i] && !g_utf8_validate(texts[i], -1, NULL))
			return error_set(e, ERR_INPUT, "letter for '%s': a text is not valid UTF-8",
					 l->customer_ref ? l->customer_ref : "");
	for (size_t i = 0; i < l->n_invoices; i++)
		if (!l->invoices[i].ref || !g_utf8_validate(l->invoices[i].ref, -1, NULL))
			return error_set(e, ERR_INPUT, "letter for '%s': an invoice ref is not valid UTF-8",
					 l->customer_ref ? l->customer_ref : "");
	if (!l->creditor_name || !*l->creditor_name || !l->recipient_name || !*l->recipient_name)
		return error_set(e, ERR_INPUT, "letter for '%s': the creditor's and the recipient's names are required",
				 l->customer_ref ? l->customer_ref : "");
	if (!l->currency || strlen(l->currency) != 3)
		return error_set(e, ERR_INPUT, "letter for '%s': no currency", l->customer_ref ? l->customer_ref : "");
	return 0;
}

int letter_pdf_add(struct letter_pdf *d, const struct letter *l, struct error *e)
{
	cairo_status_t status;

	if (check_letter(l, e) < 0)
		return -ERR_INPUT;
	d->l = l;
	d->t = texts_for(l->language);
	d->locale = l->locale && *l->locale ? l->locale : l->language;
	d->fmt = fmt_for(d, d->locale ? d->locale : "en", l->currency);
	d->letter_page = 1;
	if (check_printable(d, l, e) < 0) {
		d->l = NULL;
		return -ERR_INPUT;
	}
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	marks(d);
	letterhead(d);
	return_line(d);
	recipient(d);
	facts(d);
	d->y = SUBJECT_Y;
	paragraph(d, d->heading, l->subject && *l->subject ? l->subject : d->t->subject, GAP);
	body(d);
	invoices(d);
	payment(d);
	if (l->br_supplier)
		supplier(d);
	if (l->us_validation)
		us_notice(d);
	footer(d);
	cairo_show_page(d->cr);
	d->pages++;
	d->l = NULL;
	status = cairo_status(d->cr);
	if (status != CAIRO_STATUS_SUCCESS)
		return error_set(e, ERR_ENV, "letters: drawing failed: %s", cairo_status_to_string(status));
	return 0;
}

/*
 * letter_pdf.h: collection letters as PDF, for printing and posting
 * (issue 12 point 4; docs/channels.md, "Letters").
 *
 * One document holds one or many letters (a day's letters print as one
 * file); each letter starts on a new page and numbers its own pages. Text
 * is laid out by pango (real shaping, DejaVu Sans from fonts-dejavu-core)
 * on a cairo PDF surface, so pdftotext reads back exactly what was drawn,
 * diacritics included.
 *
 * Page: A4 portrait, DIN 5008 form B, so the recipient's address shows
 * through the window of a C5/6 or DL envelope (DIN 680 window: 90 x 45 mm,
 * 20 mm from the left edge, 15 mm from the top of the folded sheet) and of
 * a C5 envelope with the same window position:
 *   - address field: 20 mm from the left edge, 45 mm from the top, 85 mm
 *     wide and 45 mm high; its top 17.7 mm (45.0-62.7 mm) hold the return
 *     address on one small line, its lower 27.3 mm (62.7-90.0 mm) the
 *     recipient's name and address, inset 5 mm (text from 25 mm);
 *   - fold marks at 105 mm and 210 mm from the top, the punch mark at
 *     148.5 mm, on the left edge;
 *   - the letter's facts (date, customer number, and for Brazil the
 *     supplier's identification) at 125 mm from the left, beside the field;
 *   - the subject (the DIN 5008 "Betreff": the template's, else the
 *     language's fixed heading) from 98.46 mm; text from 25 mm to 190 mm (margins 25 and
 *     20 mm); a page is full at 277 mm and its number is printed at 287 mm.
 *
 * Texts: the fixed parts (headings, table columns, the default body) exist
 * in English, Polish, Brazilian Portuguese, German and French (language
 * "en", "pl", "pt-BR", "de", "fr"; any other language gets English); the US validation notice is English
 * only, as Regulation F's model form. Amounts and dates are formatted for
 * the letter's locale by core/locale_format (ICU). The body paragraphs
 * come from the caller (the template renderer, channels/template.h);
 * paragraphs are separated by a blank line.
 *
 * Every string must be valid UTF-8 (letter_pdf_add refuses the letter
 * otherwise, before drawing anything of it). A letter is drawn whole or
 * the call fails; the document is then unusable and must be freed.
 *
 * Ownership: letter_pdf_begin allocates the document; letter_pdf_end
 * writes the rest and frees it, letter_pdf_free frees it without
 * finishing (both accept NULL). The `struct letter` and what it points to
 * are the caller's, borrowed during letter_pdf_add only. The output stream
 * is the caller's too: it is written, never closed.
 */
#ifndef RECOUP_LETTER_PDF_H
#define RECOUP_LETTER_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/dates.h"
#include "core/error.h"
#include "core/validation_notice.h"

struct letter_invoice {
	const char *ref;
	date_t issue_date;
	date_t due_date;
	int days_past_due; /* 0: not yet due */
	int64_t balance;   /* open, minor units of the letter's currency */
};

struct letter {
	const char *language; /* "en", "pl", "pt-BR", "de", "fr" (the fixed texts) */
	const char *locale;   /* amounts and dates ("pl-PL"); NULL or "": the language */
	date_t date;          /* the letter's date (the day it is sent) */

	/* letterhead: the creditor */
	const char *creditor_name;
	const char *sender_address; /* lines separated by '\n'; the setting letter.sender_address */

	/* the window */
	const char *recipient_name;
	const char *recipient_address; /* '\n' starts a line; a long line wraps within the field */
	const char *customer_ref;

	/* the debt */
	const char *currency; /* ISO 4217 */
	const struct letter_invoice *invoices;
	size_t n_invoices;
	int64_t total;                    /* what the letter asks for: the invoices' balances less unapplied credit */
	const char *body;                 /* paragraphs from the template; NULL or "": the language's default */
	const char *subject;              /* the heading, one line: the template's subject; NULL or "": the fixed one */
	const char *payment_instructions; /* NULL or "": the section is left out */

	/* what the profile requires (core/validation_notice.h letter_requirements_for) */
	int us_validation;
	struct itemization itemization; /* us_validation: the itemization */
	date_t validation_end;          /* us_validation: validation_end_date(date, "US") */
	int br_supplier;
	const char *supplier_name; /* br_supplier: the creditor as the consumer code names it */
	const char *supplier_address;
	const char *supplier_cnpj; /* "12.345.678/0001-95" */
};

struct letter_pdf;

/* A new document written to `out`. NULL and -ERR_ENV in e when cairo cannot start one. */
struct letter_pdf *letter_pdf_begin(FILE *out, struct error *e);
/* Draws a letter on new pages. 0, -ERR_INPUT (a string that is not UTF-8, a missing name), -ERR_ENV. */
int letter_pdf_add(struct letter_pdf *doc, const struct letter *l, struct error *e);
/* Pages drawn so far. */
int letter_pdf_pages(const struct letter_pdf *doc);
/* Finishes the file and frees doc. 0, or -ERR_ENV when writing failed (doc freed all the same). */
int letter_pdf_end(struct letter_pdf *doc, struct error *e);
void letter_pdf_free(struct letter_pdf *doc);

#endif

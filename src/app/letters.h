/*
 * letters.h: collection letters for printing (issue 12 point 4;
 * docs/channels.md, "Letters"): `recoup letter REF --out FILE` and the
 * day's letters that `recoup send --letters-to DIR` prints.
 *
 * A letter of `recoup letter REF` is about the customer's open invoices
 * in its currency, as of ctx->today (the letter's date), less those a
 * current hold covers (in dispute, promised, under a plan or a settlement;
 * every one of an account held whole: placed with an agency, special
 * handling), as the day's letters and the emails leave them out: each with
 * its days past due, and the total asked for, their balances less the
 * customer's unapplied credit. A letter of the day's letters is about what
 * an email of the same actions would be about (app/send.h
 * send_check_letter, the outbox's own selection): the invoices of its
 * actions still open in their currency, less those a current hold covers
 * (disputed, promised, under a plan or a settlement), and the total is
 * theirs less the unapplied credit in that currency. For letters_render with ctx->today before the UTC date of ctx->now
 * (`recoup letter --as-of` a past day) they are those known at the end of
 * that day: the invoices issued on or before it, their balances and the
 * credit from the ledger entries dated on or before it (docs/channels.md,
 * "Letters"). It
 * is drawn by channels/letter_pdf in the customer's language (--lang
 * first; then the customer's language; then the one of its country: pl
 * for PL, pt-BR for BR, de for DE and AT, fr for FR; else English) with amounts and dates in that
 * language and the customer's country ("pl-PL"). What the customer's
 * contact-rules profile requires is added (core/validation_notice.h
 * letter_requirements_for): for a US consumer the validation notice, whose
 * itemization date is the latest issue date of the listed invoices and
 * whose validation period is counted from the letter's date; for a debtor
 * in Brazil the supplier's name, address and CNPJ, which must then be
 * given (letters_options, or the setting letter.cnpj).
 *
 * The body is the manager's template (app/templates.h; docs/channels.md,
 * "Letters"), channel letter, audience debtor, in the letter's language
 * with templates_find's fallbacks (tenant.language, then English): for a
 * letter of the daily run, the template its action's strategy step names
 * (for a letter standing for several actions of a customer, the step
 * furthest along its strategy), else "default"; for `recoup letter REF`,
 * "default". It is rendered with the merge data an email of the action
 * gets (app/send.h send_merge_data) for the invoices and total the letter
 * lists, the letterhead's creditor and address and the letter's payment
 * instructions; its subject, rendered with the same data, is the letter's
 * heading (the language's fixed one when it has none).
 * letters_options.body (--body-file) replaces the template. A letter
 * whose template is missing, does not render, or renders a body or a
 * subject that breaks the rules below is not made (-ERR_INPUT naming the template, its
 * language and why; the day's letters skip its customer with that reason):
 * never the fixed sentence instead of the manager's text.
 *
 * Read only: nothing is recorded here. `recoup send` marks the actions of
 * letters_render_day sent (or cancelled, those checked again and not
 * printed) and records each letter as a contact attempt, in its own
 * transaction, once the file is in place (app/send.h send_letters).
 */
#ifndef RECOUP_APP_LETTERS_H
#define RECOUP_APP_LETTERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "app/send.h"

/* The longest body (bytes of UTF-8): a letter of a few pages. */
#define LETTERS_BODY_MAX 20000
/* The longest heading (the template's subject, rendered; bytes of UTF-8): about three lines. */
#define LETTERS_SUBJECT_MAX 200

/*
 * The options of `recoup letter`, each in place of the tenant's setting
 * (`recoup config`) it names: NULL takes the setting, so that `recoup
 * letter` and `recoup send --letters-to` (which gives none) print the same
 * letter; an empty one leaves the text off (but for the creditor's name,
 * where "" is NULL). Each is text of at most the length of the record
 * field it stands for (names 200, addresses 500, instructions 1000, the
 * body LETTERS_BODY_MAX bytes), UTF-8 with no control characters but line
 * breaks and tabs, else -ERR_INPUT naming the option; a setting used in
 * an option's place is held to the same (-ERR_INPUT naming the setting).
 */
struct letters_options {
	const char *language;             /* force the fixed texts' language ("en", "pl", "pt-BR", "de", "fr") */
	const char *creditor_name;        /* the letterhead; NULL: creditor.name, else the tenant's name */
	const char *sender_address;       /* lines separated by '\n'; NULL: letter.sender_address */
	const char *payment_instructions; /* the "How to pay" section; NULL: payment.instructions ("": none) */
	const char *body;                 /* --body-file: replaces the template's body; NULL: the template's */
	const char *supplier_name;        /* Brazil: NULL: the creditor's name */
	const char *supplier_address;     /* Brazil: NULL: the sender address */
	const char *supplier_cnpj;        /* Brazil: NULL: letter.cnpj; required for a debtor in BR */
};

/*
 * Writes the letter of customer `ref` as a PDF to `out`; *left_out (may be
 * NULL) how many open invoices in its currency a hold kept off it.
 * -ERR_NOT_FOUND (field customer_ref) for an unknown customer; -ERR_INPUT
 * when there is nothing to ask for (no open invoice, every one held, or
 * credit covering them), no postal address, or a Brazilian letter without
 * a CNPJ; -ERR_ENV for the database or the PDF.
 */
int letters_render(const struct app_ctx *ctx, const char *ref, const struct letters_options *o, FILE *out,
		   size_t *left_out, struct error *e);

/*
 * The day's letters: every action of kind letter still `scheduled` whose
 * moment is before the end of `date` (UTC), so a letter missed on an
 * earlier day is printed with the next batch, in action id order, one
 * letter per customer and currency (an account) however many of its
 * actions are due (dated `date`: it says what is owed now, so a second
 * copy would add nothing but pressure), into one PDF. Each action is first checked again as
 * `recoup send` checks an email before its hand-over (app/send.h
 * send_check_letter, at ctx->now): one whose invoices were paid or
 * credited since the run, that a current hold now covers (a promise, a
 * plan, a settlement, a dispute, a placement, a bankruptcy...) or that
 * the contact rules now stop for good (cease, bankrupt, deceased,
 * attorney...) is not printed and goes to `cancelled`, with its customer,
 * code and why, for the caller to record as cancelled; a customer's letter
 * is drawn from its other actions, if any. `ids` receives the ids of the
 * actions the letters stand for (every action of a customer drawn), `skipped` those
 * whose customer cannot get a letter (no postal address, a Brazilian
 * letter without CNPJ, a letter template that does not render...), with
 * no letter, and in `why` the reason for each: the caller shows them, and
 * leaves them to a person. The lists are malloc'ed and freed by
 * letters_day_release (NULL when empty). Reads only: the caller marks the
 * actions sent or cancelled, and records each letter's contact attempt
 * (`drawn`).
 *
 * letters_render_due writes to `out` (nothing at all when no action is
 * due or every one due is cancelled; a PDF however many were skipped
 * otherwise). letters_render_day writes the file `path` as --out files are written (ingest/outfile.h: a
 * temporary file renamed into place when complete; an existing file is
 * refused), and only when at least one letter was drawn: `recoup send
 * --letters-to DIR` calls it. 0 or -ERR_*; on error the lists are empty.
 */
struct letters_day {
	int64_t *ids;
	size_t n;
	/*
	 * The letters drawn (`letters` of them, in the file's order), each
	 * with what its contact attempt records when it is printed: the
	 * customer, the contact it greets (the lead action's, else the primary
	 * one; 0 none) and the invoices it lists; letter_of[k] is the letter
	 * of ids[k] (an index into drawn).
	 */
	struct letters_drawn {
		int64_t customer_id, contact_id;
		char customer_ref[REF_MAX + 1];
		int64_t *invoice_ids;
		size_t n_invoices;
	} * drawn;
	size_t *letter_of;
	int64_t *skipped;
	size_t n_skipped;
	char **why;     /* per skipped action: why its customer got no letter (the error's message) */
	size_t letters; /* letters drawn: one per customer */
	int pages;
	struct letters_cancelled {
		int64_t action_id;
		char customer_ref[REF_MAX + 1];
		struct send_verdict v; /* the reason code ("settled", "promise", "cease"...) and why */
	} * cancelled;                 /* not printed: settled, held or stopped since the run */
	size_t n_cancelled;
};
int letters_render_due(const struct app_ctx *ctx, date_t date, const struct letters_options *o, FILE *out,
		       struct letters_day *res, struct error *e);
int letters_render_day(const struct app_ctx *ctx, date_t date, const struct letters_options *o, const char *path,
		       struct letters_day *res, struct error *e);
void letters_day_release(struct letters_day *d);

#endif

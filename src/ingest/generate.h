/*
 * generate.h: sample portfolios, written as the six CSV files that
 * `recoup import` reads (columns in docs/csv.md, habits in docs/generate.md).
 *
 * The portfolio is generated customer by customer and written as it goes:
 * nothing but the current customer is held in memory, so memory stays flat
 * whatever the number of customers (1,000,000 customers and about 5,000,000
 * invoices are the benchmark size).
 *
 * Determinism: the output is a pure function of (seed, customers, as_of).
 * Each customer draws from its own PRNG stream, seeded from (seed, customer
 * index), so a customer's data does not depend on the others' (only the
 * running numbers of invoice, contact and payment refs do). There is no
 * clock and no environment in here: the caller passes as_of.
 *
 * Money is integer minor units throughout and formatted with money_format();
 * no floating point is used.
 */
#ifndef RECOUP_GENERATE_H
#define RECOUP_GENERATE_H

#include <stdint.h>
#include <stdio.h>

#include "core/dates.h"
#include "core/error.h"
#include "ingest/outfile.h"

/* Refs have room for this many customers (C + 8 digits at most). */
#define GENERATE_MAX_CUSTOMERS 99999999LL

/*
 * How well the book pays (docs/generate.md gives the ranges each lands in):
 * average (the default) and healthy fall in the published ranges of a
 * healthy-to-average B2B book; distressed is a book in trouble (DSO over
 * 100 days, CEI under 60%).
 */
enum generate_profile { GENERATE_AVERAGE = 0, GENERATE_HEALTHY, GENERATE_DISTRESSED, GENERATE_PROFILE_COUNT };

/* "healthy" -> GENERATE_HEALTHY: 0, or -1 for a name that is none of them. */
int generate_profile_parse(const char *name, enum generate_profile *out);
const char *generate_profile_name(enum generate_profile p);

struct generate_options {
	long long customers; /* 1..GENERATE_MAX_CUSTOMERS */
	uint64_t seed;
	date_t as_of; /* no issue or payment date is after it */
	/* called every few thousand customers and once at the end; may be NULL */
	void (*progress)(void *ctx, long long done, long long total);
	void *progress_ctx;
	enum generate_profile profile;
};

#define GENERATE_OPTIONS_INIT                         \
	{                                             \
		0, 1, 0, NULL, NULL, GENERATE_AVERAGE \
	}

struct generate_result {
	long long customers;
	long long contacts;
	long long invoices;
	long long payments;
	long long attempts; /* contact-history.csv */
	long long flags;
};

/* The six outputs; the caller opens and closes them. */
struct generate_files {
	FILE *customers;
	FILE *contacts;
	FILE *invoices;
	FILE *payments;
	FILE *contact_history;
	FILE *flags;
};

/*
 * Writes the portfolio to already open streams (header line first). Returns
 * 0, or -ERR_USAGE for bad options, or -ERR_ENV when a write fails. The
 * streams are flushed, not closed. `r` may be NULL.
 */
int generate_write(const struct generate_options *o, const struct generate_files *f, struct generate_result *r,
		   struct error *e);

/*
 * Writes DIR/customers.csv, DIR/contacts.csv, DIR/invoices.csv,
 * DIR/payments.csv, DIR/contact-history.csv and DIR/flags.csv (imported in
 * that order, each by the `recoup import` kind of its name); `dir` must
 * exist. Each file goes through outfile_open()
 * (see outfile.h): none may be one of the `protect` paths, none may exist
 * unless `force`, and each is written under a temporary name and renamed
 * when all six are complete, so a failure never leaves a half file under
 * the final name. Returns 0, -ERR_USAGE, -ERR_INPUT (a refused file) or
 * -ERR_ENV naming the file.
 */
int generate_to_dir(const struct generate_options *o, const char *dir, const struct outfile_protect *protect,
		    size_t nprotect, int force, struct generate_result *r, struct error *e);

#endif

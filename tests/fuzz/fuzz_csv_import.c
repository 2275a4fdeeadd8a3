/*
 * fuzz_csv_import.c: libFuzzer over the whole CSV import path.
 *
 * The first byte of an input picks the kind (its low 7 bits modulo
 * IMPORT_KIND_COUNT: customers 0, contacts 1, invoices 2, payments 3, credit
 * notes 4, ...); the rest is written to a file and imported with the
 * real import_run() (the reading thread, libcsv, field checks, row parsing,
 * the store) into the seeded SQLite database of fuzz_db.h.
 *
 * Built only in its own tree with clang (make fuzz, make check): see
 * docs/internals.md. A crash, a sanitizer report or a leak fails the run.
 */
#include <stdint.h>
#include <stdio.h>

#include "app/import.h"
#include "fuzz_db.h"

static FILE *rejects;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_options o = { 0 };
	struct import_result r;
	struct error e = ERROR_INIT;
	struct app_ctx ctx;
	int ret;

	fuzz_db_setup();
	if (!rejects)
		rejects = fopen("/dev/null", "w");
	if (!rejects)
		fuzz_db_die("cannot open /dev/null", NULL);
	if (size < 1)
		return 0;
	ctx = fuzz_db_ctx();
	o.kind = (enum import_kind)((data[0] & 0x7f) % IMPORT_KIND_COUNT);
	o.path = fuzz_db_input(data + 1, size - 1);
	/* bit 7 of the first byte: a customers file as `import customers --update` */
	o.update = o.kind == IMPORT_CUSTOMERS && (data[0] & 0x80);
	o.rejects = rejects; /* the rejects writer runs too */
	ret = import_run(&ctx, &o, &r, &e);
	if (ret < 0 && ret != -ERR_INPUT)
		fuzz_db_die("the import failed with an environment error", &e);
	/* back to the seeded database, so that inputs do not depend on each other */
	if (ret == 0 && r.inserted > 0)
		fuzz_db_reset();
	return 0;
}

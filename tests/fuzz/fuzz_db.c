/*
 * fuzz_db.c: see fuzz_db.h.
 */
#include "fuzz_db.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "core/dates.h"
#include "store/tenants.h"

static char dir[] = "/tmp/recoup-fuzz.XXXXXX";
static char db_path[PATH_MAX], seed_path[PATH_MAX], input_path[PATH_MAX];
static struct store *store;
static int64_t tenant;

static const char seed_customers[] = "customer_ref,name,kind,country,currency,timezone,language\n"
				     "C001,Acme Tools,company,US,USD,America/New_York,en\n"
				     "C002,Jan Kowalski,person,PL,PLN,Europe/Warsaw,pl\n"
				     "C003,Yamada,person,JP,JPY,Asia/Tokyo,ja\n"
				     "C004,Gulf Trading,company,BH,BHD,Asia/Bahrain,ar\n";
static const char seed_invoices[] = "invoice_ref,customer_ref,issue_date,due_date,currency,amount\n"
				    "I-001,C001,2026-01-05,2026-02-04,USD,1200.00\n"
				    "I-002,C001,2026-02-10,2026-03-12,USD,800.50\n"
				    "I-010,C002,2026-02-01,2026-02-15,PLN,450.00\n"
				    "I-020,C003,2026-01-20,2026-02-19,JPY,125000\n"
				    "I-030,C004,2026-03-01,2026-03-31,BHD,75.125\n";

void fuzz_db_die(const char *what, const struct error *e)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, e ? e->message : "");
	abort();
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		fuzz_db_die("cannot write the input file", NULL);
}

const char *fuzz_db_input(const void *data, size_t len)
{
	write_file(input_path, data, len);
	return input_path;
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(to, "wb");

	if (!in || !out)
		fuzz_db_die("cannot copy the seeded database", NULL);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			fuzz_db_die("cannot copy the seeded database", NULL);
	fclose(in);
	if (fclose(out) != 0)
		fuzz_db_die("cannot copy the seeded database", NULL);
}

static void open_store(void)
{
	struct error e = ERROR_INIT;

	if (store_open(db_path, &store, &e) < 0 || store_tenant_resolve(store, "default", &tenant, &e) < 0)
		fuzz_db_die("cannot open the database", &e);
}

/* A fixed today, so that a run is reproducible whatever the clock says. */
#define FUZZ_TODAY date_from_ymd(2026, 11, 30)

struct app_ctx fuzz_db_ctx(void)
{
	struct app_ctx ctx = { 0 };

	ctx.store = store;
	ctx.tenant = tenant;
	ctx.actor = "fuzz";
	ctx.now = (timestamp_t)FUZZ_TODAY * 86400;
	ctx.today = FUZZ_TODAY;
	return ctx;
}

static void seed(enum import_kind kind, const char *text)
{
	struct import_options o = { 0 };
	struct import_result r;
	struct error e = ERROR_INIT;
	struct app_ctx ctx = fuzz_db_ctx();

	o.kind = kind;
	o.path = fuzz_db_input(text, strlen(text));
	if (import_run(&ctx, &o, &r, &e) < 0)
		fuzz_db_die("cannot seed the database", &e);
}

static void remove_all(void)
{
	char p[PATH_MAX + 16];

	store_close(store);
	store = NULL;
	for (int i = 0; i < 3; i++) {
		static const char *const suffix[] = { "", "-wal", "-shm" };
		snprintf(p, sizeof(p), "%s%s", db_path, suffix[i]);
		unlink(p);
	}
	unlink(seed_path);
	unlink(input_path);
	rmdir(dir);
}

void fuzz_db_setup(void)
{
	if (store)
		return;
	if (!mkdtemp(dir))
		fuzz_db_die("cannot make a temporary folder", NULL);
	snprintf(db_path, sizeof(db_path), "%s/fuzz.db", dir);
	snprintf(seed_path, sizeof(seed_path), "%s/seeded.db", dir);
	snprintf(input_path, sizeof(input_path), "%s/input.csv", dir);
	atexit(remove_all);
	open_store();
	seed(IMPORT_CUSTOMERS, seed_customers);
	seed(IMPORT_INVOICES, seed_invoices);
	/* a closed database is one file (no -wal left): that file is the seed */
	store_close(store);
	copy_file(db_path, seed_path);
	open_store();
}

void fuzz_db_reset(void)
{
	char p[PATH_MAX + 16];

	store_close(store);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	copy_file(seed_path, db_path);
	open_store();
}
